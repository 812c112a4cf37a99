import { beforeAll, describe, expect, it } from 'vitest';
import { narrate } from './narrate.ts';
import { runToEnd } from './run.ts';
import { SCENARIO_NAMES, scenarioSettings } from './scenarios.ts';
import type { SimSettings } from './settings.ts';
import { createSim, step } from './sim.ts';
import { TRACE_WHATS, type TraceEvent } from './trace.ts';
import { VARIANT_IDS } from './variants.ts';

function collect(settings: Partial<SimSettings>, into: TraceEvent[]): void {
  runToEnd(settings, { onTrace: (e) => into.push(e) });
}

/**
 * A DEL_PEER for a peer whose instance is already gone: multi_process_incoming_dco finds
 * nothing to close. No scenario reaches it, so the state is prepared by hand.
 */
function delForMissingInstance(into: TraceEvent[]): void {
  const st = createSim({ ...scenarioSettings('lesson', '2.6.20'), seed: 1 });
  st.multi.instances[0] = null;
  st.multi.hashCount--;
  st.clients[0]!.inst = -1;
  while (!st.finished) into.push(...step(st));
}

const events: TraceEvent[] = [];

beforeAll(() => {
  for (const sc of SCENARIO_NAMES) {
    for (const variant of VARIANT_IDS) {
      collect(scenarioSettings(sc, variant), events);
      // the lesson again with reconnects and a short TLS lifetime, so ghosts get reaped
      if (sc === 'lesson')
        collect(
          {
            ...scenarioSettings(sc, variant),
            reconnect: true,
            renegSec: 60,
            tranWindowS: 30,
            untilS: 600,
          },
          events,
        );
    }
  }
  delForMissingInstance(events);
});

describe('narrate', () => {
  it('seed 1: the scenarios (all variants) produce every kind of trace event', () => {
    const seen = new Set(events.map((e) => e.what));
    expect([...seen].sort()).toEqual([...TRACE_WHATS].sort());
  });

  it('seed 1: every trace event narrates as a non-empty sentence with no missing fields', () => {
    const bad: string[] = [];
    for (const e of events) {
      const s = narrate(e);
      if (
        s.trim().length < 10 ||
        !/[.!?]$/.test(s) ||
        /undefined|NaN|\bnull\b|\[object|#\?/.test(s)
      )
        bad.push(`${e.what}/${e.outcome}: ${s}`);
    }
    expect([...new Set(bad)]).toEqual([]);
  });

  it('seed 1: the narration of a DEL names its peer and its fate', () => {
    const swallowed = events.find((e) => e.what === 'read' && e.outcome === 'swallowed')!;
    expect(narrate(swallowed)).toContain(`peer ${swallowed.peer}`);
    expect(narrate(swallowed)).toContain('swallowed');
    const overwritten = events.find((e) => e.what === 'read' && e.outcome === 'overwritten')!;
    expect(narrate(overwritten)).toContain(`peer ${overwritten.prevPeer}`);
    const dropped = events.find((e) => e.what === 'k_notify' && e.outcome === 'dropped')!;
    expect(narrate(dropped)).toContain('dropped');
    expect(narrate(dropped)).toContain('ENOBUFS');
  });

  it('seed 1: different outcomes of the same kind of event read differently', () => {
    const byKey = new Map<string, string>();
    for (const e of events) byKey.set(`${e.what}/${e.outcome}`, narrate(e));
    const kinds = new Map<string, Set<string>>();
    for (const [key, text] of byKey) {
      const what = key.split('/')[0]!;
      const words = text.replace(/[0-9]+/g, '#');
      if (!kinds.has(what)) kinds.set(what, new Set());
      kinds.get(what)!.add(words);
    }
    for (const what of ['read', 'k_notify', 'slot_reset', 'wait_done', 'c_attempt']) {
      const outcomes = [...byKey.keys()].filter((k) => k.startsWith(`${what}/`)).length;
      expect(outcomes, what).toBeGreaterThan(1);
      expect(kinds.get(what)!.size, what).toBe(outcomes);
    }
  });
});
