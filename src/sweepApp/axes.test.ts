import { describe, expect, it } from 'vitest';
import { SWEEP_AXES } from '../sweep/grid.ts';
import { AXIS_DATA, AXIS_LABEL, axisHeader, axisPhrase, loadLabel } from './axes.ts';

describe('sweep axes on the page', () => {
  it('names every axis and tags cells with one data attribute each', () => {
    expect(SWEEP_AXES.map((a) => AXIS_LABEL[a])).toEqual([
      'variant',
      'peer count',
      'load',
      'batch size',
      'receive CPUs',
      'CPU hogs',
    ]);
    expect(new Set(SWEEP_AXES.map((a) => AXIS_DATA[a])).size).toBe(SWEEP_AXES.length);
    expect(AXIS_DATA.rxCpus).toBe('data-rx-cpus');
  });

  it('reads values as headers and phrases', () => {
    expect(loadLabel(0.25)).toBe('low (0.25)');
    expect(loadLabel(0.3)).toBe('0.3');
    expect(axisHeader('load', 1)).toBe('saturated (1)');
    expect(axisHeader('hogs', -1)).toBe('from load');
    expect(axisHeader('hogs', 64)).toBe('64');
    expect(axisHeader('batch', 'auto')).toBe('auto');
    expect(axisPhrase('load', 0.75)).toBe('load high (0.75)');
    expect(axisPhrase('batch', 'auto')).toBe('batch auto');
    expect(axisPhrase('rxCpus', 1)).toBe('1 receive CPU');
    expect(axisPhrase('rxCpus', 16)).toBe('16 receive CPUs');
    expect(axisPhrase('hogs', -1)).toBe('hogs from the load');
    expect(axisPhrase('hogs', 1)).toBe('1 hog');
    expect(axisPhrase('peers', 1024)).toBe('1024 peers');
    expect(axisPhrase('variant', '2.6.14')).toBe('2.6.14');
  });
});
