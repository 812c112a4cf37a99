import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stackLevels } from './dotStack.ts';

describe('stackLevels: a dot plot without hidden dots', () => {
  it('dots far apart stay on the ground; equal or close ones stack', () => {
    expect(stackLevels([0, 100, 200], 13)).toEqual([0, 0, 0]);
    expect(stackLevels([50, 50, 50], 13)).toEqual([0, 1, 2]);
    // 1014, 1015, 1016 on a wide axis: a pixel apart, three levels
    expect(stackLevels([500, 501, 502, 600], 13)).toEqual([0, 1, 2, 0]);
  });

  it('two dots on one level are always at least the gap apart (fast-check seed 7)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 60 }), (xs) => {
        const levels = stackLevels(xs, 13);
        for (let a = 0; a < xs.length; a++)
          for (let b = a + 1; b < xs.length; b++)
            if (levels[a] === levels[b])
              expect(Math.abs(xs[a]! - xs[b]!)).toBeGreaterThanOrEqual(13);
        // no level is skipped
        const used = new Set(levels);
        for (let k = 0; k < used.size; k++) expect(used.has(k)).toBe(true);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
