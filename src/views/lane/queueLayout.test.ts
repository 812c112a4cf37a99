import { describe, expect, it } from 'vitest';
import type { QueuedDatagram } from '../../protocol/view.ts';
import { blockLabel, bufferFill, queueLayout } from './queueLayout.ts';

const del = (id: number): QueuedDatagram => ({ id, kind: 'del', truesize: 832, peer: id - 1 });
const dump: QueuedDatagram = { id: 99, kind: 'dump', truesize: 17_152, entries: 80, req: 1 };

describe('queueLayout', () => {
  it('puts blocks head first, left to right, without overlap', () => {
    const q = [del(1), del(2), dump, del(3)];
    const l = queueLayout(q, q.length, { width: 600 });
    expect(l.blocks.map((b) => b.dg.id)).toEqual([1, 2, 99, 3]);
    for (let i = 1; i < l.blocks.length; i++) {
      const a = l.blocks[i - 1]!;
      const b = l.blocks[i]!;
      if (a.y === b.y) expect(b.x).toBeGreaterThanOrEqual(a.x + a.w);
    }
    expect(l.hidden).toBe(0);
  });

  it('makes wider blocks for bigger truesize (square-root scale)', () => {
    const l = queueLayout([del(1), dump], 2, { width: 600 });
    const [a, b] = l.blocks;
    expect(a!.w).toBe(24);
    expect(b!.w).toBeGreaterThan(4 * a!.w);
    expect(b!.w).toBeLessThan(5 * a!.w);
  });

  it('wraps into rows and counts what does not fit, plus what the view left out', () => {
    const q = Array.from({ length: 600 }, (_, i) => del(i + 1));
    const l = queueLayout(q, 900, { width: 260, rows: 3 });
    expect(new Set(l.blocks.map((b) => b.y)).size).toBe(3);
    expect(l.blocks.every((b) => b.x + b.w <= 260)).toBe(true);
    expect(l.hidden).toBe(900 - l.blocks.length);
    expect(l.height).toBe(3 * 22 - 2);
  });

  it('labels DELs by peer and other kinds by name', () => {
    expect(blockLabel(del(18))).toBe('17');
    expect(blockLabel(dump)).toBe('dump 80');
    expect(blockLabel({ id: 1, kind: 'error', truesize: 832, errno: 'EBUSY' })).toBe('ERR');
  });
});

describe('bufferFill', () => {
  it('is the share of rcvbuf, and says when dump parts may be produced', () => {
    expect(bufferFill(212_992, 425_984)).toEqual({ fill: 0.5, belowHalf: true });
    expect(bufferFill(213_824, 425_984).belowHalf).toBe(false);
    expect(bufferFill(999_999, 425_984).fill).toBe(1);
    expect(bufferFill(0, 0).fill).toBe(0);
  });
});
