/** The header's "Tour" button (opens the tour at its first chapter) and the link to sweeps. */
import { useStore } from 'zustand';
import { openTour, tourStore } from './tourState.ts';

export function SiteNav() {
  const open = useStore(tourStore, (s) => s.chapterId !== null);
  return (
    <nav className="site-nav" aria-label="Pages">
      <button type="button" data-tour-open aria-pressed={open} onClick={() => openTour()}>
        Tour
      </button>
      <a href="sweeps.html">Sweeps</a>
    </nav>
  );
}
