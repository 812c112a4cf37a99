import { describe, expect, it } from 'vitest';
import { SCENARIOS, validateSettings } from '../model/index.ts';
import { SWEEP_LIMITS, planSweep, resolvePlan, type SweepSpec } from './grid.ts';
import { comparisonSpec } from './index.ts';

const lesson = SCENARIOS.lesson!.settings;
/** The rig of a cell when the spec leaves the rig's axes out: the default's. */
const RIG = { rxCpus: 4, hogs: -1 } as const;

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
      { variant: '2.6.14', peers: 6, load: 0, batch: 'auto', ...RIG },
      { variant: '2.6.14', peers: 6, load: 0, batch: 6, ...RIG },
      { variant: '2.6.14', peers: 6, load: 0.5, batch: 'auto', ...RIG },
      { variant: '2.6.14', peers: 6, load: 0.5, batch: 6, ...RIG },
      { variant: '2.6.20', peers: 6, load: 0, batch: 'auto', ...RIG },
      { variant: '2.6.20', peers: 6, load: 0, batch: 6, ...RIG },
      { variant: '2.6.20', peers: 6, load: 0.5, batch: 'auto', ...RIG },
      { variant: '2.6.20', peers: 6, load: 0.5, batch: 6, ...RIG },
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
      cell: { variant: '2.6.14', peers: 4, load: 0, batch: 8, ...RIG },
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
    expect(plan.cells[0]).toEqual({
      variant: '2.6.14',
      peers: 1024,
      load: 1,
      batch: 'auto',
      ...RIG,
    });
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

describe('planSweep: the rig axes (receive CPUs, CPU hogs)', () => {
  const RIGGED: SweepSpec = {
    base: lesson,
    variants: ['2.6.14'],
    loads: [0.5],
    batches: [6, 'auto'],
    rxCpus: [16, 1],
    hogs: [32, -1],
    seeds: 2,
  };

  it('expands them inside batch: receive CPUs ascending, then hogs with -1 first', () => {
    const plan = resolvePlan(RIGGED);
    expect(plan.spec.rxCpus).toEqual([1, 16]);
    expect(plan.spec.hogs).toEqual([-1, 32]);
    const cell = (batch: 'auto' | 6, rxCpus: number, hogs: number) => ({
      variant: '2.6.14',
      peers: 6,
      load: 0.5,
      batch,
      rxCpus,
      hogs,
    });
    expect(plan.cells).toEqual([
      cell('auto', 1, -1),
      cell('auto', 1, 32),
      cell('auto', 16, -1),
      cell('auto', 16, 32),
      cell(6, 1, -1),
      cell(6, 1, 32),
      cell(6, 16, -1),
      cell(6, 16, 32),
    ]);
    expect(plan.jobs).toHaveLength(16);
    for (const j of plan.jobs) {
      const c = plan.cells[j.cellIndex]!;
      expect(j.settings).toEqual(validateSettings({ ...lesson, ...c, seed: j.seed }).settings);
      expect([j.settings.rxCpus, j.settings.hogs]).toEqual([c.rxCpus, c.hogs]);
    }
    expect(plan.jobs.map((j) => j.seed)).toEqual(Array.from({ length: 16 }, (_, i) => 1 + (i % 2)));
  });

  it("takes the base's values when the axes are left out: the same runs as before they existed", () => {
    const plan = resolvePlan(TINY);
    expect([plan.spec.rxCpus, plan.spec.hogs]).toEqual([[4], [-1]]);
    for (const j of plan.jobs) {
      const { rxCpus, hogs, ...classic } = plan.cells[j.cellIndex]!;
      expect([rxCpus, hogs]).toEqual([4, -1]);
      expect(j.settings).toEqual(
        validateSettings({ ...lesson, ...classic, seed: j.seed }).settings,
      );
    }
    expect(resolvePlan({ ...TINY, rxCpus: [4], hogs: [-1] })).toEqual(plan);
    const rig = resolvePlan({ ...TINY, base: { ...lesson, rxCpus: 2, hogs: 8 } });
    expect([rig.spec.rxCpus, rig.spec.hogs]).toEqual([[2], [8]]);
    expect(rig.cells.every((c) => c.rxCpus === 2 && c.hogs === 8)).toBe(true);
    expect(rig.jobs.every((j) => j.settings.rxCpus === 2 && j.settings.hogs === 8)).toBe(true);
  });

  it('keeps the rig in skipped cells', () => {
    const plan = resolvePlan({ ...RIGGED, peers: [4, 12], batches: [8, 'auto'], hogs: [-1] });
    // per receive-CPU count: (4, auto), (12, auto), (12, 8); (4, 8) skipped
    expect(plan.cells).toHaveLength(2 * 3);
    expect(plan.skipped).toEqual([
      {
        cell: { variant: '2.6.14', peers: 4, load: 0.5, batch: 8, rxCpus: 1, hogs: -1 },
        reason: 'batch size 8 is larger than 4 peers',
      },
      {
        cell: { variant: '2.6.14', peers: 4, load: 0.5, batch: 8, rxCpus: 16, hogs: -1 },
        reason: 'batch size 8 is larger than 4 peers',
      },
    ]);
  });

  it('names bad receive-CPU counts and hog counts with the allowed range', () => {
    expect(
      messages({ ...RIGGED, rxCpus: [0, 300, 32, 2, 2, 1.5], hogs: [-2, 1.5, 5000, 'x' as never] }),
    ).toEqual([
      'receive CPUs 0 is not allowed: use an integer from 1 to 256 CPUs',
      'receive CPUs 300 is not allowed: use an integer from 1 to 256 CPUs',
      'receive CPUs 32 is above the CPU count 16: use an integer from 1 to 16',
      'receive CPUs: 2 is listed twice',
      'receive CPUs 1.5 is not allowed: use an integer from 1 to 256 CPUs',
      'CPU hogs -2 is not allowed: use an integer from -1 to 4096 (-1: from load)',
      'CPU hogs 1.5 is not allowed: use an integer from -1 to 4096 (-1: from load)',
      'CPU hogs 5000 is not allowed: use an integer from -1 to 4096 (-1: from load)',
      'CPU hogs "x" is not allowed: use an integer from -1 to 4096 (-1: from load)',
    ]);
    // the CPU count is the base's: a smaller machine bounds the receive CPUs, the default 4 too
    expect(messages({ ...RIGGED, base: { ...lesson, cpus: 8 }, rxCpus: [8, 16] })).toEqual([
      'receive CPUs 16 is above the CPU count 8: use an integer from 1 to 8',
    ]);
    expect(messages({ ...TINY, base: { ...lesson, cpus: 2 } })).toEqual([
      'receive CPUs 4 is above the CPU count 2: use an integer from 1 to 2',
    ]);
    expect(
      resolvePlan({ ...TINY, base: { ...lesson, cpus: 2 }, rxCpus: [1, 2] }).cells,
    ).toHaveLength(16);
  });

  it('limits the values per rig axis and names the swept ones in the run count', () => {
    const m = messages({
      ...RIGGED,
      rxCpus: Array.from({ length: 11 }, (_, i) => i + 1),
      hogs: [],
    });
    expect(m).toEqual([
      `receive CPUs: 11 chosen is not allowed: choose from 1 to ${SWEEP_LIMITS.rxCpus}`,
      `CPU hogs: 0 chosen is not allowed: choose from 1 to ${SWEEP_LIMITS.hogs}`,
    ]);
    expect(
      messages({
        base: {},
        variants: ['2.6.14'],
        loads: Array.from({ length: 20 }, (_, i) => i / 19),
        batches: ['auto', 1],
        rxCpus: [1, 2, 4, 8, 16],
        hogs: [-1, 0, 16, 32, 64],
        seeds: 200,
      }),
    ).toEqual([
      'the sweep has 200,000 runs (1 variants x 1 peer counts x 20 loads x 2 batch sizes x 5 receive-CPU counts x 5 hog counts x 200 seeds): at most 100,000 are allowed',
    ]);
  });
});
