/**
 * Seeded PRNG (xoshiro128**), state as a plain 4-tuple of uint32 so it lives inside the
 * simulation state and survives checkpoints, JSON and postMessage.
 */
export type RngState = [number, number, number, number];

/** splitmix32 expands a 32-bit seed into a full, never all-zero state. */
export function seedRng(seed: number): RngState {
  let x = seed >>> 0;
  const next = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s: RngState = [next(), next(), next(), next()];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Next uint32; advances the state in place. */
export function nextU32(s: RngState): number {
  const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
  const t = (s[1] << 9) >>> 0;
  s[2] = (s[2] ^ s[0]) >>> 0;
  s[3] = (s[3] ^ s[1]) >>> 0;
  s[1] = (s[1] ^ s[2]) >>> 0;
  s[0] = (s[0] ^ s[3]) >>> 0;
  s[2] = (s[2] ^ t) >>> 0;
  s[3] = rotl(s[3], 11);
  return result;
}

/** Uniform in [0, 1). */
export function uniform(s: RngState): number {
  return nextU32(s) / 4294967296;
}

/** Uniform integer in [0, n). */
export function below(s: RngState, n: number): number {
  return Math.floor(uniform(s) * n);
}

/** Exponentially distributed with the given mean, rounded to whole microseconds. */
export function expUs(s: RngState, meanUs: number): number {
  if (meanUs <= 0) return 0;
  return Math.round(-Math.log(1 - uniform(s)) * meanUs);
}

/** Standard normal (Box-Muller, one of the pair). */
export function normal(s: RngState): number {
  const u = 1 - uniform(s);
  const v = uniform(s);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
