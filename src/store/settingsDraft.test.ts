import { describe, expect, it } from 'vitest';
import { DEFAULT_DRAFT, numberFromText, peerFromText, setField } from './settingsDraft.ts';

describe('typed settings fields read the one number syntax', () => {
  it('1e3 and .5 are numbers; 0x10, Infinity and an empty field are messages naming the text', () => {
    expect(numberFromText('seed', '1e3')).toEqual({ ok: true, value: 1000 });
    expect(numberFromText('rcuGpSpread', ' .5 ')).toEqual({ ok: true, value: 0.5 });
    expect(numberFromText('seed', '0x10')).toEqual({
      ok: false,
      message:
        'seed "0x10" is not a decimal number: use an integer from -2147483648 to 2147483647, written like 1024 or 1e3',
    });
    expect(numberFromText('untilS', 'Infinity')).toMatchObject({ ok: false });
    expect(numberFromText('cpus', '')).toEqual({
      ok: false,
      message:
        'CPU count "" is not a decimal number: use an integer from 1 to 256 CPUs, written like 1024 or 1e3',
    });
  });

  it('a number out of range is then clamped by setField, with a note', () => {
    const read = numberFromText('cpus', '1e4');
    expect(read).toEqual({ ok: true, value: 10_000 });
    const change = setField(DEFAULT_DRAFT, 'cpus', 10_000);
    expect(change.draft.cpus).toBe(256);
    expect(change.notes).toEqual(['CPU count 10000 is out of range: set to 256.']);
  });

  it('the hand-expiry peer: a whole number from 0 to peers - 1', () => {
    expect(peerFromText('3', 6)).toEqual({ ok: true, peer: 3 });
    expect(peerFromText('5e0', 6)).toEqual({ ok: true, peer: 5 });
    for (const text of ['6', '-1', '2.7', '0x1', '', 'two']) {
      expect(peerFromText(text, 6)).toEqual({
        ok: false,
        message: `peer ${JSON.stringify(text)} is not allowed: use a whole number from 0 to 5`,
      });
    }
  });
});
