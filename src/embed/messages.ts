/**
 * The embed's postMessage API (see README, "Embedding"). Pure: no DOM.
 *
 * To the host page: `{ source: 'dcoscope', api: 1, type: 'ready' | 'step' | 'counts' | 'error', ... }`.
 * From the host page: `{ target: 'dcoscope', command: 'play' | 'pause' | 'seek', position? }`.
 * Anything else is ignored; nothing in a message is ever evaluated or rendered as HTML.
 */
import type { RunSummary } from '../model/index.ts';
import type { PairSnapshot } from '../protocol/view.ts';

export const EMBED_API_VERSION = 1;

export type EmbedCommand =
  { command: 'play' } | { command: 'pause' } | { command: 'seek'; position: number };

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

export type EmbedMessage =
  | {
      source: 'dcoscope';
      api: typeof EMBED_API_VERSION;
      type: 'ready';
      modelVersion: number;
      lanes: string[];
      position: number;
      length: number | null;
    }
  | {
      source: 'dcoscope';
      api: typeof EMBED_API_VERSION;
      type: 'step';
      position: number;
      length: number | null;
      /** Simulated time of the pair, microseconds. */
      t: number;
      mode: string;
    }
  | {
      source: 'dcoscope';
      api: typeof EMBED_API_VERSION;
      type: 'counts';
      position: number;
      lanes: LaneCounts[];
    }
  | { source: 'dcoscope'; api: typeof EMBED_API_VERSION; type: 'error'; message: string };

/** Reads a message from the host page; null for anything that is not a valid command. */
export function parseCommand(data: unknown): EmbedCommand | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const m = data as Record<string, unknown>;
  if (m.target !== 'dcoscope') return null;
  switch (m.command) {
    case 'play':
      return { command: 'play' };
    case 'pause':
      return { command: 'pause' };
    case 'seek': {
      const p = m.position;
      if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0) return null;
      return { command: 'seek', position: p };
    }
    default:
      return null;
  }
}

export function countsOf(snapshot: PairSnapshot): LaneCounts[] {
  return snapshot.pair.lanes.map((l) => {
    const c = { variant: l.variant } as LaneCounts;
    for (const k of COUNT_KEYS) c[k] = l.summary[k];
    return c;
  });
}

export function readyMessage(
  modelVersion: number,
  lanes: readonly string[],
  snapshot: PairSnapshot,
): EmbedMessage {
  return {
    source: 'dcoscope',
    api: EMBED_API_VERSION,
    type: 'ready',
    modelVersion,
    lanes: [...lanes],
    position: snapshot.pair.position,
    length: snapshot.pair.length,
  };
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

/** Where a reply goes: the sender's origin, or '*' for opaque origins ('null'). */
export function replyOrigin(origin: string): string {
  return origin && origin !== 'null' ? origin : '*';
}
