/**
 * The event queue: a binary min-heap over plain event objects ordered by (t, s), where s is a
 * unique, increasing sequence number. Same inputs give the same order, bit for bit.
 */
export interface Timed {
  t: number;
  s: number;
}

function less(a: Timed, b: Timed): boolean {
  return a.t < b.t || (a.t === b.t && a.s < b.s);
}

export function heapPush<E extends Timed>(h: E[], e: E): void {
  h.push(e);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const a = h[i]!;
    const b = h[p]!;
    if (!less(a, b)) break;
    h[i] = b;
    h[p] = a;
    i = p;
  }
}

export function heapPop<E extends Timed>(h: E[]): E | undefined {
  const top = h[0];
  const last = h.pop();
  if (h.length === 0 || last === undefined) return top;
  h[0] = last;
  let i = 0;
  const n = h.length;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < n && less(h[l]!, h[m]!)) m = l;
    if (r < n && less(h[r]!, h[m]!)) m = r;
    if (m === i) break;
    const tmp = h[i]!;
    h[i] = h[m]!;
    h[m] = tmp;
    i = m;
  }
  return top;
}

export function heapPeek<E extends Timed>(h: E[]): E | undefined {
  return h[0];
}
