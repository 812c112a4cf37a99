import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Sim } from './core.ts';
import { expiryTime, handleRequest, produceDumpPart } from './kernel.ts';
import { queueLength, recvmsg } from './netlinkSocket.ts';
import { runToEnd } from './run.ts';
import {
  MAX_HAND_EXPIRIES,
  formatExpire,
  parseExpire,
  validateSettings,
  type HandExpiry,
  type SimSettings,
} from './settings.ts';
import { scenarioSettings } from './scenarios.ts';
import { advanceOne, createSim } from './sim.ts';
import type { Datagram } from './state.ts';
import type { TraceEvent } from './trace.ts';

const S = 1_000_000;

function setup(over: Partial<SimSettings> = {}): Sim {
  return { st: createSim({ peers: 4, ...over }), out: [] };
}

/** A quiet storm: everyone blocked at 5 s, no reconnects, long enough for every expiry. */
function storm(over: Partial<SimSettings>): TraceEvent[] {
  const trace: TraceEvent[] = [];
  runToEnd(
    { load: 0, reconnect: false, blockAtS: 5, unblockAtS: -1, untilS: 150, ...over },
    { onTrace: (e) => trace.push(e) },
  );
  return trace;
}

function readAll(sim: Sim): Datagram[] {
  const out: Datagram[] = [];
  for (let r = recvmsg(sim, produceDumpPart); 'dg' in r; r = recvmsg(sim, produceDumpPart))
    out.push(r.dg);
  return out;
}

describe('kernel: keepalive expiry timing (ARCHITECTURE: the kernel, expiry)', () => {
  it("ovpn-dco: the timer fires at the next boundary of the granule grid, at the run's phase, after the raw timeout", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 1_000, max: 16_384_000 }),
        fc.integer({ min: -2147483648, max: 2147483647 }),
        (lastRecvUs, granuleUs, seed) => {
          const st = createSim({ peers: 1, kernel: 'ovpn-dco', granuleUs, seed });
          const ph = st.kernel.gridPhaseUs;
          expect(ph).toBeGreaterThanOrEqual(0);
          expect(ph).toBeLessThan(granuleUs);
          const raw = lastRecvUs + st.settings.keepaliveTimeoutS * S;
          const t = expiryTime(st, lastRecvUs);
          expect((t - ph) % granuleUs).toBe(0);
          expect(t).toBeGreaterThan(raw);
          expect(t).toBeLessThanOrEqual(raw + granuleUs);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("seeds 1-40: the grid phase differs from run to run (jiffies did not start at the run's zero)", () => {
    const phases = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      phases.add(createSim({ peers: 1, kernel: 'ovpn-dco', seed }).kernel.gridPhaseUs);
    }
    expect(phases.size).toBe(40);
  });

  it('mainline: the scan deletes at whole-second deadlines of its own phase', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: -2147483648, max: 2147483647 }),
        (lastRecvUs, seed) => {
          const st = createSim({ peers: 1, kernel: 'mainline', seed });
          const ph = st.kernel.scanPhaseUs;
          expect(ph).toBeGreaterThanOrEqual(0);
          expect(ph).toBeLessThan(S);
          const raw = lastRecvUs + st.settings.keepaliveTimeoutS * S;
          const t = expiryTime(st, lastRecvUs);
          expect((t - ph) % S).toBe(0);
          expect(t).toBeGreaterThanOrEqual(raw);
          expect(t).toBeLessThan(raw + S);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('seed 11: ovpn-dco with batch auto expires 200 peers in a few bursts on granule boundaries', () => {
    const granuleUs = 2_048_000;
    const over = { seed: 11, peers: 200, kernel: 'ovpn-dco', granuleUs } as const;
    const phase = createSim({ ...over, load: 0, reconnect: false }).kernel.gridPhaseUs;
    const expires = storm(over).filter((e) => e.what === 'k_expire');
    for (const e of expires) expect((e.t - phase) % granuleUs).toBe(0);
    expect(expires.reduce((a, e) => a + (e.n ?? 0), 0)).toBe(200);
    // last receive times spread over one 10 s ping interval: at most 10 / 2.048 + 1 granules
    expect(expires.length).toBeLessThanOrEqual(Math.ceil((10 * S) / granuleUs) + 1);
    expect(expires.length).toBeGreaterThan(1);
  });

  it('seed 11: mainline with batch auto expires 200 peers once per second at most, at its scan phase', () => {
    const st = createSim({ seed: 11, peers: 200, kernel: 'mainline' });
    const expires = storm({ seed: 11, peers: 200, kernel: 'mainline' }).filter(
      (e) => e.what === 'k_expire',
    );
    for (const e of expires) {
      expect((e.t - st.kernel.scanPhaseUs) % S).toBe(0);
      expect(e.fn).toBe('ovpn_peer_keepalive_work');
    }
    expect(expires.reduce((a, e) => a + (e.n ?? 0), 0)).toBe(200);
    expect(expires.length).toBeLessThanOrEqual(11);
    expect(new Set(expires.map((e) => e.t)).size).toBe(expires.length);
  });

  for (const kernel of ['ovpn-dco', 'mainline'] as const) {
    const spacing = kernel === 'mainline' ? S : 2_048_000;
    it(`seed 5: ${kernel}: batch 4 of 12 peers gives bursts of exactly 4, one ${spacing / S} s apart`, () => {
      const expires = storm({ seed: 5, peers: 12, batch: 4, kernel }).filter(
        (e) => e.what === 'k_expire',
      );
      expect(expires.map((e) => e.n)).toEqual([4, 4, 4]);
      expect(expires[1]!.t - expires[0]!.t).toBe(spacing);
      expect(expires[2]!.t - expires[1]!.t).toBe(spacing);
    });

    it(`seed 5: ${kernel}: batch 3 of 10 peers gives bursts of 3 and the remainder last`, () => {
      const expires = storm({ seed: 5, peers: 10, batch: 3, kernel }).filter(
        (e) => e.what === 'k_expire',
      );
      expect(expires.map((e) => e.n)).toEqual([3, 3, 3, 1]);
    });
  }

  for (const kernel of ['ovpn-dco', 'mainline'] as const) {
    it(`seed 5: ${kernel}: every expired peer is deleted and notified, one DEL_PEER per peer`, () => {
      const trace = storm({ seed: 5, peers: 12, batch: 4, kernel });
      const notified = trace.filter((e) => e.what === 'k_notify').map((e) => e.peer);
      expect([...notified].sort((a, b) => a! - b!)).toEqual([...Array(12).keys()]);
    });
  }

  it('seed 5: mainline notifies a burst inside the scan, microseconds apart', () => {
    const trace = storm({ seed: 5, peers: 12, batch: 4, kernel: 'mainline' });
    const first = trace.find((e) => e.what === 'k_expire')!;
    const burst = trace.filter((e) => e.what === 'k_notify' && e.t - first.t < 1_000);
    expect(burst).toHaveLength(4);
  });
});

describe('kernel: ovpn-dco delete work, grace periods and CPUs (ARCHITECTURE: kernel pacing)', () => {
  const rig = { peers: 300, batch: 300, kernel: 'ovpn-dco' } as const;

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: no DEL_PEER leaves before the grace period that follows its work's start`, () => {
      const trace = storm({ ...rig, seed, hogs: 32 });
      const gpEnds = trace.filter((e) => e.what === 'k_gp').map((e) => e.t);
      const work = new Map(trace.filter((e) => e.what === 'k_work').map((e) => [e.peer, e]));
      const tick = S / 250;
      const notes = trace.filter((e) => e.what === 'k_notify');
      expect(notes).toHaveLength(300);
      for (const n of notes) {
        const w = work.get(n.peer)!;
        expect(w.t).toBeLessThan(n.t);
        // the grace period it waits for (numbered from 1) ends after it, a tick at least later
        const end = gpEnds[w.n! - 1]!;
        expect(end - w.t).toBeGreaterThanOrEqual(tick);
        expect(n.t).toBeGreaterThanOrEqual(end);
        expect(n.cpu).toBe(w.cpu);
      }
    });
  }

  it('seed 4: on each CPU the delete work starts in the order it was queued (one bucket: peer order)', () => {
    const trace = storm({ ...rig, seed: 4 });
    const byCpu = new Map<number, number[]>();
    for (const e of trace.filter((x) => x.what === 'k_work')) {
      byCpu.set(e.cpu!, [...(byCpu.get(e.cpu!) ?? []), e.peer!]);
    }
    expect(byCpu.size).toBe(4);
    for (const peers of byCpu.values()) expect(peers).toEqual([...peers].sort((a, b) => a - b));
  });

  it('seed 6: each timer and its work run on the receive CPU its flow hashed to', () => {
    const st = createSim({ ...rig, seed: 6, rxCpus: 3, load: 0, reconnect: false });
    const trace = storm({ ...rig, seed: 6, rxCpus: 3 });
    for (const e of trace.filter((x) => x.what === 'k_work')) {
      expect(e.cpu).toBe(st.kernel.cpuOf[e.peer!]);
      expect(e.cpu).toBeLessThan(3);
    }
  });

  it('seed 7: a peer leaves the table at expiry, so the next dump omits it before any DEL_PEER', () => {
    const sim: Sim = {
      st: createSim({
        peers: 12,
        batch: 5,
        kernel: 'ovpn-dco',
        seed: 7,
        load: 0,
        blockAtS: 1,
        reconnect: false,
      }),
      out: [],
    };
    while (!sim.st.finished && !sim.out!.some((e) => e.what === 'k_expire')) {
      advanceOne(sim.st, sim.out);
    }
    expect(sim.out!.some((e) => e.what === 'k_notify')).toBe(false);
    expect(sim.st.kernel.peerCount).toBe(7);
    handleRequest(sim, 'GET_PEER_DUMP', 99, -1, -1);
    const parts = readAll(sim).filter((d) => d.kind === 'dump');
    expect(parts.reduce((a, d) => a + (d.kind === 'dump' ? d.entries : 0), 0)).toBe(7);
  });

  it('seed 7: mainline deletes a peer only when its scan notifies it', () => {
    const sim: Sim = {
      st: createSim({
        peers: 12,
        batch: 5,
        kernel: 'mainline',
        seed: 7,
        load: 0,
        blockAtS: 1,
        reconnect: false,
      }),
      out: [],
    };
    while (!sim.st.finished && !sim.out!.some((e) => e.what === 'k_expire')) {
      advanceOne(sim.st, sim.out);
    }
    expect(sim.st.kernel.peerCount).toBe(12);
  });

  it("seed 8: hogs on the receive CPUs spread a bucket's DEL_PEERs over more grace periods", () => {
    const spread = (hogs: number) => {
      const t = storm({ ...rig, seed: 8, rxCpus: 1, cpus: 4, hogs }).filter(
        (e) => e.what === 'k_notify',
      );
      return t[t.length - 1]!.t - t[0]!.t;
    };
    expect(spread(8)).toBeGreaterThan(4 * spread(0));
  });
});

describe('kernel: the rig in the reporter scenario (issue: loss varies with load and seed)', () => {
  const ghosts = (over: Partial<SimSettings>) =>
    runToEnd({ ...scenarioSettings('reporter'), variant: '2.6.14', ...over }).summary.peakGhosts;

  it('seeds 1-5: 2.6.14 leaks a different number of instances from run to run', () => {
    const counts = [1, 2, 3, 4, 5].map((seed) => ghosts({ seed }));
    expect(new Set(counts).size).toBeGreaterThanOrEqual(4);
  });

  it('seed 1: fewer instances leak with hogs on the receive CPUs than idle, fewer with 1 receive CPU than 16', () => {
    expect(ghosts({ seed: 1, hogs: 64 })).toBeLessThan(ghosts({ seed: 1, hogs: 0 }));
    expect(ghosts({ seed: 1, rxCpus: 1 })).toBeLessThan(ghosts({ seed: 1, rxCpus: 16 }));
  });
});

describe('kernel: GET_PEER dumps (ARCHITECTURE: the kernel, dumps)', () => {
  it('a second dump on the same socket while one runs is refused with EBUSY', () => {
    const sim = setup({ peers: 200 });
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    expect(sim.st.sock.dump?.req).toBe(1);
    handleRequest(sim, 'GET_PEER_DUMP', 2, -1, -1);
    const q = sim.st.sock.queue;
    const last = q[q.length - 1]!;
    expect(last).toMatchObject({ kind: 'error', errno: 'EBUSY', req: 2 });
    // the running dump is untouched
    expect(sim.st.sock.dump?.req).toBe(1);
  });

  it('after NLMSG_DONE a new dump may start', () => {
    const sim = setup({ peers: 10 });
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    readAll(sim);
    expect(sim.st.sock.dump).toBeNull();
    handleRequest(sim, 'GET_PEER_DUMP', 2, -1, -1);
    expect(sim.st.sock.queue.slice(sim.st.sock.head).map((d) => d.kind)).toEqual(['dump']);
  });

  it('a dump ends with NLMSG_DONE after ceil(peers / dumpPeersPerPart) parts covering every peer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 100 }),
        (peers, dumpPeersPerPart) => {
          const sim = setup({ peers, dumpPeersPerPart });
          handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
          const dgs = readAll(sim);
          const parts = dgs.filter((d) => d.kind === 'dump');
          expect(parts).toHaveLength(Math.ceil(peers / dumpPeersPerPart));
          expect(dgs.map((d) => d.kind)).toEqual([...parts.map(() => 'dump'), 'done']);
          let next = 0;
          for (const p of parts) {
            if (p.kind !== 'dump') continue;
            expect(p.first).toBe(next);
            expect(p.entries).toBeLessThanOrEqual(dumpPeersPerPart);
            next += p.entries;
          }
          expect(next).toBe(peers);
          expect(sim.st.sock.dump).toBeNull();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a dump of an empty peer table is NLMSG_DONE alone', () => {
    const sim = setup({ peers: 3 });
    sim.st.kernel.peers = [null, null, null];
    sim.st.kernel.peerCount = 0;
    handleRequest(sim, 'GET_PEER_DUMP', 1, -1, -1);
    expect(readAll(sim).map((d) => d.kind)).toEqual(['done']);
  });

  it('requests on a missing peer get ENOENT; NEW_PEER adds the peer and is ACKed', () => {
    const sim = setup({ peers: 2, maxClients: 4 });
    handleRequest(sim, 'SET_PEER', 1, 3, -1);
    handleRequest(sim, 'NEW_PEER', 2, 3, 7);
    handleRequest(sim, 'SET_PEER', 3, 3, 7);
    expect(sim.st.kernel.peers[3]).toMatchObject({ client: 7 });
    expect(sim.st.kernel.peerCount).toBe(3);
    const kinds = readAll(sim).map((d) => (d.kind === 'error' ? `error:${d.errno}` : d.kind));
    expect(kinds).toEqual(['error:ENOENT', 'ack', 'ack']);
    expect(queueLength(sim.st)).toBe(0);
  });
});

describe('kernel: peers expired by hand (the expire setting)', () => {
  it('parseExpire reads peer@seconds entries, sorted by time then peer, duplicates dropped', () => {
    expect(parseExpire('', 6)).toEqual([]);
    expect(parseExpire(' 3@125.5 , 0@20,3@125.5, 1@20 ', 6)).toEqual([
      { peer: 0, atUs: 20 * S },
      { peer: 1, atUs: 20 * S },
      { peer: 3, atUs: 125.5 * S },
    ]);
    expect(formatExpire(parseExpire('3@125.5,0@20', 6) as HandExpiry[])).toBe('0@20,3@125.5');
  });

  it('a bad entry, a peer out of range or too many entries is a message naming it and the allowed form', () => {
    expect(parseExpire('3@', 6)).toMatch(
      /^expire entry "3@" is not allowed: use peer@seconds .*from 0 to 5/,
    );
    expect(parseExpire('6@1', 6)).toMatch(/entry "6@1" is not allowed.*a peer from 0 to 5/);
    expect(parseExpire('1@90000', 6)).toMatch(/entry "1@90000" is not allowed/);
    expect(parseExpire('-1@3', 6)).toMatch(/entry "-1@3"/);
    const many = Array.from({ length: MAX_HAND_EXPIRIES + 1 }, (_, i) => `0@${i}`).join(',');
    expect(parseExpire(many, 6)).toMatch(/at most 64/);
    const v = validateSettings({ peers: 6, maxClients: 8, expire: '9@1' });
    expect(v.problems.map((p) => p.key)).toEqual(['expire']);
    expect(v.settings.expire).toBe('');
    expect(
      validateSettings({ peers: 6, maxClients: 8, expire: ' 2@20.50,1@3' }).settings.expire,
    ).toBe('1@3,2@20.5');
  });

  it('seed 1: peer 2 expired by hand at 20 s is deleted and notified then, and processed by 2.7', () => {
    const trace = storm({ variant: '2.7', peers: 6, maxClients: 8, batch: 6, expire: '2@20' });
    const hand = trace.findIndex((e) => e.what === 'k_expire' && e.field === 'by hand');
    expect(hand).toBeGreaterThan(-1);
    expect(trace[hand]).toMatchObject({ t: 20 * S, peer: 2, n: 1 });
    const notify = trace.find((e) => e.what === 'k_notify' && e.peer === 2)!;
    expect(notify.t).toBeGreaterThanOrEqual(20 * S);
    expect(notify.t).toBeLessThan(21 * S);
    // Peer 2 is not expired a second time by its own timer: five DEL_PEERs come later.
    const later = trace.filter((e) => e.what === 'k_notify' && e.t > 21 * S);
    expect(later.map((e) => e.peer).sort()).toEqual([0, 1, 3, 4, 5]);
  });

  it('seed 1: expiring a peer that is gone or already waiting for the worker does nothing', () => {
    const once = storm({ variant: '2.7', peers: 6, maxClients: 8, batch: 6, expire: '2@20' });
    const twice = storm({ variant: '2.7', peers: 6, maxClients: 8, batch: 6, expire: '2@20,2@30' });
    expect(twice.map((e) => [e.what, e.peer, e.t])).toEqual(once.map((e) => [e.what, e.peer, e.t]));
  });

  it('seed 1: no expire setting, the same trace as before (the setting only adds events)', () => {
    const a = runToEnd({ peers: 6, maxClients: 8, untilS: 150 }).summary.traceHash;
    const b = runToEnd({ peers: 6, maxClients: 8, untilS: 150, expire: '' }).summary.traceHash;
    expect(b).toBe(a);
    const c = runToEnd({ peers: 6, maxClients: 8, untilS: 150, expire: '1@7' }).summary.traceHash;
    expect(c).not.toBe(a);
  });
});
