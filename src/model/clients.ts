/**
 * Clients and the firewall. A blocked client's ping-restart fires one pushed ping-restart
 * after the last server ping it heard; it then retries after 1 s, doubling after 5 failures
 * up to 300 s. An attempt fails silently (blocked, or refused for max-clients) and times out
 * after the 60 s hand-window. Reaching a server with a free slot, it connects.
 */
import { emit, pokeLoop, schedule, type Sim } from './core.ts';
import { armExpiries, disarmExpiries } from './kernel.ts';
import { uniform } from './rng.ts';
import { NO_FIELDS } from './trace.ts';

const S = 1_000_000;
export const HAND_WINDOW_US = 60 * S;

export function backoffUs(failures: number): number {
  return failures <= 5 ? S : Math.min(300, 2 ** (failures - 5)) * S;
}

export function onBlock(sim: Sim): void {
  const st = sim.st;
  st.firewallBlocked = true;
  emit(sim, {
    ...NO_FIELDS,
    actor: 'firewall',
    fn: 'iptables',
    what: 'fw_block',
    outcome: 'info',
    n: st.clients.length,
  });
  const ping = st.settings.pingIntervalS * S;
  st.clients.forEach((cl, c) => {
    if (cl.phase !== 'connected') return;
    const lastPing = st.nowUs - Math.floor(uniform(st.rng) * ping);
    schedule(st, lastPing + st.settings.pingRestartS * S, { k: 'c_restart', c });
  });
  armExpiries(sim);
}

export function onUnblock(sim: Sim): void {
  const st = sim.st;
  st.firewallBlocked = false;
  emit(sim, {
    ...NO_FIELDS,
    actor: 'firewall',
    fn: 'iptables',
    what: 'fw_unblock',
    outcome: 'info',
  });
  disarmExpiries(st);
}

export function onRestart(sim: Sim, c: number): void {
  const st = sim.st;
  const cl = st.clients[c]!;
  if (cl.phase !== 'connected' || !st.firewallBlocked) return;
  cl.phase = 'down';
  cl.inst = -1;
  cl.gen++;
  emit(sim, {
    ...NO_FIELDS,
    actor: 'client',
    fn: 'trigger_ping_timeout_signal',
    what: 'c_restart',
    outcome: 'info',
    client: c,
  });
  if (st.settings.reconnect) {
    cl.phase = 'waiting';
    schedule(st, st.nowUs + S, { k: 'c_attempt', c, gen: cl.gen });
  }
}

export function onAttempt(sim: Sim, c: number, gen: number): void {
  const st = sim.st;
  const cl = st.clients[c]!;
  if (cl.gen !== gen || cl.phase !== 'waiting') return;
  cl.phase = 'attempting';
  st.counters.reconnectAttempts++;
  schedule(st, st.nowUs + HAND_WINDOW_US, { k: 'c_timeout', c, gen });
  if (!st.firewallBlocked) {
    st.loop.udpQ.push({ client: c, gen, kind: 'initial' });
    pokeLoop(sim);
  }
  emit(sim, {
    ...NO_FIELDS,
    actor: 'client',
    fn: 'socket_restart_pause',
    what: 'c_attempt',
    outcome: st.firewallBlocked ? 'blocked' : 'queued',
    client: c,
    n: cl.failures,
  });
}

export function onHandshake(sim: Sim, c: number, gen: number): void {
  const st = sim.st;
  const cl = st.clients[c]!;
  if (cl.gen !== gen || cl.phase !== 'attempting' || cl.inst < 0) return;
  cl.phase = 'handshaking';
  st.loop.udpQ.push({ client: c, gen, kind: 'established' });
  pokeLoop(sim);
}

export function onTimeout(sim: Sim, c: number, gen: number): void {
  const st = sim.st;
  const cl = st.clients[c]!;
  if (cl.gen !== gen || (cl.phase !== 'attempting' && cl.phase !== 'handshaking')) return;
  cl.failures++;
  cl.gen++;
  cl.phase = 'waiting';
  emit(sim, {
    ...NO_FIELDS,
    actor: 'client',
    fn: 'tls_multi_process',
    what: 'c_timeout',
    outcome: 'failed',
    client: c,
    n: cl.failures,
  });
  schedule(st, st.nowUs + backoffUs(cl.failures), { k: 'c_attempt', c, gen: cl.gen });
}
