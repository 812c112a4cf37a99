/**
 * The teaching clock: how long one model step is shown at 1× playback, in milliseconds of wall
 * time. Pure: the worker sums it while it plays a `paced` step request; the Node tests sum it
 * over whole runs.
 *
 * A step costs the wait before it plus a dwell on what it did:
 *
 *   cost = gapMs(simulated µs since the previous step) + dwellMs(the step's events)
 *
 * Wait: simulated time is compressed logarithmically and capped, so a few µs between two
 * kernel notifications cost nothing, a second of simulated time costs about a second, and the
 * 120 s keepalive wait passes in two seconds, never more:
 *
 *   gapMs(g) = min(GAP_CAP_MS, GAP_MS_PER_DECADE × log10(1 + g / GAP_UNIT_US))
 *
 * (1 µs ≈ 0.2 ms, 1 ms ≈ 120 ms, 1 s ≈ 1.2 s, 10 s ≈ 1.6 s, ≥ 68 s: 2 s.)
 *
 * Dwell: what matters to the story gets time to be read. The unit of the clock is one
 * notification read: **1× ≈ one DEL_PEER read per second** (READ_MS). A lost notification
 * (swallowed, overwritten, wiped, dropped) stays longer (LOSS_MS); OpenVPN processing one
 * (taking the slot, closing the instance) and the kernel queueing one get a good fraction of a
 * read; bookkeeping (stats skips, loop wakes) passes quickly, and the clients' own retries
 * (thousands in a big run) almost at once. A step that emits
 * several events dwells on its most important one, plus a little per further event, capped.
 */
import type { TraceEvent } from '../model/index.ts';

/** Milliseconds of wall time per decade of simulated µs waited (after GAP_UNIT_US). */
export const GAP_MS_PER_DECADE = 400;
/** The simulated wait that costs GAP_MS_PER_DECADE × log10(2): 1 ms. */
export const GAP_UNIT_US = 1_000;
/** Longest any wait between two steps is shown at 1×. */
export const GAP_CAP_MS = 2_000;

/** One DEL_PEER (or other datagram) read: the unit a teacher can say. */
export const READ_MS = 1_000;
/** A notification lost (swallowed, overwritten, wiped, dropped): the moment of the bug. */
export const LOSS_MS = 1_500;
/** OpenVPN taking the slot / closing an instance / refusing or creating a client. */
export const PROCESS_MS = 600;
/** The kernel queueing a notification, expiring peers, a dump part. */
export const KERNEL_MS = 300;
/** Everything else in the server (loop wakes, stats skips, bookkeeping). */
export const MINOR_MS = 100;
/** A client's own moves (restarts, attempts, timeouts): thousands in a big run, background. */
export const CLIENT_MS = 40;
/** Each further event of a multi-event step. */
export const EXTRA_EVENT_MS = 50;
/** Longest dwell on one step. */
export const DWELL_CAP_MS = 3_000;

const LOSSES: ReadonlySet<string> = new Set(['swallowed', 'overwritten', 'wiped', 'dropped']);

/** The dwell of one trace event at 1×, ms. */
export function eventDwellMs(e: TraceEvent): number {
  if (LOSSES.has(e.outcome)) return LOSS_MS;
  switch (e.what) {
    case 'read':
    case 'read_error':
      return READ_MS;
    case 'slot_take':
    case 'close':
    case 'del_ignored':
    case 'refuse':
    case 'create':
    case 'established':
    case 'reap':
    case 'exit':
    case 'fw_block':
    case 'fw_unblock':
      return PROCESS_MS;
    case 'k_expire':
    case 'k_notify':
    case 'k_dump_part':
    case 'request':
    case 'wait_done':
    case 'slot_reset':
    case 'status_dump':
    case 'cb_install':
      return KERNEL_MS;
    case 'c_restart':
    case 'c_attempt':
    case 'c_timeout':
      return CLIENT_MS;
    default:
      return MINOR_MS;
  }
}

/** Wall ms at 1× for a simulated wait of `gapUs` µs (negative or non-finite: 0). */
export function gapMs(gapUs: number): number {
  if (!(gapUs > 0)) return 0;
  return Math.min(GAP_CAP_MS, GAP_MS_PER_DECADE * Math.log10(1 + gapUs / GAP_UNIT_US));
}

/** Wall ms at 1× of dwelling on one step's events (0 for none). */
export function dwellMs(events: readonly TraceEvent[]): number {
  if (events.length === 0) return 0;
  let most = 0;
  for (const e of events) most = Math.max(most, eventDwellMs(e));
  return Math.min(DWELL_CAP_MS, most + EXTRA_EVENT_MS * (events.length - 1));
}

/** Wall ms at 1× of one step: the wait before it plus the dwell on it. */
export function stepCostMs(events: readonly TraceEvent[], gapUs: number): number {
  return gapMs(gapUs) + dwellMs(events);
}

/**
 * How far into a wait of `gapUs` simulated µs the clock stands once `ms` of its gapMs were
 * shown, µs. The clock runs through a compressed wait at a steady pace (the 51 s before the
 * clients restart pass at ~27× in 1.9 s), so a reader sees time flow, not a jump at the end.
 */
export function gapProgressUs(gapUs: number, ms: number): number {
  if (!(gapUs > 0) || !(ms > 0)) return 0;
  const total = gapMs(gapUs);
  return ms >= total ? gapUs : (gapUs * ms) / total;
}
