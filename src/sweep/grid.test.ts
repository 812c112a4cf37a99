import { describe, expect, it } from 'vitest';
import { SCENARIOS, validateSettings } from '../model/index.ts';
import { SWEEP_LIMITS, planSweep, resolvePlan, type SweepSpec } from './grid.ts';
import { comparisonSpec } from './index.ts';

const lesson = SCENARIOS.lesson!.settings;

const TINY: SweepSpec = {
  base: lesson,
  variants: ['2.6.14', '2.6.20'],
  loads: [0.5, 0],
  batches: [6, 'auto'],
  seeds: 3,
};

function messages(spec: SweepSpec): string[] {
  const { plan, problems } = planSweep(spec);
  expect(plan).toBeNull();
  return problems.map((p) => p.message);
}

describe('planSweep: expansion', () => {
  it('expands lesson 2 variants x 2 loads x 2 batches x seeds 1-3 in a fixed order', () => {
    const plan = resolvePlan(TINY);
    expect(plan.spec.loads).toEqual([0, 0.5]);
    expect(plan.spec.batches).toEqual(['auto', 6]);
    expect(plan.spec.peers).toEqual([6]);
    expect(plan.seedList).toEqual([1, 2, 3]);
    expect(plan.cells).toEqual([
      { variant: '2.6.14', peers: 6, load: 0, batch: 'auto' },
      { variant: '2.6.14', peers: 6, load: 0, batch: 6 },
      { variant: '2.6.14', peers: 6, load: 0.5, batch: 'auto' },
      { variant: '2.6.14', peers: 6, load: 0.5, batch: 6 },
      { variant: '2.6.20', peers: 6, load: 0, batch: 'auto' },
      { variant: '2.6.20', peers: 6, load: 0, batch: 6 },
      { variant: '2.6.20', peers: 6, load: 0.5, batch: 'auto' },
      { variant: '2.6.20', peers: 6, load: 0.5, batch: 6 },
    ]);
    expect(plan.jobs).toHaveLength(24);
    expect(plan.skipped).toEqual([]);
    plan.jobs.forEach((j, i) => {
      expect(j.index).toBe(i);
      expect(j.cellIndex).toBe(Math.floor(i / 3));
      expect(j.seed).toBe(1 + (i % 3));
      const c = plan.cells[j.cellIndex]!;
      const expected = validateSettings({ ...lesson, ...c, seed: j.seed }).settings;
      expect(j.settings).toEqual(expected);
    });
    expect(resolvePlan(TINY)).toEqual(plan);
  });

  it('starts every cell at firstSeed 100', () => {
    const plan = resolvePlan({ ...TINY, firstSeed: 100, seeds: 2 });
    expect(plan.jobs.slice(0, 4).map((j) => j.seed)).toEqual([100, 101, 100, 101]);
  });

  it('skips cells whose batch is larger than the peer count, and raises max-clients', () => {
    const plan = resolvePlan({ ...TINY, peers: [12, 4], batches: [8, 'auto'] });
    expect(plan.spec.peers).toEqual([4, 12]);
    // per variant and load: (4, auto), (12, auto), (12, 8); (4, 8) skipped
    expect(plan.cells).toHaveLength(2 * 2 * 3);
    expect(plan.skipped).toHaveLength(4);
    expect(plan.skipped[0]).toEqual({
      cell: { variant: '2.6.14', peers: 4, load: 0, batch: 8 },
      reason: 'batch size 8 is larger than 4 peers',
    });
    const big = plan.jobs.find((j) => plan.cells[j.cellIndex]!.peers === 12)!;
    expect(big.settings.maxClients).toBe(12);
    const small = plan.jobs.find((j) => plan.cells[j.cellIndex]!.peers === 4)!;
    expect(small.settings.maxClients).toBe(lesson.maxClients);
  });

  it('builds the comparison spec of a preset for every variant', () => {
    const plan = resolvePlan(comparisonSpec('reporter', 5));
    expect(plan.cells.map((c) => c.variant)).toEqual([
      '2.6.14',
      '2.6-rfc-patch',
      '2.6.20',
      'fix-no-lock',
      '2.7-prefix',
      '2.7',
    ]);
    expect(plan.jobs).toHaveLength(30);
    expect(plan.cells[0]).toEqual({ variant: '2.6.14', peers: 1024, load: 1, batch: 'auto' });
    expect(() => comparisonSpec('nope', 5)).toThrow(/scenario "nope" is not one of/);
  });
});

describe('planSweep: validation messages', () => {
  it('names bad variants, loads, batches, peers and seeds with the allowed range', () => {
    const m = messages({
      base: lesson,
      variants: ['2.6.14', '2.6.14', 'x' as never],
      loads: [1.5],
      batches: [0, 'big' as never],
      peers: [0],
      seeds: 0,
    });
    expect(m).toEqual([
      'variants: "2.6.14" is listed twice',
      'variant "x" is not one of 2.6.14, 2.6-rfc-patch, 2.6.20, fix-no-lock, 2.7-prefix, 2.7',
      'load 1.5 is not allowed: use a number from 0 to 1',
      'batch size 0 is not allowed: use auto or an integer from 1 to 10000',
      'batch size "big" is not allowed: use auto or an integer from 1 to 10000',
      'peer count 0 is not allowed: use an integer from 1 to 10000',
      'seeds per cell 0 is not allowed: use an integer from 1 to 200',
    ]);
  });

  it('limits the number of values per axis', () => {
    const m = messages({
      ...TINY,
      variants: [],
      loads: Array.from({ length: 21 }, (_, i) => i / 20),
      seeds: 201,
    });
    expect(m).toContain('variants: 0 chosen is not allowed: choose from 1 to 6');
    expect(m).toContain('loads: 21 chosen is not allowed: choose from 1 to 20');
    expect(m).toContain('seeds per cell 201 is not allowed: use an integer from 1 to 200');
  });

  it('limits the total number of runs', () => {
    const m = messages({
      base: {},
      variants: ['2.6.14', '2.6.20', '2.7'],
      loads: Array.from({ length: 20 }, (_, i) => i / 19),
      batches: ['auto', ...Array.from({ length: 19 }, (_, i) => i + 1)],
      peers: [100, 200],
      seeds: 200,
    });
    expect(m).toEqual([
      `the sweep has 480,000 runs (3 variants x 2 peer counts x 20 loads x 20 batch sizes x 200 seeds): at most ${SWEEP_LIMITS.runs.toLocaleString('en-US')} are allowed`,
    ]);
  });

  it('rejects a bad first seed, bad base settings, and a grid with no possible cell', () => {
    expect(messages({ ...TINY, firstSeed: 2147483647 })).toEqual([
      'first seed 2147483647 is not allowed: use an integer from -2147483648 to 2147483645',
    ]);
    expect(messages({ ...TINY, base: { ...lesson, untilS: 0 } })).toEqual([
      'base: run length 0 is not allowed: use a number from 1 to 86400 s',
    ]);
    expect(messages({ ...TINY, batches: [7, 9] })).toEqual([
      'every batch size is larger than every peer count (at most 6): add auto or a smaller batch size',
    ]);
    expect(() => resolvePlan({ ...TINY, seeds: 0 })).toThrow(RangeError);
  });
});
