import { describe, expect, it } from 'vitest';
import { cellAt, cellOrigin, cellPaths, countCodes, gridLayout, sameCells } from './gridLayout.ts';

describe('gridLayout', () => {
  it('fits 1,024 cells in the width, about twice as wide as tall', () => {
    const l = gridLayout(1024, { width: 300 });
    expect(l.width).toBeLessThanOrEqual(300);
    expect(l.cols * l.rows).toBeGreaterThanOrEqual(1024);
    expect(l.width / l.height).toBeGreaterThan(1.5);
    expect(l.cell).toBe(l.pitch - 1);
  });

  it('keeps 10,000 cells within the width, gapless when the pitch is tiny', () => {
    const l = gridLayout(10_000, { width: 300 });
    expect(l.width).toBeLessThanOrEqual(300);
    expect(l.cols * l.rows).toBeGreaterThanOrEqual(10_000);
    expect(l.pitch).toBeGreaterThanOrEqual(1);
    if (l.pitch < 5) expect(l.cell).toBe(l.pitch);
  });

  it('caps the pitch for a handful of cells', () => {
    const l = gridLayout(6, { width: 300 });
    expect(l.pitch).toBe(14);
    expect(l.cols).toBe(6);
    expect(l.rows).toBe(1);
  });

  it('maps points back to cells', () => {
    const l = gridLayout(100, { width: 200 });
    for (const i of [0, 1, l.cols, 57, 99]) {
      const { x, y } = cellOrigin(l, i);
      expect(cellAt(l, x + 1, y + 1)).toBe(i);
    }
    expect(cellAt(l, -1, 0)).toBe(-1);
    expect(cellAt(l, l.width + 1, 0)).toBe(-1);
  });
});

describe('cellPaths', () => {
  it('draws one square per cell, grouped by code', () => {
    const cells = Uint8Array.from([1, 1, 2, 0, 4]);
    const l = gridLayout(cells.length, { width: 100 });
    const p = cellPaths(cells, l);
    expect([...p.keys()].sort()).toEqual([0, 1, 2, 4]);
    expect(p.get(1)!.match(/M/g)).toHaveLength(2);
    expect(p.get(4)).toBe(`M${4 * l.pitch} 0h${l.cell}v${l.cell}h${-l.cell}z`);
  });
});

describe('countCodes / sameCells', () => {
  it('counts and compares by content', () => {
    const a = Uint8Array.from([1, 2, 2, 3]);
    expect(countCodes(a)).toEqual(
      new Map([
        [1, 1],
        [2, 2],
        [3, 1],
      ]),
    );
    expect(sameCells(a, a.slice())).toBe(true);
    expect(sameCells(a, Uint8Array.from([1, 2, 2, 4]))).toBe(false);
  });
});
