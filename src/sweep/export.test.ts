import { describe, expect, it } from 'vitest';
import { MODEL_VERSION, SCENARIOS } from '../model/index.ts';
import { aggregateCells, type RunList } from './aggregate.ts';
import {
  CSV_HEADER,
  SWEEP_FORMAT_VERSION,
  csvCell,
  csvRow,
  sweepCsv,
  sweepJson,
  sweepJsonObject,
} from './export.ts';
import { resolvePlan } from './grid.ts';
import { fakeSummary } from '../../tests/helpers/sweepTestUtil.ts';

const plan = resolvePlan({
  base: SCENARIOS.lesson!.settings,
  variants: ['2.6.14', '2.7'],
  loads: [0.25],
  batches: ['auto'],
  seeds: 2,
  firstSeed: 41,
});
const runs: RunList = plan.jobs.map((j) =>
  fakeSummary({
    variant: j.settings.variant,
    seed: j.seed,
    ghosts: j.index,
    drainUs: j.index === 1 ? null : 1000 + j.index,
    exited: j.index === 2 ? { atUs: 5, reason: 'read failed, ENOBUFS' } : null,
  }),
);

describe('CSV cells', () => {
  it('neutralizes text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('=HYPERLINK("http://e", "a,b")')).toBe(`"'=HYPERLINK(""http://e"", ""a,b"")"`);
  });

  it('keeps numbers, numeric text and plain text as they are', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell('+1.5e3')).toBe('+1.5e3');
    expect(csvCell('-.5')).toBe('-.5');
    expect(csvCell(0.1)).toBe('0.1');
    expect(csvCell('2.6.14')).toBe('2.6.14');
    expect(csvCell('a "b"')).toBe('"a ""b"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvRow(['auto', 1, '=x'])).toBe("auto,1,'=x");
  });
});

describe('sweep exports', () => {
  it('writes one CSV row per run of lesson seeds 41-42, in job order', () => {
    const lines = sweepCsv(plan, runs).split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1 + 4);
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    const col = (name: string) => CSV_HEADER.indexOf(name as (typeof CSV_HEADER)[number]);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => r[col('seed')])).toEqual(['41', '42', '41', '42']);
    expect(rows.map((r) => r[col('variant')])).toEqual(['2.6.14', '2.6.14', '2.7', '2.7']);
    expect(rows.map((r) => r[col('batch')])).toEqual(['auto', 'auto', 'auto', 'auto']);
    expect(rows.map((r) => r[col('ghosts')])).toEqual(['0', '1', '2', '3']);
    expect(rows[1]![col('drainUs')]).toBe('');
    expect(rows.map((r) => r[col('exited')])).toEqual(['0', '0', '1', '0']);
    expect(lines[3]).toContain('1,5,"read failed, ENOBUFS"');
  });

  it('leaves out runs that did not complete and neutralizes hostile text fields', () => {
    const hostile = [...runs];
    hostile[0] = fakeSummary({ kernel: '=cmd|x', traceHash: '@evil' });
    hostile[3] = undefined;
    const csv = sweepCsv(plan, hostile);
    expect(csv.split('\r\n')).toHaveLength(1 + 3 + 1);
    expect(csv).toContain(",'=cmd|x,");
    expect(csv).toContain(",'@evil,");
  });

  it('writes JSON with the model version, the spec, every run and the cell statistics', () => {
    const partial = [...runs];
    partial[3] = undefined;
    const obj = JSON.parse(sweepJson(plan, partial)) as ReturnType<typeof sweepJsonObject>;
    expect(obj.format).toBe('dcoscope-sweep');
    expect(obj.modelVersion).toBe(MODEL_VERSION);
    expect(obj.spec).toEqual(plan.spec);
    expect(obj.runs).toHaveLength(4);
    expect(obj.runs[2]).toEqual({ job: 2, cell: 1, seed: 41, summary: runs[2] });
    expect(obj.runs[3]!.summary).toBeNull();
    expect(obj.cells).toEqual(JSON.parse(JSON.stringify(aggregateCells(plan, partial))));
  });
});

describe('sweep exports with the rig axes', () => {
  // lesson at load 0.5 (2 x 4 x 16 CPUs = 32 hogs from the load), receive CPUs 1 / 16, hogs
  // from the load / 8
  const rig = resolvePlan({
    base: SCENARIOS.lesson!.settings,
    variants: ['2.6.14'],
    loads: [0.5],
    batches: ['auto'],
    rxCpus: [16, 1],
    hogs: [8, -1],
    seeds: 1,
  });
  const rigRuns: RunList = rig.jobs.map((j) => fakeSummary({ ghosts: 10 + j.index }));

  it("has columns for receive CPUs and hogs after the batch, and the run's CPUs and hogs after the seed", () => {
    const at = (name: string) => CSV_HEADER.indexOf(name as (typeof CSV_HEADER)[number]);
    expect(CSV_HEADER.slice(0, 11)).toEqual([
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
    ]);
    const rows = sweepCsv(rig, rigRuns)
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','));
    const pick = (r: string[]) =>
      ['rxCpus', 'hogs', 'cpus', 'effectiveHogs', 'ghosts'].map((k) => r[at(k)]);
    expect(rows.map(pick)).toEqual([
      ['1', '-1', '16', '32', '10'],
      ['1', '8', '16', '8', '11'],
      ['16', '-1', '16', '32', '12'],
      ['16', '8', '16', '8', '13'],
    ]);
  });

  it('records the rig axes in the JSON spec and in every cell', () => {
    const obj = sweepJsonObject(rig, rigRuns);
    expect(obj.formatVersion).toBe(SWEEP_FORMAT_VERSION);
    expect(SWEEP_FORMAT_VERSION).toBe(2);
    expect([obj.spec.rxCpus, obj.spec.hogs]).toEqual([
      [1, 16],
      [-1, 8],
    ]);
    expect(obj.cells.map((c) => [c.cell.rxCpus, c.cell.hogs, c.stats.ghosts.median])).toEqual([
      [1, -1, 10],
      [1, 8, 11],
      [16, -1, 12],
      [16, 8, 13],
    ]);
    // a spec without the rig axes records the base's values
    expect([plan.spec.rxCpus, plan.spec.hogs]).toEqual([[4], [-1]]);
  });
});
