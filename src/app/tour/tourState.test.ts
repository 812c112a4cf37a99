import { describe, expect, it } from 'vitest';
import { CHAPTERS } from './chapters.ts';
import {
  chapterIndex,
  neighbour,
  tourIdFromSearch,
  tourSearch,
  unknownTourId,
} from './tourState.ts';

describe('tour links', () => {
  it('reads a known chapter id from a query, with or without ?', () => {
    expect(tourIdFromSearch('?tour=batch')).toBe('batch');
    expect(tourIdFromSearch('tour=the-fix&seed=3')).toBe('the-fix');
    expect(tourIdFromSearch('?seed=3')).toBeNull();
  });

  it('reports an unknown chapter id instead of opening it', () => {
    expect(tourIdFromSearch('?tour=nope')).toBeNull();
    expect(unknownTourId('?tour=nope')).toBe('nope');
    expect(unknownTourId('?tour=setup')).toBeNull();
    expect(unknownTourId('')).toBeNull();
  });

  it('writes each chapter its own link, which reads back', () => {
    for (const c of CHAPTERS) expect(tourIdFromSearch(tourSearch(c.id))).toBe(c.id);
  });

  it('moves between chapters and stops at both ends', () => {
    const first = CHAPTERS[0]!;
    const last = CHAPTERS[CHAPTERS.length - 1]!;
    expect(chapterIndex(first.id)).toBe(0);
    expect(chapterIndex(null)).toBe(-1);
    expect(neighbour(first.id, -1)).toBeNull();
    expect(neighbour(first.id, 1)).toBe(CHAPTERS[1]);
    expect(neighbour(last.id, 1)).toBeNull();
    expect(neighbour(last.id, -1)).toBe(CHAPTERS[CHAPTERS.length - 2]);
  });
});
