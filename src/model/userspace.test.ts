/**
 * multi_context: refusals for max-clients, peer-id assignment, ghosts and their TLS reap.
 */
import { describe, expect, it } from 'vitest';
import { createSim, step } from './sim.ts';
import type { SimSettings } from './settings.ts';
import type { Instance, SimState } from './state.ts';
import type { TraceEvent } from './trace.ts';

/** Steps a run to the end, calling `check(before, after-state, events)` after every step. */
function drive(
  settings: Partial<SimSettings>,
  check: (before: Snapshot, st: SimState, out: TraceEvent[]) => void,
): SimState {
  const st = createSim(settings);
  while (!st.finished) {
    const before = snapshot(st);
    const out = step(st);
    check(before, st, out);
  }
  return st;
}

interface Snapshot {
  lowestFree: number;
  instances: (Instance | null)[];
  nowUs: number;
}

function snapshot(st: SimState): Snapshot {
  const lowestFree = st.multi.instances.findIndex((i) => i === null);
  return {
    lowestFree,
    instances: st.multi.instances.map((i) => (i ? { ...i } : null)),
    nowUs: st.nowUs,
  };
}

/** Max-clients lockout: 30 clients, room for 30, ghosts left by 2.6.14 / 2.7-prefix. */
const LOCKOUT: Partial<SimSettings> = {
  peers: 30,
  maxClients: 30,
  load: 0.9,
  blockAtS: 5,
  unblockAtS: 150,
  untilS: 1500,
};

/** Short TLS lifetime so ghosts get reaped within the run. */
const REAP: Partial<SimSettings> = {
  peers: 30,
  maxClients: 32,
  load: 0.5,
  blockAtS: 5,
  unblockAtS: 150,
  untilS: 900,
  renegSec: 120,
  tranWindowS: 60,
};

describe('multi_create_instance: refused only while the hash is full (ARCHITECTURE: multi_context)', () => {
  for (const variant of ['2.6.14', '2.7-prefix'] as const) {
    it(`seed 1: ${variant}: every refusal sees max-clients entries, every creation fewer`, () => {
      let refusals = 0;
      const st = drive({ ...LOCKOUT, variant, seed: 1 }, (before, st, out) => {
        for (const e of out) {
          if (e.what === 'refuse') {
            refusals++;
            expect(e.n).toBeGreaterThanOrEqual(st.settings.maxClients);
            expect(st.multi.hashCount).toBe(e.n);
          }
          if (e.what === 'create') expect(e.n).toBeLessThanOrEqual(st.settings.maxClients);
        }
      });
      expect(refusals).toBeGreaterThan(0);
      expect(st.counters.refused).toBe(refusals);
      // the ghosts hold the slots: without them every client would have a place
      expect(st.counters.ghosts).toBeGreaterThan(0);
      expect(st.multi.hashCount).toBe(st.settings.maxClients);
    });
  }

  it('seed 1: 2.6.20 loses no DEL, so every client finds a slot and nobody is refused', () => {
    const st = drive({ ...LOCKOUT, variant: '2.6.20', seed: 1 }, () => {});
    expect(st.counters.refused).toBe(0);
    expect(st.counters.reconnected).toBe(LOCKOUT.peers);
  });

  it('seed 1: the hash count always equals the instances present and never exceeds max-clients', () => {
    drive({ ...LOCKOUT, variant: '2.6.14', seed: 1 }, (_b, st) => {
      const present = st.multi.instances.filter((i) => i !== null).length;
      expect(st.multi.hashCount).toBe(present);
      expect(present).toBeLessThanOrEqual(st.settings.maxClients);
    });
  });
});

describe('multi_assign_peer_id: the lowest free slot (ARCHITECTURE: multi_context)', () => {
  for (const variant of ['2.6.14', '2.6.20'] as const) {
    for (const seed of [1, 2]) {
      it(`seed ${seed}: ${variant}: every new instance takes the lowest free peer id`, () => {
        let creates = 0;
        drive({ ...REAP, variant, seed }, (before, _st, out) => {
          for (const e of out) {
            if (e.what !== 'create') continue;
            creates++;
            expect(e.peer).toBe(before.lowestFree);
          }
        });
        expect(creates).toBeGreaterThan(0);
      });
    }
  }

  it('seed 1: 2.6.14: a ghost keeps its peer id until it is reaped', () => {
    drive({ ...LOCKOUT, variant: '2.6.14', seed: 1 }, (before, _st, out) => {
      for (const e of out) {
        if (e.what !== 'create') continue;
        const prev = before.instances[e.peer!];
        expect(prev).toBeNull();
      }
    });
  });
});

describe('ghosts and the TLS reap (reneg-sec + tran-window)', () => {
  for (const variant of ['2.6.14', '2.7-prefix'] as const) {
    for (const seed of [1, 2]) {
      it(`seed ${seed}: ${variant}: each ghost is reaped at or after its reapAtUs, and only ghosts are reaped`, () => {
        let reaps = 0;
        // ghosts that had to wait for their reap time (made before reapAtUs)
        let waited = 0;
        const st = drive({ ...REAP, variant, seed }, (before, st, out) => {
          for (const inst of st.multi.instances) {
            if (inst?.ghost && !before.instances[inst.id]?.ghost && inst.reapAtUs > st.nowUs)
              waited++;
          }
          for (const e of out) {
            if (e.what !== 'reap') continue;
            reaps++;
            const inst = before.instances[e.peer!]!;
            expect(inst.ghost).toBe(true);
            expect(st.nowUs).toBeGreaterThanOrEqual(inst.reapAtUs);
          }
          // a ghost vanishes only in a step that reaps it
          for (const inst of before.instances) {
            if (!inst?.ghost) continue;
            const now = st.multi.instances[inst.id];
            if (now && now.createdUs === inst.createdUs) continue;
            expect(
              out.some((e) => e.what === 'close' && e.peer === inst.id && e.field === 'ghost'),
            ).toBe(true);
            expect(st.nowUs).toBeGreaterThanOrEqual(inst.reapAtUs);
          }
        });
        const c = st.counters;
        expect(c.ghostsCreated).toBeGreaterThan(0);
        expect(reaps).toBe(c.reapedByTls);
        expect(c.ghosts).toBe(c.ghostsCreated - c.reapedByTls);
        // with reneg-sec 120 + tran-window 60 every ghost is gone long before the end
        expect(c.ghosts).toBe(0);
        expect(waited).toBeGreaterThan(0);
      });
    }
  }

  it('seed 1: 2.6.14: a reaped ghost frees its slot for a reconnecting client', () => {
    const st = drive({ ...REAP, maxClients: 30, variant: '2.6.14', seed: 1 }, () => {});
    expect(st.counters.reapedByTls).toBeGreaterThan(0);
    expect(st.counters.reconnected).toBe(30);
    expect(st.clients.every((c) => c.phase === 'connected')).toBe(true);
  });

  it('seed 1: 2.6.14 with the default 3600 s + 3600 s: ghosts outlive a 1500 s run', () => {
    const st = drive({ ...LOCKOUT, variant: '2.6.14', seed: 1 }, () => {});
    expect(st.counters.ghosts).toBeGreaterThan(0);
    expect(st.counters.reapedByTls).toBe(0);
  });
});
