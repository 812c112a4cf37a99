import { describe, expect, it } from 'vitest';
import { planSweep } from '../sweep/grid.ts';
import {
  DEFAULT_FORM,
  evenlySpaced,
  evenlySpacedCounts,
  loadsIgnored,
  otherLane,
  parseIntList,
  specFromForm,
} from './form.ts';

describe('sweep form', () => {
  it('spaces loads and counts evenly', () => {
    expect(evenlySpaced(0)).toEqual([]);
    expect(evenlySpaced(1)).toEqual([0]);
    expect(evenlySpaced(5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(evenlySpaced(3)).toEqual([0, 0.5, 1]);
    expect(evenlySpacedCounts(4, 1024)).toEqual([256, 512, 768, 1024]);
    expect(evenlySpacedCounts(10, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(evenlySpacedCounts(0, 6)).toEqual([]);
  });

  it('reads lists of whole numbers and names what it cannot read', () => {
    expect(parseIntList(' 1, 2 8;16 ')).toEqual({ values: [1, 2, 8, 16], bad: [] });
    expect(parseIntList('1, x, 2.5')).toEqual({ values: [1], bad: ['x', '2.5'] });
  });

  it('reads list entries in the one number syntax: 1e4 is a number, 0x10 is not', () => {
    expect(parseIntList('1e4, 2.5e3 100')).toEqual({ values: [10_000, 2500, 100], bad: [] });
    expect(parseIntList('0x10 0b101 0o7 Infinity 1_000 -1')).toEqual({
      values: [],
      bad: ['0x10', '0b101', '0o7', 'Infinity', '1_000', '-1'],
    });
    expect(parseIntList('-1e0, 1e0', true)).toEqual({ values: [-1, 1], bad: [] });
    const { spec, problems } = specFromForm({ ...DEFAULT_FORM, peerList: '1e3, 1e4' });
    expect(problems).toEqual([]);
    expect(spec.peers).toEqual([1000, 10_000]);
  });

  it('turns the default form into a valid plan over the lesson', () => {
    const { spec, problems } = specFromForm(DEFAULT_FORM);
    expect(problems).toEqual([]);
    expect(spec.loads).toEqual([0.25, 0.75]);
    expect(spec.batches).toEqual(['auto', 1]);
    expect(spec.base.peers).toBe(6);
    expect(spec).not.toHaveProperty('rxCpus');
    expect(spec).not.toHaveProperty('hogs');
    const { plan } = planSweep(spec);
    expect(plan?.jobs.length).toBe(2 * 2 * 2 * DEFAULT_FORM.seeds);
  });

  it('merges named and spaced values, and spaces batch sizes up to the largest peer count', () => {
    const { spec } = specFromForm({
      ...DEFAULT_FORM,
      loadNames: ['idle', 'moderate'],
      loadSteps: 3,
      batchAuto: false,
      batchList: '',
      batchSteps: 2,
      peerList: '10, 4',
    });
    expect(spec.loads).toEqual([0, 0.5, 1]);
    expect(spec.batches).toEqual([5, 10]);
    expect(spec.peers).toEqual([4, 10]);
  });

  it('reports unreadable entries', () => {
    const { problems } = specFromForm({ ...DEFAULT_FORM, batchList: '2, two', peerList: 'x' });
    expect(problems).toEqual([
      'peer count "x" is not allowed: use whole numbers from 0, written like 16 or 1e4, separated by commas or spaces',
      'batch size "two" is not allowed: use whole numbers from 0, written like 16 or 1e4, separated by commas or spaces',
    ]);
  });

  it('opens a run beside 2.6.20, or beside another variant for 2.6.20 itself', () => {
    expect(otherLane('2.6.14', ['2.6.14'])).toBe('2.6.20');
    expect(otherLane('2.6.20', ['2.6.20', '2.7'])).toBe('2.7');
    expect(otherLane('2.6.20', ['2.6.20'])).toBe('2.6.14');
  });

  it("sweeps the ticked and typed receive CPUs and hogs, or leaves the preset's alone", () => {
    const { spec, problems } = specFromForm({
      ...DEFAULT_FORM,
      preset: 'reporter',
      rxCpus: [16, 1],
      rxList: '4 1',
      hogsFromLoad: true,
      hogsPerCpu: [0, 4],
      hogsList: '8, -1',
    });
    expect(problems).toEqual([]);
    expect(spec.rxCpus).toEqual([1, 4, 16]);
    expect(spec.hogs).toEqual([-1, 0, 8, 64]);
    // just the preset's value, or nothing: left out
    const same = specFromForm({ ...DEFAULT_FORM, rxCpus: [4], hogsFromLoad: true }).spec;
    expect([same.rxCpus, same.hogs]).toEqual([undefined, undefined]);
    const none = specFromForm({ ...DEFAULT_FORM, hogsFromLoad: false }).spec;
    expect(none.hogs).toBeUndefined();
    // status-dump has 1 receive CPU: 4 is a change there
    expect(
      specFromForm({ ...DEFAULT_FORM, preset: 'status-dump', rxCpus: [4] }).spec.rxCpus,
    ).toEqual([4]);
    expect(parseIntList('-1, 3', true)).toEqual({ values: [-1, 3], bad: [] });
    expect(specFromForm({ ...DEFAULT_FORM, rxList: 'one, -2', hogsList: '1.5' }).problems).toEqual([
      'receive CPUs "one" is not allowed: use whole numbers from 0, written like 16 or 1e4, separated by commas or spaces',
      'receive CPUs "-2" is not allowed: use whole numbers from 0, written like 16 or 1e4, separated by commas or spaces',
      'CPU hogs "1.5" is not allowed: use whole numbers, written like 16 or 1e4, separated by commas or spaces',
    ]);
  });

  it('notices when explicit hogs make several loads the same runs', () => {
    expect(loadsIgnored(specFromForm(DEFAULT_FORM).spec)).toBe(false);
    expect(loadsIgnored(specFromForm({ ...DEFAULT_FORM, hogsList: '16' }).spec)).toBe(true);
    expect(
      loadsIgnored(specFromForm({ ...DEFAULT_FORM, loadNames: ['high'], hogsList: '16' }).spec),
    ).toBe(false);
  });
});
