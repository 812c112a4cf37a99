/**
 * Levels for a dot plot: each dot goes to the lowest level where it keeps at least `gap`
 * pixels from every dot already placed there, so no dot hides another (and every dot stays
 * clickable) even when values differ by less than a dot's width.
 */
export function stackLevels(xs: readonly number[], gap: number): number[] {
  // the rightmost x placed on each level; dots are placed left to right
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x || a.i - b.i);
  const rightmost: number[] = [];
  const levels = new Array<number>(xs.length).fill(0);
  for (const { x, i } of order) {
    let k = rightmost.findIndex((r) => x - r >= gap);
    if (k < 0) k = rightmost.length;
    rightmost[k] = x;
    levels[i] = k;
  }
  return levels;
}
