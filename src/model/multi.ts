/**
 * OpenVPN's multi.c and mudp.c as frames: the event-loop pass, multi_process_incoming_dco with
 * the single slot, closing, creating and connecting instances, and the status dump.
 */
import { NEVER, cost, emit, instanceOf, markLost, schedule, type Sim } from './core.ts';
import { callRequest, requestStatsDump } from './dco.ts';
import { popFrame, pushFrame } from './frames.ts';
import type { Frame, RequestCmd } from './state.ts';
import { NO_FIELDS } from './trace.ts';

type F<K extends Frame['f']> = Extract<Frame, { f: K }>;

/** Round trip of a TLS handshake from a reconnecting client (network + client side). */
export const HANDSHAKE_RTT_US = 30_000;

/** One pass of the event loop: per-second timers first, then one ready I/O event. */
export function loopPass(sim: Sim, fr: F<'loop_pass'>): number | null {
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
        ...NO_FIELDS,
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
export function processIncomingDco(sim: Sim, fr: F<'multi_process_incoming_dco'>): number | null {
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
      ...NO_FIELDS,
      actor: 'openvpn' as const,
      peer: d.slotPeer,
      reason: d.slotReason ?? undefined,
      dg: d.slotDatagram,
      field: 'dco_message_peer_id',
    };
    if (!inst || d.slotReason === 'USERSPACE') {
      emit(sim, {
        ...NO_FIELDS,
        ...base,
        fn: inst ? 'process_incoming_del_peer' : 'multi_process_incoming_dco',
        what: 'del_ignored',
        outcome: 'processed',
      });
      return cost(st, 5);
    }
    emit(sim, {
      ...NO_FIELDS,
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
      ...NO_FIELDS,
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

/**
 * multi_close_instance: out of the hash and m->instances first, then (for an instance that
 * finished connecting) the disconnect script's setenv_stats dump, then close_context, which
 * sends DEL_PEER unless the kernel already deleted the peer.
 */
export function closeInstance(sim: Sim, fr: F<'multi_close_instance'>): number | null {
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
      ...NO_FIELDS,
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

export function printStatus(sim: Sim, fr: F<'multi_print_status'>): number | null {
  const st = sim.st;
  if (fr.pc === 0) {
    fr.pc = 1;
    emit(sim, {
      ...NO_FIELDS,
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
export function createInstance(sim: Sim, fr: F<'multi_create_instance'>): number | null {
  const st = sim.st;
  const m = st.multi;
  const cl = st.clients[fr.client]!;
  popFrame(st, 0);
  if (cl.gen !== fr.gen || cl.phase !== 'attempting') return null;
  if (m.hashCount >= st.settings.maxClients) {
    st.counters.refused++;
    emit(sim, {
      ...NO_FIELDS,
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
    keyUs: st.nowUs,
    reapAtUs: NEVER,
  };
  m.hashCount++;
  cl.inst = id;
  schedule(st, st.nowUs + HANDSHAKE_RTT_US, { k: 'c_handshake', c: fr.client, gen: fr.gen });
  emit(sim, {
    ...NO_FIELDS,
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
export function established(sim: Sim, fr: F<'connection_established'>): number | null {
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
    inst.keyUs = st.nowUs;
    fr.pc = 1;
    emit(sim, {
      ...NO_FIELDS,
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
