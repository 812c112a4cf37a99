/**
 * What the fuzz suite (tests/fuzz) shares: fixed seeds, hostile text and keys, and the checks
 * every rejection message must pass. The suite asserts behaviour (no throw, a message for every
 * rejection, the same answer for equal inputs, accepted values within their ranges), never the
 * exact wording of a message.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';

/**
 * The seed of one property: fixed, and written into its test name, so a failure is reproduced by
 * running that test again. FUZZ_SEED=<n> explores another seed for every property (the names say
 * which).
 */
export function fuzzSeed(fixed: number): number {
  const env = process.env.FUZZ_SEED;
  return env !== undefined && env !== '' ? Number(env) : fixed;
}

/** Keys that reach Object.prototype through a careless lookup (`obj[key]`, `key in obj`). */
export const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  'toJSON',
] as const;

/** Texts that look like numbers to one reader and not to another, and some that are huge. */
export const NUMBER_TEXTS = [
  '0',
  '1',
  '5',
  '-1',
  '-0',
  '+5',
  '05',
  '5.0',
  '5.',
  '.5',
  '0.25',
  '1e3',
  '1E3',
  '1e21',
  '1e400',
  '-1e400',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '2147483647',
  '2147483648',
  '-2147483649',
  '0x10',
  '0b11',
  '0o17',
  '1_000',
  '1,000',
  'Infinity',
  '-Infinity',
  'NaN',
  '',
  ' ',
  ' 5',
  '5 ',
  '\t7\n',
  '5x',
  '٣',
  '５',
] as const;

/** Short hostile text: markup, quotes, controls, lone surrogates, bidi marks, emoji. */
export const NASTY_TEXTS = [
  '<img src=x onerror=alert(1)>',
  '"quoted"',
  "it's",
  '\\',
  '\u0000',
  '\n\r',
  '\ud800',
  '\udc00x',
  '\u202eevil',
  '😀',
  '%00',
  '%zz',
  '&amp;',
  '[object Object]',
] as const;

/** Any text a user or a file could hold: short junk, hostile text, number-like text, keys. */
export function junkText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.constantFrom(...NASTY_TEXTS),
    fc.constantFrom(...NUMBER_TEXTS),
    fc.constantFrom(...PROTO_KEYS),
  );
}

/** Numbers that break careless checks. */
export const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  1e21,
  -1e21,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
] as const;

/** A JSON-like value of any type, small, with hostile keys and numbers mixed in. */
export function junkValue(): fc.Arbitrary<unknown> {
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.constantFrom(...HOSTILE_NUMBERS),
      junkText(),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.oneof(junkText(), fc.constantFrom(...PROTO_KEYS)), tie('value'), {
        maxKeys: 3,
      }),
    ),
  }));
  return value;
}

/**
 * A rejection message a person can read: non-empty text, and no value shown the careless way
 * (an object as "[object Object]", a function as its source). `inputs` are the texts the input
 * itself held: a message may quote them (a user may type "[object Object]").
 */
export function expectReadableMessage(
  message: unknown,
  inputs: readonly string[] = [],
  context = '',
): asserts message is string {
  const where = context ? ` (${context})` : '';
  expect(typeof message, `the message is text${where}`).toBe('string');
  const m = message as string;
  expect(m.trim().length, `the message is not empty${where}`).toBeGreaterThan(0);
  // what the input said itself is no careless rendering
  const careless = [/\[object \w+\]/g, /function \w*\s*\(|\[native code\]/g].flatMap((re) =>
    [...m.matchAll(re)].map((x) => x[0]).filter((x) => !inputs.some((t) => t.includes(x))),
  );
  expect(careless, `no value shown as [object ...] or as its source${where}: ${m}`).toEqual([]);
}

/** Calls `f(input)` twice and says whether both answers are deep-equal (throws pass through). */
export function sameTwice<I, O>(f: (input: I) => O, input: I): { first: O; equal: boolean } {
  const first = f(input);
  const second = f(input);
  return { first, equal: isDeepStrictEqual(first, second) };
}

/** Deep equality that tells +0 from -0 and NaN from null (vitest's toStrictEqual does too). */
export function deepEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

/** Every text inside a value, keys included (a message may quote them as they are). */
export function textsIn(v: unknown, seen: Set<object> = new Set()): string[] {
  if (typeof v === 'string') return [v];
  if (typeof v !== 'object' || v === null || seen.has(v)) return [];
  seen.add(v);
  if (Array.isArray(v)) return v.flatMap((x) => textsIn(x, seen));
  const kind = Object.prototype.toString.call(v);
  if (kind !== '[object Object]') return [];
  return Object.keys(v).flatMap((k) => [k, ...textsIn((v as Record<string, unknown>)[k], seen)]);
}
