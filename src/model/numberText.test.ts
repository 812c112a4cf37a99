import { describe, expect, it } from 'vitest';
import { numberTextProblem, parseIntegerText, parseNumberText, showValue } from './numberText.ts';

describe('the one number syntax (CLI, links, forms, attributes)', () => {
  it('reads plain decimal with an optional fraction and exponent, whitespace around', () => {
    const cases: [string, number][] = [
      ['1024', 1024],
      ['-1', -1],
      ['0.5', 0.5],
      ['.5', 0.5],
      ['1e3', 1000],
      ['2.5e4', 25_000],
      ['2.5E+4', 25_000],
      ['1e-1', 0.1],
      [' 7 ', 7],
      ['\t1e21\n', 1e21],
      ['-0', 0],
    ];
    for (const [text, n] of cases) expect(parseNumberText(text), text).toBe(n);
    expect(Object.is(parseNumberText('-0'), -0)).toBe(false);
  });

  it('rejects hexadecimal, binary, octal, Infinity, NaN, signs, separators and empty text', () => {
    for (const text of [
      '0x10',
      '0X10',
      '0b101',
      '0o17',
      'Infinity',
      '-Infinity',
      'NaN',
      '+5',
      '1_000',
      '1,000',
      '5.',
      '.',
      '-',
      'e3',
      '1e',
      '1e3.5',
      '',
      '   ',
      '1 2',
      '١٢', // digits of another script
      '1e400', // beyond the doubles
    ]) {
      expect(parseNumberText(text), JSON.stringify(text)).toBeNull();
    }
  });

  it('integers: written exactly as whole numbers, within the safe integers', () => {
    const whole: [string, number][] = [
      ['1e3', 1000],
      ['10.0', 10],
      ['100e-2', 1],
      ['1.5e1', 15],
      ['0e-5', 0],
      ['-2147483648', -2147483648],
      ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ];
    for (const [text, n] of whole) expect(parseIntegerText(text), text).toBe(n);
    for (const text of [
      '1.5',
      '1e-1',
      '1.25e1',
      '9007199254740992',
      '9007199254740993',
      '1e21',
      '0x10',
      '',
    ]) {
      expect(parseIntegerText(text), text).toBeNull();
    }
  });

  it('messages quote the value safely and say how numbers are written', () => {
    expect(numberTextProblem('peer count', '0x10', 'an integer from 1 to 10000 peers', true)).toBe(
      'peer count "0x10" is not a decimal number: use an integer from 1 to 10000 peers, written like 1024 or 1e3',
    );
    expect(numberTextProblem('load', 'half', 'a number from 0 to 1', false)).toMatch(
      /written like 0\.5, 1024 or 2\.5e4$/,
    );
    const long = showValue('<b>'.repeat(10_000));
    expect(long.length).toBeLessThan(100);
    expect(long).toMatch(/\(30000 characters\)$/);
    expect(showValue({ a: 1 })).toBe('{…} (an object)');
    expect(showValue([1])).toBe('[…] (a list)');
    expect(showValue(1e21)).toBe('1e+21');
    expect(showValue(null)).toBe('null');
  });
});
