/**
 * Which pseudo-code function and line a trace event corresponds to. Kernel, client and firewall
 * events are outside OpenVPN: they map to no line.
 */
import type { TraceEvent } from '../../model/index.ts';

export interface CodeSpot {
  /** CodeFn.key */
  fn: string;
  /** CodeLine.anchor; null when only the function is known. */
  anchor: string | null;
  /** A caller's line shown as well (the stats function that issued a request). */
  also?: { fn: string; anchor: string };
}

const STATS_FNS = new Set(['dco_get_peer_stats_multi', 'dco_get_peer', 'dco_get_peer_stats']);

function spot(fn: string, anchor: string | null = null): CodeSpot {
  return { fn, anchor };
}

export function eventSpot(e: TraceEvent, cbPerRequest: boolean): CodeSpot | null {
  switch (e.what) {
    case 'loop_wake':
      return spot('loop', 'loop.wait');
    case 'reap':
      return spot('loop', 'loop.timers');
    case 'cb_install':
      return spot('read', 'read.install');
    case 'read':
      switch (e.outcome) {
        case 'stored':
        case 'overwritten':
          return spot('handle', 'handle.store');
        case 'swallowed':
          if (e.cb === null) return spot('libnl', 'libnl.nullcb');
          if (e.cb === 'dco_parse_peer_multi') return spot('parse', 'parse.skip');
          return spot('libnl', 'libnl.valid');
        case 'parsed':
          if (e.cb === 'dco_parse_peer_multi') return spot('parse', 'parse.entries');
          if (e.cb === 'ovpn_handle_msg') return spot('handle', 'handle.peer');
          return spot('libnl', 'libnl.valid');
        case 'skipped':
          return spot('libnl', 'libnl.nullcb');
        case 'finished':
          return spot('libnl', 'libnl.finish');
        case 'acked':
          return spot('libnl', 'libnl.ack');
        case 'error':
          return spot('libnl', 'libnl.error');
        default:
          return spot('libnl', 'libnl.recv');
      }
    case 'read_error':
      return spot('libnl', 'libnl.err');
    case 'slot_take':
      return spot('pid', 'pid.take');
    case 'slot_reset':
      return spot('pid', 'pid.reset');
    case 'del_ignored':
      return spot('del', 'del.none');
    case 'close':
      return spot('close', 'close.remove');
    case 'stats_skip':
      return spot('stats', 'stats.lockcheck');
    case 'request':
      return STATS_FNS.has(e.fn)
        ? {
            ...spot('send', cbPerRequest ? 'send.setcb' : 'send.send'),
            also: { fn: 'stats', anchor: 'stats.dump' },
          }
        : spot('send', cbPerRequest ? 'send.setcb' : 'send.send');
    case 'wait_done':
      return spot('send', 'send.ret');
    case 'status_dump':
      return spot('status', 'status.dump');
    case 'create':
      return spot('create', 'create.alloc');
    case 'refuse':
      return spot('create', 'create.refuse');
    case 'established':
      return spot('connect', 'connect.done');
    case 'exit':
      return spot('recv', 'recv.fatal');
    default:
      return null;
  }
}

/** The spot of the latest event of the step that maps to code, and that event. */
export function latestSpot(
  events: readonly TraceEvent[],
  cbPerRequest: boolean,
): { spot: CodeSpot; event: TraceEvent } | null {
  for (let k = events.length - 1; k >= 0; k--) {
    const s = eventSpot(events[k]!, cbPerRequest);
    if (s) return { spot: s, event: events[k]! };
  }
  return null;
}
