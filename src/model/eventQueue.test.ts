import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { heapPeek, heapPop, heapPush, type Timed } from './eventQueue.ts';

type E = Timed & { tag: number };

function drain(h: E[]): E[] {
  const out: E[] = [];
  for (let e = heapPop(h); e !== undefined; e = heapPop(h)) out.push(e);
  return out;
}

describe('eventQueue: binary heap ordered by (t, s)', () => {
  it('pops in increasing time', () => {
    const h: E[] = [];
    [50, 10, 40, 20, 30].forEach((t, i) => heapPush(h, { t, s: i, tag: i }));
    expect(drain(h).map((e) => e.t)).toEqual([10, 20, 30, 40, 50]);
  });

  it('breaks ties in time by the sequence number, whatever the push order', () => {
    const h: E[] = [];
    for (const s of [5, 2, 9, 0, 7]) heapPush(h, { t: 100, s, tag: s });
    expect(drain(h).map((e) => e.s)).toEqual([0, 2, 5, 7, 9]);
  });

  it('an empty heap pops and peeks undefined', () => {
    const h: E[] = [];
    expect(heapPop(h)).toBeUndefined();
    expect(heapPeek(h)).toBeUndefined();
  });

  it('peek returns the next pop without removing it', () => {
    const h: E[] = [];
    heapPush(h, { t: 3, s: 1, tag: 1 });
    heapPush(h, { t: 1, s: 2, tag: 2 });
    expect(heapPeek(h)?.tag).toBe(2);
    expect(h).toHaveLength(2);
    expect(heapPop(h)?.tag).toBe(2);
  });

  it('any interleaving of pushes and pops yields the (t, s) order of a sort', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 300 }),
        (ops) => {
          const h: E[] = [];
          const model: E[] = [];
          let s = 0;
          for (const op of ops) {
            if (op >= 0) {
              const e = { t: op, s: s++, tag: 0 };
              heapPush(h, e);
              model.push(e);
            } else {
              model.sort((a, b) => a.t - b.t || a.s - b.s);
              expect(heapPop(h)).toBe(model.shift());
            }
          }
          model.sort((a, b) => a.t - b.t || a.s - b.s);
          expect(drain(h)).toEqual(model);
        },
      ),
      { numRuns: 200 },
    );
  });
});
