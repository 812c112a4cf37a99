/**
 * Seek equals replay: a Timeline moved around (seek forward and back, stepBack, stepForward,
 * runToEnd) always holds the state a fresh run reaches at the same trace position.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createSim,
  step,
  Timeline,
  VARIANT_IDS,
  type SimSettings,
  type SimState,
  type TraceEvent,
} from '../../src/model/index.ts';
import { FC_SEED, settingsArb } from './arbitraries.ts';

/** A fresh run stepped until at least `pos` trace events were emitted (or it ended). */
function freshTo(settings: Partial<SimSettings>, pos: number): SimState {
  const st = createSim(settings);
  while (!st.finished && st.traceCount < pos) step(st);
  return st;
}

/** The whole run: its trace and the positions after each step (the step boundaries). */
function reference(settings: Partial<SimSettings>): { trace: TraceEvent[]; boundaries: number[] } {
  const st = createSim(settings);
  const trace: TraceEvent[] = [];
  const boundaries = [0];
  while (!st.finished) {
    const out = step(st);
    trace.push(...out);
    if (out.length > 0) boundaries.push(st.traceCount);
  }
  return { trace, boundaries };
}

type Op =
  | { k: 'seek'; frac: number }
  | { k: 'stepBack' }
  | { k: 'stepForward'; n: number }
  | { k: 'runToEnd' }
  | { k: 'seekEnd' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // up to 120 % of the run length, to seek past the end too
  {
    weight: 4,
    arbitrary: fc
      .integer({ min: 0, max: 1200 })
      .map((m) => ({ k: 'seek' as const, frac: m / 1000 })),
  },
  { weight: 2, arbitrary: fc.constant({ k: 'stepBack' as const }) },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 1, max: 50 }).map((n) => ({ k: 'stepForward' as const, n })),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'runToEnd' as const }) },
  // exactly the last position, where a run that went to the end has moved on silently
  { weight: 1, arbitrary: fc.constant({ k: 'seekEnd' as const }) },
);

describe(`Timeline: seek equals replay (fast-check seed ${FC_SEED})`, () => {
  for (const variant of VARIANT_IDS) {
    it(`${variant}: after any sequence of moves the state equals a fresh run to the same position`, () => {
      fc.assert(
        fc.property(
          settingsArb(variant),
          fc.integer({ min: 10, max: 3000 }),
          fc.array(opArb, { minLength: 1, maxLength: 8 }),
          (settings, checkpointEvery, ops) => {
            const ref = reference(settings);
            const length = ref.trace.length;
            const tl = new Timeline(settings, checkpointEvery);
            for (const op of ops) {
              const before = tl.position;
              let expected: number;
              switch (op.k) {
                case 'seek':
                  expected = Math.round(op.frac * length);
                  tl.seek(expected);
                  break;
                case 'stepBack': {
                  tl.stepBack();
                  // the step boundary just before where we were (or 0 at the start)
                  expected = Math.max(0, ...ref.boundaries.filter((b) => b < before));
                  expect(tl.position).toBe(expected);
                  break;
                }
                case 'stepForward':
                  expected = before + op.n;
                  tl.stepForward(op.n);
                  break;
                case 'runToEnd':
                  expected = Number.POSITIVE_INFINITY;
                  tl.runToEnd();
                  break;
                case 'seekEnd':
                  expected = length;
                  tl.seek(length);
                  break;
              }
              const fresh = freshTo(settings, expected);
              expect(tl.position).toBe(fresh.traceCount);
              expect(ref.boundaries).toContain(tl.position);
              expect(JSON.stringify(tl.state)).toBe(JSON.stringify(fresh));
              // the trace grows as far as the run has gone and matches the reference
              expect(tl.trace).toEqual(ref.trace.slice(0, tl.trace.length));
            }
          },
        ),
        { numRuns: 12, seed: FC_SEED },
      );
    });
  }

  it('seed 1: a Timeline that ran to the end knows its length; seeking 0 restores the start', () => {
    const settings = { variant: '2.6.14' as const, peers: 6, maxClients: 8, seed: 1, untilS: 140 };
    const tl = new Timeline(settings, 5);
    expect(tl.length).toBeNull();
    tl.runToEnd();
    expect(tl.finished).toBe(true);
    expect(tl.length).toBe(tl.position);
    expect(tl.trace).toHaveLength(tl.position);
    tl.seek(0);
    expect(tl.position).toBe(0);
    expect(JSON.stringify(tl.state)).toBe(JSON.stringify(createSim(settings)));
  });
});
