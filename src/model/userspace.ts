/**
 * OpenVPN's side, one frame per C function (dco_linux.c, multi.c, mudp.c). Each step does one
 * thing that takes time and emits one trace event, or moves silently between calls.
 */
import { NEVER, cost, emit, instanceOf, markLost, schedule, type Sim } from './core.ts';
import { handleRequest, requestCost } from './kernel.ts';
import { NLE_AGAIN, NLE_NOMEM, stepRecvmsgs } from './libnl.ts';
import { popFrame, pushFrame, readDepth } from './frames.ts';
import type { CallbackName, Frame, RequestCmd, SimState } from './state.ts';

type F<K extends Frame['f']> = Extract<Frame, { f: K }>;

const S = 1_000_000;
/** Round trip of a TLS handshake from a reconnecting client (network + client side). */
export const HANDSHAKE_RTT_US = 30_000;
/** A wait loop that sees this many NLE_AGAIN in a row is a busy-wait: the model stops. */
const SPIN_GUARD = 100_000;

/** Runs one step of the frame on top of the stack. Returns its cost, or null if silent. */
export function stepFrame(sim: Sim, fr: Frame): number | null {
  switch (fr.f) {
    case 'loop_pass':
      return loopPass(sim, fr);
    case 'multi_process_incoming_dco':
      return processIncomingDco(sim, fr);
    case 'dco_do_read':
      return dcoDoRead(sim, fr);
    case 'ovpn_nl_recvmsgs':
      return ovpnNlRecvmsgs(sim, fr);
    case 'recvmsgs':
      return stepRecvmsgs(sim, fr);
    case 'ovpn_nl_msg_send':
      return msgSend(sim, fr);
    case 'multi_close_instance':
      return closeInstance(sim, fr);
    case 'multi_print_status':
      return printStatus(sim, fr);
    case 'multi_create_instance':
      return createInstance(sim, fr);
    case 'connection_established':
      return established(sim, fr);
  }
}

/** One pass of the event loop: per-second timers first, then one ready I/O event. */
function loopPass(sim: Sim, fr: F<'loop_pass'>): number | null {
  const st = sim.st;
  const m = st.multi;
  if (fr.pc === 0) {
    if (m.statusDue) {
      m.statusDue = false;
      pushFrame(st, { f: 'multi_print_status', pc: 0 });
      return null;
    }
    const id = m.reapDue.shift();
    if (id !== undefined) {
      const inst = instanceOf(st, id);
      if (!inst) return null;
      emit(sim, {
        actor: 'openvpn',
        fn: 'tls_multi_process',
        what: 'reap',
        outcome: 'info',
        peer: id,
        client: inst.client,
      });
      pushFrame(st, {
        f: 'multi_close_instance',
        pc: 0,
        inst: id,
        why: 'tls_reap',
        connected: false,
      });
      return cost(st, 5);
    }
    fr.pc = 1;
    return null;
  }
  if (fr.pc === 1) {
    fr.pc = 2;
    // mudp.c's dispatch is an else-if chain in which DCO_READ comes last
    if (fr.udpReady && st.loop.udpHead < st.loop.udpQ.length) {
      const pkt = st.loop.udpQ[st.loop.udpHead++]!;
      if (st.loop.udpHead === st.loop.udpQ.length) {
        st.loop.udpQ = [];
        st.loop.udpHead = 0;
      }
      const cl = st.clients[pkt.client]!;
      if (pkt.kind === 'initial')
        pushFrame(st, { f: 'multi_create_instance', pc: 0, client: pkt.client, gen: pkt.gen });
      else if (cl.inst >= 0)
        pushFrame(st, { f: 'connection_established', pc: 0, client: pkt.client, inst: cl.inst });
      return null;
    }
    if (fr.dcoReady) {
      if (st.variant.processInCallback) pushFrame(st, { f: 'dco_do_read', pc: 0 });
      else pushFrame(st, { f: 'multi_process_incoming_dco', pc: 0, viaCallback: false });
    }
    return null;
  }
  popFrame(st, 0);
  return null;
}

/**
 * multi_process_incoming_dco. Entered from the event loop (2.6.14, 2.7-prefix) it reads with
 * dco_do_read, then acts on whatever the single slot holds and resets it. Entered from
 * ovpn_handle_msg (the fix) it acts on the slot at once and does not reset.
 */
function processIncomingDco(sim: Sim, fr: F<'multi_process_incoming_dco'>): number | null {
  const st = sim.st;
  const d = st.dco;
  if (fr.pc === 0 && !fr.viaCallback) {
    fr.pc = 1;
    pushFrame(st, { f: 'dco_do_read', pc: 0 });
    return null;
  }
  if (fr.pc <= 1) {
    fr.pc = 2;
    if (d.slotType !== 'DEL_PEER' || d.slotConsumed) return null;
    d.slotConsumed = true;
    st.counters.processed++;
    st.counters.inSlot--;
    const inst = instanceOf(st, d.slotPeer);
    const base = {
      actor: 'openvpn' as const,
      peer: d.slotPeer,
      reason: d.slotReason ?? undefined,
      dg: d.slotDatagram,
      field: 'dco_message_peer_id',
    };
    if (!inst || d.slotReason === 'USERSPACE') {
      emit(sim, {
        ...base,
        fn: inst ? 'process_incoming_del_peer' : 'multi_process_incoming_dco',
        what: 'del_ignored',
        outcome: 'processed',
      });
      return cost(st, 5);
    }
    emit(sim, {
      ...base,
      fn: 'process_incoming_del_peer',
      what: 'slot_take',
      outcome: 'processed',
      client: inst.client,
    });
    pushFrame(st, {
      f: 'multi_close_instance',
      pc: 0,
      inst: inst.id,
      why: 'del_peer',
      connected: false,
    });
    return cost(st, 10);
  }
  if (!fr.viaCallback && d.slotType !== null) {
    const wiped = !d.slotConsumed;
    const peer = d.slotPeer;
    if (wiped) {
      st.counters.wiped++;
      st.counters.inSlot--;
      markLost(st, peer);
    }
    d.slotType = null;
    d.slotPeer = -1;
    d.slotReason = null;
    d.slotConsumed = true;
    emit(sim, {
      actor: 'openvpn',
      fn: 'multi_process_incoming_dco',
      what: 'slot_reset',
      outcome: wiped ? 'wiped' : 'info',
      peer,
      dg: d.slotDatagram,
      field: 'dco_message_type,dco_message_peer_id,dco_del_peer_reason',
    });
    popFrame(st, 0);
    return cost(st, 1);
  }
  popFrame(st, 0);
  return null;
}

/** dco_do_read / dco_read_and_process: (2.6.14) put ovpn_handle_msg back, then read. */
function dcoDoRead(sim: Sim, fr: F<'dco_do_read'>): number | null {
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
function ovpnNlRecvmsgs(sim: Sim, fr: F<'ovpn_nl_recvmsgs'>): number | null {
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
function requestStatsDump(sim: Sim): number | null {
  const st = sim.st;
  if (st.variant.lock && st.dco.locked) {
    st.counters.statsSkippedLocked++;
    emit(sim, {
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

function callRequest(
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
function msgSend(sim: Sim, fr: F<'ovpn_nl_msg_send'>): number | null {
  const st = sim.st;
  const d = st.dco;
  if (fr.pc === 0) {
    fr.pc = 1;
    d.status = 1;
    if (st.variant.callbackPerRequest) d.validCb = fr.cb;
    fr.req = d.nextRequestId++;
    st.counters.requests++;
    emit(sim, {
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

/**
 * multi_close_instance: out of the hash and m->instances first, then (for an instance that
 * finished connecting) the disconnect script's setenv_stats dump, then close_context, which
 * sends DEL_PEER unless the kernel already deleted the peer.
 */
function closeInstance(sim: Sim, fr: F<'multi_close_instance'>): number | null {
  const st = sim.st;
  const m = st.multi;
  if (fr.pc === 0) {
    const inst = instanceOf(st, fr.inst);
    if (!inst) {
      popFrame(st, 0);
      return null;
    }
    m.instances[fr.inst] = null;
    m.hashCount--;
    if (fr.inst < m.freeHint) m.freeHint = fr.inst;
    if (inst.ghost) {
      st.counters.ghosts--;
      if (fr.why === 'tls_reap') st.counters.reapedByTls++;
    }
    const cl = st.clients[inst.client];
    if (cl && cl.inst === fr.inst) cl.inst = -1;
    fr.connected = inst.state === 'connected';
    fr.pc = fr.connected ? 1 : 2;
    emit(sim, {
      actor: 'openvpn',
      fn: 'multi_close_instance',
      what: 'close',
      outcome: 'closed',
      peer: fr.inst,
      client: inst.client,
      field: inst.ghost ? 'ghost' : fr.why,
    });
    return cost(st, st.settings.costProcessDelUs);
  }
  if (fr.pc === 1) {
    fr.pc = 2;
    return requestStatsDump(sim);
  }
  if (fr.pc === 2) {
    fr.pc = 3;
    if (fr.why === 'tls_reap') callRequest(st, 'DEL_PEER', null, fr.inst, 'dco_del_peer');
    return null;
  }
  popFrame(st, 0);
  return null;
}

function printStatus(sim: Sim, fr: F<'multi_print_status'>): number | null {
  const st = sim.st;
  if (fr.pc === 0) {
    fr.pc = 1;
    emit(sim, {
      actor: 'openvpn',
      fn: 'multi_print_status',
      what: 'status_dump',
      outcome: 'info',
      n: st.multi.hashCount,
    });
    return cost(st, 5);
  }
  if (fr.pc === 1) {
    fr.pc = 2;
    return requestStatsDump(sim);
  }
  popFrame(st, 0);
  return cost(st, 0.05 * st.multi.hashCount);
}

/** multi_create_instance: refused while the hash holds max-clients entries. */
function createInstance(sim: Sim, fr: F<'multi_create_instance'>): number | null {
  const st = sim.st;
  const m = st.multi;
  const cl = st.clients[fr.client]!;
  popFrame(st, 0);
  if (cl.gen !== fr.gen || cl.phase !== 'attempting') return null;
  if (m.hashCount >= st.settings.maxClients) {
    st.counters.refused++;
    emit(sim, {
      actor: 'openvpn',
      fn: 'multi_create_instance',
      what: 'refuse',
      outcome: 'refused',
      client: fr.client,
      n: m.hashCount,
    });
    return cost(st, 20);
  }
  let id = m.freeHint;
  while (m.instances[id]) id++;
  m.freeHint = id + 1;
  m.instances[id] = {
    id,
    client: fr.client,
    state: 'half-open',
    kernelGone: false,
    ghost: false,
    createdUs: st.nowUs,
    reapAtUs: NEVER,
  };
  m.hashCount++;
  cl.inst = id;
  schedule(st, st.nowUs + HANDSHAKE_RTT_US, { k: 'c_handshake', c: fr.client, gen: fr.gen });
  emit(sim, {
    actor: 'openvpn',
    fn: 'multi_create_instance',
    what: 'create',
    outcome: 'created',
    client: fr.client,
    peer: id,
    n: m.hashCount,
  });
  return cost(st, 30);
}

/** The handshake completes: the instance is connected and installed in the kernel. */
function established(sim: Sim, fr: F<'connection_established'>): number | null {
  const st = sim.st;
  const inst = instanceOf(st, fr.inst);
  const steps: [RequestCmd, string][] = [
    ['NEW_PEER', 'dco_new_peer'],
    ['NEW_KEY', 'dco_new_key'],
    ['SET_PEER', 'dco_set_peer'],
  ];
  if (fr.pc === 0) {
    if (!inst || inst.client !== fr.client) {
      popFrame(st, 0);
      return null;
    }
    inst.state = 'connected';
    inst.reapAtUs = st.nowUs + (st.settings.renegSec + st.settings.tranWindowS) * S;
    fr.pc = 1;
    emit(sim, {
      actor: 'openvpn',
      fn: 'multi_process_incoming_link',
      what: 'established',
      outcome: 'connected',
      client: fr.client,
      peer: fr.inst,
    });
    return cost(st, st.settings.costHandshakeUs);
  }
  if (fr.pc <= steps.length) {
    const [cmd, caller] = steps[fr.pc - 1]!;
    fr.pc++;
    callRequest(st, cmd, null, fr.inst, caller);
    return null;
  }
  const cl = st.clients[fr.client]!;
  if (cl.inst === fr.inst) {
    cl.phase = 'connected';
    cl.gen++;
    cl.failures = 0;
    st.counters.reconnected++;
  }
  popFrame(st, 0);
  return null;
}
