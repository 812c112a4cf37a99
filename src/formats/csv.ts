/**
 * CSV shared by every export: RFC 4180 quoting, and no formula injection (a text cell starting
 * with = + - @, a tab or a carriage return that is not a number gets a leading apostrophe, so a
 * spreadsheet shows it as text instead of evaluating it); and the scalar fields of a run's
 * summary, in column order.
 */
import type { RunSummary } from '../model/index.ts';

/** Every scalar field of RunSummary, in CSV column order (exited is split into three columns). */
export const SUMMARY_SCALAR_FIELDS = [
  'kernel',
  'maxClients',
  'emitted',
  'queued',
  'dropped',
  'processed',
  'swallowed',
  'overwritten',
  'wiped',
  'inSlot',
  'queuedAtEnd',
  'ghosts',
  'peakGhosts',
  'ghostsCreated',
  'nleAgain',
  'nleBusy',
  'nleNomem',
  'maxReadDepth',
  'statsSkippedLocked',
  'reconnectAttempts',
  'refused',
  'reconnected',
  'reapedByTls',
  'kernelPeers',
  'instances',
  'events',
  'simUs',
  'drainUs',
  'traceHash',
  'budgetCut',
] as const satisfies readonly (keyof RunSummary)[];

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** One CSV cell: quoted when needed, neutralized when a spreadsheet would read a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = typeof value === 'string' ? value : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !NUMBER_TEXT.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
