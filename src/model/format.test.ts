import { describe, expect, it } from 'vitest';
import { US_PER_S, formatCount, formatSeconds } from './index.ts';

describe('formatCount', () => {
  it('groups thousands in en-US, whatever the machine locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1024)).toBe('1,024');
    expect(formatCount(425_984)).toBe('425,984');
    expect(formatCount(1_000_000)).toBe('1,000,000');
  });

  it('rounds to an integer (chart ticks pass fractions such as 12.5k)', () => {
    expect(formatCount(12.5)).toBe('13');
    expect(formatCount(2.4)).toBe('2');
    expect(formatCount(1499.6)).toBe('1,500');
  });
});

describe('formatSeconds', () => {
  it('writes microseconds as seconds with millisecond precision and the unit', () => {
    expect(US_PER_S).toBe(1_000_000);
    expect(formatSeconds(0)).toBe('0.000 s');
    expect(formatSeconds(1_234_567)).toBe('1.235 s');
    expect(formatSeconds(118_784_000)).toBe('118.784 s');
    expect(formatSeconds(2_500_000)).toBe('2.500 s');
  });

  it('never groups thousands, so columns of times stay one width per magnitude', () => {
    expect(formatSeconds(86_400 * US_PER_S)).toBe('86400.000 s');
  });

  it('takes other precisions and can leave out the unit', () => {
    expect(formatSeconds(1_234_567, { digits: 6, unit: false })).toBe('1.234567');
    expect(formatSeconds(120_400_000, { digits: 0 })).toBe('120 s');
    expect(formatSeconds(1_500, { digits: 6 })).toBe('0.001500 s');
  });
});
