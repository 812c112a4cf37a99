/**
 * The userspace event loop's scheduling: one thread that sleeps in epoll until something is
 * ready, wakes after a scheduling delay, and runs frames one action at a time, each action
 * costing CPU time. After a slice of CPU time the process waits for the CPU again (load).
 */
import { cost, emit, scheduleLoop, sliceDelay, type Sim } from './core.ts';
import { isReadable } from './netlinkSocket.ts';
import { stepFrame } from './userspace.ts';
import type { SimState } from './state.ts';
import { NO_FIELDS } from './trace.ts';

/** Bound on silent frame transitions in one step: a model bug, never a real behaviour. */
const SILENT_GUARD = 10_000;

function somethingReady(st: SimState): boolean {
  const l = st.loop;
  return (
    isReadable(st) || l.udpHead < l.udpQ.length || st.multi.statusDue || st.multi.reapDue.length > 0
  );
}

/** What a wake reports as ready, by bit mask (1 DCO, 2 UDP, 4 status), e.g. "DCO_READ,status". */
const READY_NAMES = ['DCO_READ', 'SOCKET_READ', 'status'];
const READY_LISTS = Array.from({ length: 8 }, (_, mask) =>
  READY_NAMES.filter((_, bit) => mask & (1 << bit)).join(','),
);

/** epoll returned: note what is ready now and start a pass. */
export function onWake(sim: Sim): void {
  const st = sim.st;
  const l = st.loop;
  if (st.exited) return;
  if (!somethingReady(st)) {
    l.phase = 'idle';
    return;
  }
  l.phase = 'running';
  const dcoReady = isReadable(st);
  const udpReady = l.udpHead < l.udpQ.length;
  l.stack.push({ f: 'loop_pass', pc: 0, dcoReady, udpReady });
  emit(sim, {
    ...NO_FIELDS,
    actor: 'openvpn',
    fn: st.variant.kernel === 'mainline' ? 'multi_io_process_io' : 'multi_process_io_udp',
    what: 'loop_wake',
    outcome: 'info',
    n: st.sock.queue.length - st.sock.head,
    field: READY_LISTS[(dcoReady ? 1 : 0) | (udpReady ? 2 : 0) | (st.multi.statusDue ? 4 : 0)],
  });
  advance(st, cost(st, 2));
}

/** Schedule the next userspace action `c` microseconds of CPU from now. */
function advance(st: SimState, c: number): void {
  const l = st.loop;
  l.cpuUs += c;
  let t = st.nowUs + c;
  if (l.cpuUs >= st.kernel.sliceUs) {
    l.cpuUs = 0;
    t += sliceDelay(st);
  }
  if (l.stack.length > 0) {
    scheduleLoop(st, t, 'us');
  } else if (somethingReady(st) && !st.exited) {
    l.phase = 'woken';
    scheduleLoop(st, t, 'wake');
  } else {
    l.phase = 'idle';
    l.cpuUs = 0;
  }
}

/** Run silent frame transitions until one action takes time, then schedule the next. */
export function onUserspace(sim: Sim): void {
  const st = sim.st;
  for (let i = 0; i < SILENT_GUARD; i++) {
    const top = st.loop.stack[st.loop.stack.length - 1];
    if (!top) {
      advance(st, 0);
      return;
    }
    const c = stepFrame(sim, top);
    if (c !== null) {
      advance(st, c);
      return;
    }
  }
  throw new Error(`model bug: ${SILENT_GUARD} silent frame steps at t=${st.nowUs}`);
}
