import { describe, expect, it } from 'vitest';
import { resolveSettings, scenarioSettings, type TraceEvent } from '../model/index.ts';
import type { AlignMode } from '../protocol/messages.ts';
import {
  GAP_CAP_MS,
  LOSS_MS,
  READ_MS,
  dwellMs,
  gapMs,
  gapProgressUs,
  stepCostMs,
} from './pacing.ts';
import { PairTimeline } from './pairTimeline.ts';

function scenarioPair(name: string, align: AlignMode): PairTimeline {
  const s = scenarioSettings(name);
  const [a, b] = ['2.6.14', '2.6.20'] as const;
  return new PairTimeline(
    resolveSettings({ ...s, variant: a }),
    resolveSettings({ ...s, variant: b }),
    { align },
  );
}

/** Wall seconds at 1× of playing a whole pair, step by step (each step's cost summed). */
function playSeconds(p: PairTimeline): { seconds: number; steps: number } {
  let ms = 0;
  let steps = 0;
  for (;;) {
    const r = p.stepPaced(Number.MAX_VALUE, 1);
    if (r.steps === 0) break;
    ms += r.spentMs;
    steps += r.steps;
  }
  return { seconds: ms / 1000, steps };
}

const ev = (what: TraceEvent['what'], outcome: TraceEvent['outcome']): TraceEvent =>
  ({ i: 0, t: 0, actor: 'openvpn', fn: 'f', what, outcome }) as TraceEvent;

describe('the teaching clock (pacing.ts)', () => {
  it('compresses waits logarithmically, capped: µs cost nothing, the 120 s wait two seconds', () => {
    expect(gapMs(0)).toBe(0);
    expect(gapMs(5)).toBeLessThan(5);
    expect(gapMs(1_000_000)).toBeGreaterThan(1_000);
    expect(gapMs(1_000_000)).toBeLessThan(1_500);
    expect(gapMs(120_000_000)).toBe(GAP_CAP_MS);
    for (let g = 1; g < 1e9; g *= 3) expect(gapMs(g * 3)).toBeGreaterThanOrEqual(gapMs(g));
  });

  it('runs the clock through a wait from its start to its end, monotonically', () => {
    const gap = 57_000_000;
    let last = 0;
    for (let ms = 0; ms <= gapMs(gap); ms += 50) {
      const us = gapProgressUs(gap, ms);
      expect(us).toBeGreaterThanOrEqual(last);
      last = us;
    }
    expect(gapProgressUs(gap, gapMs(gap))).toBe(gap);
  });

  it('1× ≈ one notification read a second; a loss dwells longer; a step dwells on its most', () => {
    expect(dwellMs([ev('read', 'stored')])).toBe(READ_MS);
    expect(dwellMs([ev('read', 'swallowed')])).toBe(LOSS_MS);
    expect(dwellMs([ev('loop_wake', 'info'), ev('read', 'stored')])).toBeGreaterThan(READ_MS);
    expect(stepCostMs([], 0)).toBe(0);
  });

  for (const align of ['time', 'notification'] as const) {
    it(`plays the lesson (seed ${scenarioSettings('lesson').seed}, 2.6.14 vs 2.6.20, align ${align}) in 30 to 60 s at 1×`, () => {
      const p = scenarioPair('lesson', align);
      const { seconds, steps } = playSeconds(p);
      expect(p.position).toBe(p.length);
      expect(steps).toBeGreaterThan(0);
      expect(seconds).toBeGreaterThanOrEqual(30);
      expect(seconds).toBeLessThanOrEqual(60);
    });
  }

  it("a budget below the next step moves nothing and names that step's cost (lesson)", () => {
    const p = scenarioPair('lesson', 'time');
    const first = p.nextCost()!;
    const r = p.stepPaced(first.costMs - 1, 100);
    expect(r.steps).toBe(0);
    expect(p.position).toBe(0);
    expect(r.next!.costMs).toBe(first.costMs);
    const r2 = p.stepPaced(first.costMs, 100);
    expect(r2.steps).toBe(1);
    expect(r2.spentMs).toBe(first.costMs);
  });

  it('paced steps land where event steps do (same merged order, lesson)', () => {
    const paced = scenarioPair('lesson', 'notification');
    const stepped = scenarioPair('lesson', 'notification');
    for (;;) {
      const r = paced.stepPaced(Number.MAX_VALUE, 1);
      if (r.steps === 0) break;
      stepped.stepEvent(1);
      expect(paced.lanePositions).toEqual(stepped.lanePositions);
    }
  });
});
