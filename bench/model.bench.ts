/**
 * npm run bench: speed of the model, printed as figures and ratios (never asserted in tests).
 *  1. model events per second vs the floor: a bare loop pushing and popping the same number
 *     of events through the same queue (eventQueue.ts);
 *  2. wall time of the `reporter` scenario to the end, per variant;
 *  3. wall time of a 100-seed sweep of `reporter` (2.6.14).
 * Targets (issue 2): reporter well under 100 ms, the sweep under 5 s on one core here, and at
 * least a third of the floor's event rate.
 */
import { createSim, runToEnd, sweepSeeds, SCENARIOS, VARIANT_IDS } from '../src/model/index.ts';
import { advanceOne } from '../src/model/sim.ts';
import { heapPop, heapPush } from '../src/model/eventQueue.ts';

const reporter = SCENARIOS.reporter!.settings;

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

function best<T>(n: number, fn: () => T): [T, number] {
  let out: [T, number] = time(fn);
  for (let i = 1; i < n; i++) {
    const r = time(fn);
    if (r[1] < out[1]) out = r;
  }
  return out;
}

/** Model: count scheduled events processed (heap pops), not just trace events. */
function modelRun(): { pops: number; maxQueue: number } {
  const st = createSim({ ...reporter, variant: '2.6.14' });
  let pops = 0;
  let maxQueue = 0;
  while (!st.finished) {
    advanceOne(st, null);
    pops++;
    if (st.events.length > maxQueue) maxQueue = st.events.length;
  }
  return { pops, maxQueue };
}

/** Floor: the same number of events through the same heap, kept at the model's queue size. */
function floorRun(pops: number, size: number): number {
  const h: { t: number; s: number; k: string }[] = [];
  let s = 0;
  let t = 0;
  for (let i = 0; i < size; i++) heapPush(h, { t: t + ((i * 7919) % 1000), s: s++, k: 'x' });
  let sum = 0;
  for (let i = 0; i < pops; i++) {
    const e = heapPop(h)!;
    t = e.t;
    sum += e.s;
    heapPush(h, { t: t + ((i * 7919) % 1000), s: s++, k: 'x' });
  }
  return sum;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

modelRun(); // warm up the JIT
const [{ pops, maxQueue }, modelMs] = best(5, modelRun);
const [, floorMs] = best(5, () => floorRun(pops, maxQueue));
const modelRate = pops / (modelMs / 1000);
const floorRate = pops / (floorMs / 1000);
console.log('1. event rate (reporter, 2.6.14)');
console.log(
  `   model: ${pops} events in ${fmt(modelMs)} = ${(modelRate / 1e6).toFixed(2)} M events/s`,
);
console.log(
  `   floor: same ${pops} events through the same queue (size ${maxQueue}) in ${fmt(floorMs)} = ${(floorRate / 1e6).toFixed(2)} M events/s`,
);
console.log(`   ratio model/floor: ${(modelRate / floorRate).toFixed(3)} (target >= 0.333)`);

console.log('2. reporter scenario to the end, per variant (best of 5)');
for (const variant of VARIANT_IDS) {
  const [r, ms] = best(5, () => runToEnd({ ...reporter, variant }));
  console.log(
    `   ${variant.padEnd(14)} ${fmt(ms).padStart(9)}  (${r.summary.events} trace events, target < 100 ms: ratio ${(ms / 100).toFixed(2)})`,
  );
}

const seeds = Array.from({ length: 100 }, (_, i) => i + 1);
const [sweep, sweepMs] = time(() => sweepSeeds({ ...reporter, variant: '2.6.14' }, seeds));
console.log('3. 100-seed sweep of reporter (2.6.14), one core');
console.log(
  `   ${fmt(sweepMs)} (target < 5000 ms: ratio ${(sweepMs / 5000).toFixed(2)}); ghosts median ${sweep.summary.ghosts.median}`,
);
