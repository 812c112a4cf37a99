/**
 * Parameter sweeps (issue 5): the public API of src/sweep. Plan a sweep (grid.ts), run its jobs
 * on a worker pool (pool.ts, browser.ts) or on this thread (local.ts), then aggregate
 * (aggregate.ts) and export (export.ts). This barrel does not import local.ts, so it keeps the
 * model's simulation code out of the page's bundle; import './local.ts' lazily where needed.
 */
import {
  DEFAULT_SETTINGS,
  SCENARIOS,
  VARIANT_IDS,
  type SimSettings,
  type VariantId,
} from '../model/index.ts';
import type { SweepSpec } from './grid.ts';

export * from './grid.ts';
export * from './aggregate.ts';
export * from './export.ts';
export * from './pool.ts';
export { createSweepWorker, startSweepPool, workersAvailable } from './browser.ts';

/**
 * The comparison table's sweep: a preset's settings (a scenario name or settings) over `seeds`
 * seeds for every variant (default all six). One cell per variant; feed the plan's runs to
 * aggregateCells and comparisonTable.
 */
export function comparisonSpec(
  preset: string | Partial<SimSettings>,
  seeds: number,
  variants: VariantId[] = [...VARIANT_IDS],
  firstSeed = 1,
): SweepSpec {
  let base: Partial<SimSettings>;
  if (typeof preset === 'string') {
    const sc = Object.hasOwn(SCENARIOS, preset) ? SCENARIOS[preset] : undefined;
    if (!sc)
      throw new RangeError(
        `scenario ${JSON.stringify(preset)} is not one of ${Object.keys(SCENARIOS).join(', ')}`,
      );
    base = sc.settings;
  } else base = preset;
  const spec: SweepSpec = {
    base,
    variants,
    loads: [base.load ?? DEFAULT_SETTINGS.load],
    batches: [base.batch ?? 'auto'],
    seeds,
    firstSeed,
  };
  if (base.peers !== undefined) spec.peers = [base.peers];
  return spec;
}
