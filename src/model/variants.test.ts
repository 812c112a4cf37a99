import { describe, expect, it } from 'vitest';
import { runToEnd } from './run.ts';
import { scenarioSettings } from './scenarios.ts';
import type { SimSettings } from './settings.ts';
import type { SimState } from './state.ts';
import type { TraceEvent } from './trace.ts';
import { VARIANTS, VARIANT_IDS, type VariantId } from './variants.ts';

function run(settings: Partial<SimSettings>): { st: SimState; trace: TraceEvent[] } {
  const trace: TraceEvent[] = [];
  const { state } = runToEnd(settings, { onTrace: (e) => trace.push(e) });
  return { st: state, trace };
}

function lesson(variant: VariantId, seed: number) {
  return run({ ...scenarioSettings('lesson', variant), seed });
}

/** Nothing lost: every emitted DEL was queued and processed, no ghosts. */
function expectNothingLost(st: SimState): void {
  const c = st.counters;
  expect(c.dropped).toBe(0);
  expect(c.swallowed + c.overwritten + c.wiped).toBe(0);
  expect(c.processed).toBe(c.emitted);
  expect(c.ghosts).toBe(0);
  expect(st.exited).toBeNull();
}

describe('variants are mechanism flags only', () => {
  it('each variant differs from every other in at least one mechanism flag or kernel', () => {
    const key = (id: VariantId) => {
      const v = VARIANTS[id];
      return `${v.callbackPerRequest}/${v.processInCallback}/${v.lock}/${v.kernel}/${v.readFn}`;
    };
    const keys = VARIANT_IDS.filter((id) => id !== '2.6.20').map(key);
    // 2.6.20 and 2.7 share every mechanism and differ only in the kernel they ship with
    expect(new Set(keys).size).toBe(keys.length);
    expect(key('2.6.20')).not.toBe(key('2.7'));
  });
});

describe('lesson scenario: 6 peers in one timer bucket at idle load', () => {
  const n = scenarioSettings('lesson').peers!;

  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: 2.6.14: each processed DEL's setenv_stats dump swallows every DEL queued ahead of its NLMSG_DONE`, () => {
      const { st, trace } = lesson('2.6.14', seed);
      const c = st.counters;
      expect(c.emitted).toBe(n);
      const takes = trace.filter((e) => e.what === 'slot_take');
      expect(takes).toHaveLength(c.processed);
      let behind = 0;
      for (const taken of takes) {
        // the dump that multi_close_instance -> setenv_stats starts, and its NLMSG_DONE
        const close = trace.find((e) => e.i > taken.i && e.what === 'close')!;
        const req = trace.find((e) => e.i > close.i && e.what === 'request')!;
        expect(req).toMatchObject({ fn: 'dco_get_peer_stats_multi', cmd: 'GET_PEER_DUMP' });
        const done = trace.find(
          (e) => e.i > req.i && e.what === 'k_dump_part' && e.dgKind === 'done',
        )!;
        behind += trace.filter(
          (e) =>
            e.what === 'k_notify' &&
            e.outcome === 'queued' &&
            e.dg! > taken.dg! &&
            e.dg! < done.dg!,
        ).length;
      }
      expect(c.swallowedBy.dco_parse_peer_multi).toBe(behind);
      expect(c.swallowed).toBe(behind);
      expect(c.processed + c.swallowed).toBe(n);
      expect(c.swallowed).toBeGreaterThan(0);
      expect(c.ghosts).toBe(c.swallowed);
      expect(c.swallowedExpired).toBe(c.swallowed);
    });
  }

  it("seed 1: 2.6.14 matches the story: the 6 DEL_PEERs leave at one grace period's end; 1 processed, 5 swallowed with dco_parse_peer_multi", () => {
    const { st, trace } = lesson('2.6.14', 1);
    expect(trace.filter((e) => e.what === 'k_gp').map((e) => e.n)).toEqual([6]);
    expect(st.counters.processed).toBe(1);
    expect(st.counters.swallowedBy).toEqual({
      dco_parse_peer_multi: 5,
      dco_parse_peer: 0,
      none: 0,
    });
  });

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 2.7-prefix processes 1; the dump writes the rest into the slot, each overwriting the last, and the reset wipes the final one`, () => {
      const { st, trace } = lesson('2.7-prefix', seed);
      const c = st.counters;
      expect(c.processed).toBe(1);
      expect(c.swallowed).toBe(0);
      // n - 1 DELs land in the slot during the dump: the first is stored, n - 2 overwrite
      expect(c.overwritten).toBe(n - 2);
      expect(c.wiped).toBe(1);
      expect(c.ghosts).toBe(n - 1);
      const writes = trace.filter((e) => e.what === 'read' && e.dgKind === 'del');
      const inDump = writes.slice(1);
      expect(inDump[0]!.outcome).toBe('stored');
      for (let i = 1; i < inDump.length; i++) {
        expect(inDump[i]).toMatchObject({ outcome: 'overwritten', prevPeer: inDump[i - 1]!.peer });
      }
      const reset = trace.filter((e) => e.what === 'slot_reset' && e.outcome === 'wiped');
      expect(reset).toHaveLength(1);
      expect(reset[0]!.peer).toBe(inDump[inDump.length - 1]!.peer);
    });
  }

  for (const variant of ['2.6-rfc-patch', '2.6.20', '2.7'] as const) {
    it(`seed 1: ${variant} processes every DEL and skips every in-callback stats dump under the lock`, () => {
      const { st, trace } = lesson(variant, 1);
      expectNothingLost(st);
      expect(st.counters.processed).toBe(n);
      expect(st.counters.statsSkippedLocked).toBe(st.counters.processed);
      expect(trace.filter((e) => e.what === 'request' && e.cmd === 'GET_PEER_DUMP')).toHaveLength(
        0,
      );
    });
  }

  it('seed 1: fix-no-lock processes every DEL, each one queued behind another read a level deeper inside its dump', () => {
    const { st, trace } = lesson('fix-no-lock', 1);
    expectNothingLost(st);
    expect(st.counters.statsSkippedLocked).toBe(0);
    const depths = trace
      .filter((e) => e.what === 'read' && e.dgKind === 'del')
      .map((e) => e.depth!);
    // a DEL read while the previous one's dump runs is one level deeper; one that comes after
    // the dump ended starts again at the top
    depths.forEach((d, i) => expect([1, (depths[i - 1] ?? 0) + 1]).toContain(d));
    expect(Math.max(...depths)).toBeGreaterThanOrEqual(3);
  });
});

describe('why-the-lock scenario: fix-no-lock', () => {
  it('seed 1: nested reads, EBUSY for dumps refused while one runs, and still nothing lost', () => {
    const { st, trace } = run(scenarioSettings('why-the-lock', 'fix-no-lock'));
    expectNothingLost(st);
    expect(st.counters.maxReadDepth).toBeGreaterThan(1);
    expect(st.counters.nleBusy).toBeGreaterThan(0);
    const busy = trace.filter((e) => e.what === 'read' && e.err === 'NLE_BUSY');
    expect(busy).toHaveLength(st.counters.nleBusy);
    // every EBUSY answers a dump requested while another dump on the socket had not ended
    let running = 0;
    let refused = 0;
    for (const e of trace) {
      if (e.what === 'request' && e.cmd === 'GET_PEER_DUMP' && running > 0) refused++;
      if (e.what === 'k_dump_part' && e.dgKind === 'dump' && e.n !== undefined) running = 1;
      if (e.what === 'k_dump_part' && e.dgKind === 'done') running = 0;
    }
    expect(refused).toBe(st.counters.nleBusy);
  });

  it('seed 1: 2.6.20 drains the same storm at depth 1 without NLE_BUSY', () => {
    const { st } = run(scenarioSettings('why-the-lock', '2.6.20'));
    expectNothingLost(st);
    expect(st.counters.maxReadDepth).toBe(1);
    expect(st.counters.nleBusy).toBe(0);
  });
});

describe('status-dump scenario: the RFC patch still swallows in the status dump', () => {
  it('seed 1: 2.6-rfc-patch loses DELs only inside multi_print_status dumps', () => {
    const { st, trace } = run(scenarioSettings('status-dump', '2.6-rfc-patch'));
    const c = st.counters;
    expect(st.settings.statusIntervalS).toBeGreaterThan(0);
    expect(c.swallowedBy.dco_parse_peer_multi).toBeGreaterThan(0);
    expect(c.swallowed).toBe(c.swallowedBy.dco_parse_peer_multi);
    expect(c.overwritten + c.wiped + c.dropped).toBe(0);
    let inStatus = false;
    for (const e of trace) {
      if (e.what === 'status_dump') inStatus = true;
      if (e.what === 'wait_done') inStatus = false;
      if (e.what === 'read' && e.outcome === 'swallowed') expect(inStatus).toBe(true);
    }
    expect(c.ghosts).toBe(c.swallowed);
  });

  it('seed 1: 2.6-rfc-patch without --status (interval 0) loses nothing in the same storm', () => {
    const { st } = run({ ...scenarioSettings('status-dump', '2.6-rfc-patch'), statusIntervalS: 0 });
    expectNothingLost(st);
  });

  it('seed 1: 2.6.20 processes the DELs its status dumps read, losing none', () => {
    const { st } = run(scenarioSettings('status-dump', '2.6.20'));
    expectNothingLost(st);
  });
});

describe('overflow scenario: a burst larger than the receive buffer', () => {
  for (const variant of VARIANT_IDS) {
    it(`seed 1: ${variant} drops notifications and exits on NLE_NOMEM`, () => {
      const { st, trace } = run(scenarioSettings('overflow', variant));
      expect(st.counters.dropped).toBeGreaterThan(0);
      expect(st.counters.nleNomem).toBe(1);
      expect(st.exited).not.toBeNull();
      expect(st.exited!.reason).toMatch(/NLE_NOMEM/);
      const firstDrop = trace.find((e) => e.what === 'k_notify' && e.outcome === 'dropped')!;
      const exit = trace.find((e) => e.what === 'exit')!;
      expect(exit).toMatchObject({ err: 'NLE_NOMEM', t: st.exited!.atUs });
      expect(exit.i).toBeGreaterThan(firstDrop.i);
      // the exit is the last event: the process is gone
      expect(trace[trace.length - 1]).toBe(exit);
    });
  }
});
