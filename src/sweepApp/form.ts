/**
 * The sweep form as data, and how it becomes a SweepSpec: named load levels plus evenly spaced
 * loads, batch sizes as 'auto' plus a typed list or evenly spaced counts up to the peer count,
 * optional peer counts, and the rig: receive-CPU counts (ticked powers of two plus a typed list)
 * and CPU hogs ("from the load", ticked hogs per CPU, a typed list). A rig axis left empty, or
 * holding just the preset's value, is left out of the spec: the preset's value then. Pure; the
 * engine (src/sweep) validates the result and names problems.
 */
import {
  DEFAULT_SETTINGS,
  LOAD_LEVELS,
  SCENARIOS,
  VARIANT_IDS,
  parseIntegerText,
  showValue,
  type LoadName,
  type SimSettings,
  type VariantId,
} from '../model/index.ts';
import type { BatchValue, SweepSpec } from '../sweep/grid.ts';

export const LOAD_NAMES = Object.keys(LOAD_LEVELS) as LoadName[];

/** Receive-CPU counts offered as boxes (those up to the preset's CPU count are shown). */
export const RX_CPU_CHOICES = [1, 2, 4, 8, 16, 32, 64] as const;

/** Hogs per CPU offered as boxes (x the preset's CPU count: 0, 16, 32, 64 on 16 CPUs). */
export const HOGS_PER_CPU_CHOICES = [0, 1, 2, 4] as const;

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
  /** Receive-CPU counts ticked (from RX_CPU_CHOICES) and typed; none: the preset's. */
  rxCpus: number[];
  rxList: string;
  /** Hogs "from the load" (-1), hogs per CPU ticked (HOGS_PER_CPU_CHOICES), hogs typed. */
  hogsFromLoad: boolean;
  hogsPerCpu: number[];
  hogsList: string;
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
  rxCpus: [],
  rxList: '',
  hogsFromLoad: true,
  hogsPerCpu: [],
  hogsList: '',
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

/**
 * Whole numbers separated by commas, semicolons or spaces, each in the model's one number
 * syntax (`1000`, `1e4`, `2.5e3`; not `0x10`); with `signed`, negative ones too.
 */
export function parseIntList(text: string, signed = false): ListParse {
  const values: number[] = [];
  const bad: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    if (part === '') continue;
    const n = parseIntegerText(part);
    if (n !== null && (signed || n >= 0)) values.push(n);
    else bad.push(part);
  }
  return { values, bad };
}

/** The message for a list entry that is not a whole number (of the sign the list takes). */
export function listEntryProblem(label: string, entry: string, signed = false): string {
  return `${label} ${showValue(entry)} is not allowed: use whole numbers${signed ? '' : ' from 0'}, written like 16 or 1e4, separated by commas or spaces`;
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
  for (const b of peers.bad) problems.push(listEntryProblem('peer count', b));
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
  for (const b of list.bad) problems.push(listEntryProblem('batch size', b));
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

  const cpus = base.cpus ?? DEFAULT_SETTINGS.cpus;
  const rx = parseIntList(f.rxList);
  for (const b of rx.bad) problems.push(listEntryProblem('receive CPUs', b));
  const rxCpus = uniqueSorted([...f.rxCpus, ...rx.values]);
  if (!onlyBase(rxCpus, base.rxCpus ?? DEFAULT_SETTINGS.rxCpus)) spec.rxCpus = rxCpus;

  const hogList = parseIntList(f.hogsList, true);
  for (const b of hogList.bad) problems.push(listEntryProblem('CPU hogs', b, true));
  const hogs = uniqueSorted([
    ...(f.hogsFromLoad ? [-1] : []),
    ...f.hogsPerCpu.map((k) => k * cpus),
    ...hogList.values,
  ]);
  if (!onlyBase(hogs, base.hogs ?? DEFAULT_SETTINGS.hogs)) spec.hogs = hogs;
  return { spec, problems };
}

/** True when a rig axis is empty or just the base's value: left out of the spec then. */
function onlyBase(values: number[], baseValue: number): boolean {
  return values.length === 0 || (values.length === 1 && values[0] === baseValue);
}

/**
 * Whether some cells repeat the same runs: with an explicit hog count the load sets nothing,
 * so several loads give identical cells.
 */
export function loadsIgnored(spec: SweepSpec): boolean {
  const hogs = spec.hogs ?? [spec.base.hogs ?? DEFAULT_SETTINGS.hogs];
  return spec.loads.length > 1 && hogs.some((h) => h >= 0);
}

/** The other lane of a run opened from a sweep: 2.6.20, or another chosen variant. */
export function otherLane(variant: VariantId, chosen: readonly VariantId[]): VariantId {
  if (variant !== '2.6.20') return '2.6.20';
  return chosen.find((v) => v !== variant) ?? '2.6.14';
}
