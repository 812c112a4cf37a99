import { describe, expect, it } from 'vitest';
import { parseCommand, replyOrigin } from './messages.ts';
import { scopeCss } from './shadowCss.ts';

describe('embed commands', () => {
  it('accepts play, pause, hello, seek to a non-negative integer, and a theme', () => {
    const ok = (c: unknown) => parseCommand(c);
    expect(ok({ target: 'dcoscope', command: 'play' })).toEqual({
      kind: 'command',
      command: { command: 'play' },
    });
    expect(ok({ target: 'dcoscope', command: 'pause' })).toEqual({
      kind: 'command',
      command: { command: 'pause' },
    });
    expect(ok({ target: 'dcoscope', command: 'hello' })).toEqual({
      kind: 'command',
      command: { command: 'hello' },
    });
    expect(ok({ target: 'dcoscope', command: 'seek', position: 12 })).toEqual({
      kind: 'command',
      command: { command: 'seek', position: 12 },
    });
    expect(ok({ target: 'dcoscope', command: 'theme', theme: 'dark' })).toEqual({
      kind: 'command',
      command: { command: 'theme', theme: 'dark' },
    });
  });

  it('ignores messages not addressed to dcoscope', () => {
    for (const other of [
      null,
      'play',
      [],
      { command: 'play' },
      { target: 'other', command: 'play' },
    ]) {
      expect(parseCommand(other)).toEqual({ kind: 'ignore' });
    }
  });

  it('answers a command it does not understand, naming it and what is allowed', () => {
    const bad = (c: unknown) => {
      const r = parseCommand(c);
      if (r.kind !== 'bad') throw new Error(`not bad: ${JSON.stringify(r)}`);
      return r.message;
    };
    const unknown = bad({ target: 'dcoscope', command: 'eval', code: 'alert(1)' });
    expect(unknown).toContain('unknown command "eval"');
    expect(unknown).toContain('play, pause, seek');
    expect(unknown).toContain('hello');
    expect(bad({ target: 'dcoscope' })).toContain('needs a command');
    for (const position of [undefined, -1, 1.5, '3']) {
      expect(bad({ target: 'dcoscope', command: 'seek', position })).toContain(
        'seek needs position, a whole number',
      );
    }
    expect(bad({ target: 'dcoscope', command: 'theme', theme: 'purple' })).toBe(
      'theme needs theme, one of light, dark, auto; got "purple"',
    );
    // A long or odd value is shown short, as text.
    expect(bad({ target: 'dcoscope', command: 'x'.repeat(500) }).length).toBeLessThan(300);
  });

  it('replies to opaque origins with *', () => {
    expect(replyOrigin('null')).toBe('*');
    expect(replyOrigin('https://docs.example')).toBe('https://docs.example');
  });
});

describe('shadow CSS', () => {
  it('moves :root and body rules to the element root box', () => {
    const out = scopeCss(':root { --a: 1; }\nbody { margin: 0; }\n.x body, .tbody { }');
    expect(out).toContain('.dcoscope-root { --a: 1; }');
    expect(out).toContain('.dcoscope-root { margin: 0; }');
    expect(out).toContain('.tbody');
  });
});
