/**
 * Playback speed: a multiplier of the worker's teaching clock (src/worker/pacing.ts), on a log
 * scale from 0.1× to 10,000×. At 1× the clock shows about one DEL_PEER notification read a
 * second (a lost one a little longer), compresses idle waits to a second or two, and plays the
 * six-client lesson in 30 to 60 s; the fast end is for big runs (a 1,024-peer burst in under a
 * second). The speed slider moves in steps of a fifth of a decade (1, 1.6, 2.5, 4, 6.3, 10, ...).
 */
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 10_000;
export const DEFAULT_SPEED = 1;
/** Slider positions per decade. */
export const SPEED_STEPS_PER_DECADE = 5;
const MIN_DECADE = Math.log10(MIN_SPEED);
export const SPEED_SLIDER_MAX = Math.round(
  (Math.log10(MAX_SPEED) - MIN_DECADE) * SPEED_STEPS_PER_DECADE,
);
/** What 1× means, in words a teacher can say. */
export const ONE_X_MEANS = 'one notification read a second';

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return DEFAULT_SPEED;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** Slider position (0..SPEED_SLIDER_MAX) to a multiplier, rounded to 2 significant digits. */
export function speedFromSlider(pos: number): number {
  const decades = pos / SPEED_STEPS_PER_DECADE + MIN_DECADE;
  return clampSpeed(Number((10 ** decades).toPrecision(2)));
}

export function sliderFromSpeed(speed: number): number {
  return Math.round((Math.log10(clampSpeed(speed)) - MIN_DECADE) * SPEED_STEPS_PER_DECADE);
}

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** "1×", "0.25×", "10,000×". */
export function formatSpeed(speed: number): string {
  return `${fmt.format(speed)}×`;
}

/** What a speed means: "≈ 1 notification read a second", "≈ 1 read every 4 s". */
export function speedMeaning(speed: number): string {
  if (speed >= 1)
    return `≈ ${fmt.format(speed)} notification read${speed === 1 ? '' : 's'} a second`;
  return `≈ 1 notification read every ${fmt.format(1 / speed)} s`;
}

/**
 * A speed as a link gives it ("4", "4x", "0.5×"), or an error naming the value and the range.
 * `toNumber` reads the multiplier (the links pass the model's one number syntax).
 */
export function parseSpeed(
  raw: string,
  toNumber: (text: string) => number = Number,
): number | string {
  const t = raw.trim().replace(/[x×]$/i, '');
  const n = t === '' ? Number.NaN : toNumber(t);
  if (!Number.isFinite(n) || n < MIN_SPEED || n > MAX_SPEED) {
    return `speed ${JSON.stringify(raw)} is not allowed: use a multiplier from ${formatSpeed(MIN_SPEED)} to ${formatSpeed(MAX_SPEED)} (1 = ${ONE_X_MEANS})`;
  }
  return n;
}
