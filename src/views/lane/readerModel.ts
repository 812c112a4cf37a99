/**
 * What the libnl reader panel says about the step: the datagram just read, by which callback,
 * and what became of it (from the step's trace events alone).
 */
import type { CallbackName, TraceEvent } from '../../model/index.ts';

export type Tone = 'ok' | 'bad' | 'warn' | 'info';

export interface ReadFate {
  /** The read event (what 'read' or 'read_error'). */
  event: TraceEvent;
  /** "DEL_PEER #12 peer 11", "dump part #41 (80 peers)", "nothing (-NLE_AGAIN)". */
  datagram: string;
  /** Who parsed it: the VALID callback, FINISH/ACK/ERROR handler, or nobody. */
  parser: string;
  fate: string;
  tone: Tone;
}

const KIND: Record<string, string> = {
  del: 'DEL_PEER',
  dump: 'dump part',
  done: 'NLMSG_DONE',
  ack: 'ACK',
  error: 'ERROR',
  reply: 'GET_PEER reply',
};

export function callbackTone(cb: CallbackName): Tone {
  return cb === 'ovpn_handle_msg' ? 'ok' : 'bad';
}

export function callbackLabel(cb: CallbackName | undefined): string {
  return cb === null ? 'NULL' : (cb ?? '?');
}

function datagramText(e: TraceEvent): string {
  if (e.what === 'read_error') return `nothing (${e.err ?? 'error'})`;
  const k = e.dgKind ? (KIND[e.dgKind] ?? e.dgKind) : 'datagram';
  const peer = e.dgKind === 'del' && e.peer !== undefined ? ` peer ${e.peer}` : '';
  const n = e.dgKind === 'dump' && e.n !== undefined ? ` (${e.n} peers)` : '';
  return `${k} #${e.dg ?? '?'}${peer}${n}`;
}

/** The last read of the step, with its fate; null when the step read nothing. */
export function readFate(events: readonly TraceEvent[]): ReadFate | null {
  let idx = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    const w = events[i]!.what;
    if (w === 'read' || w === 'read_error') {
      idx = i;
      break;
    }
  }
  if (idx < 0) return null;
  const e = events[idx]!;
  const later = events.slice(idx + 1);
  const datagram = datagramText(e);
  if (e.what === 'read_error') {
    return e.err === 'NLE_NOMEM'
      ? {
          event: e,
          datagram,
          parser: 'nl_recv',
          fate: 'ENOBUFS: the kernel dropped notifications; -NLE_NOMEM is fatal (M_ERR)',
          tone: 'bad',
        }
      : {
          event: e,
          datagram,
          parser: 'nl_recv',
          fate: 'queue already drained by a request loop: -NLE_AGAIN',
          tone: 'warn',
        };
  }
  const cb = callbackLabel(e.cb);
  switch (e.outcome) {
    case 'swallowed':
      return {
        event: e,
        datagram,
        parser: cb,
        fate:
          e.cb === null
            ? `no VALID callback: dropped silently; instance ${e.peer} is now a ghost`
            : `${cb} finds no peer attribute, NL_SKIP: swallowed; instance ${e.peer} is now a ghost`,
        tone: 'bad',
      };
    case 'overwritten':
      return {
        event: e,
        datagram,
        parser: cb,
        fate: `written over the unprocessed DEL for peer ${e.prevPeer} in the slot; instance ${e.prevPeer} is now a ghost`,
        tone: 'bad',
      };
    case 'stored': {
      const taken = later.some((l) => l.what === 'slot_take' && l.peer === e.peer);
      return {
        event: e,
        datagram,
        parser: cb,
        fate: taken
          ? `stored in the slot and processed: instance ${e.peer} closes`
          : 'stored in the single slot of dco_context_t',
        tone: 'ok',
      };
    }
    case 'parsed':
      return { event: e, datagram, parser: cb, fate: `parsed by ${cb}`, tone: 'info' };
    case 'skipped':
      return {
        event: e,
        datagram,
        parser: cb,
        fate: 'no VALID callback: dropped',
        tone: 'warn',
      };
    case 'finished':
      return {
        event: e,
        datagram,
        parser: 'ovpn_nl_cb_finish',
        fate: 'dump complete: dco->status = 0',
        tone: 'info',
      };
    case 'acked':
      return {
        event: e,
        datagram,
        parser: 'ovpn_nl_cb_finish',
        fate: 'request acknowledged: dco->status = 0',
        tone: 'info',
      };
    case 'error':
      return {
        event: e,
        datagram,
        parser: 'ovpn_nl_cb_error',
        fate: `errno stored in dco->status, NL_STOP: libnl returns -${e.err ?? '?'}`,
        tone: 'warn',
      };
    default:
      return { event: e, datagram, parser: cb, fate: e.outcome, tone: 'info' };
  }
}
