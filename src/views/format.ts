/**
 * Byte sizes and plurals for the views. Counts and simulated times come from the model's
 * `formatCount` / `formatSeconds` (one wording for the CLI, the worker and the pages).
 */
import { formatCount } from '../model/index.ts';

/** Bytes as "425,984 B" below 10 KiB, "16.8 KiB" / "1.2 MiB" above. */
export function fmtBytes(n: number): string {
  if (n < 10_240) return `${formatCount(n)} B`;
  if (n < 10 * 1_048_576) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1_048_576).toFixed(1)} MiB`;
}
