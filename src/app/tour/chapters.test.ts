import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  runToEnd,
  validateSettings,
  type TraceEvent,
} from '../../model/index.ts';
import { CHAPTERS, type TourTarget } from './chapters.ts';

function matches(e: TraceEvent, t: TourTarget): boolean {
  return e.what === t.what && (t.outcome === undefined || e.outcome === t.outcome);
}

describe('tour chapters', () => {
  it('ids are unique and every chapter has words', () => {
    expect(new Set(CHAPTERS.map((c) => c.id)).size).toBe(CHAPTERS.length);
    for (const c of CHAPTERS) expect(c.text.length).toBeGreaterThan(0);
  });

  for (const c of CHAPTERS) {
    it(`${c.id} (seed ${DEFAULT_SETTINGS.seed}): settings are valid and the target event happens in the model`, () => {
      for (const variant of c.lanes)
        expect(validateSettings({ ...c.settings, variant }).problems).toEqual([]);
      if (c.target === 'start') return;
      const t = c.target;
      let seen = 0;
      runToEnd(
        { ...c.settings, variant: c.lanes[t.lane] },
        {
          onTrace: (e) => {
            if (matches(e, t)) seen++;
          },
        },
      );
      expect(seen).toBeGreaterThanOrEqual(t.nth ?? 1);
    });
  }
});
