import { describe, expect, it } from 'vitest';
import { parseCommand, replyOrigin } from './messages.ts';
import { scopeCss } from './shadowCss.ts';

describe('embed commands', () => {
  it('accepts play, pause and seek to a non-negative integer', () => {
    expect(parseCommand({ target: 'dcoscope', command: 'play' })).toEqual({ command: 'play' });
    expect(parseCommand({ target: 'dcoscope', command: 'pause' })).toEqual({ command: 'pause' });
    expect(parseCommand({ target: 'dcoscope', command: 'seek', position: 12 })).toEqual({
      command: 'seek',
      position: 12,
    });
  });
  it('ignores everything else', () => {
    for (const bad of [
      null,
      'play',
      [],
      { command: 'play' },
      { target: 'other', command: 'play' },
      { target: 'dcoscope', command: 'eval', code: 'alert(1)' },
      { target: 'dcoscope', command: 'seek' },
      { target: 'dcoscope', command: 'seek', position: -1 },
      { target: 'dcoscope', command: 'seek', position: 1.5 },
      { target: 'dcoscope', command: 'seek', position: '3' },
    ]) {
      expect(parseCommand(bad)).toBeNull();
    }
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
