import { describe, expect, it } from 'vitest';
import { SCENARIOS, SWEEP_COUNTS, VARIANT_IDS, runToEnd, sweepSeeds } from '../model/index.ts';
import {
  CELL_METRICS,
  DEFAULT_LAYOUT,
  aggregateCells,
  cellKey,
  cellStats,
  comparisonTable,
  defaultHeatLayout,
  distribution,
  heatmaps,
  heatmapsBy,
  type RunList,
} from './aggregate.ts';
import { resolvePlan, type SweepCell, type SweepPlan } from './grid.ts';
import { comparisonSpec } from './index.ts';
import { fakeSummary } from '../../tests/helpers/sweepTestUtil.ts';

const lesson = SCENARIOS.lesson!.settings;
const CELL: SweepCell = { variant: '2.6.14', peers: 6, load: 0, batch: 6, rxCpus: 4, hogs: -1 };

function runAll(plan: SweepPlan): RunList {
  return plan.jobs.map((j) => runToEnd(j.settings).summary);
}

describe('cellStats on hand-computed inputs', () => {
  it('takes min, lower median and max, skips null drains and counts exits', () => {
    const runs = [
      fakeSummary({ ghosts: 5, refused: 0, drainUs: null, exited: null }),
      fakeSummary({ ghosts: 1, refused: 4, drainUs: 10, exited: { atUs: 9, reason: 'ENOBUFS' } }),
      fakeSummary({ ghosts: 3, refused: 2, drainUs: 30, exited: null }),
      fakeSummary({ ghosts: 2, refused: 8, drainUs: null, exited: null }),
    ];
    const c = cellStats(CELL, 3, runs);
    expect(c.cellIndex).toBe(3);
    expect(c.runs).toBe(4);
    expect(c.stats.ghosts).toEqual({ min: 1, median: 2, max: 5, n: 4 });
    expect(c.stats.refused).toEqual({ min: 0, median: 2, max: 8, n: 4 });
    expect(c.stats.drainUs).toEqual({ min: 10, median: 10, max: 30, n: 2 });
    expect(c.drainNulls).toBe(2);
    expect(c.exits).toBe(1);
    expect(c.exitFraction).toBe(0.25);
  });

  it('counts the runs stopped by the event budget', () => {
    const runs = [
      fakeSummary({ budgetCut: true }),
      fakeSummary({ budgetCut: false }),
      fakeSummary({ budgetCut: true }),
    ];
    expect(cellStats(CELL, 0, runs).budgetCuts).toBe(2);
    expect(cellStats(CELL, 0, runs.slice(1, 2)).budgetCuts).toBe(0);
  });

  it('reports an empty cell as zeros with n = 0', () => {
    const c = cellStats(CELL, 0, []);
    expect(c.runs).toBe(0);
    expect(c.exitFraction).toBe(0);
    for (const m of CELL_METRICS) expect(c.stats[m]).toEqual({ min: 0, median: 0, max: 0, n: 0 });
  });
});

describe('heatmaps and distributions on a hand-made plan', () => {
  // lesson, peers 4 and 6 (4 x batch 6 skipped), loads 0 / 1, batches auto / 6, seeds 5-6
  const plan = resolvePlan({
    base: lesson,
    variants: ['2.6.14'],
    peers: [6, 4],
    loads: [1, 0],
    batches: [6, 'auto'],
    seeds: 2,
    firstSeed: 5,
  });
  // ghosts = job index, refused = 10 x cell index; exited on seed 6 of odd cells
  const runs: RunList = plan.jobs.map((j) =>
    fakeSummary({
      ghosts: 100 - j.index,
      refused: 10 * j.cellIndex,
      drainUs: j.seed === 5 ? null : j.index,
      exited: j.seed === 6 && j.cellIndex % 2 === 1 ? { atUs: 1, reason: 'x' } : null,
    }),
  );
  const cells = aggregateCells(plan, runs);

  it('has loads as rows and batches as columns, one map per variant and peer count', () => {
    expect(plan.cells).toHaveLength(6);
    const maps = heatmaps(plan, cells, 'refused');
    expect(maps.map((m) => [m.variant, m.peers])).toEqual([
      ['2.6.14', 4],
      ['2.6.14', 6],
    ]);
    const [m4, m6] = maps;
    expect(m4!.loads).toEqual([0, 1]);
    expect(m4!.batches).toEqual(['auto', 6]);
    // cells in order: (4,0,auto)=0, (4,1,auto)=1, (6,0,auto)=2, (6,0,6)=3, (6,1,auto)=4, (6,1,6)=5
    expect(m4!.cellIndex).toEqual([
      [0, null],
      [1, null],
    ]);
    expect(m4!.values).toEqual([
      [0, null],
      [10, null],
    ]);
    expect([m4!.min, m4!.max]).toEqual([0, 10]);
    expect(m6!.values).toEqual([
      [20, 30],
      [40, 50],
    ]);
    const exits = heatmaps(plan, cells, 'exits')[1]!;
    expect(exits.values).toEqual([
      [0, 0.5],
      [0, 0.5],
    ]);
    // ghosts of cell 3: jobs 6, 7 -> 94, 93: lower median 93
    expect(heatmaps(plan, cells, 'ghosts')[1]!.values[0]![1]).toBe(93);
  });

  it('gives each point its seed and job, sorted by value', () => {
    const d = distribution(plan, runs, 3, 'ghosts');
    expect(d.points).toEqual([
      { seed: 6, job: 7, value: 93 },
      { seed: 5, job: 6, value: 94 },
    ]);
    expect(plan.jobs[d.points[0]!.job]!.settings).toMatchObject({ seed: 6, peers: 6, batch: 6 });
    const drain = distribution(plan, runs, 3, 'drainUs');
    expect(drain.points).toEqual([{ seed: 6, job: 7, value: 7 }]);
    expect(drain.nulls).toEqual([{ seed: 5, job: 6 }]);
    expect(distribution(plan, runs, 3, 'exited').points.map((p) => p.value)).toEqual([0, 1]);
  });

  it('counts only the runs present after a cancel', () => {
    const partial = runs.map((r, i) => (i % 2 === 0 ? r : undefined));
    const c = aggregateCells(plan, partial);
    expect(c.map((x) => x.runs)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(c[1]!.drainNulls).toBe(1);
    expect(distribution(plan, partial, 1, 'ghosts').points).toEqual([
      { seed: 5, job: 2, value: 98 },
    ]);
  });
});

describe('aggregation of real runs', () => {
  it('matches the model seed sweep for lesson 2 variants x 2 loads x 2 batches x seeds 1-3', () => {
    const plan = resolvePlan({
      base: lesson,
      variants: ['2.6.14', '2.6.20'],
      loads: [0, 0.5],
      batches: ['auto', 6],
      seeds: 3,
    });
    const runs = runAll(plan);
    const cells = aggregateCells(plan, runs);
    expect(cells).toHaveLength(8);
    for (const c of cells) {
      const model = sweepSeeds(plan.cellSettings[c.cellIndex]!, plan.seedList);
      expect(c.exits).toBe(model.exits);
      for (const m of CELL_METRICS) {
        if ((SWEEP_COUNTS as readonly string[]).includes(m)) {
          const { n, ...s } = c.stats[m];
          expect(s).toEqual(model.summary[m as (typeof SWEEP_COUNTS)[number]]);
          expect(n).toBe(3);
        }
      }
      const drains = model.runs.map((r) => r.drainUs).filter((v) => v !== null);
      expect(c.stats.drainUs.n).toBe(drains.length);
      expect(c.drainNulls).toBe(3 - drains.length);
    }
    // the bug: 2.6.14 leaves ghosts at idle with batch 6, 2.6.20 none
    const ghosts = heatmaps(plan, cells, 'ghosts');
    expect(ghosts[0]!.values[0]![1]).toBeGreaterThan(0);
    expect(ghosts[1]!.values.flat().every((v) => v === 0)).toBe(true);
  });

  it('builds the lesson comparison table over seeds 1-4 for every variant', () => {
    const plan = resolvePlan(comparisonSpec('lesson', 4));
    const runs = runAll(plan);
    const table = comparisonTable(plan, aggregateCells(plan, runs));
    expect(table.map((r) => r.variant)).toEqual([...VARIANT_IDS]);
    for (const row of table) {
      const model = sweepSeeds({ ...lesson, variant: row.variant }, [1, 2, 3, 4]);
      expect(row.runs).toBe(4);
      expect(row.ghosts).toMatchObject(model.summary.ghosts);
      expect(row.refused).toMatchObject(model.summary.refused);
      expect(row.nleBusy).toMatchObject(model.summary.nleBusy);
      expect(row.maxReadDepth).toMatchObject(model.summary.maxReadDepth);
      expect(row.exits.count).toBe(model.exits);
    }
    const tiny = resolvePlan({ ...comparisonSpec('lesson', 1), loads: [0, 1] });
    expect(() => comparisonTable(tiny, aggregateCells(tiny, runAll(tiny)))).toThrow(
      /one peer count, one load, one batch size, one receive-CPU count and one hog count/,
    );
  });
});

describe('the rig axes in aggregation', () => {
  // lesson, 2.6.14 / 2.6.20, load 0, batch auto, receive CPUs 1 / 16, hogs from load / 32
  const plan = resolvePlan({
    base: lesson,
    variants: ['2.6.14', '2.6.20'],
    loads: [0],
    batches: ['auto'],
    rxCpus: [16, 1],
    hogs: [32, -1],
    seeds: 2,
  });
  // ghosts = 10 x cell index + seed offset
  const runs: RunList = plan.jobs.map((j) =>
    fakeSummary({ ghosts: 10 * j.cellIndex + (j.seed - 1), refused: 0, exited: null }),
  );
  const cells = aggregateCells(plan, runs);

  it('keeps cells apart that differ only by receive CPUs or hogs', () => {
    expect(plan.cells).toHaveLength(8);
    expect(new Set(plan.cells.map(cellKey)).size).toBe(8);
    expect(cells.map((c) => c.runs)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(cells.map((c) => c.stats.ghosts.max)).toEqual([1, 11, 21, 31, 41, 51, 61, 71]);
    expect(cells[1]!.cell).toMatchObject({ variant: '2.6.14', rxCpus: 1, hogs: 32 });
  });

  it('puts any two axes on rows and columns, one map per value of the others', () => {
    const maps = heatmapsBy(plan, cells, 'ghosts', { rows: 'hogs', cols: 'rxCpus' });
    expect(maps).toHaveLength(2);
    const [a, b] = maps;
    expect(a!.fixed).toEqual([
      { axis: 'variant', value: '2.6.14' },
      { axis: 'peers', value: 6 },
      { axis: 'load', value: 0 },
      { axis: 'batch', value: 'auto' },
    ]);
    expect([a!.rowAxis, a!.colAxis, a!.rows, a!.cols]).toEqual([
      'hogs',
      'rxCpus',
      [-1, 32],
      [1, 16],
    ]);
    // cells: (1, -1)=0, (1, 32)=1, (16, -1)=2, (16, 32)=3; medians are the lower seed's
    expect(a!.cellIndex).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(a!.values).toEqual([
      [0, 20],
      [10, 30],
    ]);
    expect([a!.min, a!.max]).toEqual([0, 30]);
    expect(b!.fixed[0]).toEqual({ axis: 'variant', value: '2.6.20' });
    expect(b!.values).toEqual([
      [40, 60],
      [50, 70],
    ]);
    // variants across, receive CPUs down: one map per hog count
    const byVariant = heatmapsBy(plan, cells, 'ghosts', { rows: 'rxCpus', cols: 'variant' });
    expect(byVariant.map((m) => m.fixed.find((f) => f.axis === 'hogs')!.value)).toEqual([-1, 32]);
    expect(byVariant[1]!.values).toEqual([
      [10, 50],
      [30, 70],
    ]);
    expect(() => heatmapsBy(plan, cells, 'ghosts', { rows: 'load', cols: 'load' })).toThrow(
      'rows and columns are both load: choose two different axes',
    );
  });

  it('gives the classic loads x batches maps one per receive-CPU count and hog count', () => {
    const maps = heatmaps(plan, cells, 'ghosts');
    expect(maps.map((m) => [m.variant, m.peers, m.rxCpus, m.hogs])).toEqual([
      ['2.6.14', 6, 1, -1],
      ['2.6.14', 6, 1, 32],
      ['2.6.14', 6, 16, -1],
      ['2.6.14', 6, 16, 32],
      ['2.6.20', 6, 1, -1],
      ['2.6.20', 6, 1, 32],
      ['2.6.20', 6, 16, -1],
      ['2.6.20', 6, 16, 32],
    ]);
    expect(maps[2]!.values).toEqual([[20]]);
    expect(maps[2]!.cellIndex).toEqual([[2]]);
  });

  it('opens loads x batch sizes unless a rig axis varies', () => {
    const spec = (over: Partial<SweepPlan['spec']>): SweepPlan['spec'] => ({
      ...plan.spec,
      loads: [0],
      batches: ['auto'],
      rxCpus: [4],
      hogs: [-1],
      ...over,
    });
    expect(defaultHeatLayout(spec({}))).toEqual(DEFAULT_LAYOUT);
    expect(defaultHeatLayout(spec({ batches: ['auto', 1] }))).toEqual({
      rows: 'load',
      cols: 'batch',
    });
    expect(defaultHeatLayout(spec({ rxCpus: [1, 16] }))).toEqual({ rows: 'load', cols: 'rxCpus' });
    expect(defaultHeatLayout(spec({ rxCpus: [1, 16], batches: ['auto', 1] }))).toEqual({
      rows: 'batch',
      cols: 'rxCpus',
    });
    expect(defaultHeatLayout(spec({ hogs: [-1, 0], loads: [0, 1], batches: [1, 2] }))).toEqual({
      rows: 'load',
      cols: 'hogs',
    });
    expect(defaultHeatLayout(spec({ hogs: [-1, 0], rxCpus: [1, 16] }))).toEqual({
      rows: 'hogs',
      cols: 'rxCpus',
    });
  });
});

describe('the rig in real runs', () => {
  it('gives reporter 2.6.14 fewer ghosts on 1 receive CPU than on 16 (seeds 1-2)', () => {
    const plan = resolvePlan({ ...comparisonSpec('reporter', 2, ['2.6.14']), rxCpus: [1, 16] });
    const cells = aggregateCells(plan, runAll(plan));
    const [one, sixteen] = heatmapsBy(plan, cells, 'ghosts', { rows: 'load', cols: 'rxCpus' })[0]!
      .values[0]!;
    expect(one).toBeGreaterThan(0);
    expect(sixteen).toBeGreaterThan(one!);
    expect(plan.jobs[0]!.settings.rxCpus).toBe(1);
  });
});
