/**
 * Playback speed in trace events per second, on a log scale from 1 to 100,000. The speed
 * slider moves in steps of a fifth of a decade (1, 1.6, 2.5, 4, 6.3, 10, ...).
 */
export const MIN_SPEED = 1;
export const MAX_SPEED = 100_000;
export const DEFAULT_SPEED = 1_000;
/** Slider positions per decade. */
export const SPEED_STEPS_PER_DECADE = 5;
export const SPEED_SLIDER_MAX = Math.round(Math.log10(MAX_SPEED) * SPEED_STEPS_PER_DECADE);

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return DEFAULT_SPEED;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** Slider position (0..SPEED_SLIDER_MAX) to events per second, rounded to 2 significant digits. */
export function speedFromSlider(pos: number): number {
  return clampSpeed(Number((10 ** (pos / SPEED_STEPS_PER_DECADE)).toPrecision(2)));
}

export function sliderFromSpeed(speed: number): number {
  return Math.round(Math.log10(clampSpeed(speed)) * SPEED_STEPS_PER_DECADE);
}

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatSpeed(speed: number): string {
  return `${fmt.format(speed)} events/s`;
}
