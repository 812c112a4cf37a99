import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings, type TraceEvent } from '../../model/index.ts';
import { CHAPTERS } from './chapters.ts';
import {
  chapterDraft,
  chapterLanes,
  describeTarget,
  matchesTarget,
  chapterBoot,
  withoutTour,
} from './chapterRun.ts';
import { chapterById } from './chapters.ts';
import { presetOf } from '../share/linkBoot.ts';

describe('chapter runs', () => {
  it('every chapter gives valid settings over the defaults, without a variant', () => {
    for (const c of CHAPTERS) {
      const d = chapterDraft(c);
      expect('variant' in d).toBe(false);
      expect(d.seed).toBe(c.settings.seed ?? DEFAULT_SETTINGS.seed);
      for (const [k, v] of Object.entries(c.settings)) expect(d[k as keyof typeof d]).toEqual(v);
      for (const variant of c.lanes) {
        expect(validateSettings({ ...d, variant }).problems).toEqual([]);
      }
    }
  });

  it('matches a target by kind and, when given, outcome', () => {
    const e = { what: 'read', outcome: 'swallowed' } as TraceEvent;
    expect(matchesTarget(e, { lane: 0, what: 'read' })).toBe(true);
    expect(matchesTarget(e, { lane: 0, what: 'read', outcome: 'swallowed' })).toBe(true);
    expect(matchesTarget(e, { lane: 0, what: 'read', outcome: 'error' })).toBe(false);
    expect(matchesTarget(e, { lane: 0, what: 'refuse' })).toBe(false);
  });

  it('knows the first chapters run the first screen\u2019s overwrite preset', () => {
    const c = chapterById('setup')!;
    expect(presetOf(chapterDraft(c), chapterLanes(c))).toBe('overwrite');
    const lockout = chapterById('lockout')!;
    expect(presetOf(chapterDraft(lockout), chapterLanes(lockout))).toBeNull();
  });

  it('boots a chapter link from the chapter’s settings, and drops an unknown tour', () => {
    const c = chapterById('lockout')!;
    const b = chapterBoot('?tour=lockout')!;
    expect(b.variants).toEqual(c.lanes);
    expect(b.step).toBe(0);
    expect(b.draft).toEqual(chapterDraft(c));
    expect(chapterBoot('?tour=setup')!.preset).toBe('overwrite');
    expect(chapterBoot('?tour=nope')).toBeNull();
    expect(withoutTour('?tour=nope&seed=4')).toBe('seed=4');
    expect(withoutTour('seed=4')).toBe('seed=4');
  });

  it('describes targets', () => {
    expect(describeTarget('start', ['2.6.14', '2.6.20'])).toBe('the start of the run');
    expect(describeTarget({ lane: 1, what: 'stats_skip', nth: 2 }, ['2.6.14', '2.6.20'])).toBe(
      '2.6.20 lane: stats_skip, occurrence 2',
    );
  });
});
