/**
 * The embed's postMessage API (see README, "Embedding"). Pure: no DOM.
 *
 * To the host page: `{ source: 'dcoscope', api: 1, type: 'ready' | 'step' | 'counts' |
 * 'resize' | 'error', ... }`. From the host page: `{ target: 'dcoscope', command: 'play' |
 * 'pause' | 'seek' | 'theme' | 'hello', position?, theme? }`. A message not addressed to
 * dcoscope is ignored; one addressed to it that the embed does not understand is answered with
 * an error naming what is allowed. Nothing in a message is ever evaluated or rendered as HTML.
 */
import type { RunSummary } from '../model/index.ts';
import type { PairSnapshot } from '../protocol/view.ts';
import { THEMES, type Theme } from './options.ts';

export const EMBED_API_VERSION = 1;

export type EmbedCommand =
  | { command: 'play' }
  | { command: 'pause' }
  | { command: 'seek'; position: number }
  | { command: 'theme'; theme: Theme }
  | { command: 'hello' };

/** What the commands are, for an error message. */
export const COMMANDS_ALLOWED =
  'the commands are play, pause, seek (with position: a whole number, 0 or more), ' +
  'theme (with theme: light, dark or auto) and hello';

/** The key counts sent for each lane. */
export const COUNT_KEYS = [
  'emitted',
  'processed',
  'swallowed',
  'overwritten',
  'wiped',
  'dropped',
  'ghosts',
  'refused',
] as const satisfies readonly (keyof RunSummary)[];

export type LaneCounts = { variant: string } & Record<(typeof COUNT_KEYS)[number], number>;

/** Everything a host needs to know at once: `ready` carries it, `hello` asks for it. */
export interface EmbedState {
  modelVersion: number;
  /** The two variants, lane A first. */
  lanes: string[];
  position: number;
  /** The merged length of the pair (known once both runs are: ready waits for it). */
  length: number | null;
  /** The player's mode: ready, playing, paused, seeking, ended, error. */
  mode: string;
  /** Per lane, in lane order. */
  counts: LaneCounts[];
  /** The colour theme asked for (auto follows the reader's system). */
  theme: Theme;
}

interface Envelope {
  source: 'dcoscope';
  api: typeof EMBED_API_VERSION;
}

export type EmbedMessage =
  | (Envelope & { type: 'ready' } & EmbedState)
  | (Envelope & {
      type: 'step';
      position: number;
      length: number | null;
      /** Simulated time of the pair, microseconds. */
      t: number;
      mode: string;
    })
  | (Envelope & { type: 'counts'; position: number; lanes: LaneCounts[] })
  /** The iframe's content height, CSS pixels (the iframe page only). */
  | (Envelope & { type: 'resize'; height: number })
  | (Envelope & { type: 'error'; message: string });

/** What a host's message is: not for us (ignore it), a command, or a bad command (answer it). */
export type ParsedCommand =
  | { kind: 'ignore' }
  | { kind: 'command'; command: EmbedCommand }
  | { kind: 'bad'; message: string };

/** Longest text of a host's value in an error message. */
const SHOWN_MAX = 60;

/**
 * Shows a host's value in an error message: short, and never more than text. It reads the
 * value as data (no toString or toJSON of it runs), and every value reads as what it is: NaN as
 * NaN (JSON would say null), a cycle or a null-prototype object without throwing, a Map or a
 * function by its kind (never "[object Object]" or its source).
 */
function shown(v: unknown): string {
  let s: string;
  try {
    s = valueText(v, new Set());
  } catch {
    s = 'a value that cannot be shown';
  }
  if (s.length <= SHOWN_MAX) return s;
  let cut = s.slice(0, SHOWN_MAX - 3);
  // never half of a surrogate pair
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}...`;
}

/** What kind of object a value is ("Object", "Array", "Map", "Date", ...). */
function kindOf(v: object): string {
  return Object.prototype.toString.call(v).slice(8, -1);
}

/** A value as JSON-like text, at least its first SHOWN_MAX characters (the rest may be cut). */
function valueText(v: unknown, seen: Set<object>): string {
  switch (typeof v) {
    case 'string':
      // only the start is shown: no need to quote all of a long text
      return JSON.stringify(v.length > 2 * SHOWN_MAX ? v.slice(0, 2 * SHOWN_MAX) : v);
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'undefined':
    case 'boolean':
      return String(v);
  }
  if (v === null) return 'null';
  const o = v as object;
  const kind = kindOf(o);
  const nested = seen.size > 0;
  if (kind !== 'Object' && kind !== 'Array') return nested ? `(a ${kind})` : `a ${kind}`;
  if (seen.has(o)) return '(cycle)';
  seen.add(o);
  const parts: string[] = [];
  let length = 0;
  const keys = Array.isArray(o) ? null : Object.keys(o);
  const n = keys ? keys.length : (o as unknown[]).length;
  for (let i = 0; i < n && length <= SHOWN_MAX; i++) {
    const part = keys
      ? `${JSON.stringify(keys[i]!)}:${valueText((o as Record<string, unknown>)[keys[i]!], seen)}`
      : valueText((o as unknown[])[i], seen);
    parts.push(part);
    length += part.length + 1;
  }
  const more = parts.length < n ? ',...' : '';
  seen.delete(o);
  return keys ? `{${parts.join(',')}${more}}` : `[${parts.join(',')}${more}]`;
}

/** The error for a bad seek position, also used by the element's seek(). */
export function badPosition(p: unknown): string {
  return `seek needs position, a whole number (0 or more); got ${shown(p)}`;
}

/** The error for a bad theme, also used by the element's theme property. */
export function badTheme(t: unknown): string {
  return `theme needs theme, one of ${THEMES.join(', ')}; got ${shown(t)}`;
}

/** Reads a message from the host page. */
export function parseCommand(data: unknown): ParsedCommand {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { kind: 'ignore' };
  // own fields only: what a prototype holds was not sent (a structured clone has none)
  const m = data as Record<string, unknown>;
  const field = (key: string): unknown => (Object.hasOwn(m, key) ? m[key] : undefined);
  if (field('target') !== 'dcoscope') return { kind: 'ignore' };
  const command = field('command');
  switch (command) {
    case 'play':
      return { kind: 'command', command: { command: 'play' } };
    case 'pause':
      return { kind: 'command', command: { command: 'pause' } };
    case 'hello':
      return { kind: 'command', command: { command: 'hello' } };
    case 'seek': {
      const p = field('position');
      if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0) {
        return { kind: 'bad', message: badPosition(p) };
      }
      // -0 is the position 0
      return { kind: 'command', command: { command: 'seek', position: p + 0 } };
    }
    case 'theme': {
      const t = field('theme');
      if (typeof t !== 'string' || !(THEMES as readonly string[]).includes(t)) {
        return { kind: 'bad', message: badTheme(t) };
      }
      return { kind: 'command', command: { command: 'theme', theme: t as Theme } };
    }
    default:
      return {
        kind: 'bad',
        message:
          command === undefined
            ? `a message to dcoscope needs a command: ${COMMANDS_ALLOWED}`
            : `unknown command ${shown(command)}: ${COMMANDS_ALLOWED}`,
      };
  }
}

export function countsOf(snapshot: PairSnapshot): LaneCounts[] {
  return snapshot.pair.lanes.map((l) => {
    const c = { variant: l.variant } as LaneCounts;
    for (const k of COUNT_KEYS) c[k] = l.summary[k];
    return c;
  });
}

export function embedState(
  modelVersion: number,
  lanes: readonly string[],
  snapshot: PairSnapshot,
  length: number | null,
  mode: string,
  theme: Theme,
): EmbedState {
  return {
    modelVersion,
    lanes: [...lanes],
    position: snapshot.pair.position,
    length: snapshot.pair.length ?? length,
    mode,
    counts: countsOf(snapshot),
    theme,
  };
}

export function readyMessage(state: EmbedState): EmbedMessage {
  return { source: 'dcoscope', api: EMBED_API_VERSION, type: 'ready', ...state };
}

export function stepMessage(snapshot: PairSnapshot, mode: string): EmbedMessage {
  return {
    source: 'dcoscope',
    api: EMBED_API_VERSION,
    type: 'step',
    position: snapshot.pair.position,
    length: snapshot.pair.length,
    t: Math.max(0, ...snapshot.pair.lanes.map((l) => l.nowUs)),
    mode,
  };
}

export function countsMessage(snapshot: PairSnapshot): EmbedMessage {
  return {
    source: 'dcoscope',
    api: EMBED_API_VERSION,
    type: 'counts',
    position: snapshot.pair.position,
    lanes: countsOf(snapshot),
  };
}

export function resizeMessage(height: number): EmbedMessage {
  return { source: 'dcoscope', api: EMBED_API_VERSION, type: 'resize', height };
}

export function errorMessage(message: string): EmbedMessage {
  return { source: 'dcoscope', api: EMBED_API_VERSION, type: 'error', message };
}

/** Where a reply goes: the sender's origin, or '*' for opaque origins ('null'). */
export function replyOrigin(origin: string): string {
  return origin && origin !== 'null' ? origin : '*';
}
