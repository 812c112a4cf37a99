import { describe, expect, it } from 'vitest';
import { parseHeadingLevel, parseLoading, parseTheme, splitEmbedQuery } from './options.ts';

describe('embed options', () => {
  it('reads theme, loading and heading-level, with their defaults', () => {
    expect(parseTheme(null)).toEqual({ theme: 'auto', problem: null });
    expect(parseTheme(' Dark ')).toEqual({ theme: 'dark', problem: null });
    expect(parseTheme('purple').theme).toBe('auto');
    expect(parseTheme('purple').problem).toBe(
      'theme "purple" is not allowed: use light, dark or auto',
    );
    expect(parseLoading(null).loading).toBe('click');
    expect(parseLoading('lazy').loading).toBe('lazy');
    expect(parseLoading('soon').problem).toBe(
      'loading "soon" is not allowed: use click, lazy or eager',
    );
    expect(parseHeadingLevel(null)).toEqual({ level: null, problem: null });
    expect(parseHeadingLevel('3')).toEqual({ level: 3, problem: null });
    // the one number syntax: 3e0 is 3; hexadecimal, fractions and words are not levels
    expect(parseHeadingLevel(' 3e0 ')).toEqual({ level: 3, problem: null });
    for (const bad of ['0', '7', '2.5', 'h2', '0x3', 'Infinity']) {
      expect(parseHeadingLevel(bad)).toEqual({
        level: null,
        problem: `heading-level ${JSON.stringify(bad)} is not allowed: use a whole number from 1 to 6`,
      });
    }
  });

  it("takes the iframe's own parameters out of its query", () => {
    const s = splitEmbedQuery('?scenario=lesson&theme=dark&heading-level=4&autoplay=1');
    expect(s.theme).toBe('dark');
    expect(s.headingLevel).toBe(4);
    expect(s.ignored).toEqual([]);
    expect(new URLSearchParams(s.rest).get('scenario')).toBe('lesson');
    expect(new URLSearchParams(s.rest).has('theme')).toBe(false);
    const bad = splitEmbedQuery('theme=sepia&heading-level=9&theme=dark');
    expect(bad.theme).toBe('auto');
    expect(bad.headingLevel).toBeNull();
    expect(bad.ignored.map((x) => x.param)).toEqual(['theme', 'theme', 'heading-level']);
    expect(bad.ignored[0]!.reason).toBe('theme is given more than once: the first value is used');
    expect(splitEmbedQuery('commands=all').ignored[0]!.reason).toBe(
      'commands "all" is not allowed: use parent or any (parent is the default)',
    );
  });
});
