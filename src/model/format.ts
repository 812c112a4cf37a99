/**
 * Numbers and simulated times as text, shared by every user of the model: the CLI, the worker's
 * marker labels, the exports and the pages. Pure; a fixed locale (en-US) so tests, screenshots
 * and exported files read the same everywhere.
 */

/** Microseconds in a second: simulated times are integers in µs. */
export const US_PER_S = 1_000_000;

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count, rounded to an integer, with thousands separators: "1,024". */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

export interface SecondsOptions {
  /** Decimals: 3 (millisecond precision) unless told; 6 shows every microsecond. */
  digits?: number;
  /** Whether " s" follows the number (false for a column whose header names the unit). */
  unit?: boolean;
}

/** Simulated microseconds as seconds: "118.784 s" (no thousands separators). */
export function formatSeconds(
  us: number,
  { digits = 3, unit = true }: SecondsOptions = {},
): string {
  const text = (us / US_PER_S).toFixed(digits);
  return unit ? `${text} s` : text;
}
