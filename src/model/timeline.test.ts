import { describe, expect, it } from 'vitest';
import { scenarioSettings } from './scenarios.ts';
import { createSim, step } from './sim.ts';
import type { SimSettings } from './settings.ts';
import type { SimState } from './state.ts';
import { Timeline } from './timeline.ts';

const LESSON: Partial<SimSettings> = { ...scenarioSettings('lesson', '2.6.14'), seed: 1 };

function freshTo(settings: Partial<SimSettings>, pos: number): SimState {
  const st = createSim(settings);
  while (!st.finished && st.traceCount < pos) step(st);
  return st;
}

const json = (st: SimState): string => JSON.stringify(st);

describe('Timeline', () => {
  it('seed 1: stepForward(1) applies one whole step; stepBack returns to the previous boundary', () => {
    const tl = new Timeline(LESSON, 4);
    tl.stepForward(10);
    const p = tl.position;
    expect(p).toBeGreaterThanOrEqual(10);
    tl.stepForward(1);
    const q = tl.position;
    expect(q).toBeGreaterThan(p);
    tl.stepBack();
    expect(tl.position).toBe(p);
    expect(json(tl.state)).toBe(json(freshTo(LESSON, p)));
  });

  it('seed 1: seeking back and forth lands on the same states as fresh runs', () => {
    const tl = new Timeline(LESSON, 3);
    for (const pos of [20, 5, 27, 0, 13, 13, 1]) {
      tl.seek(pos);
      expect(json(tl.state), `seek ${pos}`).toBe(json(freshTo(LESSON, pos)));
    }
  });

  it('seed 1: after runToEnd, seeking to the last position gives the state right after the last event, like a fresh run', () => {
    const tl = new Timeline(LESSON, 5);
    tl.runToEnd();
    const end = tl.length!;
    expect(tl.position).toBe(end);
    const fresh = freshTo(LESSON, end);
    // the run continues silently after its last event, up to untilS
    expect(tl.state.nowUs).toBeGreaterThan(fresh.nowUs);
    tl.seek(end);
    expect(tl.position).toBe(end);
    expect(json(tl.state)).toBe(json(fresh));
    // and running to the end again gives the finished state once more
    tl.runToEnd();
    expect(tl.finished).toBe(true);
    expect(tl.state.nowUs).toBe(tl.state.untilUs);
  });

  it('seed 1: seeking past the end clamps to the finished run', () => {
    const tl = new Timeline(LESSON, 5);
    tl.seek(1_000_000);
    expect(tl.finished).toBe(true);
    const st = createSim(LESSON);
    while (!st.finished) step(st);
    expect(json(tl.state)).toBe(json(st));
    expect(tl.length).toBe(st.traceCount);
  });

  it('seed 1: the trace is recorded once, however often the run is replayed', () => {
    const tl = new Timeline(LESSON, 2);
    tl.seek(25);
    tl.seek(3);
    tl.seek(25);
    tl.stepBack();
    tl.runToEnd();
    expect(tl.trace.map((e) => e.i)).toEqual([...Array(tl.length).keys()]);
  });
});
