import { describe, expect, it } from 'vitest';
import { scenarioSettings } from './scenarios.ts';
import { createSim, step } from './sim.ts';
import type { SimSettings } from './settings.ts';
import type { SimState } from './state.ts';
import { Timeline } from './timeline.ts';

const REPORTER: Partial<SimSettings> = { ...scenarioSettings('reporter', '2.6.14'), seed: 3 };

function freshTo(settings: Partial<SimSettings>, pos: number): SimState {
  const st = createSim(settings);
  while (!st.finished && st.traceCount < pos) step(st);
  return st;
}

describe('checkpoints within a byte budget', () => {
  it('seed 3: a small budget keeps the store under it by thinning and doubling the spacing', () => {
    const stateBytes = JSON.stringify(createSim(REPORTER)).length;
    const budget = 6 * stateBytes;
    const tl = new Timeline(REPORTER, 100, { checkpointBytes: budget });
    let thinned = false;
    let lastSpacing = tl.checkpoints.spacing;
    while (!tl.finished) {
      tl.stepForward(500);
      expect(tl.checkpoints.size).toBeLessThanOrEqual(budget);
      if (tl.checkpoints.spacing > lastSpacing) {
        expect(tl.checkpoints.spacing).toBe(2 * lastSpacing);
        thinned = true;
        lastSpacing = tl.checkpoints.spacing;
      }
    }
    expect(thinned).toBe(true);
    expect(tl.checkpoints.count).toBeGreaterThan(1);
    // without a budget the same run would have kept one every 100 events
    expect(tl.checkpoints.count).toBeLessThan(tl.length! / 100);
  });

  it('seed 3: after thinning, seeks back and forth still land on the states of fresh runs', () => {
    const stateBytes = JSON.stringify(createSim(REPORTER)).length;
    const tl = new Timeline(REPORTER, 50, { checkpointBytes: 5 * stateBytes });
    tl.runToEnd();
    const end = tl.length!;
    for (const pos of [end - 1, 7, Math.floor(end / 2), 1, Math.floor(end / 3), end]) {
      tl.seek(pos);
      expect(JSON.stringify(tl.state), `seek ${pos}`).toBe(
        JSON.stringify(freshTo(REPORTER, tl.position)),
      );
    }
    tl.seek(Math.floor(end / 2));
    const p = tl.position;
    tl.stepForward(1);
    tl.stepBack();
    expect(tl.position).toBe(p);
  });

  it('seed 3: two Timelines of one run share one store: the one behind adds nothing', () => {
    const scout = new Timeline(REPORTER, 200);
    const cursor = new Timeline(REPORTER, 200, { share: scout.checkpoints });
    scout.stepForward(5_000);
    const count = scout.checkpoints.count;
    cursor.stepForward(3_000);
    expect(scout.checkpoints.count).toBe(count);
    cursor.seek(4_000);
    expect(JSON.stringify(cursor.state)).toBe(JSON.stringify(freshTo(REPORTER, cursor.position)));
  });
});
