/**
 * Seed sweeps: the same settings over many seeds, with min / median / max of every count.
 */
import { runToEnd } from './run.ts';
import type { SimSettings } from './settings.ts';
import { SWEEP_COUNTS, type RunSummary, type SweepCount } from './summary.ts';

export interface CountStats {
  min: number;
  median: number;
  max: number;
}

export interface SeedSweep {
  runs: RunSummary[];
  /** Min, median and max of every count over the runs. */
  summary: Record<SweepCount, CountStats>;
  /** Runs in which OpenVPN exited. */
  exits: number;
  /** Runs stopped by the event budget (budget.ts) before their end. */
  budgetCuts: number;
}

/** Min, median (lower middle for even counts, so it is always an observed value) and max. */
export function stats(values: number[]): CountStats {
  if (values.length === 0) return { min: 0, median: 0, max: 0 };
  const v = [...values].sort((a, b) => a - b);
  return { min: v[0]!, median: v[Math.floor((v.length - 1) / 2)]!, max: v[v.length - 1]! };
}

export function aggregate(runs: RunSummary[]): SeedSweep['summary'] {
  const out = {} as SeedSweep['summary'];
  for (const k of SWEEP_COUNTS) out[k] = stats(runs.map((r) => r[k]));
  return out;
}

/**
 * Runs the settings over the seeds, in order. `onRun` hears of each finished run (its summary,
 * how many are done): the CLI prints progress from it.
 */
export function sweepSeeds(
  settings: Partial<SimSettings>,
  seeds: number[],
  onRun?: (summary: RunSummary, done: number) => void,
): SeedSweep {
  const runs = seeds.map((seed, i) => {
    const { summary } = runToEnd({ ...settings, seed });
    onRun?.(summary, i + 1);
    return summary;
  });
  return {
    runs,
    summary: aggregate(runs),
    exits: runs.filter((r) => r.exited !== null).length,
    budgetCuts: runs.filter((r) => r.budgetCut).length,
  };
}
