/**
 * The <dcoscope-demo> element's app chunk (assets/dcoscope-app-[hash].js), loaded on demand by
 * the loader (loader.ts, dcoscope-demo.js), which owns the element, its attributes and its
 * poster. `mountDemo` renders the embedded visualizer into the element's shadow root, styled
 * with constructable stylesheets (no <style> element, so a strict CSP needs no
 * 'unsafe-inline'), and answers the loader's commands. Every element has its own store, worker
 * and player.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import appCss from '../app/app.css?inline';
import fieldsCss from '../app/fields.css?inline';
import shareCss from '../app/share/share.css?inline';
import bytesCss from '../views/bytes/bytes.css?inline';
import codeCss from '../views/code/code.css?inline';
import gridCss from '../views/grid/grid.css?inline';
import laneCss from '../views/lane/lane.css?inline';
import narrationCss from '../views/narration.css?inline';
import stageCss from '../views/stage/stage.css?inline';
import themeCss from '../views/theme.css?inline';
import embedCss from './embed.css?inline';
import { bootFromQuery } from '../app/share/linkBoot.ts';
import type { DemoController, DemoOptions, EmbedAttributes } from './demoTypes.ts';
import { EmbedApp, type EmbedBridge } from './EmbedApp.tsx';
import type { EmbedCommand, EmbedMessage, EmbedState } from './messages.ts';
import { parseHeadingLevel, parseLoading, parseTheme, type IgnoredOption } from './options.ts';
import { HOST_CSS, SHADOW_ROOT_CLASS, scopeCss } from './shadowCss.ts';

/** Every stylesheet the embedded views import (shadowCss.test.ts keeps this list complete). */
export const ELEMENT_CSS = [
  themeCss,
  appCss,
  fieldsCss,
  laneCss,
  bytesCss,
  stageCss,
  gridCss,
  codeCss,
  narrationCss,
  shareCss,
  embedCss,
];

let sheet: CSSStyleSheet | null = null;
function styles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync([HOST_CSS, ...ELEMENT_CSS.map(scopeCss)].join('\n'));
  }
  return sheet;
}

/** The element's own attributes, read strictly: their values, and what could not be used. */
function readAttributes(a: EmbedAttributes) {
  const ignored: IgnoredOption[] = [];
  const theme = parseTheme(a.theme);
  if (theme.problem) ignored.push({ param: 'theme', value: a.theme ?? '', reason: theme.problem });
  const level = parseHeadingLevel(a.headingLevel);
  if (level.problem) {
    ignored.push({ param: 'heading-level', value: a.headingLevel ?? '', reason: level.problem });
  }
  const loading = parseLoading(a.loading);
  if (loading.problem) {
    ignored.push({ param: 'loading', value: a.loading ?? '', reason: loading.problem });
  }
  return { theme: theme.theme, headingLevel: level.level, ignored };
}

export function mountDemo(options: DemoOptions): DemoController {
  const { host, shadow, frame, base } = options;
  if (!shadow.adoptedStyleSheets.includes(styles())) {
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, styles()];
  }
  const container = document.createElement('div');
  container.className = SHADOW_ROOT_CLASS;
  frame.append(container);
  const root = createRoot(container);
  const commands = new Set<(c: EmbedCommand) => void>();
  let query = options.query;
  let attributes = options.attributes;
  let generation = 0;
  let repaint = 0;
  let play = options.play;
  let focus = options.focus;
  // What the host can ask for at any time: the last ready, kept current by steps and counts.
  let state: EmbedState | null = null;

  const bridge: EmbedBridge = {
    send: (message: EmbedMessage) => {
      if (message.type === 'ready') {
        const { modelVersion, lanes, position, length, mode, counts, theme } = message;
        state = { modelVersion, lanes, position, length, mode, counts, theme };
      } else if (state && message.type === 'step') {
        state = { ...state, position: message.position, mode: message.mode };
        if (message.length !== null) state.length = message.length;
      } else if (state && message.type === 'counts') {
        state = { ...state, counts: message.lanes };
      }
      host.dispatchEvent(new CustomEvent(`dcoscope:${message.type}`, { detail: message }));
    },
    listen: (onCommand) => {
      commands.add(onCommand);
      return () => commands.delete(onCommand);
    },
  };

  const render = () => {
    const read = readAttributes(attributes);
    if (read.theme === 'auto') delete container.dataset.theme;
    else container.dataset.theme = read.theme;
    if (state) state = { ...state, theme: read.theme };
    const boot = bootFromQuery(query, { autoplay: true, rename: { lanes: 'variants' } });
    root.render(
      <StrictMode>
        {/* A new key remounts: a fresh store, worker and player for new attributes. */}
        <EmbedApp
          key={generation}
          boot={boot}
          bridge={bridge}
          pageUrl={(q) => new URL(`./index.html?${q}`, base).href}
          theme={read.theme}
          headingLevel={read.headingLevel}
          ignored={read.ignored}
          label={null}
          play={play}
          focus={focus}
          repaint={repaint}
        />
      </StrictMode>,
    );
  };
  render();

  return {
    restart(nextQuery, nextAttributes) {
      query = nextQuery;
      attributes = nextAttributes;
      generation++;
      state = null;
      play = false;
      focus = false;
      render();
    },
    update(nextAttributes) {
      const before = readAttributes(attributes).theme;
      attributes = nextAttributes;
      // Canvases read the palette once per theme their document shows: here it is the
      // element's, which the document cannot see, so its lanes are drawn anew.
      if (readAttributes(attributes).theme !== before) repaint++;
      render();
    },
    command(c) {
      for (const l of commands) l(c);
    },
    state: () => state,
    unmount() {
      root.unmount();
      container.remove();
    },
  };
}
