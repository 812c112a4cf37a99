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

  it('shows any value as what it is, short, without throwing or running it', () => {
    const bad = (position: unknown) => {
      const r = parseCommand({ target: 'dcoscope', command: 'seek', position });
      if (r.kind !== 'bad') throw new Error(`not bad: ${JSON.stringify(r)}`);
      return r.message;
    };
    // JSON would write NaN and Infinity as null
    expect(bad(Number.NaN)).toMatch(/got NaN$/);
    expect(bad(-Infinity)).toMatch(/got -Infinity$/);
    expect(bad(2n)).toMatch(/got 2n$/);
    const loop: Record<string, unknown> = Object.create(null);
    loop.self = loop;
    expect(bad(loop)).toMatch(/got \{"self":\(cycle\)\}$/);
    expect(bad(new Map([[1, 2]]))).toMatch(/got a Map$/);
    expect(bad(Object)).toMatch(/got a function$/);
    let ran = false;
    const sly = {
      toJSON: () => {
        ran = true;
        return 1;
      },
    };
    expect(bad(sly)).not.toContain('[object');
    expect(ran).toBe(false);
    // a long text is cut, never between the halves of a surrogate pair
    const cut = bad('😀'.repeat(100));
    expect(cut).toMatch(/\.\.\.$/);
    expect(cut).not.toMatch(/[\ud800-\udbff]\.\.\.$/);
  });

  it('reads only the fields sent: an inherited target or command is no message', () => {
    const inherited = Object.create({ target: 'dcoscope', command: 'play' }) as unknown;
    expect(parseCommand(inherited)).toEqual({ kind: 'ignore' });
    const proto = Object.create({ command: 'play' }) as Record<string, unknown>;
    proto.target = 'dcoscope';
    expect(parseCommand(proto)).toMatchObject({ kind: 'bad' });
    // -0 is the position 0
    expect(parseCommand({ target: 'dcoscope', command: 'seek', position: -0 })).toStrictEqual({
      kind: 'command',
      command: { command: 'seek', position: 0 },
    });
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
