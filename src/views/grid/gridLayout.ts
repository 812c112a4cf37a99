/**
 * Geometry of a cell grid (kernel peers, instances by peer id): how many columns, how big a cell,
 * where cell i sits, which cell a point hits, and one SVG path per cell state so 1,024 cells
 * cost a handful of DOM nodes, not 1,024.
 */
export interface GridLayout {
  count: number;
  cols: number;
  rows: number;
  /** Cell pitch in CSS pixels (cell + gap). */
  pitch: number;
  /** Drawn cell size (pitch minus the gap). */
  cell: number;
  width: number;
  height: number;
}

/** Above this many cells the grid draws on a canvas instead of SVG. */
export const SVG_MAX_CELLS = 1024;

export interface GridOptions {
  /** Width to fill, CSS px. */
  width: number;
  /** Target width / height ratio of the grid. */
  aspect?: number;
  /** Largest pitch, so six peers do not become six giant squares. */
  maxPitch?: number;
  /** Smallest pitch (below it the grid is wider than `width`: never happens above 1 px). */
  minPitch?: number;
}

export function gridLayout(count: number, opts: GridOptions): GridLayout {
  const aspect = opts.aspect ?? 2;
  const maxPitch = opts.maxPitch ?? 14;
  const minPitch = opts.minPitch ?? 1;
  const width = Math.max(1, Math.floor(opts.width));
  const n = Math.max(1, count);
  // pitch from a grid of the target aspect, clamped; then fill the width at that pitch
  const ideal = Math.max(1, Math.ceil(Math.sqrt(n * aspect)));
  const pitch = Math.min(maxPitch, Math.max(minPitch, Math.floor(width / ideal)));
  const cols = Math.max(1, Math.min(n, Math.floor(width / pitch)));
  const rows = Math.ceil(n / cols);
  const gap = pitch >= 5 ? 1 : 0;
  return {
    count,
    cols,
    rows,
    pitch,
    cell: pitch - gap,
    width: cols * pitch,
    height: rows * pitch,
  };
}

export function cellOrigin(l: GridLayout, i: number): { x: number; y: number } {
  return { x: (i % l.cols) * l.pitch, y: Math.floor(i / l.cols) * l.pitch };
}

/** Index of the cell under (x, y) in grid coordinates, or -1. */
export function cellAt(l: GridLayout, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= l.width || y >= l.height) return -1;
  const i = Math.floor(y / l.pitch) * l.cols + Math.floor(x / l.pitch);
  return i < l.count ? i : -1;
}

/** One SVG path per cell code: "M x y h c v c h -c z" for each cell of that code. */
export function cellPaths(cells: ArrayLike<number>, l: GridLayout): Map<number, string> {
  const parts = new Map<number, string[]>();
  const c = l.cell;
  for (let i = 0; i < l.count && i < cells.length; i++) {
    const code = cells[i]!;
    const { x, y } = cellOrigin(l, i);
    let p = parts.get(code);
    if (!p) parts.set(code, (p = []));
    p.push(`M${x} ${y}h${c}v${c}h${-c}z`);
  }
  const out = new Map<number, string>();
  for (const [code, p] of parts) out.set(code, p.join(''));
  return out;
}

/** How many cells hold each code. */
export function countCodes(cells: ArrayLike<number>, count = cells.length): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < count && i < cells.length; i++) {
    const c = cells[i]!;
    out.set(c, (out.get(c) ?? 0) + 1);
  }
  return out;
}

/** Content equality of two cell arrays (the worker sends a fresh array with every snapshot). */
export function sameCells(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
