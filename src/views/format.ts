/** Number and time formatting shared by the views (fixed locale so tests and screenshots agree). */
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function fmtInt(n: number): string {
  return INT.format(n);
}

/** Bytes as "425,984 B" below 10 KiB, "16.8 KiB" / "1.2 MiB" above. */
export function fmtBytes(n: number): string {
  if (n < 10_240) return `${fmtInt(n)} B`;
  if (n < 10 * 1_048_576) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1_048_576).toFixed(1)} MiB`;
}

/** Simulated microseconds as seconds with millisecond precision: "118.784 s". */
export function fmtTime(us: number): string {
  return `${(us / 1_000_000).toFixed(3)} s`;
}

/** Microseconds as the finest unit that reads well, for the event log's time column. */
export function fmtTimeFine(us: number): string {
  return `${(us / 1_000_000).toFixed(6)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}
