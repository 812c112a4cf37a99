/**
 * The datagram behind what the page shows, rebuilt for the byte view from the view's fields:
 * a queued block (QueuedDatagram) or a trace event naming a datagram (`dg`). Pure; the wire
 * bytes themselves come from the model's encoder (src/model/wire.ts).
 */
import type {
  Datagram,
  RequestCmd,
  TraceEvent,
  WireRequest,
  ReplyErrno,
} from '../../model/index.ts';
import type { QueuedDatagram } from '../../protocol/view.ts';

const ERRNOS: readonly ReplyErrno[] = ['EBUSY', 'ENOENT', 'ENOBUFS'];
/** libnl's error names in trace events, back to the kernel's errno. */
const ERR_OF_NLE: Record<string, ReplyErrno> = {
  NLE_BUSY: 'EBUSY',
  NLE_OBJ_NOTFOUND: 'ENOENT',
  NLE_NOMEM: 'ENOBUFS',
};

export function datagramFromQueued(q: QueuedDatagram): Datagram {
  const base = { id: q.id, truesize: q.truesize, atUs: 0 };
  const req = q.req ?? 0;
  switch (q.kind) {
    case 'del':
      return { ...base, kind: 'del', peer: q.peer ?? 0, reason: q.reason ?? 'EXPIRED' };
    case 'dump':
      return { ...base, kind: 'dump', req, entries: q.entries ?? 1, first: q.first ?? 0 };
    case 'done':
    case 'ack':
      return { ...base, kind: q.kind, req };
    case 'error': {
      const errno = ERRNOS.find((e) => e === q.errno) ?? 'ENOENT';
      return { ...base, kind: 'error', req, errno };
    }
    case 'reply':
      return { ...base, kind: 'reply', req, peer: q.peer ?? 0 };
  }
}

/** The requests OpenVPN sent among these events, by request number (`n` of a request). */
export function requestsFromEvents(events: readonly TraceEvent[]): Map<number, WireRequest> {
  const m = new Map<number, WireRequest>();
  for (const e of events) {
    if (e.what === 'request' && e.cmd && e.n !== undefined) {
      m.set(e.n, { cmd: e.cmd as RequestCmd, peer: e.peer ?? -1 });
    }
  }
  return m;
}

/**
 * The datagram an event at index k names, from it and the events before it: a reply, ACK,
 * error, dump part or NLMSG_DONE answers the latest request before it (OpenVPN waits for each
 * answer); a dump part's first entry follows the parts queued since that request. Null when
 * the event names no datagram.
 */
export function datagramFromEvents(events: readonly TraceEvent[], k: number): Datagram | null {
  const e = events[k];
  if (!e || e.dg === undefined || !e.dgKind) return null;
  const base = { id: e.dg, truesize: 0, atUs: e.t };
  if (e.dgKind === 'del') {
    return { ...base, kind: 'del', peer: e.peer ?? 0, reason: e.reason ?? 'EXPIRED' };
  }
  let req = 0;
  let first = 0;
  const seen = new Set<number>();
  for (let j = k - 1; j >= 0; j--) {
    const p = events[j]!;
    if (p.what === 'request' && p.n !== undefined) {
      req = p.n;
      break;
    }
    if (p.what === 'k_dump_part' && p.dgKind === 'dump' && p.dg !== undefined && !seen.has(p.dg)) {
      seen.add(p.dg);
      if (p.dg !== e.dg) first += p.n ?? 0;
    }
  }
  switch (e.dgKind) {
    case 'dump': {
      const made = events.find((p) => p.what === 'k_dump_part' && p.dg === e.dg);
      return { ...base, kind: 'dump', req, entries: made?.n ?? e.n ?? 1, first };
    }
    case 'done':
    case 'ack':
      return { ...base, kind: e.dgKind, req };
    case 'error':
      return { ...base, kind: 'error', req, errno: ERR_OF_NLE[e.err ?? ''] ?? 'ENOENT' };
    case 'reply':
      return { ...base, kind: 'reply', req, peer: e.peer ?? 0 };
  }
}

/** A datagram in words, as the byte view's heading names it. */
export function datagramTitle(d: Datagram): string {
  switch (d.kind) {
    case 'del':
      return `DEL_PEER notification #${d.id}: peer ${d.peer}, ${d.reason}`;
    case 'dump':
      return `GET_PEER dump part #${d.id}: ${d.entries} ${d.entries === 1 ? 'entry' : 'entries'}`;
    case 'done':
      return `NLMSG_DONE #${d.id}`;
    case 'ack':
      return `ACK #${d.id}`;
    case 'error':
      return `error #${d.id}: ${d.errno}`;
    case 'reply':
      return `GET_PEER reply #${d.id}: peer ${d.peer}`;
  }
}
