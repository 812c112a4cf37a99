/**
 * embed.html: the visualizer with minimal chrome for an iframe, reading the same parameters as
 * a link (plus `scenario`, `autoplay`, `speed`, `align`, and its own `theme` and
 * `heading-level`), and speaking the postMessage API (messages.ts): it tells its host its
 * content height (`resize`), answers `hello` with its full state, takes `theme` live, and
 * answers a command it does not understand with an error. The autoplay plays by the same
 * teaching clock as the page (1× by default).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bootFromQuery } from '../app/share/linkBoot.ts';
import { EmbedApp, embedLabel, type EmbedBridge } from './EmbedApp.tsx';
import {
  errorMessage,
  parseCommand,
  replyOrigin,
  resizeMessage,
  type EmbedCommand,
  type EmbedMessage,
} from './messages.ts';
import { splitEmbedQuery, type Theme } from './options.ts';
import '../app/app.css';

/**
 * Messages always go to the parent (the host page). Commands are taken from the parent only,
 * unless the host opted in with `commands=any`: then another window's commands are taken too,
 * and the messages also go to the last such window, at its origin (a sibling frame can no
 * longer take the stream away from the host). Listens from the start, so a command sent before
 * the app is up waits for it instead of being lost.
 */
function windowBridge(
  onOwnCommand: (c: EmbedCommand) => void,
  commands: 'parent' | 'any',
): EmbedBridge {
  let target: { win: MessageEventSource; origin: string } | null = null;
  let handler: ((c: EmbedCommand) => void) | null = null;
  const waiting: EmbedCommand[] = [];
  const send = (message: EmbedMessage) => {
    if (window.parent !== window) {
      // Public data, for any host page: see README, "Embedding".
      window.parent.postMessage(message, '*');
    }
    if (target) target.win.postMessage(message, { targetOrigin: target.origin });
  };
  window.addEventListener('message', (ev: MessageEvent) => {
    const parsed = parseCommand(ev.data);
    if (parsed.kind === 'ignore' || !ev.source) return;
    const fromParent = ev.source === window.parent;
    if (!fromParent && commands !== 'any') return;
    if (!fromParent) target = { win: ev.source, origin: replyOrigin(ev.origin) };
    if (parsed.kind === 'bad') {
      send(errorMessage(parsed.message));
      return;
    }
    onOwnCommand(parsed.command);
    if (handler) handler(parsed.command);
    else waiting.push(parsed.command);
  });
  return {
    send,
    listen(onCommand) {
      handler = onCommand;
      for (const c of waiting.splice(0)) onCommand(c);
      return () => {
        if (handler === onCommand) handler = null;
      };
    },
  };
}

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('embed.html has no #root element');
const own = splitEmbedQuery(location.search);
const boot = bootFromQuery(own.rest, { autoplay: true });
let theme: Theme = own.theme;

/** The content's height, sent whenever it changes (and on hello). */
let sentHeight = -1;
function sendHeight(force = false): void {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === sentHeight && !force) return;
  sentHeight = height;
  bridge.send(resizeMessage(height));
}

const bridge = windowBridge((c) => {
  if (c.command === 'theme') {
    theme = c.theme;
    render();
  } else if (c.command === 'hello') {
    sendHeight(true);
  }
}, own.commands);

const root = createRoot(rootEl);
function render(): void {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  root.render(
    <StrictMode>
      <EmbedApp
        boot={boot}
        bridge={bridge}
        pageUrl={(q) => new URL(`./index.html?${q}`, location.href).href}
        theme={theme}
        headingLevel={own.headingLevel}
        ignored={own.ignored}
        label={embedLabel(boot.preset)}
      />
    </StrictMode>,
  );
}
render();

if (typeof ResizeObserver === 'function') {
  new ResizeObserver(() => sendHeight()).observe(document.documentElement);
}
