import { describe, expect, it } from 'vitest';
import { presetDraft } from '../store/settingsDraft.ts';
import { expiryText, handExpiries, withExpiry } from './handExpiry.ts';

const lesson = presetDraft('lesson')!.draft;

describe('peers expired by hand', () => {
  it('lesson, seed 1: adding expiries keeps the text canonical (sorted by time, no repeats)', () => {
    const one = withExpiry(lesson, 4, 31_250_000);
    expect(one).toBe('4@31.25');
    const two = withExpiry({ ...lesson, expire: one }, 2, 20_000_000);
    expect(two).toBe('2@20,4@31.25');
    expect(withExpiry({ ...lesson, expire: two }, 2, 20_000_000)).toBe(two);
    expect(expiryText(handExpiries({ ...lesson, expire: two }))).toBe(
      'peer 2 at 20.000 s, peer 4 at 31.250 s',
    );
  });

  it('a peer the run does not have is not added; an unreadable text reads as none', () => {
    expect(withExpiry(lesson, lesson.peers, 1_000_000)).toBe(lesson.expire);
    expect(handExpiries({ ...lesson, expire: 'nonsense' })).toEqual([]);
  });
});
