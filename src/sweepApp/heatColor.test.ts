import { describe, expect, it } from 'vitest';
import { HEAT_STEPS, heatStepScale, heatText } from './heatColor.ts';

describe('heatmap colours', () => {
  it('maps the range onto the steps, zero always the lightest', () => {
    const s = heatStepScale('ghosts', 2, 10);
    expect(s(0)).toBe(0);
    expect(s(10)).toBe(HEAT_STEPS - 1);
    expect(s(5)).toBeGreaterThan(0);
    expect(heatStepScale('ghosts', 0, 0)(0)).toBe(0);
    expect(heatStepScale('exits', 0, 0)(1)).toBe(HEAT_STEPS - 1);
  });

  it('writes values', () => {
    expect(heatText('exits', 0.5)).toBe('50%');
    expect(heatText('ghosts', 3)).toBe('3');
    expect(heatText('refused', 2.5)).toBe('2.5');
    expect(heatText('ghosts', null)).toBe('—');
  });
});
