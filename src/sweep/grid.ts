/**
 * A parameter sweep as data: variants x peer counts x loads x batch sizes, each cell run over a
 * range of seeds. `planSweep` checks a spec (every message names the value and what is allowed)
 * and expands it into cells and jobs in one deterministic order:
 *
 *   variant (spec order) > peers (ascending) > load (ascending) > batch ('auto', then ascending)
 *   > seed (firstSeed, firstSeed + 1, ...)
 *
 * Cells whose batch size is larger than their peer count are skipped (listed in `skipped`);
 * a spec in which every cell would be skipped is rejected. Where the base max-clients is below
 * a swept peer count, that cell's max-clients is raised to the peer count (the model requires
 * max-clients >= peers).
 */
import {
  DEFAULT_SETTINGS,
  SETTING_RANGES,
  VARIANT_IDS,
  describeRange,
  formatCount,
  validateSettings,
  type SimSettings,
  type VariantId,
} from '../model/index.ts';

export type BatchValue = number | 'auto';

export interface SweepSpec {
  /** Settings every run starts from (e.g. a scenario's settings); swept keys are overridden. */
  base: Partial<SimSettings>;
  variants: VariantId[];
  loads: number[];
  batches: BatchValue[];
  /** Peer counts; when absent, the base's (or the default) peer count only. */
  peers?: number[];
  /** Seeds per cell. */
  seeds: number;
  /** First seed of every cell (default 1): seeds are firstSeed .. firstSeed + seeds - 1. */
  firstSeed?: number;
}

export const SWEEP_LIMITS = {
  variants: 6,
  loads: 20,
  batches: 20,
  peers: 10,
  seeds: 200,
  runs: 100_000,
} as const;

export interface SweepCell {
  variant: VariantId;
  peers: number;
  load: number;
  batch: BatchValue;
}

export interface SweepJob {
  /** Position in the plan's job list (also the key sent to workers). */
  index: number;
  cellIndex: number;
  seed: number;
  /** Complete, validated settings of this run: open it in the visualizer with exactly these. */
  settings: SimSettings;
}

export interface SweepProblem {
  key: string;
  value: unknown;
  message: string;
}

/** The spec with its axes sorted and defaults filled in (what exports record). */
export interface NormalizedSpec {
  base: Partial<SimSettings>;
  variants: VariantId[];
  peers: number[];
  loads: number[];
  batches: BatchValue[];
  seeds: number;
  firstSeed: number;
}

export interface SweepPlan {
  spec: NormalizedSpec;
  cells: SweepCell[];
  /** Settings of each cell (seed = firstSeed); a job's settings differ only by the seed. */
  cellSettings: SimSettings[];
  jobs: SweepJob[];
  skipped: { cell: SweepCell; reason: string }[];
  /** The seeds of every cell, in order. */
  seedList: number[];
}

const SWEPT_KEYS = new Set<string>(['variant', 'seed', 'load', 'batch', 'peers']);

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function list<T>(
  name: string,
  label: string,
  x: unknown,
  max: number,
  check: (v: unknown) => string | null,
  problems: SweepProblem[],
): T[] {
  if (!Array.isArray(x)) {
    problems.push({ key: name, value: x, message: `${label}: ${show(x)} is not a list` });
    return [];
  }
  if (x.length < 1 || x.length > max) {
    problems.push({
      key: name,
      value: x.length,
      message: `${label}: ${x.length} chosen is not allowed: choose from 1 to ${max}`,
    });
  }
  const seen = new Set<unknown>();
  for (const v of x as unknown[]) {
    const bad = check(v);
    if (bad) problems.push({ key: name, value: v, message: bad });
    else if (seen.has(v)) {
      problems.push({ key: name, value: v, message: `${label}: ${show(v)} is listed twice` });
    }
    seen.add(v);
  }
  return x as T[];
}

function intProblem(label: string, v: unknown, min: number, max: number): string | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
    ? null
    : `${label} ${show(v)} is not allowed: use an integer from ${min} to ${max}`;
}

const byBatch = (a: BatchValue, b: BatchValue): number =>
  a === b ? 0 : a === 'auto' ? -1 : b === 'auto' ? 1 : a - b;

/** Checks a spec and expands it; `plan` is null when there is any problem. */
export function planSweep(spec: SweepSpec): { plan: SweepPlan | null; problems: SweepProblem[] } {
  const problems: SweepProblem[] = [];
  const variants = list<VariantId>(
    'variants',
    'variants',
    spec.variants,
    SWEEP_LIMITS.variants,
    (v) =>
      typeof v === 'string' && (VARIANT_IDS as readonly string[]).includes(v)
        ? null
        : `variant ${show(v)} is not one of ${VARIANT_IDS.join(', ')}`,
    problems,
  );
  const loadRange = SETTING_RANGES.load;
  const loads = list<number>(
    'loads',
    'loads',
    spec.loads,
    SWEEP_LIMITS.loads,
    (v) =>
      typeof v === 'number' && Number.isFinite(v) && v >= loadRange.min && v <= loadRange.max
        ? null
        : `load ${show(v)} is not allowed: use ${describeRange(loadRange)}`,
    problems,
  );
  const batches = list<BatchValue>(
    'batches',
    'batch sizes',
    spec.batches,
    SWEEP_LIMITS.batches,
    (v) =>
      v === 'auto' || intProblem('', v, 1, SETTING_RANGES.peers.max) === null
        ? null
        : `batch size ${show(v)} is not allowed: use auto or an integer from 1 to ${SETTING_RANGES.peers.max}`,
    problems,
  );
  const base: Partial<SimSettings> =
    typeof spec.base === 'object' && spec.base !== null ? spec.base : {};
  const basePeers = base.peers ?? DEFAULT_SETTINGS.peers;
  const peers = list<number>(
    'peers',
    'peer counts',
    spec.peers ?? [basePeers],
    SWEEP_LIMITS.peers,
    (v) => intProblem('peer count', v, SETTING_RANGES.peers.min, SETTING_RANGES.peers.max),
    problems,
  );
  const seedsBad = intProblem('seeds per cell', spec.seeds, 1, SWEEP_LIMITS.seeds);
  if (seedsBad) problems.push({ key: 'seeds', value: spec.seeds, message: seedsBad });
  const firstSeed = spec.firstSeed ?? 1;
  const seedRange = SETTING_RANGES.seed;
  const lastSeedMax = seedRange.max - (seedsBad ? 0 : spec.seeds - 1);
  const firstBad = intProblem('first seed', firstSeed, seedRange.min, lastSeedMax);
  if (firstBad) problems.push({ key: 'firstSeed', value: firstSeed, message: firstBad });
  if (problems.length > 0) return { plan: null, problems };

  const sortedPeers = [...peers].sort((a, b) => a - b);
  const sortedLoads = [...loads].sort((a, b) => a - b);
  const sortedBatches = [...batches].sort(byBatch);
  const cellsTotal = variants.length * peers.length * loads.length * batches.length;
  const runsTotal = cellsTotal * spec.seeds;
  if (runsTotal > SWEEP_LIMITS.runs) {
    const dims = `${variants.length} variants x ${peers.length} peer counts x ${loads.length} loads x ${batches.length} batch sizes x ${spec.seeds} seeds`;
    problems.push({
      key: 'runs',
      value: runsTotal,
      message: `the sweep has ${formatCount(runsTotal)} runs (${dims}): at most ${formatCount(SWEEP_LIMITS.runs)} are allowed`,
    });
    return { plan: null, problems };
  }

  // The base without the swept keys, checked once so its problems are reported once.
  const baseRest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) if (!SWEPT_KEYS.has(k)) baseRest[k] = v;
  const baseMax = base.maxClients ?? DEFAULT_SETTINGS.maxClients;
  const baseCheck = validateSettings({ ...baseRest, peers: 1, maxClients: baseMax });
  for (const p of baseCheck.problems) {
    problems.push({ key: `base.${p.key}`, value: p.value, message: `base: ${p.message}` });
  }
  if (problems.length > 0) return { plan: null, problems };

  const seedList = Array.from({ length: spec.seeds }, (_, i) => firstSeed + i);
  const cells: SweepCell[] = [];
  const cellSettings: SimSettings[] = [];
  const jobs: SweepJob[] = [];
  const skipped: SweepPlan['skipped'] = [];
  for (const variant of variants) {
    for (const p of sortedPeers) {
      for (const load of sortedLoads) {
        for (const batch of sortedBatches) {
          const cell: SweepCell = { variant, peers: p, load, batch };
          if (batch !== 'auto' && batch > p) {
            skipped.push({ cell, reason: `batch size ${batch} is larger than ${p} peers` });
            continue;
          }
          const input = { ...baseRest, variant, peers: p, load, batch, seed: firstSeed };
          const { settings, problems: cellProblems } = validateSettings({
            ...input,
            maxClients: Math.max(baseMax, p),
          });
          if (cellProblems.length > 0) {
            // Not expected: every swept value and the base were checked above.
            for (const q of cellProblems) problems.push({ ...q, key: `cell.${q.key}` });
            return { plan: null, problems };
          }
          const cellIndex = cells.length;
          cells.push(cell);
          cellSettings.push(settings);
          for (const seed of seedList) {
            jobs.push({ index: jobs.length, cellIndex, seed, settings: { ...settings, seed } });
          }
        }
      }
    }
  }
  if (cells.length === 0) {
    problems.push({
      key: 'batches',
      value: batches,
      message: `every batch size is larger than every peer count (at most ${sortedPeers[sortedPeers.length - 1]}): add auto or a smaller batch size`,
    });
    return { plan: null, problems };
  }
  const normalized: NormalizedSpec = {
    base: { ...base },
    variants: [...variants],
    peers: sortedPeers,
    loads: sortedLoads,
    batches: sortedBatches,
    seeds: spec.seeds,
    firstSeed,
  };
  return {
    plan: { spec: normalized, cells, cellSettings, jobs, skipped, seedList },
    problems: [],
  };
}

/** Same as planSweep, but throws a RangeError listing every problem. */
export function resolvePlan(spec: SweepSpec): SweepPlan {
  const { plan, problems } = planSweep(spec);
  if (!plan) throw new RangeError(problems.map((p) => p.message).join('; '));
  return plan;
}

/** A short label of a cell, for tooltips and logs. */
export function cellLabel(c: SweepCell): string {
  return `${c.variant}, ${c.peers} peers, load ${c.load}, batch ${c.batch}`;
}
