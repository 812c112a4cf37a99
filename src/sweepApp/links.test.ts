import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../model/index.ts';
import { decodeLink } from '../formats/urlState.ts';
import { durationText, runHref } from './links.ts';

describe('sweep links', () => {
  it('opens the exact run with its seed and lanes at step 0', () => {
    const href = runHref({ ...DEFAULT_SETTINGS, variant: '2.7', seed: 17, load: 0.9 }, ['2.7']);
    expect(href.startsWith('index.html?')).toBe(true);
    const d = decodeLink(href.slice('index.html?'.length));
    expect(d.lanes).toEqual(['2.7', '2.6.20']);
    expect(d.settings.seed).toBe(17);
    expect(d.settings.load).toBe(0.9);
    expect(d.step).toBe(0);
    expect(d.ignored).toEqual([]);
  });

  it('reads durations', () => {
    expect(durationText(null)).toBe('…');
    expect(durationText(850)).toBe('850 ms');
    expect(durationText(12_345)).toBe('12.3 s');
    expect(durationText(125_000)).toBe('2 min 05 s');
  });
});
