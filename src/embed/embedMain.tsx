/**
 * embed.html: the visualizer with minimal chrome for an iframe, reading the same parameters as
 * a link (plus `scenario`, `autoplay`, `speed` and `align`), and speaking the postMessage API
 * (messages.ts). The autoplay plays by the same teaching clock as the page (1× by default).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bootFromQuery } from '../app/share/linkBoot.ts';
import { EmbedApp, type EmbedBridge } from './EmbedApp.tsx';
import { parseCommand, replyOrigin, type EmbedCommand } from './messages.ts';
import '../app/app.css';

/** Messages go to the parent; once a window sends a valid command, to that window's origin. */
function windowBridge(): EmbedBridge {
  let target: { win: MessageEventSource; origin: string } | null = null;
  return {
    send(message) {
      if (target) {
        target.win.postMessage(message, { targetOrigin: target.origin });
      } else if (window.parent !== window) {
        // Public data, for any host page: see README, "Embedding".
        window.parent.postMessage(message, '*');
      }
    },
    listen(onCommand: (c: EmbedCommand) => void) {
      const onMessage = (ev: MessageEvent) => {
        const command = parseCommand(ev.data);
        if (!command || !ev.source) return;
        target = { win: ev.source, origin: replyOrigin(ev.origin) };
        onCommand(command);
      };
      window.addEventListener('message', onMessage);
      return () => window.removeEventListener('message', onMessage);
    },
  };
}

const root = document.getElementById('root');
if (!root) throw new Error('embed.html has no #root element');
const boot = bootFromQuery(location.search, { autoplay: true });
const bridge = windowBridge();
createRoot(root).render(
  <StrictMode>
    <EmbedApp
      boot={boot}
      bridge={bridge}
      pageUrl={(q) => new URL(`./index.html?${q}`, location.href).href}
    />
  </StrictMode>,
);
