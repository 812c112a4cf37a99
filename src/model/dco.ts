/**
 * OpenVPN's dco_linux.c as frames: the read entry point, ovpn_nl_recvmsgs with the lock,
 * ovpn_nl_msg_send with the shared status, and the stats requests.
 */
import { cost, emit, instanceOf, type Sim } from './core.ts';
import { handleRequest, requestCost } from './kernel.ts';
import { NLE_AGAIN, NLE_NOMEM } from './libnl.ts';
import { popFrame, pushFrame, readDepth } from './frames.ts';
import type { CallbackName, Frame, RequestCmd, SimState } from './state.ts';
import { NO_FIELDS } from './trace.ts';

type F<K extends Frame['f']> = Extract<Frame, { f: K }>;

/** A wait loop that sees this many NLE_AGAIN in a row is a busy-wait: the model stops. */
const SPIN_GUARD = 100_000;

/** dco_do_read / dco_read_and_process: (2.6.14) put ovpn_handle_msg back, then read. */
export function dcoDoRead(sim: Sim, fr: F<'dco_do_read'>): number | null {
  const st = sim.st;
  if (fr.pc === 1) {
    popFrame(st, st.loop.ret);
    return null;
  }
  fr.pc = 1;
  pushFrame(st, { f: 'ovpn_nl_recvmsgs', pc: 0, prefix: st.variant.readFn, ret: 0 });
  if (st.variant.callbackPerRequest && st.dco.validCb !== 'ovpn_handle_msg') {
    const prev = st.dco.validCb;
    st.dco.validCb = 'ovpn_handle_msg';
    emit(sim, {
      ...NO_FIELDS,
      actor: 'openvpn',
      fn: st.variant.readFn,
      what: 'cb_install',
      outcome: 'info',
      cb: 'ovpn_handle_msg',
      field: prev ?? 'NULL',
    });
    return cost(st, 1);
  }
  return null;
}

/** ovpn_nl_recvmsgs: nl_recvmsgs with __is_locked around it (a plain bool), and the log. */
export function ovpnNlRecvmsgs(sim: Sim, fr: F<'ovpn_nl_recvmsgs'>): number | null {
  const st = sim.st;
  if (fr.pc === 0) {
    fr.pc = 1;
    if (st.variant.lock) st.dco.locked = true;
    pushFrame(st, { f: 'recvmsgs', pc: 0, multipart: false, depth: readDepth(st), dg: -1 });
    return null;
  }
  if (st.variant.lock) st.dco.locked = false;
  const ret = st.loop.ret;
  if (ret === NLE_NOMEM) {
    // logged at M_ERR, which is fatal: OpenVPN exits
    st.exited = {
      atUs: st.nowUs,
      reason: `${fr.prefix}: netlink out of memory error (ENOBUFS from the kernel, -NLE_NOMEM from libnl): fatal, OpenVPN exits`,
    };
    emit(sim, {
      ...NO_FIELDS,
      actor: 'openvpn',
      fn: 'ovpn_nl_recvmsgs',
      what: 'exit',
      outcome: 'exit',
      err: 'NLE_NOMEM',
    });
    st.loop.stack = [];
    return cost(st, 1);
  }
  popFrame(st, ret);
  return null;
}

/** The stats function's name in this code base (dco_get_peer holds the checks in 2.7). */
function statsFn(st: SimState): string {
  return st.variant.kernel === 'mainline' ? 'dco_get_peer' : 'dco_get_peer_stats_multi';
}

/** setenv_stats / multi_print_status: a GET_PEER dump, unless the lock says we are parsing. */
export function requestStatsDump(sim: Sim): number | null {
  const st = sim.st;
  if (st.variant.lock && st.dco.locked) {
    st.counters.statsSkippedLocked++;
    emit(sim, {
      ...NO_FIELDS,
      actor: 'openvpn',
      fn: statsFn(st),
      what: 'stats_skip',
      outcome: 'skipped',
      cmd: 'GET_PEER_DUMP',
    });
    return cost(st, 1);
  }
  callRequest(st, 'GET_PEER_DUMP', 'dco_parse_peer_multi', -1, statsFn(st));
  return null;
}

export function callRequest(
  st: SimState,
  cmd: RequestCmd,
  cb: CallbackName,
  peer: number,
  caller: string,
): void {
  pushFrame(st, { f: 'ovpn_nl_msg_send', pc: 0, cmd, cb, req: -1, peer, caller, spins: 0 });
}

/**
 * ovpn_nl_msg_send: status = 1, (2.6.14) install the request's callback, send, then call
 * ovpn_nl_recvmsgs while status == 1. The status is one field shared by every request.
 */
export function msgSend(sim: Sim, fr: F<'ovpn_nl_msg_send'>): number | null {
  const st = sim.st;
  const d = st.dco;
  if (fr.pc === 0) {
    fr.pc = 1;
    d.status = 1;
    if (st.variant.callbackPerRequest) d.validCb = fr.cb;
    fr.req = d.nextRequestId++;
    st.counters.requests++;
    emit(sim, {
      ...NO_FIELDS,
      actor: 'openvpn',
      fn: fr.caller,
      what: 'request',
      outcome: 'info',
      cmd: fr.cmd,
      cb: d.validCb,
      peer: fr.peer >= 0 ? fr.peer : undefined,
      n: fr.req,
    });
    handleRequest(
      sim,
      fr.cmd,
      fr.req,
      fr.peer,
      fr.peer >= 0 ? (instanceOf(st, fr.peer)?.client ?? -1) : -1,
    );
    return requestCost(st);
  }
  if (fr.pc === 1) {
    if (d.status === 1) {
      if (st.loop.ret === NLE_AGAIN && ++fr.spins > SPIN_GUARD) {
        st.exited = {
          atUs: st.nowUs,
          reason: 'model guard: ovpn_nl_msg_send busy-waits on an empty socket',
        };
        st.loop.stack = [];
        return cost(st, 1);
      }
      pushFrame(st, { f: 'ovpn_nl_recvmsgs', pc: 0, prefix: fr.caller, ret: 0 });
      return null;
    }
    fr.pc = 2;
    emit(sim, {
      ...NO_FIELDS,
      actor: 'openvpn',
      fn: 'ovpn_nl_msg_send',
      what: 'wait_done',
      outcome: d.status < 0 ? 'error' : 'finished',
      cmd: fr.cmd,
      n: d.status,
    });
    return cost(st, 1);
  }
  popFrame(st, d.status);
  return null;
}
