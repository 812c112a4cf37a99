/**
 * What the counters table shows: one row per count of a RunSummary, with its label and how its
 * value is written. Pure data and functions (no React), shared by the table and the tests.
 */
import { formatCount, formatSeconds, type RunSummary } from '../model/index.ts';

export interface CounterRow {
  /** Stable key, also the row's `data-key` in the page. */
  key: string;
  label: string;
  value(s: RunSummary): string;
}

function count(key: keyof RunSummary & string, label: string): CounterRow {
  return {
    key,
    label,
    value: (s) => {
      const v = s[key];
      return typeof v === 'number' ? formatCount(v) : String(v);
    },
  };
}

export const COUNTER_ROWS: readonly CounterRow[] = [
  count('emitted', 'DEL_PEER notifications emitted'),
  count('queued', 'queued in the netlink socket'),
  count('dropped', 'dropped by overflow'),
  count('processed', 'processed by OpenVPN'),
  count('swallowed', 'swallowed by a wrong callback'),
  count('overwritten', 'overwritten in the single slot'),
  count('wiped', 'wiped by the slot reset'),
  count('ghosts', 'ghost instances at the end'),
  count('peakGhosts', 'peak ghost instances'),
  count('nleAgain', 'NLE_AGAIN errors'),
  count('nleBusy', 'NLE_BUSY errors'),
  count('nleNomem', 'NLE_NOMEM errors'),
  count('maxReadDepth', 'max read depth'),
  {
    key: 'exited',
    label: 'process exit',
    value: (s) => (s.exited ? `at ${formatSeconds(s.exited.atUs)}: ${s.exited.reason}` : 'no'),
  },
  count('refused', 'connections refused (max-clients)'),
  count('reconnected', 'clients reconnected'),
  count('events', 'trace events'),
  { key: 'traceHash', label: 'trace hash', value: (s) => s.traceHash },
];

function ghosts(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'ghost' : 'ghosts'}`;
}

/** "Done: 2.6.14 leaves N ghosts, 2.6.20 leaves M" */
export function doneText(lanes: readonly { summary: RunSummary }[]): string {
  const parts = lanes.map(
    (l, i) =>
      `${l.summary.variant} leaves ${i === 0 ? ghosts(l.summary.ghosts) : formatCount(l.summary.ghosts)}`,
  );
  return `Done: ${parts.join(', ')}`;
}
