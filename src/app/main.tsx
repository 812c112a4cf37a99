import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { bootFromQuery } from './share/linkBoot.ts';
import { chapterBoot, withoutTour } from './tour/chapterRun.ts';
import './app.css';

/** A tour chapter's link (?tour=<id>) boots on the chapter's run; any other link as usual. */
function bootWithTour(search: string) {
  const chapter = chapterBoot(search);
  const boot = bootFromQuery(chapter ? '' : withoutTour(search));
  return chapter ? { ...boot, ...chapter } : boot;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App boot={bootWithTour(location.search)} />
  </StrictMode>,
);
