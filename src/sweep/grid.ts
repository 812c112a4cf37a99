/**
 * A parameter sweep as data: variants x peer counts x loads x batch sizes x receive CPUs x CPU
 * hogs, each cell run over a range of seeds. `planSweep` checks a spec (every message names the
 * value and what is allowed) and expands it into cells and jobs in one deterministic order:
 *
 *   variant (spec order) > peers (ascending) > load (ascending) > batch ('auto', then ascending)
 *   > receive CPUs (ascending) > hogs (ascending: -1, "from the load", first)
 *   > seed (firstSeed, firstSeed + 1, ...)
 *
 * The rig's axes, receive CPUs (`rxCpus`) and CPU hogs (`hogs`), are optional: absent, every cell
 * has the base's value (or the default), so a spec without them plans exactly the cells and runs
 * it planned before they existed. A hog count of -1 keeps the model's "from the load" (round(load
 * x 4 x CPUs) hogs); any other count replaces it, and then the load changes nothing in a run.
 * The CPU count is not swept: a receive-CPU count above the base's CPU count is rejected, since
 * every cell with it would be impossible.
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
  /** Receive CPUs (each at most the base's CPU count); when absent, the base's only. */
  rxCpus?: number[];
  /** CPU hogs (-1: from the load); when absent, the base's (or the default, -1) only. */
  hogs?: number[];
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
  rxCpus: 10,
  hogs: 10,
  seeds: 200,
  runs: 100_000,
} as const;

export interface SweepCell {
  variant: VariantId;
  peers: number;
  load: number;
  batch: BatchValue;
  /** CPUs the clients' flows arrive on. */
  rxCpus: number;
  /** CPU hogs as set (-1: from the load; the run's count is `effectiveHogs` of its settings). */
  hogs: number;
}

/** The axes of a sweep, in expansion order (outermost first); each is a key of SweepCell. */
export const SWEEP_AXES = ['variant', 'peers', 'load', 'batch', 'rxCpus', 'hogs'] as const;
export type SweepAxis = (typeof SWEEP_AXES)[number];
export type AxisValue = SweepCell[SweepAxis];

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
  rxCpus: number[];
  hogs: number[];
  seeds: number;
  firstSeed: number;
}

/** The values of one axis in a normalized spec, in expansion order. */
export function axisValues(spec: NormalizedSpec, axis: SweepAxis): readonly AxisValue[] {
  switch (axis) {
    case 'variant':
      return spec.variants;
    case 'peers':
      return spec.peers;
    case 'load':
      return spec.loads;
    case 'batch':
      return spec.batches;
    case 'rxCpus':
      return spec.rxCpus;
    case 'hogs':
      return spec.hogs;
  }
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

const SWEPT_KEYS = new Set<string>(['variant', 'seed', 'load', 'batch', 'peers', 'rxCpus', 'hogs']);

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

/** "an integer from 1 to 256 CPUs"-style problem for a value of a setting's range, or null. */
function rangeProblem(key: 'rxCpus' | 'hogs', v: unknown): string | null {
  const r = SETTING_RANGES[key];
  return typeof v === 'number' && Number.isInteger(v) && v >= r.min && v <= r.max
    ? null
    : `${r.label} ${show(v)} is not allowed: use ${describeRange(r)}`;
}

const byNumber = (a: number, b: number): number => a - b;

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
  const cpus = base.cpus ?? DEFAULT_SETTINGS.cpus;
  const cpusKnown = typeof cpus === 'number' && Number.isInteger(cpus) && cpus >= 1;
  const rxCpus = list<number>(
    'rxCpus',
    'receive CPUs',
    spec.rxCpus ?? [base.rxCpus ?? DEFAULT_SETTINGS.rxCpus],
    SWEEP_LIMITS.rxCpus,
    (v) =>
      rangeProblem('rxCpus', v) ??
      (cpusKnown && (v as number) > cpus
        ? `receive CPUs ${show(v)} is above the CPU count ${cpus}: use an integer from 1 to ${cpus}`
        : null),
    problems,
  );
  const hogs = list<number>(
    'hogs',
    'CPU hogs',
    spec.hogs ?? [base.hogs ?? DEFAULT_SETTINGS.hogs],
    SWEEP_LIMITS.hogs,
    (v) => rangeProblem('hogs', v),
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
  const sortedRxCpus = [...rxCpus].sort(byNumber);
  const sortedHogs = [...hogs].sort(byNumber);
  const cellsTotal =
    variants.length * peers.length * loads.length * batches.length * rxCpus.length * hogs.length;
  const runsTotal = cellsTotal * spec.seeds;
  if (runsTotal > SWEEP_LIMITS.runs) {
    // The rig's axes are named only when swept, so a sweep without them reads as it always did.
    const dims = [
      `${variants.length} variants`,
      `${peers.length} peer counts`,
      `${loads.length} loads`,
      `${batches.length} batch sizes`,
      ...(rxCpus.length > 1 ? [`${rxCpus.length} receive-CPU counts`] : []),
      ...(hogs.length > 1 ? [`${hogs.length} hog counts`] : []),
      `${spec.seeds} seeds`,
    ].join(' x ');
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
  // Peers and receive CPUs at their least: the swept values were checked above (receive CPUs
  // against the CPU count), and each cell's max-clients is raised to its peer count.
  const baseCheck = validateSettings({ ...baseRest, peers: 1, rxCpus: 1, maxClients: baseMax });
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
          for (const rx of sortedRxCpus) {
            for (const h of sortedHogs) {
              const cell: SweepCell = { variant, peers: p, load, batch, rxCpus: rx, hogs: h };
              if (batch !== 'auto' && batch > p) {
                skipped.push({ cell, reason: `batch size ${batch} is larger than ${p} peers` });
                continue;
              }
              const input = { ...baseRest, ...cell, seed: firstSeed };
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
    rxCpus: sortedRxCpus,
    hogs: sortedHogs,
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

/** A hog count as words: "hogs from the load" for -1, else "16 hogs". */
export function hogsText(hogs: number): string {
  return hogs < 0 ? 'hogs from the load' : `${hogs} ${hogs === 1 ? 'hog' : 'hogs'}`;
}

/** A receive-CPU count as words: "1 receive CPU", "16 receive CPUs". */
export function rxCpusText(rxCpus: number): string {
  return `${rxCpus} receive ${rxCpus === 1 ? 'CPU' : 'CPUs'}`;
}

/** A short label of a cell, for tooltips and logs. */
export function cellLabel(c: SweepCell): string {
  return `${c.variant}, ${c.peers} peers, load ${c.load}, batch ${c.batch}, ${rxCpusText(c.rxCpus)}, ${hogsText(c.hogs)}`;
}
