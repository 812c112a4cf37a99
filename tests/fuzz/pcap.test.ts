/**
 * Fuzzing the pcap reader (src/formats/pcap.ts, readPcap): a real export with bytes changed,
 * cut, deleted, inserted or the whole file repeated, random bytes behind a valid header, and
 * files written from random packets. The reader never throws, rejects with a readable message
 * saying where or what is wrong, answers equal inputs alike, and what it accepts is within its
 * bounds; what writePcap wrote reads back as written. The DEL_PEER import (pcapImport.ts) on
 * the same edited files: no throw, a readable message for every rejection, peers and times
 * within range for what it accepts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scenarioSettings } from '../../src/model/index.ts';
import {
  COOKED_HEADER_BYTES,
  MAX_RECORD_BYTES,
  NETLINK_GENERIC,
  PCAP_HEADER_BYTES,
  readPcap,
  writePcap,
  type PcapReadResult,
} from '../../src/formats/pcap.ts';
import { readDelPeers } from '../../src/formats/pcapImport.ts';
import { runPcap } from '../../src/formats/pcapRun.ts';
import { deepEqual, expectReadableMessage, fuzzSeed } from './fuzzKit.ts';

const real = runPcap({ ...scenarioSettings('lesson'), variant: '2.6.14', seed: 1 }).file;

/** readPcap must not throw; a rejection carries a readable message saying where or what. */
function checked(bytes: Uint8Array): PcapReadResult {
  let r: PcapReadResult;
  try {
    r = readPcap(bytes);
  } catch (e) {
    throw new Error(`readPcap threw: ${String(e)}`, { cause: e });
  }
  if (!r.ok) {
    expectReadableMessage(r.problem);
    expect(r.problem).toMatch(/record \d+ at byte \d+|bytes|magic|pcapng|version|link type/);
  } else {
    for (const p of r.packets) {
      expect(Number.isSafeInteger(p.tUs) && p.tUs >= 0).toBe(true);
      expect(p.data.length).toBeLessThanOrEqual(MAX_RECORD_BYTES - COOKED_HEADER_BYTES);
    }
  }
  return r;
}

type Edit =
  | { kind: 'set'; at: number; bytes: Uint8Array }
  | { kind: 'cut'; at: number }
  | { kind: 'delete'; at: number; n: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'repeat'; times: number };

const bytes = (max: number) => fc.uint8Array({ minLength: 1, maxLength: max });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), bytes: bytes(8) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    n: fc.integer({ min: 1, max: 32 }),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: bytes(32) }),
  fc.record({ kind: fc.constant('repeat' as const), times: fc.integer({ min: 2, max: 3 }) }),
);

function apply(file: Uint8Array, e: Edit): Uint8Array {
  if (e.kind === 'repeat') {
    const out = new Uint8Array(file.length * e.times);
    for (let i = 0; i < e.times; i++) out.set(file, i * file.length);
    return out;
  }
  const at = e.at % (file.length + 1);
  switch (e.kind) {
    case 'set': {
      const out = file.slice();
      out.set(e.bytes.subarray(0, out.length - at), at);
      return out;
    }
    case 'cut':
      return file.slice(0, at);
    case 'delete':
      return new Uint8Array([...file.subarray(0, at), ...file.subarray(at + e.n)]);
    case 'insert':
      return new Uint8Array([...file.subarray(0, at), ...e.bytes, ...file.subarray(at)]);
  }
}

describe('fuzz: readPcap', () => {
  it('the real export of lesson 2.6.14 seed 1 reads', () => {
    expect(checked(real).ok).toBe(true);
  });

  const s1 = fuzzSeed(2101);
  it(`seed ${s1}: a real export with up to four edits: no throw, a message for every rejection, the same answer twice`, () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const file = edits.reduce(apply, real);
        const first = checked(file);
        expect(deepEqual(first, readPcap(file))).toBe(true);
      }),
      { numRuns: 600, seed: s1 },
    );
  });

  const s2 = fuzzSeed(2102);
  it(`seed ${s2}: random bytes, bare or behind a real file header: no throw, a message for every rejection`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (junk, withHeader) => {
        const file = withHeader
          ? new Uint8Array([...real.subarray(0, PCAP_HEADER_BYTES), ...junk])
          : junk;
        checked(file);
      }),
      { numRuns: 600, seed: s2 },
    );
  });

  const s3 = fuzzSeed(2103);
  it(`seed ${s3}: what writePcap writes from random packets reads back as written`, () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tUs: fc.integer({ min: 0, max: 2 ** 32 * 1e6 - 1 }),
            data: fc.uint8Array({ maxLength: 300 }),
          }),
          { maxLength: 20 },
        ),
        (packets) => {
          const r = checked(writePcap(packets));
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.packets.map((p) => [p.tUs, p.protocol, [...p.data]])).toEqual(
            packets.map((p) => [p.tUs, NETLINK_GENERIC, [...p.data]]),
          );
        },
      ),
      { numRuns: 300, seed: s3 },
    );
  });

  const s4 = fuzzSeed(2104);
  it(`seed ${s4}: readDelPeers on an edited export: no throw, a message for every rejection, whole peers and times`, () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const file = edits.reduce(apply, real);
        let r: ReturnType<typeof readDelPeers>;
        try {
          r = readDelPeers(file);
        } catch (e) {
          throw new Error(`readDelPeers threw: ${String(e)}`, { cause: e });
        }
        if (!r.ok) {
          expectReadableMessage(r.problem);
          return;
        }
        for (const d of r.delPeers) {
          expect(Number.isSafeInteger(d.peer) && d.peer >= 0).toBe(true);
          expect(Number.isSafeInteger(d.tUs)).toBe(true);
        }
      }),
      { numRuns: 600, seed: s4 },
    );
  });
});
