/**
 * Aggregation of a sweep's runs: per-cell statistics, heatmaps, per-seed distributions and the
 * variant comparison table. Pure functions of a plan and the runs' summaries; runs may be
 * missing (a cancelled sweep), then a cell counts only the runs it has.
 */
import { stats, type CountStats, type RunSummary } from '../model/index.ts';
import {
  SWEEP_AXES,
  axisValues,
  type AxisValue,
  type BatchValue,
  type NormalizedSpec,
  type SweepAxis,
  type SweepCell,
  type SweepPlan,
} from './grid.ts';

/** The counts aggregated per cell (drainUs may be null in a run: those runs are left out). */
export const CELL_METRICS = [
  'ghosts',
  'peakGhosts',
  'refused',
  'nleBusy',
  'maxReadDepth',
  'drainUs',
  'processed',
  'swallowed',
  'overwritten',
  'wiped',
  'dropped',
] as const;
export type CellMetric = (typeof CELL_METRICS)[number];

export interface MetricStats extends CountStats {
  /** Runs with a value (for drainUs: runs whose drain time is not null). */
  n: number;
}

export interface CellStats {
  cellIndex: number;
  cell: SweepCell;
  /** Runs of this cell that completed. */
  runs: number;
  stats: Record<CellMetric, MetricStats>;
  /** Runs whose drainUs is null (nothing emitted, or DEL_PEERs still queued at the end). */
  drainNulls: number;
  /** Runs in which OpenVPN exited, and that as a fraction of `runs` (0 when no runs). */
  exits: number;
  exitFraction: number;
  /** Runs stopped by the model's event budget before their end (RunSummary.budgetCut). */
  budgetCuts: number;
}

/** Summaries by job index (undefined: not run). */
export type RunList = readonly (RunSummary | undefined)[];

function metricValue(r: RunSummary, m: CellMetric): number | null {
  return r[m];
}

function metricStats(values: number[]): MetricStats {
  return { ...stats(values), n: values.length };
}

/** Statistics of every cell of the plan, in cell order. */
export function aggregateCells(plan: SweepPlan, runs: RunList): CellStats[] {
  const byCell: RunSummary[][] = plan.cells.map(() => []);
  for (const job of plan.jobs) {
    const r = runs[job.index];
    if (r) byCell[job.cellIndex]!.push(r);
  }
  return plan.cells.map((cell, cellIndex) => cellStats(cell, cellIndex, byCell[cellIndex]!));
}

/** Statistics of one cell from its runs' summaries. */
export function cellStats(cell: SweepCell, cellIndex: number, runs: RunSummary[]): CellStats {
  const out = {} as Record<CellMetric, MetricStats>;
  for (const m of CELL_METRICS) {
    const values: number[] = [];
    for (const r of runs) {
      const v = metricValue(r, m);
      if (v !== null) values.push(v);
    }
    out[m] = metricStats(values);
  }
  const exits = runs.filter((r) => r.exited !== null).length;
  return {
    cellIndex,
    cell,
    runs: runs.length,
    stats: out,
    drainNulls: runs.filter((r) => r.drainUs === null).length,
    exits,
    exitFraction: runs.length > 0 ? exits / runs.length : 0,
    budgetCuts: runs.filter((r) => r.budgetCut).length,
  };
}

export type HeatMetric = 'ghosts' | 'refused' | 'exits';
export const HEAT_METRICS: readonly HeatMetric[] = ['ghosts', 'refused', 'exits'];

/** The value a heatmap shows for a cell: median ghosts, median refusals or the exit fraction. */
export function heatValue(c: CellStats, metric: HeatMetric): number | null {
  if (c.runs === 0) return null;
  return metric === 'exits' ? c.exitFraction : c.stats[metric].median;
}

/** Which axis runs down a heatmap's rows and which across its columns. */
export interface HeatLayout {
  rows: SweepAxis;
  cols: SweepAxis;
}

/** The classic layout: loads down, batch sizes across. */
export const DEFAULT_LAYOUT: HeatLayout = { rows: 'load', cols: 'batch' };

/**
 * The layout a sweep's results open with: loads x batch sizes, as always, unless the rig's axes
 * (receive CPUs, hogs) vary: then a varying rig axis goes across, beside the load or batch size
 * that varies (the load when neither or both do), or hogs down and receive CPUs across when
 * only those two vary.
 */
export function defaultHeatLayout(spec: NormalizedSpec): HeatLayout {
  const varies = (a: SweepAxis) => axisValues(spec, a).length > 1;
  const rig = (['rxCpus', 'hogs'] as const).filter(varies);
  if (rig.length === 0) return DEFAULT_LAYOUT;
  const classic = (['load', 'batch'] as const).filter(varies);
  if (rig.length === 2 && classic.length === 0) return { rows: 'hogs', cols: 'rxCpus' };
  return { rows: classic.length === 1 ? classic[0]! : 'load', cols: rig[0]! };
}

/** A value of one of the axes that a heatmap holds fixed. */
export interface AxisSetting {
  axis: SweepAxis;
  value: AxisValue;
}

export interface Heatmap {
  metric: HeatMetric;
  rowAxis: SweepAxis;
  colAxis: SweepAxis;
  /** Values along the rows and the columns, in the spec's (expansion) order. */
  rows: AxisValue[];
  cols: AxisValue[];
  /** The other axes' values, the same in every cell of this map, in expansion order. */
  fixed: AxisSetting[];
  /** values[row][col]: null for a skipped cell or one without runs. */
  values: (number | null)[][];
  /** cellIndex[row][col] into the plan's cells (null: skipped). */
  cellIndex: (number | null)[][];
  /** Range of the non-null values (0, 0 when none), for one colour scale per map. */
  min: number;
  max: number;
}

/**
 * Heatmaps with any two axes as rows and columns (different axes): one map per combination of
 * the other axes' values, in expansion order (the outermost axis changes slowest).
 */
export function heatmapsBy(
  plan: SweepPlan,
  cells: CellStats[],
  metric: HeatMetric,
  layout: HeatLayout = DEFAULT_LAYOUT,
): Heatmap[] {
  const { rows: rowAxis, cols: colAxis } = layout;
  if (rowAxis === colAxis) {
    throw new RangeError(`rows and columns are both ${rowAxis}: choose two different axes`);
  }
  const index = new Map<string, number>();
  plan.cells.forEach((c, i) => index.set(cellKey(c), i));
  const rows = [...axisValues(plan.spec, rowAxis)];
  const cols = [...axisValues(plan.spec, colAxis)];
  const others = SWEEP_AXES.filter((a) => a !== rowAxis && a !== colAxis);
  let combos: AxisSetting[][] = [[]];
  for (const axis of others) {
    combos = combos.flatMap((fixed) =>
      axisValues(plan.spec, axis).map((value) => [...fixed, { axis, value }]),
    );
  }
  return combos.map((fixed) => {
    const at: Record<string, AxisValue> = {};
    for (const f of fixed) at[f.axis] = f.value;
    const cellIndex = rows.map((r) =>
      cols.map((c) => {
        at[rowAxis] = r;
        at[colAxis] = c;
        return index.get(cellKey(at as unknown as SweepCell)) ?? null;
      }),
    );
    let min = Infinity;
    let max = -Infinity;
    const values = cellIndex.map((row) =>
      row.map((ci) => {
        const v = ci === null ? null : heatValue(cells[ci]!, metric);
        if (v !== null) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        return v;
      }),
    );
    if (min > max) min = max = 0;
    return { metric, rowAxis, colAxis, rows, cols, fixed, values, cellIndex, min, max };
  });
}

/** A loads x batch sizes heatmap of one variant, peer count, receive-CPU count and hog count. */
export interface LoadBatchHeatmap {
  variant: SweepCell['variant'];
  peers: number;
  rxCpus: number;
  hogs: number;
  metric: HeatMetric;
  /** Row axis (ascending) and column axis ('auto' first, then ascending). */
  loads: number[];
  batches: BatchValue[];
  values: (number | null)[][];
  cellIndex: (number | null)[][];
  min: number;
  max: number;
}

/**
 * The classic heatmaps: one per variant, peer count, receive-CPU count and hog count (in
 * expansion order), loads down and batch sizes across (`heatmapsBy` with DEFAULT_LAYOUT).
 */
export function heatmaps(
  plan: SweepPlan,
  cells: CellStats[],
  metric: HeatMetric,
): LoadBatchHeatmap[] {
  return heatmapsBy(plan, cells, metric, DEFAULT_LAYOUT).map((m) => {
    const at = Object.fromEntries(m.fixed.map((f) => [f.axis, f.value])) as Pick<
      SweepCell,
      'variant' | 'peers' | 'rxCpus' | 'hogs'
    >;
    return {
      variant: at.variant,
      peers: at.peers,
      rxCpus: at.rxCpus,
      hogs: at.hogs,
      metric,
      loads: m.rows as number[],
      batches: m.cols as BatchValue[],
      values: m.values,
      cellIndex: m.cellIndex,
      min: m.min,
      max: m.max,
    };
  });
}

/** Identifies a cell by all its axes: cells differing in any axis are distinct. */
export function cellKey(c: SweepCell): string {
  return SWEEP_AXES.map((a) => String(c[a])).join('|');
}

export type DistMetric = CellMetric | 'exited';

export interface DistPoint {
  seed: number;
  /** Job index: `plan.jobs[job].settings` opens this exact run. */
  job: number;
  value: number;
}

export interface Distribution {
  cellIndex: number;
  metric: DistMetric;
  /** Sorted by value, then seed. */
  points: DistPoint[];
  /** Seeds whose value is null (drainUs only), with their jobs. */
  nulls: { seed: number; job: number }[];
}

/** The values of one cell's runs over its seeds; 'exited' is 1 for a run that exited, else 0. */
export function distribution(
  plan: SweepPlan,
  runs: RunList,
  cellIndex: number,
  metric: DistMetric,
): Distribution {
  const points: DistPoint[] = [];
  const nulls: Distribution['nulls'] = [];
  for (const job of plan.jobs) {
    if (job.cellIndex !== cellIndex) continue;
    const r = runs[job.index];
    if (!r) continue;
    const v = metric === 'exited' ? (r.exited ? 1 : 0) : metricValue(r, metric);
    if (v === null) nulls.push({ seed: job.seed, job: job.index });
    else points.push({ seed: job.seed, job: job.index, value: v });
  }
  points.sort((a, b) => a.value - b.value || a.seed - b.seed);
  return { cellIndex, metric, points, nulls };
}

export interface ComparisonRow {
  variant: SweepCell['variant'];
  cellIndex: number;
  runs: number;
  ghosts: MetricStats;
  refused: MetricStats;
  exits: { count: number; fraction: number };
  nleBusy: MetricStats;
  maxReadDepth: MetricStats;
  drainUs: MetricStats;
  drainNulls: number;
  budgetCuts: number;
}

/**
 * The comparison table: one row per variant (plan order), from a plan with a single value on
 * every other axis (see `comparisonSpec`). Medians and ranges over the seeds.
 */
export function comparisonTable(plan: SweepPlan, cells: CellStats[]): ComparisonRow[] {
  if (SWEEP_AXES.some((a) => a !== 'variant' && axisValues(plan.spec, a).length !== 1)) {
    throw new RangeError(
      'a comparison table needs one peer count, one load, one batch size, one receive-CPU count and one hog count per variant',
    );
  }
  return cells.map((c) => ({
    variant: c.cell.variant,
    cellIndex: c.cellIndex,
    runs: c.runs,
    ghosts: c.stats.ghosts,
    refused: c.stats.refused,
    exits: { count: c.exits, fraction: c.exitFraction },
    nleBusy: c.stats.nleBusy,
    maxReadDepth: c.stats.maxReadDepth,
    drainUs: c.stats.drainUs,
    drainNulls: c.drainNulls,
    budgetCuts: c.budgetCuts,
  }));
}
