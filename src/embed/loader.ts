/**
 * dcoscope-demo.js: the <dcoscope-demo> element's loader, the one script a host page includes.
 *
 *   <script type="module" async src="dcoscope-demo.js"></script>
 *   <dcoscope-demo scenario="lesson" variants="2.6.14,2.6.20"></dcoscope-demo>
 *
 * Harmless to import anywhere: it defines the element only where `window` and
 * `customElements` exist (a server-side render imports it and gets nothing), and touches
 * HTMLElement only inside `defineDcoscopeDemo`. The element first shows a poster (the
 * scenario's title, a sketch of the two lanes, "Play the demo" and a link to the full
 * visualizer) with no app code; the app chunk (assets/dcoscope-app-[hash].js, with its worker
 * and shared chunks, all relative to this file's URL) loads when the reader presses Play, when
 * it scrolls near the viewport with loading="lazy", or at once with loading="eager".
 *
 * Attributes: scenario, variants, seed, step, autoplay, peers, load, batch, speed, align (a
 * change restarts the run); theme (light, dark, auto), label, heading-level (1-6) and loading
 * (click, lazy, eager), which change without a restart. Properties and methods: theme, state,
 * hello(), load(), play(), pause(), seek(position). Events: dcoscope:ready, dcoscope:step,
 * dcoscope:counts, dcoscope:error (detail: the iframe's messages, README "Embedding").
 */
import appUrl from 'virtual:dcoscope-app';
import poster from 'virtual:dcoscope-poster';
import posterCss from './poster.css?inline';
import type { DemoController, DemoModule, EmbedAttributes } from './demoTypes.ts';
import type { EmbedCommand, EmbedState } from './messages.ts';

export const ELEMENT_NAME = 'dcoscope-demo';

/** Attribute → link parameter: a change restarts the run. */
const RUN_ATTRIBUTES: Record<string, string> = {
  scenario: 'scenario',
  variants: 'lanes',
  seed: 'seed',
  step: 'step',
  peers: 'peers',
  load: 'load',
  batch: 'batch',
  autoplay: 'autoplay',
  speed: 'speed',
  align: 'align',
};

/** Attributes that change the element without a restart. */
const LIVE_ATTRIBUTES = ['theme', 'label', 'heading-level', 'loading'];

/** The link query an element's run attributes stand for. */
export function attributesQuery(get: (name: string) => string | null): string {
  const q = new URLSearchParams();
  for (const [attr, param] of Object.entries(RUN_ATTRIBUTES)) {
    const v = get(attr);
    if (v !== null) q.set(param, v);
  }
  return q.toString();
}

/** What the poster shows for these attributes (the scenario's, or the default story's). */
export function posterText(get: (name: string) => string | null): {
  title: string;
  lanes: [string, string];
  about: string;
  label: string;
} {
  const name = get('scenario')?.trim() ?? '';
  const scenario =
    poster.scenarios[Object.hasOwn(poster.scenarios, name) ? name : poster.defaultScenario]!;
  const asked = (get('variants') ?? '').split(',').map((v) => v.trim());
  const lanes: [string, string] =
    asked.length === 2 && asked.every((v) => Object.hasOwn(poster.variants, v))
      ? [asked[0]!, asked[1]!]
      : scenario.lanes;
  const label = get('label')?.trim() || `dcoscope: ${scenario.title}`;
  const own = lanes[0] === scenario.lanes[0] && lanes[1] === scenario.lanes[1];
  return {
    title: scenario.title,
    lanes: [poster.variants[lanes[0]] ?? lanes[0], poster.variants[lanes[1]] ?? lanes[1]],
    // the story's caption names the scenario's own lanes
    about: own ? scenario.about : scenario.description,
    label,
  };
}

/**
 * The poster's heading level: what the app reads (options.ts, parseHeadingLevel, in the
 * model's one number syntax: `3`, `3.0`, `3e0`), or none (the app lists a bad value). The
 * syntax's pattern is repeated here because the loader carries no app or model code;
 * loader.test.ts checks that both read the same levels.
 */
export function headingLevelOf(raw: string | null): number | null {
  if (raw === null || !/^\s*(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 6 ? n : null;
}

/** A sketch of the two lanes' stages: kernel, socket queue, reader, slot, instances. */
function posterArt(): string {
  const stations: [number, number, string][] = [
    [0, 104, 'kernel'],
    [118, 150, 'socket queue'],
    [282, 104, 'libnl reader'],
    [400, 84, 'dco slot'],
    [498, 102, 'instances'],
  ];
  let s = '';
  for (const lane of [0, 1]) {
    const y = lane * 92;
    s += `<text class="lane-name" x="0" y="${y + 12}" data-lane="${lane}"></text>`;
    stations.forEach(([x, w, name], i) => {
      s += `<rect class="st" x="${x + 0.5}" y="${y + 20.5}" width="${w - 1}" height="62" rx="6"/>`;
      s += `<text class="st-name" x="${x + w / 2}" y="${y + 38}">${name}</text>`;
      if (i > 0) s += `<path class="arrow" d="M${x - 12} ${y + 51}h9m-4-4 4 4-4 4"/>`;
    });
    // DEL_PEER notifications waiting in the socket; the lost ones (left lane) in red
    for (let k = 0; k < 6; k++) {
      const cls = lane === 0 && k > 0 ? 'tok lost' : 'tok';
      s += `<rect class="${cls}" x="${128 + k * 22}" y="${y + 50}" width="16" height="16" rx="3"/>`;
    }
    for (let k = 0; k < 8; k++) {
      const cls = lane === 0 && k > 0 && k < 6 ? 'inst ghost' : 'inst';
      s += `<rect class="${cls}" x="${510 + (k % 4) * 21}" y="${y + 48 + Math.floor(k / 4) * 16}" width="15" height="12" rx="2"/>`;
    }
    s += `<rect class="slot" x="420" y="${y + 50}" width="44" height="16" rx="3"/>`;
  }
  return `<svg class="poster-art" viewBox="0 0 600 176" aria-hidden="true" focusable="false">${s}</svg>`;
}

const POSTER_HTML = `<div class="poster">${posterArt()}<div class="poster-body">
<p class="poster-kicker">Interactive simulation · OpenVPN data-channel offload</p>
<p class="poster-title"></p><p class="poster-lanes"></p><p class="poster-about"></p>
<div class="poster-actions"><button type="button" class="poster-play"><span class="poster-icon" aria-hidden="true"></span><span class="poster-play-text">Play the demo</span></button>
<a class="poster-full" target="_blank" rel="noopener">Open the full visualizer</a></div>
<p class="poster-note">The simulation (about 170 KB) loads when you press Play and runs in your browser.</p>
</div></div>`;

type AppModule = DemoModule;

/**
 * Defines <dcoscope-demo> where a browser runs this (true), and does nothing on a server
 * (false). Called when the module is imported; calling it again is harmless.
 */
export function defineDcoscopeDemo(): boolean {
  if (typeof window === 'undefined' || typeof customElements === 'undefined') return false;
  if (!customElements.get(ELEMENT_NAME)) customElements.define(ELEMENT_NAME, demoClass());
  return true;
}

function demoClass(): CustomElementConstructor {
  let sheet: CSSStyleSheet | null = null;
  const posterSheet = (): CSSStyleSheet => {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(posterCss);
    }
    return sheet;
  };
  let app: Promise<AppModule> | null = null;
  const loadApp = (): Promise<AppModule> => {
    app ??= (import(/* @vite-ignore */ appUrl) as Promise<AppModule>).catch((err: unknown) => {
      app = null; // a later press tries again
      throw err;
    });
    return app;
  };

  return class DcoscopeDemo extends HTMLElement {
    static observedAttributes = [...Object.keys(RUN_ATTRIBUTES), ...LIVE_ATTRIBUTES];
    #frame: HTMLElement | null = null;
    #poster: HTMLElement | null = null;
    #module: AppModule | null = null;
    #app: DemoController | null = null;
    #loading: Promise<void> | null = null;
    #io: IntersectionObserver | null = null;
    #restart: ReturnType<typeof setTimeout> | undefined;
    #wantPlay = false;
    #pending: EmbedCommand[] = [];

    connectedCallback(): void {
      const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      if (!this.#frame) {
        shadow.adoptedStyleSheets = [posterSheet()];
        this.#frame = document.createElement('section');
        this.#frame.className = 'dcoscope-frame';
        shadow.append(this.#frame);
      }
      this.#updateFrame();
      if (this.#module) {
        // Moved, or back after removal: the app again, with a fresh run.
        if (!this.#app) this.#mount(false);
        return;
      }
      this.#showPoster();
      this.#arm();
    }

    disconnectedCallback(): void {
      clearTimeout(this.#restart);
      this.#io?.disconnect();
      this.#io = null;
      // After the current task: a move within the page reconnects at once.
      queueMicrotask(() => {
        if (this.isConnected) return;
        this.#app?.unmount();
        this.#app = null;
      });
    }

    attributeChangedCallback(name: string, old: string | null, value: string | null): void {
      if (old === value || !this.#frame) return;
      this.#updateFrame();
      if (name === 'loading') {
        if (!this.#module && !this.#loading) this.#arm();
        return;
      }
      if (!this.#app) return;
      if (LIVE_ATTRIBUTES.includes(name)) {
        this.#app.update(this.#attributes());
        return;
      }
      clearTimeout(this.#restart);
      this.#restart = setTimeout(() => this.#app?.restart(this.#query(), this.#attributes()), 0);
    }

    /** The colour theme: light, dark or auto (the reader's system setting). */
    get theme(): string {
      const t = this.getAttribute('theme')?.trim().toLowerCase();
      return t === 'light' || t === 'dark' ? t : 'auto';
    }

    set theme(value: string) {
      if (value === 'light' || value === 'dark' || value === 'auto') {
        this.setAttribute('theme', value);
      } else {
        this.#error(`theme must be light, dark or auto; got ${JSON.stringify(String(value))}`);
      }
    }

    /** The full state (what dcoscope:ready carries) once the app is ready; null before. */
    get state(): EmbedState | null {
      return this.#app?.state() ?? null;
    }

    /** The handshake: the state now, and a dcoscope:ready event with it (once ready). */
    hello(): EmbedState | null {
      this.#app?.command({ command: 'hello' });
      return this.state;
    }

    /** Loads the app now (without playing, unless the autoplay attribute says so). */
    load(): Promise<void> {
      return this.#load(false, false);
    }

    play(): void {
      if (this.#app) this.#app.command({ command: 'play' });
      else void this.#load(true, false);
    }

    pause(): void {
      if (this.#app) this.#app.command({ command: 'pause' });
      else this.#wantPlay = false;
    }

    seek(position: number): void {
      if (!Number.isSafeInteger(position) || position < 0) {
        this.#error(
          `seek needs position, a whole number (0 or more); got ${JSON.stringify(position) ?? String(position)}`,
        );
        return;
      }
      const c: EmbedCommand = { command: 'seek', position };
      if (this.#app) this.#app.command(c);
      else {
        this.#pending.push(c);
        void this.#load(false, false);
      }
    }

    #error(message: string): void {
      const detail = { source: 'dcoscope', api: 1, type: 'error', message };
      this.dispatchEvent(new CustomEvent('dcoscope:error', { detail }));
    }

    #query(): string {
      return attributesQuery((n) => this.getAttribute(n));
    }

    #attributes(): EmbedAttributes {
      return {
        theme: this.getAttribute('theme'),
        headingLevel: this.getAttribute('heading-level'),
        loading: this.getAttribute('loading'),
      };
    }

    /** The region's name and theme, and the poster's words. */
    #updateFrame(): void {
      const frame = this.#frame!;
      const text = posterText((n) => this.getAttribute(n));
      frame.setAttribute('aria-label', text.label);
      const theme = this.theme;
      if (theme === 'auto') delete frame.dataset.theme;
      else frame.dataset.theme = theme;
      const p = this.#poster;
      if (!p) return;
      const title = p.querySelector('.poster-title')!;
      title.textContent = text.title;
      const level = headingLevelOf(this.getAttribute('heading-level'));
      if (level === null) {
        title.removeAttribute('role');
        title.removeAttribute('aria-level');
      } else {
        title.setAttribute('role', 'heading');
        title.setAttribute('aria-level', String(level));
      }
      p.querySelector('.poster-lanes')!.textContent =
        `${text.lanes[0]} and ${text.lanes[1]}, side by side`;
      p.querySelector('.poster-about')!.textContent = text.about;
      p.querySelectorAll('.lane-name').forEach((t, i) => {
        t.textContent = text.lanes[i] ?? '';
      });
      const full = p.querySelector<HTMLAnchorElement>('.poster-full')!;
      full.href = new URL(/* @vite-ignore */ `./index.html?${this.#query()}`, import.meta.url).href;
    }

    #showPoster(): void {
      if (this.#poster) return;
      const p = document.createElement('div');
      p.className = 'poster-box';
      p.innerHTML = POSTER_HTML;
      p.querySelector('.poster-play')!.addEventListener('click', () => void this.#load(true, true));
      this.#poster = p;
      this.#frame!.append(p);
      this.#updateFrame();
    }

    /** Loads by itself when loading says so: at once (eager) or near the viewport (lazy). */
    #arm(): void {
      this.#io?.disconnect();
      this.#io = null;
      const loading = this.getAttribute('loading')?.trim().toLowerCase();
      if (
        loading === 'eager' ||
        (loading === 'lazy' && typeof IntersectionObserver !== 'function')
      ) {
        void this.#load(false, false);
      } else if (loading === 'lazy') {
        this.#io = new IntersectionObserver(
          (entries) => {
            if (!entries.some((e) => e.isIntersecting)) return;
            this.#io?.disconnect();
            this.#io = null;
            void this.#load(false, false);
          },
          { rootMargin: '200px' },
        );
        this.#io.observe(this);
      }
    }

    #load(play: boolean, focus: boolean): Promise<void> {
      if (play) this.#wantPlay = true;
      if (this.#app) {
        if (play) this.#app.command({ command: 'play' });
        return Promise.resolve();
      }
      if (this.#loading) return this.#loading;
      this.#io?.disconnect();
      this.#io = null;
      this.#busy(true, null);
      this.#loading = loadApp().then(
        (mod) => {
          this.#loading = null;
          this.#module = mod;
          if (this.isConnected) this.#mount(focus);
        },
        (err: unknown) => {
          this.#loading = null;
          const why = err instanceof Error ? err.message : String(err);
          this.#busy(false, `The demo could not be loaded (${why}).`);
          this.#error(`the demo could not be loaded: ${why}`);
        },
      );
      return this.#loading;
    }

    /** The poster's button while loading, or after a failure (with its reason). */
    #busy(busy: boolean, failure: string | null): void {
      const p = this.#poster;
      if (!p) return;
      const button = p.querySelector('.poster-play')!;
      if (busy) button.setAttribute('aria-disabled', 'true');
      else button.removeAttribute('aria-disabled');
      p.querySelector('.poster-play-text')!.textContent = busy
        ? 'Loading the simulation…'
        : failure
          ? 'Try again'
          : 'Play the demo';
      if (busy) this.#frame!.setAttribute('aria-busy', 'true');
      else this.#frame!.removeAttribute('aria-busy');
      const note = p.querySelector('.poster-note')!;
      if (failure) note.textContent = failure;
    }

    #mount(focus: boolean): void {
      const shadow = this.shadowRoot!;
      this.#app = this.#module!.mountDemo({
        host: this,
        shadow,
        frame: this.#frame!,
        query: this.#query(),
        attributes: this.#attributes(),
        play: this.#wantPlay,
        focus,
        base: import.meta.url,
      });
      this.#wantPlay = false;
      this.#poster?.remove();
      this.#poster = null;
      this.#frame!.removeAttribute('aria-busy');
      for (const c of this.#pending.splice(0)) this.#app.command(c);
    }
  };
}

defineDcoscopeDemo();

declare global {
  interface HTMLElementTagNameMap {
    [ELEMENT_NAME]: HTMLElement & {
      theme: string;
      readonly state: EmbedState | null;
      hello(): EmbedState | null;
      load(): Promise<void>;
      play(): void;
      pause(): void;
      seek(position: number): void;
    };
  }
}
