/**
 * The event log's filter and virtual window: which events pass, where the current one is, and
 * which rows to render for a scroll offset. Pure, so 50,000 events can be tested in Node.
 */
import type { Outcome, TraceEvent, TraceWhat } from '../../model/index.ts';

export const KIND_GROUPS = {
  kernel: ['k_expire', 'k_notify', 'k_dump_part'],
  read: ['read', 'read_error', 'cb_install'],
  slot: ['slot_take', 'slot_reset', 'del_ignored'],
  request: ['request', 'wait_done', 'stats_skip', 'status_dump'],
  instance: ['close', 'create', 'refuse', 'established', 'reap'],
  loop: ['loop_wake', 'exit'],
  client: ['fw_block', 'fw_unblock', 'c_restart', 'c_attempt', 'c_timeout'],
} as const satisfies Record<string, readonly TraceWhat[]>;

export type KindGroup = keyof typeof KIND_GROUPS;
export const KIND_GROUP_NAMES = Object.keys(KIND_GROUPS) as KindGroup[];

export const KIND_LABELS: Record<KindGroup, string> = {
  kernel: 'kernel',
  read: 'reads',
  slot: 'slot',
  request: 'requests',
  instance: 'instances',
  loop: 'event loop',
  client: 'clients',
};

const GROUP_OF = new Map<string, KindGroup>();
for (const g of KIND_GROUP_NAMES) for (const w of KIND_GROUPS[g]) GROUP_OF.set(w, g);

export function groupOf(what: TraceWhat): KindGroup {
  return GROUP_OF.get(what) ?? 'loop';
}

export const OUTCOME_FILTERS = {
  all: { label: 'any outcome', outcomes: null },
  losses: {
    label: 'losses (swallowed, overwritten, wiped, dropped)',
    outcomes: ['swallowed', 'overwritten', 'wiped', 'dropped'],
  },
  errors: { label: 'errors and exit', outcomes: ['error', 'exit'] },
  refused: { label: 'refusals', outcomes: ['refused'] },
  processed: { label: 'processed and closed', outcomes: ['processed', 'closed'] },
} as const satisfies Record<string, { label: string; outcomes: readonly Outcome[] | null }>;

export type OutcomeFilter = keyof typeof OUTCOME_FILTERS;
export const OUTCOME_FILTER_NAMES = Object.keys(OUTCOME_FILTERS) as OutcomeFilter[];

export interface LogFilter {
  groups: ReadonlySet<KindGroup>;
  outcome: OutcomeFilter;
}

export const ALL_GROUPS: ReadonlySet<KindGroup> = new Set(KIND_GROUP_NAMES);

export function passes(e: TraceEvent, f: LogFilter): boolean {
  if (!f.groups.has(groupOf(e.what))) return false;
  const o: readonly Outcome[] | null = OUTCOME_FILTERS[f.outcome].outcomes;
  return o === null || o.includes(e.outcome);
}

/** Indices (into `events`) of the events that pass. */
export function filterEvents(events: readonly TraceEvent[], f: LogFilter): number[] {
  const out: number[] = [];
  for (let k = 0; k < events.length; k++) if (passes(events[k]!, f)) out.push(k);
  return out;
}

/**
 * Row of the last filtered event at or before step index `stepI` (the current event, or the
 * nearest one before it that passes the filter); -1 if none.
 */
export function rowAtOrBefore(
  events: readonly TraceEvent[],
  rows: readonly number[],
  stepI: number,
): number {
  let lo = 0;
  let hi = rows.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (events[rows[mid]!]!.i <= stepI) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

export interface VirtualWindow {
  first: number;
  /** Exclusive. */
  last: number;
  offset: number;
  total: number;
}

export function virtualWindow(
  rowCount: number,
  rowHeight: number,
  scrollTop: number,
  viewHeight: number,
  overscan = 6,
): VirtualWindow {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  return {
    first,
    last: Math.max(first, last),
    offset: first * rowHeight,
    total: rowCount * rowHeight,
  };
}

/** scrollTop that brings `row` into view (unchanged when it is already visible). */
export function scrollToRow(
  row: number,
  rowHeight: number,
  scrollTop: number,
  viewHeight: number,
): number {
  const top = row * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewHeight) return top + rowHeight - viewHeight;
  return scrollTop;
}
