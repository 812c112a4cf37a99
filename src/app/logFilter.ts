/**
 * Which trace events the event log shows for each filter of the store. Pure.
 */
import { LOSS_OUTCOMES, type Outcome, type TraceEvent } from '../model/index.ts';
import type { LogFilter } from '../store/appStore.ts';
import type { TraceQuery } from '../worker/client.ts';

const ERROR_OUTCOMES: Outcome[] = ['error', 'exit', 'refused', 'failed'];
const LOSSES = new Set<string>(LOSS_OUTCOMES);
const ERRORS = new Set<string>(ERROR_OUTCOMES);

/** Events the log shows at most. */
export const LOG_LIMIT = 300;
/** Events scanned for the filters the worker cannot apply (by actor). */
const ACTOR_SCAN = 2_000;

/**
 * The worker query of a filter: outcome filters run in the worker over the whole run so far
 * (the last LOG_LIMIT matches); actor filters scan the last ACTOR_SCAN events here.
 */
export function traceQuery(filter: LogFilter): TraceQuery {
  switch (filter) {
    case 'losses':
      return { outcomes: [...LOSS_OUTCOMES], limit: LOG_LIMIT, tail: true };
    case 'errors':
      return { outcomes: ERROR_OUTCOMES, limit: LOG_LIMIT, tail: true };
    case 'all':
      return { limit: LOG_LIMIT, tail: true };
    default:
      return { limit: ACTOR_SCAN, tail: true };
  }
}

export function matchesFilter(e: TraceEvent, filter: LogFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'losses':
      return LOSSES.has(e.outcome);
    case 'errors':
      return ERRORS.has(e.outcome) || e.err !== undefined;
    case 'kernel':
    case 'libnl':
    case 'openvpn':
      return e.actor === filter;
    case 'client':
      return e.actor === 'client' || e.actor === 'firewall';
  }
}

/** The events of a filter, the last LOG_LIMIT of them. */
export function filterEvents(events: readonly TraceEvent[], filter: LogFilter): TraceEvent[] {
  const kept = filter === 'all' ? [...events] : events.filter((e) => matchesFilter(e, filter));
  return kept.slice(-LOG_LIMIT);
}
