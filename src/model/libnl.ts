/**
 * libnl's recvmsgs (lib/nl.c@libnl3_7_0), one datagram per step: read with recvmsg, hand
 * each message to the callback its type selects (VALID, FINISH for NLMSG_DONE, ACK, ERROR),
 * and keep reading while a multipart reply (a dump) is unfinished. A VALID callback of NULL
 * drops the message silently; NL_SKIP from a parser drops it just as silently.
 */
import { cost, emit, markLost, type Sim } from './core.ts';
import { produceDumpPart } from './kernel.ts';
import { recvmsg } from './netlinkSocket.ts';
import { popFrame, pushFrame } from './frames.ts';
import type { CallbackName, Datagram, Frame, ReplyErrno, SimState } from './state.ts';
import { NO_FIELDS } from './trace.ts';

export const NLE_AGAIN = -4;
export const NLE_NOMEM = -5;
export const NLE_OBJ_NOTFOUND = -12;
export const NLE_BUSY = -25;

type RecvFrame = Extract<Frame, { f: 'recvmsgs' }>;

/** A kernel error reply: the errno ovpn_nl_cb_error stores, and what libnl returns for it. */
const REPLY_ERROR: Record<ReplyErrno, { errno: number; nle: number; name: string }> = {
  EBUSY: { errno: -16, nle: NLE_BUSY, name: 'NLE_BUSY' },
  ENOENT: { errno: -2, nle: NLE_OBJ_NOTFOUND, name: 'NLE_OBJ_NOTFOUND' },
  // lib/error.c maps ENOBUFS to NLE_NOMEM, the same code as an ENOBUFS from recvmsg
  ENOBUFS: { errno: -105, nle: NLE_NOMEM, name: 'NLE_NOMEM' },
};

function readCost(st: SimState, dg: Datagram): number {
  const entries = dg.kind === 'dump' ? dg.entries : 0;
  return cost(st, st.settings.costReadUs + entries * 0.5);
}

/** One step of recvmsgs: read one datagram and dispatch it, or resume after a callback. */
export function stepRecvmsgs(sim: Sim, fr: RecvFrame): number | null {
  const st = sim.st;
  if (fr.pc === 1) {
    // the VALID callback returned NL_OK after processing inside the callback
    fr.pc = 0;
    if (!fr.multipart) popFrame(st, 0);
    return null;
  }
  const r = recvmsg(sim, produceDumpPart);
  if ('err' in r) {
    const nle = r.err === 'ENOBUFS' ? NLE_NOMEM : NLE_AGAIN;
    if (nle === NLE_NOMEM) st.counters.nleNomem++;
    else st.counters.nleAgain++;
    emit(sim, {
      ...NO_FIELDS,
      actor: 'libnl',
      fn: 'nl_recv',
      what: 'read_error',
      outcome: 'error',
      err: nle === NLE_NOMEM ? 'NLE_NOMEM' : 'NLE_AGAIN',
      depth: fr.depth,
      cb: st.dco.validCb,
    });
    popFrame(st, nle);
    return cost(st, st.settings.costReadUs);
  }
  const dg = r.dg;
  fr.dg = dg.id;
  const c = readCost(st, dg);
  switch (dg.kind) {
    case 'del':
      readDel(sim, fr, dg);
      return c;
    case 'dump':
    case 'reply': {
      if (dg.kind === 'dump') fr.multipart = true;
      const cb = st.dco.validCb;
      countRead(st, cb);
      emit(sim, {
        ...NO_FIELDS,
        actor: 'libnl',
        fn: cb ?? 'recvmsgs',
        what: 'read',
        outcome: cb ? 'parsed' : 'skipped',
        dg: dg.id,
        dgKind: dg.kind,
        cb,
        n: dg.kind === 'dump' ? dg.entries : 1,
        depth: fr.depth,
      });
      break;
    }
    case 'done':
      fr.multipart = false;
      st.dco.status = 0;
      emit(sim, {
        ...NO_FIELDS,
        actor: 'libnl',
        fn: 'ovpn_nl_cb_finish',
        what: 'read',
        outcome: 'finished',
        dg: dg.id,
        dgKind: 'done',
        depth: fr.depth,
      });
      break;
    case 'ack':
      st.dco.status = 0;
      emit(sim, {
        ...NO_FIELDS,
        actor: 'libnl',
        fn: 'ovpn_nl_cb_finish',
        what: 'read',
        outcome: 'acked',
        dg: dg.id,
        dgKind: 'ack',
        depth: fr.depth,
      });
      break;
    case 'error': {
      // ovpn_nl_cb_error stores the errno in the shared status and returns NL_STOP: recvmsgs
      // leaves at once, even in the middle of a dump, with the errno mapped to an NLE code.
      const { errno, nle, name } = REPLY_ERROR[dg.errno];
      st.dco.status = errno;
      if (nle === NLE_BUSY) st.counters.nleBusy++;
      else if (nle === NLE_NOMEM) st.counters.nleNomem++;
      else st.counters.nleObjNotFound++;
      emit(sim, {
        ...NO_FIELDS,
        actor: 'libnl',
        fn: 'ovpn_nl_cb_error',
        what: 'read',
        outcome: 'error',
        dg: dg.id,
        dgKind: 'error',
        err: name,
        depth: fr.depth,
      });
      popFrame(st, nle);
      return c;
    }
  }
  if (!fr.multipart) popFrame(st, 0);
  return c;
}

function countRead(st: SimState, cb: CallbackName): void {
  st.counters.readsBy[cb ?? 'none']++;
}

/** A DEL_PEER notification meets whatever VALID callback is installed right now. */
function readDel(sim: Sim, fr: RecvFrame, dg: Extract<Datagram, { kind: 'del' }>): void {
  const st = sim.st;
  const cb = st.dco.validCb;
  const c = st.counters;
  countRead(st, cb);
  const base = {
    ...NO_FIELDS,
    actor: 'libnl' as const,
    dg: dg.id,
    dgKind: 'del' as const,
    peer: dg.peer,
    reason: dg.reason,
    cb,
    depth: fr.depth,
    what: 'read' as const,
  };
  if (cb !== 'ovpn_handle_msg') {
    // NULL: libnl never calls a VALID callback; a stats parser finds no OVPN_ATTR_GET_PEER
    // and returns NL_SKIP. Either way the notification is consumed and forgotten.
    c.swallowed++;
    c.swallowedBy[cb ?? 'none']++;
    if (dg.reason === 'EXPIRED') c.swallowedExpired++;
    markLost(st, dg.peer);
    emit(sim, { ...base, fn: cb ?? 'recvmsgs', outcome: 'swallowed' });
    if (!fr.multipart) popFrame(st, 0);
    return;
  }
  // ovpn_handle_msg parses the DEL_PEER into the single slot of dco_context_t
  const d = st.dco;
  let prevPeer: number | undefined;
  if (d.slotType === 'DEL_PEER' && !d.slotConsumed) {
    prevPeer = d.slotPeer;
    c.overwritten++;
    c.inSlot--;
    markLost(st, d.slotPeer);
  }
  d.slotType = 'DEL_PEER';
  d.slotPeer = dg.peer;
  d.slotReason = dg.reason;
  d.slotDatagram = dg.id;
  d.slotConsumed = false;
  c.inSlot++;
  if (st.variant.processInCallback) {
    // 7791f535: the callback goes on to multi_process_incoming_dco right away
    emit(sim, {
      ...NO_FIELDS,
      ...base,
      fn: 'ovpn_handle_msg',
      outcome: 'stored',
      field: 'dco_message_type,dco_message_peer_id,dco_del_peer_reason',
      prevPeer,
    });
    fr.pc = 1;
    pushFrame(st, { f: 'multi_process_incoming_dco', pc: 0, viaCallback: true });
    return;
  }
  emit(sim, {
    ...NO_FIELDS,
    ...base,
    fn: 'ovpn_handle_msg',
    outcome: prevPeer === undefined ? 'stored' : 'overwritten',
    field: 'dco_message_type,dco_message_peer_id,dco_del_peer_reason',
    prevPeer,
  });
  if (!fr.multipart) popFrame(st, 0);
}
