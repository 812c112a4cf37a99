import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SPEED,
  MAX_SPEED,
  MIN_SPEED,
  SPEED_SLIDER_MAX,
  clampSpeed,
  formatSpeed,
  parseSpeed,
  sliderFromSpeed,
  speedFromSlider,
  speedMeaning,
} from './speedScale.ts';

describe('speed scale', () => {
  it('spans 0.1× to 10,000×, with 1× (the teaching clock) the default', () => {
    expect(speedFromSlider(0)).toBe(MIN_SPEED);
    expect(speedFromSlider(SPEED_SLIDER_MAX)).toBe(MAX_SPEED);
    expect(MIN_SPEED).toBe(0.1);
    expect(MAX_SPEED).toBe(10_000);
    expect(speedFromSlider(sliderFromSpeed(DEFAULT_SPEED))).toBe(1);
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

  it('clamps, formats and says what a speed means', () => {
    expect(clampSpeed(-5)).toBe(MIN_SPEED);
    expect(clampSpeed(Number.NaN)).toBe(DEFAULT_SPEED);
    expect(formatSpeed(2_500)).toBe('2,500×');
    expect(formatSpeed(0.25)).toBe('0.25×');
    expect(speedMeaning(1)).toBe('≈ 1 notification read a second');
    expect(speedMeaning(4)).toBe('≈ 4 notification reads a second');
    expect(speedMeaning(0.25)).toBe('≈ 1 notification read every 4 s');
  });

  it('parses a link speed, or names the value and the allowed range', () => {
    expect(parseSpeed('4')).toBe(4);
    expect(parseSpeed('0.5x')).toBe(0.5);
    expect(parseSpeed('250×')).toBe(250);
    expect(parseSpeed('fast')).toBe(
      'speed "fast" is not allowed: use a multiplier from 0.1× to 10,000× (1 = one notification read a second)',
    );
    expect(parseSpeed('20000')).toMatch(/^speed "20000" is not allowed/);
    expect(parseSpeed('')).toMatch(/^speed "" is not allowed/);
  });
});
