import { describe, expect, it } from 'vitest';
import type { Sim } from './core.ts';
import { handleRequest } from './kernel.ts';
import { NLE_AGAIN, NLE_BUSY, NLE_NOMEM, stepRecvmsgs } from './libnl.ts';
import { broadcast, newDatagramId } from './netlinkSocket.ts';
import { pushFrame } from './frames.ts';
import { runToEnd } from './run.ts';
import { scenarioSettings } from './scenarios.ts';
import type { SimSettings } from './settings.ts';
import { createSim } from './sim.ts';
import type { CallbackName, Frame } from './state.ts';
import type { TraceEvent } from './trace.ts';
import type { VariantId } from './variants.ts';

type RecvFrame = Extract<Frame, { f: 'recvmsgs' }>;

/** A step in progress whose trace events are collected. */
type TracedSim = Sim & { out: TraceEvent[] };

function setup(variant: VariantId, cb: CallbackName, over: Partial<SimSettings> = {}): TracedSim {
  const st = createSim({ variant, peers: 8, ...over });
  st.dco.validCb = cb;
  return { st, out: [] };
}

/** The kernel deleted `peer` and multicast its DEL_PEER. */
function queueDel(sim: Sim, peer: number): number {
  const st = sim.st;
  st.kernel.peers[peer] = null;
  st.kernel.peerCount--;
  st.multi.instances[peer]!.kernelGone = true;
  const id = newDatagramId(st);
  expect(
    broadcast(sim, {
      id,
      kind: 'del',
      truesize: st.settings.truesizeBytes,
      peer,
      reason: 'EXPIRED',
      atUs: st.nowUs,
    }),
  ).toBe(true);
  return id;
}

/** Calls recvmsgs once (as nl_recvmsgs does) and steps it until it returns. */
function callRecvmsgs(sim: TracedSim): { ret: number; reads: TraceEvent[]; steps: number } {
  const st = sim.st;
  const fr: RecvFrame = { f: 'recvmsgs', pc: 0, multipart: false, depth: 1, dg: -1 };
  pushFrame(st, fr);
  const from = sim.out.length;
  let steps = 0;
  while (st.loop.stack.includes(fr)) {
    if (++steps > 10_000) throw new Error('recvmsgs never returned');
    stepRecvmsgs(sim, fr);
  }
  return { ret: st.loop.ret, reads: sim.out.slice(from), steps };
}

describe('libnl recvmsgs: one datagram per call outside a dump (ARCHITECTURE: the libnl reader)', () => {
  it('reads exactly one DEL_PEER per call when several are queued', () => {
    const sim = setup('2.6.14', 'dco_parse_peer_multi');
    queueDel(sim, 0);
    queueDel(sim, 1);
    queueDel(sim, 2);
    const r = callRecvmsgs(sim);
    expect(r.ret).toBe(0);
    expect(r.steps).toBe(1);
    expect(sim.st.sock.queue.length - sim.st.sock.head).toBe(2);
  });

  it('an empty queue gives NLE_AGAIN', () => {
    const sim = setup('2.6.14', 'ovpn_handle_msg');
    const r = callRecvmsgs(sim);
    expect(r.ret).toBe(NLE_AGAIN);
    expect(sim.st.counters.nleAgain).toBe(1);
    expect(r.reads[0]).toMatchObject({ what: 'read_error', err: 'NLE_AGAIN' });
  });

  it('a pending ENOBUFS gives NLE_NOMEM before any queued datagram', () => {
    const sim = setup('2.6.20', 'ovpn_handle_msg');
    queueDel(sim, 0);
    sim.st.sock.error = 'ENOBUFS';
    const r = callRecvmsgs(sim);
    expect(r.ret).toBe(NLE_NOMEM);
    expect(sim.st.counters.nleNomem).toBe(1);
    expect(sim.st.sock.queue.length - sim.st.sock.head).toBe(1);
  });
});

describe('libnl recvmsgs: a DEL_PEER meets whatever VALID callback is installed (ARCHITECTURE: the libnl reader)', () => {
  it('with a NULL callback the DEL_PEER is consumed and forgotten (swallowed, none)', () => {
    const sim = setup('2.6.14', null);
    const dg = queueDel(sim, 3);
    const r = callRecvmsgs(sim);
    expect(r.ret).toBe(0);
    expect(r.reads).toHaveLength(1);
    expect(r.reads[0]).toMatchObject({ what: 'read', outcome: 'swallowed', dg, peer: 3, cb: null });
    const c = sim.st.counters;
    expect(c.swallowed).toBe(1);
    expect(c.swallowedBy).toEqual({ dco_parse_peer_multi: 0, dco_parse_peer: 0, none: 1 });
    expect(c.readsBy.none).toBe(1);
    expect(sim.st.multi.instances[3]!.ghost).toBe(true);
    expect(sim.st.dco.slotType).toBeNull();
  });

  it('with dco_parse_peer_multi the DEL_PEER is skipped (NL_SKIP) and swallowed', () => {
    const sim = setup('2.6.14', 'dco_parse_peer_multi');
    queueDel(sim, 5);
    callRecvmsgs(sim);
    const c = sim.st.counters;
    expect(c.swallowedBy.dco_parse_peer_multi).toBe(1);
    expect(c.swallowedExpired).toBe(1);
    expect(sim.st.multi.instances[5]!.ghost).toBe(true);
    expect(c.ghosts).toBe(1);
  });

  it('with ovpn_handle_msg (2.6.14) the DEL_PEER is stored in the slot and not processed yet', () => {
    const sim = setup('2.6.14', 'ovpn_handle_msg');
    const dg = queueDel(sim, 4);
    const r = callRecvmsgs(sim);
    expect(r.reads[0]).toMatchObject({ outcome: 'stored', dg });
    expect(sim.st.dco).toMatchObject({ slotType: 'DEL_PEER', slotPeer: 4, slotConsumed: false });
    expect(sim.st.counters.inSlot).toBe(1);
    expect(sim.st.counters.processed).toBe(0);
  });
});

describe('libnl recvmsgs: keeps reading while a multipart reply is unfinished (ARCHITECTURE: the libnl reader)', () => {
  it('DEL_PEERs queued between dump parts are parsed by the same call, up to NLMSG_DONE', () => {
    // 160 peers at 95 per part (the default): part 1 is queued at once, part 2 and DONE on later reads
    const sim = setup('2.6.14', 'dco_parse_peer_multi', { peers: 160, maxClients: 160 });
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    queueDel(sim, 10);
    queueDel(sim, 11);
    const r = callRecvmsgs(sim);
    expect(r.ret).toBe(0);
    const reads = r.reads.filter((e) => e.what === 'read');
    expect(reads.map((e) => e.dgKind)).toEqual(['dump', 'del', 'del', 'dump', 'done']);
    expect(reads.filter((e) => e.outcome === 'swallowed')).toHaveLength(2);
    expect(sim.st.dco.status).toBe(0);
    expect(sim.st.sock.queue.length - sim.st.sock.head).toBe(0);
  });

  it('a dump part read with a NULL callback is dropped silently but still keeps the call reading', () => {
    const sim = setup('2.6.14', null, { peers: 100, maxClients: 100 });
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    const r = callRecvmsgs(sim);
    const reads = r.reads.filter((e) => e.what === 'read');
    expect(reads.map((e) => `${e.dgKind}:${e.outcome}`)).toEqual([
      'dump:skipped',
      'dump:skipped',
      'done:finished',
    ]);
  });

  it('an ERROR stops recvmsgs at once, even mid-dump, returning NLE_BUSY for EBUSY', () => {
    const sim = setup('fix-no-lock', 'ovpn_handle_msg', { peers: 200, maxClients: 200 });
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    handleRequest(sim, 'GET_PEER_DUMP', 2, -1, -1);
    const r = callRecvmsgs(sim);
    expect(r.ret).toBe(NLE_BUSY);
    const reads = r.reads.filter((e) => e.what === 'read');
    expect(reads.map((e) => e.dgKind)).toEqual(['dump', 'error']);
    expect(sim.st.dco.status).toBe(-16);
    expect(sim.st.counters.nleBusy).toBe(1);
    // the rest of the first dump is still to come
    expect(sim.st.sock.dump).not.toBeNull();
  });

  it('an ENOBUFS error reply (a dump with no room to start) returns NLE_NOMEM, as lib/error.c maps it', () => {
    const sim = setup('2.6.14', 'ovpn_handle_msg', { peers: 8 });
    const st = sim.st;
    st.sock.rmem = st.sock.rcvbuf - 2 * st.settings.truesizeBytes; // room for a reply, not a part
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    const r = callRecvmsgs(sim);
    expect(r.ret).toBe(NLE_NOMEM);
    expect(r.reads.filter((e) => e.what === 'read')).toMatchObject([
      { dgKind: 'error', outcome: 'error', err: 'NLE_NOMEM' },
    ]);
    expect(st.dco.status).toBe(-105);
    expect(st.counters.nleNomem).toBe(1);
  });
});

describe('libnl recvmsgs in scenarios', () => {
  it('seed 1: lesson on 2.6.14: each setenv_stats dump parses every DEL behind the processed one with dco_parse_peer_multi', () => {
    const trace: TraceEvent[] = [];
    runToEnd(scenarioSettings('lesson', '2.6.14'), { onTrace: (e) => trace.push(e) });
    const reqs = trace.filter((e) => e.what === 'request' && e.cmd === 'GET_PEER_DUMP');
    expect(reqs.length).toBeGreaterThan(0);
    let swallowed = 0;
    for (const r of reqs) {
      const req = trace.indexOf(r);
      const done = trace.findIndex((e, i) => i > req && e.what === 'wait_done');
      expect(r.cb).toBe('dco_parse_peer_multi');
      const inside = trace.slice(req, done).filter((e) => e.what === 'read' && e.dgKind === 'del');
      for (const e of inside)
        expect(e).toMatchObject({ cb: 'dco_parse_peer_multi', outcome: 'swallowed' });
      swallowed += inside.length;
      // each read in one recvmsgs call per datagram, at depth 1, before NLMSG_DONE
      expect(trace.slice(req, done).some((e) => e.what === 'read' && e.dgKind === 'done')).toBe(
        true,
      );
    }
    expect(swallowed).toBeGreaterThan(0);
  });

  it('seed 1: lesson on 2.6.14: dco_do_read puts ovpn_handle_msg back before its next read', () => {
    const st = runToEnd(scenarioSettings('lesson', '2.6.14')).state;
    // the request left dco_parse_peer_multi installed: nothing put it back after the last read
    expect(st.dco.validCb).toBe('dco_parse_peer_multi');
    const trace: TraceEvent[] = [];
    runToEnd(
      { ...scenarioSettings('lesson', '2.6.14'), batch: 3 },
      { onTrace: (e) => trace.push(e) },
    );
    const installs = trace.filter((e) => e.what === 'cb_install');
    expect(installs.length).toBeGreaterThan(0);
    for (const e of installs) {
      expect(e).toMatchObject({
        fn: 'dco_do_read',
        cb: 'ovpn_handle_msg',
        field: 'dco_parse_peer_multi',
      });
      const next = trace.find((x) => x.i > e.i && x.what === 'read');
      expect(next?.cb ?? next?.fn).toBe('ovpn_handle_msg');
    }
  });

  for (const [variant, seed] of [
    ['2.6.14', 2],
    ['2.6-rfc-patch', 1],
  ] as const) {
    it(`seed ${seed}: ${variant}: DELs read while a reconnecting client's NEW_PEER/NEW_KEY/SET_PEER waits are swallowed by the NULL callback`, () => {
      const trace: TraceEvent[] = [];
      const { state } = runToEnd(
        {
          ...scenarioSettings('reporter', variant),
          peers: 200,
          maxClients: 220,
          unblockAtS: 100,
          untilS: 300,
          seed,
        },
        { onTrace: (e) => trace.push(e) },
      );
      expect(state.counters.swallowedBy.none).toBeGreaterThan(0);
      let waiting: TraceEvent | null = null;
      let swallowedInConnect = 0;
      for (const e of trace) {
        if (e.what === 'request') waiting = e;
        if (e.what === 'wait_done') waiting = null;
        if (e.what === 'read' && e.dgKind === 'del' && e.cb === null) {
          expect(e.outcome).toBe('swallowed');
          expect(waiting?.cmd).toMatch(/^(NEW_PEER|NEW_KEY|SET_PEER|DEL_PEER)$/);
          swallowedInConnect++;
        }
      }
      expect(swallowedInConnect).toBe(state.counters.swallowedBy.none);
    });
  }
});
