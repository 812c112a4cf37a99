import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  MAX_RUN_EVENTS,
  resolveSettings,
  runToEnd,
  scenarioSettings,
  type SimSettings,
  type TraceEvent,
  type VariantId,
} from '../model/index.ts';
import { LOSS_OUTCOMES, PairTimeline, downsample, sameEvent } from './pairTimeline.ts';

function pairOf(
  base: Partial<SimSettings>,
  a: VariantId,
  b: VariantId,
): [SimSettings, SimSettings] {
  return [resolveSettings({ ...base, variant: a }), resolveSettings({ ...base, variant: b })];
}

const LESSON = pairOf(scenarioSettings('lesson'), '2.6.14', '2.6.20');
/** A small default-like run: a few thousand events, several checkpoints apart. */
function small(seed: number): [SimSettings, SimSettings] {
  return pairOf(
    { ...DEFAULT_SETTINGS, seed, peers: 48, maxClients: 48, untilS: 200 },
    '2.6.14',
    '2.6.20',
  );
}

function stateJson(p: PairTimeline): string {
  return JSON.stringify([p.lanePositions, p.laneState(0), p.laneState(1)]);
}

/** The whole trace of one lane, from a plain Node run of the model. */
function nodeTrace(s: SimSettings): TraceEvent[] {
  const out: TraceEvent[] = [];
  runToEnd(s, { onTrace: (e) => out.push(e) });
  return out;
}

describe('PairTimeline stepping', () => {
  for (const seed of [1, 7, 42]) {
    it(`steps forward N events then back N and restores JSON-identical lane states (seed ${seed})`, () => {
      // a small checkpoint interval makes stepping back restore and replay across checkpoints
      const p = new PairTimeline(...small(seed), { checkpointEvery: 97 });
      const seen: string[] = [stateJson(p)];
      const N = 400;
      for (let k = 0; k < N; k++) {
        expect(p.stepEvent(1)).toBe(true);
        seen.push(stateJson(p));
      }
      for (let k = N - 1; k >= 0; k--) {
        expect(p.stepEvent(-1)).toBe(true);
        expect(stateJson(p)).toBe(seen[k]);
      }
      expect(p.position).toBe(0);
      expect(p.stepEvent(-1)).toBe(false);
    });
  }

  it('steps the lesson to its end and back to 0, state for state (seed 1)', () => {
    const p = new PairTimeline(...LESSON);
    const seen: string[] = [stateJson(p)];
    while (p.stepEvent(1)) seen.push(stateJson(p));
    expect(p.complete).toBe(true);
    expect(p.position).toBe(p.length);
    expect(p.laneState(0).finished && p.laneState(1).finished).toBe(true);
    for (let k = seen.length - 2; k >= 0; k--) {
      p.stepEvent(-1);
      expect(stateJson(p)).toBe(seen[k]);
    }
  });

  it('seek(p) gives the state reached by stepping from 0 to p (seed 7)', () => {
    const stepped = new PairTimeline(...small(7));
    const byPosition = new Map<number, string>([[0, stateJson(stepped)]]);
    for (let k = 0; k < 1500 && stepped.stepEvent(1); k++) {
      byPosition.set(stepped.position, stateJson(stepped));
    }
    const positions = [...byPosition.keys()];
    const p = new PairTimeline(...small(7), { checkpointEvery: 211 });
    // forward and backward seeks, in a scrambled order
    const order = positions.filter((_, i) => i % 37 === 0);
    order.push(...[...order].reverse(), positions.at(-1)!, 0, positions[positions.length >> 1]!);
    for (const pos of order) {
      p.seek(pos);
      expect(p.position).toBe(pos);
      expect(stateJson(p)).toBe(byPosition.get(pos));
    }
    // a position inside a multi-event step rounds up to the end of that step
    for (let i = 1; i < positions.length; i++) {
      if (positions[i]! - positions[i - 1]! > 1) {
        p.seek(positions[i - 1]! + 1);
        expect(p.position).toBe(positions[i]);
        expect(stateJson(p)).toBe(byPosition.get(positions[i]!));
        break;
      }
    }
  });

  it('orders the merged sequence by (time, lane, index) and covers both whole traces', () => {
    const [a, b] = small(3);
    const p = new PairTimeline(a, b);
    const applied: [number, number, number][] = [];
    while (p.stepEvent(1)) {
      for (const lane of [0, 1] as const) {
        // the lane that moved is the one whose last step ends at its position
        const ev = p.lastStepEvents(lane);
        const last = ev.at(-1);
        if (
          last &&
          last.i === p.lanePositions[lane] - 1 &&
          !applied.some((x) => x[1] === lane && x[2] === last.i)
        ) {
          for (const e of ev) applied.push([e.t, lane, e.i]);
        }
      }
    }
    const ta = nodeTrace(a);
    const tb = nodeTrace(b);
    expect(applied.length).toBe(ta.length + tb.length);
    for (let k = 1; k < applied.length; k++) {
      const [t0, l0, i0] = applied[k - 1]!;
      const [t1, l1, i1] = applied[k]!;
      const ordered = t0 < t1 || (t0 === t1 && (l0 < l1 || (l0 === l1 && i0 < i1)));
      expect(ordered, `merged event ${k}`).toBe(true);
    }
    expect(p.length).toBe(ta.length + tb.length);
  });

  it('steps by read cycle to just after the next loop_wake of either lane, and back', () => {
    const p = new PairTimeline(...small(5));
    const wakes: number[] = [];
    for (let k = 0; k < 20 && p.stepCycle(1); k++) {
      const last = [...p.lastStepEvents(0), ...p.lastStepEvents(1)];
      expect(last.some((e) => e.what === 'loop_wake')).toBe(true);
      wakes.push(p.position);
    }
    expect(wakes.length).toBe(20);
    // nothing in between: stepping by events from one wake position meets a wake at the next
    p.seek(wakes[3]!);
    let hit = false;
    while (!hit) {
      p.stepEvent(1);
      const before = p.position;
      hit = before === wakes[4];
      expect(before).toBeLessThanOrEqual(wakes[4]!);
    }
    p.seek(wakes[19]!);
    for (let k = 18; k >= 0; k--) {
      p.stepCycle(-1);
      expect(p.position).toBe(wakes[k]);
    }
    p.stepCycle(-1);
    expect(p.position).toBe(0);
  });
});

describe("the pair's moment (what a settings change keeps)", () => {
  for (const align of ['notification', 'time'] as const) {
    it(`lesson seed 1, ${align}: a time target at the moment shown lands on the same place`, () => {
      const ref = new PairTimeline(...LESSON, { align });
      ref.completeNow();
      const there = new PairTimeline(...LESSON, { align });
      for (let p = 0; p <= ref.length!; p += 7) {
        ref.seek(p);
        there.seekTime(ref.momentUs);
        expect(there.momentUs).toBe(ref.momentUs);
        expect(there.position).toBeGreaterThanOrEqual(ref.position);
        // Only events at that very moment may come with it.
        for (const l of [0, 1] as const) {
          const extra = there.laneTrace(l).slice(ref.lanePositions[l], there.lanePositions[l]);
          expect(extra.every((e) => e.t === extra[0]!.t)).toBe(true);
        }
      }
    });
  }
});

describe('paced steps that stop at a loss', () => {
  it('lesson seed 1: a paced step asked to stop at a loss stops right after the first one', () => {
    const pair = new PairTimeline(...LESSON);
    const r = pair.stepPaced(1e9, 100_000, true);
    expect(r.lost).toBe(true);
    const events = [0, 1].flatMap((l) => pair.lastStepEvents(l as 0 | 1));
    expect(events.some((e) => LOSS_OUTCOMES.has(e.outcome))).toBe(true);
    // It is the run's first loss: the marker of the first loss is where the pair stopped.
    const first = pair.markers().find((m) => m.kind === 'first-loss');
    expect(first?.position).toBe(pair.position);
    // The same budget without stopping goes on to the end.
    const free = new PairTimeline(...LESSON);
    const all = free.stepPaced(1e9, 100_000);
    expect(all.lost).toBe(false);
    expect(free.position).toBeGreaterThan(pair.position);
  });
});

describe('PairTimeline aligned by notification', () => {
  it('steps the lesson to its end and back to 0, state for state (seed 1)', () => {
    const p = new PairTimeline(...LESSON, { align: 'notification' });
    const seen: string[] = [stateJson(p)];
    while (p.stepEvent(1)) seen.push(stateJson(p));
    expect(p.position).toBe(p.length);
    for (let k = seen.length - 2; k >= 0; k--) {
      p.stepEvent(-1);
      expect(stateJson(p)).toBe(seen[k]);
    }
  });

  it("seek(p) gives the state reached by stepping; time targets are lane A's time (seed 7)", () => {
    const stepped = new PairTimeline(...small(7), { align: 'notification' });
    const byPosition = new Map<number, string>([[0, stateJson(stepped)]]);
    while (stepped.stepEvent(1)) byPosition.set(stepped.position, stateJson(stepped));
    const positions = [...byPosition.keys()];
    const p = new PairTimeline(...small(7), { align: 'notification', checkpointEvery: 211 });
    const order = positions.filter((_, i) => i % 41 === 0);
    order.push(...[...order].reverse(), positions.at(-1)!, 0);
    for (const pos of order) {
      p.seek(pos);
      expect(stateJson(p)).toBe(byPosition.get(pos));
    }
    // a time target lands on a rest of the aligned order, lane A just past that time
    const t = p.laneTrace(0)[Math.floor(p.laneLength(0)! / 2)]!.t;
    p.seekTime(t);
    expect(byPosition.has(p.position)).toBe(true);
    const [a] = p.lanePositions;
    expect(p.laneTrace(0)[a - 1]!.t).toBeLessThanOrEqual(t);
    if (a < p.laneLength(0)!) expect(p.laneTrace(0)[a]!.t).toBeGreaterThan(t);
  });

  it('gives the same markers and loss jumps landing on the marked events, in its own order (lesson)', () => {
    const p = new PairTimeline(...LESSON, { align: 'notification' });
    expect(p.markers()).toEqual([]); // positions exist once both runs are known
    p.completeNow();
    // the same markers; a divergence is marked in whichever lane's differing event comes
    // first in the merge order, so only its kind is compared
    const key = (m: { kind: string; lane: number }) =>
      m.kind === 'divergence' ? m.kind : `${m.kind}:${m.lane}`;
    const kinds = p.markers().map(key);
    const timed = new PairTimeline(...LESSON);
    timed.completeNow();
    expect(kinds.sort()).toEqual(timed.markers().map(key).sort());
    for (const m of p.markers()) {
      p.seek(m.position);
      const [a, b] = p.lanePositions;
      expect(m.event!).toBeLessThan(m.lane === 0 ? a : b);
    }
  });
});

describe('PairTimeline markers', () => {
  const cases: [string, [SimSettings, SimSettings]][] = [
    ['lesson', LESSON],
    ['default', pairOf(DEFAULT_SETTINGS, '2.6.14', '2.6.20')],
    ['overflow', pairOf(scenarioSettings('overflow'), '2.6.14', '2.6.20')],
  ];
  for (const [name, lanes] of cases) {
    it(`finds the first loss, refusal and exit a Node run of the model finds (${name}, seed ${lanes[0].seed})`, () => {
      const p = new PairTimeline(...lanes);
      p.completeNow();
      const markers = p.markers();
      for (const lane of [0, 1] as const) {
        const tr = nodeTrace(lanes[lane]);
        expect(p.laneLength(lane)).toBe(tr.length);
        const expected = {
          'first-loss': tr.find((e) => LOSS_OUTCOMES.has(e.outcome)),
          'first-refusal': tr.find((e) => e.what === 'refuse'),
          exit: tr.find((e) => e.what === 'exit'),
        };
        for (const [kind, e] of Object.entries(expected)) {
          const m = markers.find((x) => x.kind === kind && x.lane === lane);
          if (!e) {
            expect(m, `${kind} in lane ${lane}`).toBeUndefined();
            continue;
          }
          expect(m, `${kind} in lane ${lane}`).toBeDefined();
          expect([m!.event, m!.t]).toEqual([e.i, e.t]);
          // seeking to a marker shows its event as part of the lane's last step
          p.seek(m!.position);
          expect(p.position).toBe(m!.position);
          expect(p.lastStepEvents(lane).map((x) => x.i)).toContain(e.i);
        }
      }
      expect(markers.map((m) => m.position)).toEqual(
        [...markers.map((m) => m.position)].sort((x, y) => x - y),
      );
    });
  }

  it('marks the divergence of lesson 2.6.14 vs 2.6.20 where the traces first differ', () => {
    const [ta, tb] = LESSON.map(nodeTrace) as [TraceEvent[], TraceEvent[]];
    let k = 0;
    while (k < Math.min(ta.length, tb.length) && sameEvent(ta[k]!, tb[k]!)) k++;
    expect(k).toBeLessThan(Math.max(ta.length, tb.length));
    const p = new PairTimeline(...LESSON);
    p.completeNow();
    const d = p.markers().find((m) => m.kind === 'divergence')!;
    expect(d.event).toBe(k);
    expect(p.divergence()).toBe(d.position);
    // the marked event is the earlier of the two differing events in merged order
    const ea = ta[k]!;
    const eb = tb[k]!;
    expect(d.lane).toBe(ea.t <= eb.t ? 0 : 1);
    expect(d.t).toBe(Math.min(ea.t, eb.t));
    // before it, both lanes' applied events are equal index by index
    p.seek(d.position);
    const [a, b] = p.lanePositions;
    expect(p.lastStepEvents(d.lane as 0 | 1).map((e) => e.i)).toContain(k);
    expect(Math.min(a, b)).toBeLessThanOrEqual(k + 1);
  });

  it('finds no divergence for identical variants', () => {
    const p = new PairTimeline(...pairOf(scenarioSettings('lesson'), '2.6.14', '2.6.14'));
    p.completeNow();
    expect(p.divergence()).toBeNull();
    expect(p.markers().some((m) => m.kind === 'divergence')).toBe(false);
  });

  it('reports markers known so far before completion, the same as after', () => {
    const p = new PairTimeline(...LESSON);
    for (let k = 0; k < 50; k++) p.stepEvent(1);
    const early = p.markers();
    p.completeNow();
    for (const m of early) expect(p.markers()).toContainEqual(m);
  });

  it('jumps to the next and previous loss, each landing on a loss event (default, seed 1)', () => {
    const p = new PairTimeline(...pairOf(DEFAULT_SETTINGS, '2.6.14', '2.6.20'));
    const visited: number[] = [];
    for (let k = 0; k < 30; k++) {
      const before = p.position;
      p.jump('nextLoss');
      if (p.position === before) break;
      expect(p.position).toBeGreaterThan(before);
      const last = [...p.lastStepEvents(0), ...p.lastStepEvents(1)];
      expect(last.some((e) => LOSS_OUTCOMES.has(e.outcome))).toBe(true);
      visited.push(p.position);
    }
    expect(visited.length).toBe(30);
    expect(visited[0]).toBe(
      Math.min(
        ...p
          .markers()
          .filter((m) => m.kind === 'first-loss')
          .map((m) => m.position),
      ),
    );
    for (let k = visited.length - 2; k >= 0; k--) {
      p.jump('prevLoss');
      expect(p.position).toBe(visited[k]);
    }
    p.jump('prevLoss');
    expect(p.position).toBe(visited[0]);
    p.jump('end');
    expect(p.position).toBe(p.length);
    p.jump('start');
    expect(p.position).toBe(0);
  });

  it('downsamples the gauges to at most ~2,000 points per lane, keeping the peaks', () => {
    const p = new PairTimeline(...pairOf(DEFAULT_SETTINGS, '2.6.14', '2.6.20'));
    p.completeNow();
    const series = p.series()!;
    expect(series).toHaveLength(2);
    for (const lane of [0, 1] as const) {
      const s = series[lane]!;
      expect(s.length).toBeLessThanOrEqual(2_000);
      expect(s[0]!.t).toBe(0);
      for (let i = 1; i < s.length; i++) expect(s[i]!.t).toBeGreaterThanOrEqual(s[i - 1]!.t);
      // the end of the series is the end of the run
      p.jump('end');
      const st = p.laneState(lane);
      expect(s.at(-1)!.ghosts).toBe(st.counters.ghosts);
    }
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      t: i,
      kernelPeers: 0,
      instances: 0,
      ghosts: i === 4321 ? 99 : 0,
      refused: 0,
      queueBytes: i === 777 ? 5e6 : 1,
    }));
    const d = downsample(many, 100);
    expect(d.length).toBeLessThanOrEqual(301);
    expect(Math.max(...d.map((g) => g.queueBytes))).toBe(5e6);
    expect(Math.max(...d.map((g) => g.ghosts))).toBe(99);
    expect(d.at(-1)!.t).toBe(9_999);
  });
});

describe('seekEvent (the tour opens chapters on an event)', () => {
  it('seed 1, lesson: lands just after the 2nd swallowed read of lane 0, and stays when there is none', async () => {
    const { PairTimeline } = await import('./pairTimeline.ts');
    const { SCENARIOS, DEFAULT_SETTINGS } = await import('../model/index.ts');
    const base = { ...DEFAULT_SETTINGS, ...SCENARIOS.lesson!.settings };
    const pair = new PairTimeline({ ...base, variant: '2.6.14' }, { ...base, variant: '2.6.20' });
    const swallowed = (e: { what: string; outcome: string }) =>
      e.what === 'read' && e.outcome === 'swallowed';
    expect(pair.seekEvent(0, swallowed, 2)).toBe(true);
    const events = pair.lastStepEvents(0);
    expect(events.some(swallowed)).toBe(true);
    expect(pair.laneTrace(0).slice(0, pair.lanePositions[0]).filter(swallowed)).toHaveLength(2);
    const at = pair.position;
    expect(pair.seekEvent(1, swallowed)).toBe(false);
    expect(pair.position).toBe(at);
  });
});

describe('a pair past the run budget', () => {
  it('seed 1: 10,000 peers dumped every second: both lanes stop at the budget, each with a budget marker at its end, and seeks stay exact', () => {
    const [a, b] = pairOf(
      {
        seed: 1,
        peers: 10_000,
        maxClients: 10_000,
        rcvbufBytes: 268_435_456,
        statusIntervalS: 1,
        untilS: 86_400,
      },
      '2.6.14',
      '2.6.20',
    );
    const p = new PairTimeline(a, b);
    p.completeNow();
    const cuts = p.markers().filter((m) => m.kind === 'budget');
    expect(cuts.map((m) => m.lane).sort()).toEqual([0, 1]);
    for (const m of cuts) {
      const n = p.laneLength(m.lane as 0 | 1)!;
      expect(n).toBeGreaterThanOrEqual(MAX_RUN_EVENTS);
      expect(m.event).toBe(n - 1);
      expect(m.label).toContain(`stopped at ${n.toLocaleString('en-US')} events: budget`);
    }
    expect(Math.max(...cuts.map((m) => m.position))).toBe(p.length);
    // a seek into the middle lands on the state of a fresh pair there
    const mid = Math.floor(p.length! / 2);
    p.seek(mid);
    const fresh = new PairTimeline(a, b);
    fresh.seek(p.position);
    expect(stateJson(p)).toBe(stateJson(fresh));
  });
});
