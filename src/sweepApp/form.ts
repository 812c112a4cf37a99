/**
 * The sweep form as data, and how it becomes a SweepSpec: named load levels plus evenly spaced
 * loads, batch sizes as 'auto' plus a typed list or evenly spaced counts up to the peer count,
 * optional peer counts. Pure; the engine (src/sweep) validates the result and names problems.
 */
import {
  DEFAULT_SETTINGS,
  LOAD_LEVELS,
  SCENARIOS,
  VARIANT_IDS,
  type LoadName,
  type SimSettings,
  type VariantId,
} from '../model/index.ts';
import type { BatchValue, SweepSpec } from '../sweep/grid.ts';

export const LOAD_NAMES = Object.keys(LOAD_LEVELS) as LoadName[];

export interface SweepForm {
  preset: string;
  variants: VariantId[];
  /** Named load levels chosen. */
  loadNames: LoadName[];
  /** Evenly spaced loads over 0..1 (0: none; 1: just 0; n >= 2: 0, 1/(n-1), ..., 1). */
  loadSteps: number;
  batchAuto: boolean;
  /** Batch sizes typed as a list: "1, 2, 8". */
  batchList: string;
  /** Evenly spaced batch sizes up to the peer count (0: none). */
  batchSteps: number;
  /** Peer counts typed as a list; empty: the preset's. */
  peerList: string;
  seeds: number;
  firstSeed: number;
}

export const DEFAULT_FORM: SweepForm = {
  preset: 'lesson',
  variants: ['2.6.14', '2.6.20'],
  loadNames: ['low', 'high'],
  loadSteps: 0,
  batchAuto: true,
  batchList: '1',
  batchSteps: 0,
  peerList: '',
  seeds: 5,
  firstSeed: 1,
};

/** n evenly spaced values over 0..1, rounded to 3 decimals. */
export function evenlySpaced(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) return [];
  if (n === 1) return [0];
  return Array.from({ length: n }, (_, i) => Math.round((i / (n - 1)) * 1000) / 1000);
}

/** n distinct whole numbers evenly spaced over 1..max (max / n, 2 max / n, ..., max). */
export function evenlySpacedCounts(n: number, max: number): number[] {
  if (!Number.isInteger(n) || n < 1 || max < 1) return [];
  const out = new Set<number>();
  for (let i = 1; i <= n; i++) out.add(Math.max(1, Math.round((i * max) / n)));
  return [...out];
}

export interface ListParse {
  values: number[];
  /** Entries that are not whole numbers, for a message. */
  bad: string[];
}

/** Whole numbers separated by commas or spaces. */
export function parseIntList(text: string): ListParse {
  const values: number[] = [];
  const bad: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    if (part === '') continue;
    const n = Number(part);
    if (/^\d+$/.test(part) && Number.isSafeInteger(n)) values.push(n);
    else bad.push(part);
  }
  return { values, bad };
}

function uniqueSorted(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** The preset's settings (the sweep's base), or the defaults when unknown. */
export function presetBase(preset: string): Partial<SimSettings> {
  const sc = Object.hasOwn(SCENARIOS, preset) ? SCENARIOS[preset] : undefined;
  return sc ? { ...sc.settings } : {};
}

export interface FormSpec {
  spec: SweepSpec;
  /** Problems the engine cannot see (unreadable list entries). */
  problems: string[];
}

export function specFromForm(f: SweepForm): FormSpec {
  const problems: string[] = [];
  const base = presetBase(f.preset);
  const peers = parseIntList(f.peerList);
  for (const b of peers.bad) problems.push(`peer count ${JSON.stringify(b)} is not a whole number`);
  const peerCounts = uniqueSorted(peers.values);
  const maxPeers =
    peerCounts.length > 0
      ? peerCounts[peerCounts.length - 1]!
      : (base.peers ?? DEFAULT_SETTINGS.peers);

  const loads = uniqueSorted([
    ...f.loadNames.map((n) => LOAD_LEVELS[n]),
    ...evenlySpaced(f.loadSteps),
  ]);

  const list = parseIntList(f.batchList);
  for (const b of list.bad) problems.push(`batch size ${JSON.stringify(b)} is not a whole number`);
  const numeric = uniqueSorted([...list.values, ...evenlySpacedCounts(f.batchSteps, maxPeers)]);
  const batches: BatchValue[] = [...(f.batchAuto ? (['auto'] as const) : []), ...numeric];

  const variants = VARIANT_IDS.filter((v) => f.variants.includes(v));
  const spec: SweepSpec = {
    base,
    variants,
    loads,
    batches,
    seeds: f.seeds,
    firstSeed: f.firstSeed,
  };
  if (peerCounts.length > 0) spec.peers = peerCounts;
  return { spec, problems };
}

/** The other lane of a run opened from a sweep: 2.6.20, or another chosen variant. */
export function otherLane(variant: VariantId, chosen: readonly VariantId[]): VariantId {
  if (variant !== '2.6.20') return '2.6.20';
  return chosen.find((v) => v !== variant) ?? '2.6.14';
}
