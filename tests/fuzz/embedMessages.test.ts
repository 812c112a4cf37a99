/**
 * Fuzzing the embed's parser of host messages (src/embed/messages.ts, parseCommand): random
 * values of every type a host page can post (what a structured clone carries: objects, lists,
 * Maps, Sets, dates, typed arrays, cycles, big integers) and some no clone could carry, with
 * `target: 'dcoscope'` and random commands and fields, `__proto__` keys and non-objects.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCommand, type ParsedCommand } from '../../src/embed/messages.ts';
import { THEMES } from '../../src/embed/options.ts';
import {
  HOSTILE_NUMBERS,
  PROTO_KEYS,
  deepEqual,
  expectReadableMessage,
  fuzzSeed,
  junkText,
  junkValue,
  textsIn,
} from './fuzzKit.ts';

const COMMANDS = ['play', 'pause', 'seek', 'theme', 'hello'] as const;

/** Any value a structured clone can carry, and a few shapes only a same-window caller makes. */
function anyValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    junkValue(),
    fc.anything({
      maxDepth: 2,
      maxKeys: 3,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
    }),
    fc.constantFrom<unknown>(
      new ArrayBuffer(4),
      /re+gex/g,
      new Error('an error'),
      Symbol('sym'),
      () => 1,
      Object,
      cyclic(false),
      cyclic(true),
    ),
  );
}

/** An object that holds itself (a structured clone keeps cycles). */
function cyclic(nullProto: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = nullProto ? Object.create(null) : {};
  o.self = o;
  o.n = 1;
  return o;
}

/** Sets an own, enumerable key, even `__proto__` (as JSON.parse and a structured clone do). */
function withOwn(o: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  return o;
}

/** A message addressed to dcoscope: a known or random command, and random fields. */
const addressed: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      command: fc.oneof(fc.constantFrom(...COMMANDS), junkText(), anyValue()),
      position: fc.oneof(
        fc.nat(),
        fc.integer(),
        fc.constantFrom(...HOSTILE_NUMBERS),
        junkText(),
        anyValue(),
      ),
      theme: fc.oneof(fc.constantFrom(...THEMES), junkText(), anyValue()),
      extra: fc.tuple(fc.constantFrom(...PROTO_KEYS), anyValue()),
    },
    { requiredKeys: [] },
  )
  .map((r) => {
    const o: Record<string, unknown> = { target: 'dcoscope' };
    if ('command' in r) o.command = r.command;
    if ('position' in r) o.position = r.position;
    if ('theme' in r) o.theme = r.theme;
    if (r.extra) withOwn(o, r.extra[0], r.extra[1]);
    return o;
  });

/** Anything a host could post: mostly messages to dcoscope, then anything at all. */
const hostData: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: addressed },
  { weight: 1, arbitrary: anyValue() },
  {
    weight: 1,
    arbitrary: fc
      .tuple(junkValue(), fc.constantFrom(...COMMANDS))
      .map(([target, command]) => ({ target, command })),
  },
);

/** What the value looks like written down, for the values whose text is unambiguous. */
function plainText(v: unknown): string | null {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v).slice(0, 20);
  if (typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return null;
}

function ownValue(o: unknown, key: string): unknown {
  return typeof o === 'object' && o !== null && Object.hasOwn(o, key)
    ? (o as Record<string, unknown>)[key]
    : undefined;
}

function isAddressed(data: unknown): boolean {
  return (
    typeof data === 'object' &&
    data !== null &&
    !Array.isArray(data) &&
    ownValue(data, 'target') === 'dcoscope'
  );
}

/** A structured clone of the value when one can be made (what postMessage delivers). */
function cloned(v: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: structuredClone(v) };
  } catch {
    return { ok: false };
  }
}

describe('fuzz: the embed reads host messages', () => {
  const s1 = fuzzSeed(1301);
  it(`seed ${s1}: never throws, whatever a host posts`, () => {
    fc.assert(
      fc.property(hostData, (data) => {
        const r: ParsedCommand = parseCommand(data);
        expect(['ignore', 'command', 'bad']).toContain(r.kind);
      }),
      {
        numRuns: 600,
        seed: s1,
        // a cycle without a prototype once made the message's text throw
        examples: [
          [{ target: 'dcoscope', command: cyclic(true) }],
          [{ target: 'dcoscope', command: 'seek', position: cyclic(true) }],
          [{ target: 'dcoscope', command: 'theme', theme: cyclic(true) }],
        ],
      },
    );
  });

  const s2 = fuzzSeed(1302);
  it(`seed ${s2}: equal messages get deep-equal answers (the same one twice, and its structured clone)`, () => {
    fc.assert(
      fc.property(hostData, (data) => {
        const a = parseCommand(data);
        expect(deepEqual(parseCommand(data), a)).toBe(true);
        const c = cloned(data);
        if (c.ok) expect(parseCommand(c.value)).toStrictEqual(a);
      }),
      { numRuns: 400, seed: s2 },
    );
  });

  const s3 = fuzzSeed(1303);
  it(`seed ${s3}: every refused command has a readable message naming the field and its value`, () => {
    fc.assert(
      fc.property(addressed, (data) => {
        const r = parseCommand(data);
        if (r.kind !== 'bad') return;
        const command = ownValue(data, 'command');
        const texts = textsIn([command, ownValue(data, 'position'), ownValue(data, 'theme')]);
        expectReadableMessage(r.message, texts);
        expect(r.message.length).toBeLessThan(400);
        // the field at fault, by name, and its value as written
        const field = command === 'seek' ? 'position' : command === 'theme' ? 'theme' : 'command';
        expect(r.message).toContain(field);
        const value = ownValue(data, field);
        const text = value === undefined ? null : plainText(value);
        if (text !== null) expect(r.message).toContain(text);
        // a lone half of a surrogate pair is no text a host can show
        expect(r.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
        expect(r.message).not.toMatch(/(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }),
      { numRuns: 600, seed: s3 },
    );
  });

  const s4 = fuzzSeed(1304);
  it(`seed ${s4}: an accepted command is addressed to dcoscope and within its range`, () => {
    fc.assert(
      fc.property(hostData, (data) => {
        const r = parseCommand(data);
        if (r.kind !== 'command') return;
        expect(isAddressed(data)).toBe(true);
        const c = r.command;
        expect(COMMANDS).toContain(c.command);
        expect(c.command).toBe(ownValue(data, 'command'));
        if (c.command === 'seek') {
          expect(Number.isSafeInteger(c.position)).toBe(true);
          expect(c.position).toBeGreaterThanOrEqual(0);
          expect(Object.is(c.position, -0)).toBe(false);
        }
        if (c.command === 'theme') expect(THEMES).toContain(c.theme);
      }),
      { numRuns: 600, seed: s4 },
    );
  });

  const s5 = fuzzSeed(1305);
  it(`seed ${s5}: a message not addressed to dcoscope (or no object) is ignored`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyValue(),
          fc
            .tuple(addressed, fc.oneof(junkValue(), fc.constant(undefined)))
            .map(([m, target]) => ({ ...m, target })),
          // only inherited: a prototype or a `__proto__` key saying dcoscope is no address
          addressed.map((m) => Object.create(m) as unknown),
          addressed.map((m) => withOwn({}, '__proto__', m)),
          addressed.map((m) => [m]),
        ),
        (data) => {
          fc.pre(!isAddressed(data));
          expect(parseCommand(data)).toEqual({ kind: 'ignore' });
        },
      ),
      { numRuns: 400, seed: s5 },
    );
  });
});
