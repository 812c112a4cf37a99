/**
 * <dcoscope-demo>: the embedded visualizer as a custom element, from one script file.
 *
 *   <script type="module" src="dcoscope-demo.js"></script>
 *   <dcoscope-demo scenario="lesson" variants="2.6.14,2.6.20" seed="1" autoplay></dcoscope-demo>
 *
 * Attributes (observed; a change restarts the element): scenario, variants, seed, step,
 * autoplay, peers, load, batch, speed (a multiplier of the teaching clock, 0.1 to 10000; 1 ≈
 * one notification read a second, the default), align (notification, the default, or time). A bad value is ignored and listed inside the element. Renders
 * into an open shadow root styled with constructable stylesheets (no <style> element, so a
 * strict CSP needs no 'unsafe-inline'); every instance has its own store, worker and player.
 * Events on the element: `dcoscope:ready`, `dcoscope:step`, `dcoscope:counts`, `dcoscope:error`
 * (detail: the same objects the iframe posts); methods play(), pause(), seek(position).
 */
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import appCss from '../app/app.css?inline';
import shareCss from '../app/share/share.css?inline';
import codeCss from '../views/code/code.css?inline';
import gridCss from '../views/grid/grid.css?inline';
import laneCss from '../views/lane/lane.css?inline';
import narrationCss from '../views/narration.css?inline';
import themeCss from '../views/theme.css?inline';
import embedCss from './embed.css?inline';
import { bootFromQuery } from '../app/share/linkBoot.ts';
import { EmbedApp, type EmbedBridge } from './EmbedApp.tsx';
import type { EmbedCommand } from './messages.ts';
import { HOST_CSS, SHADOW_ROOT_CLASS, scopeCss } from './shadowCss.ts';

export const ELEMENT_NAME = 'dcoscope-demo';

/** Attribute → link parameter. */
const ATTRIBUTES: Record<string, string> = {
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

let sheet: CSSStyleSheet | null = null;
function styles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(
      [
        HOST_CSS,
        ...[themeCss, appCss, laneCss, gridCss, codeCss, narrationCss, shareCss, embedCss].map(
          scopeCss,
        ),
      ].join('\n'),
    );
  }
  return sheet;
}

/** The link query an element's attributes stand for. */
export function attributesQuery(el: Element): string {
  const q = new URLSearchParams();
  for (const [attr, param] of Object.entries(ATTRIBUTES)) {
    const v = el.getAttribute(attr);
    if (v !== null) q.set(param, v);
  }
  return q.toString();
}

export class DcoscopeDemo extends HTMLElement {
  static observedAttributes = Object.keys(ATTRIBUTES);
  private root: Root | null = null;
  private container: HTMLDivElement | null = null;
  private restart: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly commands = new Set<(c: EmbedCommand) => void>();

  connectedCallback(): void {
    if (!this.shadowRoot) {
      const shadow = this.attachShadow({ mode: 'open' });
      shadow.adoptedStyleSheets = [styles()];
    }
    this.render();
  }

  disconnectedCallback(): void {
    clearTimeout(this.restart);
    // Unmount after the current task: a move within the page reconnects at once.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.root?.unmount();
      this.root = null;
      this.container?.remove();
      this.container = null;
    });
  }

  attributeChangedCallback(_name: string, old: string | null, value: string | null): void {
    if (old === value || !this.root) return;
    clearTimeout(this.restart);
    this.restart = setTimeout(() => this.render(), 0);
  }

  play(): void {
    this.command({ command: 'play' });
  }

  pause(): void {
    this.command({ command: 'pause' });
  }

  seek(position: number): void {
    if (Number.isSafeInteger(position) && position >= 0)
      this.command({ command: 'seek', position });
  }

  private command(c: EmbedCommand): void {
    for (const l of this.commands) l(c);
  }

  private render(): void {
    const shadow = this.shadowRoot;
    if (!shadow) return;
    if (!this.container) {
      this.container = document.createElement('div');
      this.container.className = SHADOW_ROOT_CLASS;
      shadow.append(this.container);
      this.root = createRoot(this.container);
    }
    const boot = bootFromQuery(attributesQuery(this), {
      autoplay: true,
      rename: { lanes: 'variants' },
    });
    const bridge: EmbedBridge = {
      send: (message) =>
        this.dispatchEvent(new CustomEvent(`dcoscope:${message.type}`, { detail: message })),
      listen: (onCommand) => {
        this.commands.add(onCommand);
        return () => this.commands.delete(onCommand);
      },
    };
    // A new key remounts: a fresh store, worker and player for the new attributes.
    this.root?.render(
      <StrictMode>
        <EmbedApp
          key={++this.generation}
          boot={boot}
          bridge={bridge}
          pageUrl={(q) => new URL(/* @vite-ignore */ `./index.html?${q}`, import.meta.url).href}
        />
      </StrictMode>,
    );
  }
}

if (!customElements.get(ELEMENT_NAME)) customElements.define(ELEMENT_NAME, DcoscopeDemo);

declare global {
  interface HTMLElementTagNameMap {
    [ELEMENT_NAME]: DcoscopeDemo;
  }
}
