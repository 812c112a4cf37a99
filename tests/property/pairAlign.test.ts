/**
 * The lock-step invariants of PairTimeline (src/worker/README.md) in both merge orders, over
 * random settings: simulated time ('time') and notification alignment ('notification', lane B's
 * time warped between shared DEL_PEER reads). Forward then back restores JSON-identical lane
 * states, seek(m) lands where stepping does, every rest is on both lanes' step boundaries, and
 * in the aligned order the same DEL_PEER reaches both readers at the same moment.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveSettings, type SimSettings, type VariantId } from '../../src/model/index.ts';
import { PairTimeline } from '../../src/worker/pairTimeline.ts';
import type { AlignMode } from '../../src/protocol/messages.ts';
import { FC_SEED, settingsArb } from './arbitraries.ts';

const PAIRS: [VariantId, VariantId][] = [
  ['2.6.14', '2.6.20'],
  ['2.6-rfc-patch', '2.6.20'],
];

/** Small runs: the property checks walk every step. */
const smallArb = settingsArb('2.6.14').map((s): Partial<SimSettings> => ({
  ...s,
  peers: Math.min(s.peers ?? 1, 40),
  maxClients: Math.min(s.peers ?? 1, 40) + Math.max(0, (s.maxClients ?? 0) - (s.peers ?? 0)),
  batch: s.batch === 'auto' ? 'auto' : Math.min(Number(s.batch ?? 1), Math.min(s.peers ?? 1, 40)),
  untilS: Math.min(s.untilS ?? 150, 260),
}));

function pair(s: Partial<SimSettings>, lanes: [VariantId, VariantId], align: AlignMode) {
  const [a, b] = lanes.map((v) => resolveSettings({ ...s, variant: v })) as [
    SimSettings,
    SimSettings,
  ];
  return new PairTimeline(a, b, { align, checkpointEvery: 53 });
}

const stateJson = (p: PairTimeline) =>
  JSON.stringify([p.lanePositions, p.laneState(0), p.laneState(1)]);

for (const align of ['time', 'notification'] as const) {
  describe(`PairTimeline lock-step, align ${align} (fast-check seed ${FC_SEED})`, () => {
    it('walks both whole traces on step boundaries; seek(m) gives the stepped state; forward-then-back restores it', () => {
      fc.assert(
        fc.property(
          smallArb,
          fc.constantFrom(...PAIRS),
          fc.integer({ min: 0, max: 1_000_000 }),
          (s, lanes, pick) => {
            const p = pair(s, lanes, align);
            const rests: [number, number][] = [[0, 0]];
            while (p.stepEvent(1)) rests.push(p.lanePositions);
            expect(p.position).toBe(p.length);
            expect(p.lanePositions).toEqual([p.laneLength(0), p.laneLength(1)]);
            // every rest: both lanes on a step boundary (a step never splits)
            for (const [a, b] of rests) {
              for (const [lane, q] of [
                [0, a],
                [1, b],
              ] as const) {
                const tr = p.laneTrace(lane);
                if (q > 0 && q < tr.length) expect(tr[q]!.i).not.toBe(tr[q - 1]!.i);
              }
            }
            // seek to a rest's merged position lands on that rest, state for state
            const k = pick % rests.length;
            const [a, b] = rests[k]!;
            const fresh = pair(s, lanes, align);
            fresh.seek(a + b);
            expect(fresh.lanePositions).toEqual([a, b]);
            p.seek(a + b);
            const here = stateJson(p);
            expect(stateJson(fresh)).toBe(here);
            // forward n, back n: the same state
            const n = 1 + (pick % 7);
            let moved = 0;
            for (let j = 0; j < n && p.stepEvent(1); j++) moved++;
            for (let j = 0; j < moved; j++) p.stepEvent(-1);
            expect(stateJson(p)).toBe(here);
            // paced steps follow the same order
            const paced = pair(s, lanes, align);
            for (let j = 1; j < Math.min(rests.length, 60); j++) {
              const r = paced.stepPaced(Number.MAX_VALUE, 1);
              expect(r.steps).toBe(1);
              expect(paced.lanePositions).toEqual(rests[j]);
            }
          },
        ),
        { numRuns: 8, seed: FC_SEED },
      );
    });
  });
}

describe(`notification alignment (fast-check seed ${FC_SEED})`, () => {
  it('each anchor: lane B reads the DEL_PEER at the same aligned moment lane A does', () => {
    fc.assert(
      fc.property(smallArb, fc.constantFrom(...PAIRS), (s, lanes) => {
        const p = pair(s, lanes, 'notification');
        p.completeNow();
        const anchors = p.alignmentAnchors();
        // anchors increase strictly in both lanes
        for (let k = 1; k < anchors.length; k++) {
          expect(anchors[k]![0]).toBeGreaterThan(anchors[k - 1]![0]);
          expect(anchors[k]![1]).toBeGreaterThan(anchors[k - 1]![1]);
        }
        // walk the order, noting where each lane reached each anchor's time
        const order: { lane: 0 | 1; t: number; tA: number }[] = [];
        let [a, b] = p.lanePositions;
        while (p.stepEvent(1)) {
          const [a2, b2] = p.lanePositions;
          const lane = a2 !== a ? 0 : 1;
          const e = p.laneTrace(lane)[lane === 0 ? a : b]!;
          order.push({ lane, t: e.t, tA: lane === 0 ? e.t : Number.NaN });
          [a, b] = [a2, b2];
        }
        for (const [ta, tb] of anchors.slice(1)) {
          const ia = order.findIndex((x) => x.lane === 0 && x.t === ta);
          const ib = order.findIndex((x) => x.lane === 1 && x.t === tb);
          expect(ia).toBeGreaterThanOrEqual(0);
          expect(ib).toBeGreaterThan(ia);
          // between them only lane A steps at the same moment (lane A goes first on a tie)
          for (let j = ia + 1; j < ib; j++) expect(order[j]).toMatchObject({ lane: 0, t: ta });
        }
      }),
      { numRuns: 10, seed: FC_SEED },
    );
  });
});
