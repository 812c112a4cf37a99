import { describe, expect, it } from 'vitest';
import {
  MAX_SPEED,
  MIN_SPEED,
  SPEED_SLIDER_MAX,
  clampSpeed,
  formatSpeed,
  sliderFromSpeed,
  speedFromSlider,
} from './speedScale.ts';

describe('speed scale', () => {
  it('spans 1 to 100,000 events/s', () => {
    expect(speedFromSlider(0)).toBe(MIN_SPEED);
    expect(speedFromSlider(SPEED_SLIDER_MAX)).toBe(MAX_SPEED);
  });

  it('round-trips every slider position and rises monotonically', () => {
    let last = 0;
    for (let p = 0; p <= SPEED_SLIDER_MAX; p++) {
      const s = speedFromSlider(p);
      expect(s).toBeGreaterThan(last);
      expect(sliderFromSpeed(s)).toBe(p);
      last = s;
    }
  });

  it('clamps and formats', () => {
    expect(clampSpeed(-5)).toBe(1);
    expect(clampSpeed(Number.NaN)).toBeGreaterThan(1);
    expect(formatSpeed(25_000)).toBe('25,000 events/s');
  });
});
