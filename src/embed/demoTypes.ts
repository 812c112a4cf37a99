/**
 * The contract between the element's loader (loader.ts, dcoscope-demo.js) and its app chunk
 * (element.tsx), loaded on demand. Types only: the loader carries no app code.
 */
import type { EmbedCommand, EmbedState } from './messages.ts';

export interface DemoOptions {
  /** The <dcoscope-demo> element: events are dispatched on it. */
  host: HTMLElement;
  shadow: ShadowRoot;
  /** Where the app goes (the element's labelled region, inside the shadow root). */
  frame: HTMLElement;
  /** The link query the element's attributes stand for (scenario, lanes, seed, ...). */
  query: string;
  /**
   * The element's own attributes as written (theme, heading-level, loading): the app reads
   * them strictly and lists a bad value with the link's ignored parameters.
   */
  attributes: EmbedAttributes;
  /** Play once loaded, whatever the autoplay attribute says (the reader clicked Play). */
  play: boolean;
  /** Move the focus to the Play/Pause button once loaded (the reader's focus was on the poster). */
  focus: boolean;
  /** The loader's URL: links to the full visualizer (index.html) resolve against it. */
  base: string;
}

export interface EmbedAttributes {
  theme: string | null;
  headingLevel: string | null;
  loading: string | null;
}

export interface DemoController {
  /** A new run for new attributes (a fresh store, worker and player). */
  restart(query: string, attributes: EmbedAttributes): void;
  /** Live changes of theme and heading-level: the run goes on. */
  update(attributes: EmbedAttributes): void;
  command(command: EmbedCommand): void;
  /** The full state once ready (the length known), else null. */
  state(): EmbedState | null;
  unmount(): void;
}

export interface DemoModule {
  mountDemo(options: DemoOptions): DemoController;
}
