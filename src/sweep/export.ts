/**
 * Sweep exports: CSV (one row per run) and JSON (spec, runs and cell statistics). Pure; the UI
 * turns the strings into downloads.
 *
 * Every row and cell carries all the sweep's axes (variant, peers, load, batch, receive CPUs,
 * hogs as set, -1 for "from the load"), swept or not, and the CSV adds the run's CPU count and
 * the hogs it actually had (`effectiveHogs`), so rows differing only by the rig stay apart.
 *
 * CSV: RFC 4180 quoting, and no formula injection: a text cell starting with = + - @ (or a tab /
 * carriage return) that is not a number gets a leading apostrophe, so spreadsheets show it as
 * text instead of evaluating it.
 */
import { MODEL_VERSION, effectiveHogs, type RunSummary } from '../model/index.ts';
import { SUMMARY_SCALAR_FIELDS, csvCell } from '../formats/csv.ts';

export { csvCell };
import { aggregateCells, type CellStats, type RunList } from './aggregate.ts';
import type { NormalizedSpec, SweepCell, SweepPlan } from './grid.ts';

/** Every scalar field of RunSummary, in CSV column order (exited is split into three columns). */
export const CSV_SUMMARY_FIELDS = SUMMARY_SCALAR_FIELDS;

export const CSV_HEADER = [
  'job',
  'cell',
  'variant',
  'peers',
  'load',
  'batch',
  'rxCpus',
  'hogs',
  'seed',
  'cpus',
  'effectiveHogs',
  ...CSV_SUMMARY_FIELDS,
  'exited',
  'exitAtUs',
  'exitReason',
] as const;

export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',');
}

/** One row per completed run, in job order; header first. Lines end with \r\n. */
export function sweepCsv(plan: SweepPlan, runs: RunList): string {
  const lines = [csvRow(CSV_HEADER)];
  for (const job of plan.jobs) {
    const r = runs[job.index];
    if (!r) continue;
    const c = plan.cells[job.cellIndex]!;
    lines.push(
      csvRow([
        job.index,
        job.cellIndex,
        c.variant,
        c.peers,
        c.load,
        c.batch,
        c.rxCpus,
        c.hogs,
        job.seed,
        job.settings.cpus,
        effectiveHogs(job.settings),
        ...CSV_SUMMARY_FIELDS.map((f) => r[f]),
        r.exited ? 1 : 0,
        r.exited?.atUs ?? null,
        r.exited?.reason ?? null,
      ]),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

export const SWEEP_FORMAT = 'dcoscope-sweep';
/** 2: the spec gained `rxCpus` and `hogs`, and every cell its `rxCpus` and `hogs`. */
export const SWEEP_FORMAT_VERSION = 2;

export interface SweepJson {
  format: typeof SWEEP_FORMAT;
  formatVersion: typeof SWEEP_FORMAT_VERSION;
  modelVersion: number;
  spec: NormalizedSpec;
  /** Cells skipped as impossible (batch size above the peer count). */
  skipped: SweepPlan['skipped'];
  /** Every planned run; `summary` is null for a run that did not complete (cancelled). */
  runs: { job: number; cell: number; seed: number; summary: RunSummary | null }[];
  /** Statistics per cell; `cell` names every axis's value (see SweepCell). */
  cells: (CellStats & { cell: SweepCell })[];
}

export function sweepJsonObject(plan: SweepPlan, runs: RunList, cells?: CellStats[]): SweepJson {
  return {
    format: SWEEP_FORMAT,
    formatVersion: SWEEP_FORMAT_VERSION,
    modelVersion: MODEL_VERSION,
    spec: plan.spec,
    skipped: plan.skipped,
    runs: plan.jobs.map((j) => ({
      job: j.index,
      cell: j.cellIndex,
      seed: j.seed,
      summary: runs[j.index] ?? null,
    })),
    cells: cells ?? aggregateCells(plan, runs),
  };
}

/** The JSON export as text (two-space indent off: sweeps can be large). */
export function sweepJson(plan: SweepPlan, runs: RunList, cells?: CellStats[]): string {
  return JSON.stringify(sweepJsonObject(plan, runs, cells));
}
