/**
 * npm run bench: the worker's handler at 10,000 peers (the largest run the page allows), printed
 * as figures (never asserted in tests; src/worker/handler.test.ts checks what these calls give):
 *  - init of both lanes plus the first snapshot;
 *  - a step forward plus its snapshot (five times), and a step back;
 *  - buildLaneView of both lanes (what every snapshot costs, mean of ten);
 *  - completing both runs, and a jump to the end once complete.
 */
import { DEFAULT_SETTINGS } from '../src/model/index.ts';
import { makeRequest, type SimRequestBody, type SimResponse } from '../src/protocol/messages.ts';
import { SimHandler } from '../src/worker/handler.ts';
import { buildLaneView } from '../src/worker/laneView.ts';

const big = { ...DEFAULT_SETTINGS, peers: 10_000, maxClients: 10_000 };
const h = new SimHandler();
let id = 1;

function timed(body: SimRequestBody, expected: SimResponse['type']): number {
  const t0 = performance.now();
  const r = h.handle(makeRequest(id++, body));
  const ms = performance.now() - t0;
  if (!r || r.type !== expected) throw new Error(`expected ${expected}, got ${r?.type ?? 'none'}`);
  return ms;
}

const ms = (v: number, digits = 1) => `${v.toFixed(digits)} ms`;

const initMs = timed(
  { type: 'init', lanes: [{ settings: big }, { settings: { ...big, variant: '2.6.20' } }] },
  'ready',
);
const stepMs = Array.from({ length: 5 }, () =>
  timed({ type: 'step', unit: 'event', direction: 1 }, 'snapshot'),
);
const backMs = timed({ type: 'step', unit: 'event', direction: -1 }, 'snapshot');

let t0 = performance.now();
for (let k = 0; k < 10; k++) {
  for (const lane of [0, 1] as const) buildLaneView(lane, h.pair!.laneState(lane), [], null);
}
const viewMs = (performance.now() - t0) / 10;

t0 = performance.now();
h.pair!.completeNow();
const completeMs = performance.now() - t0;
const endMs = timed({ type: 'jump', to: 'end' }, 'snapshot');

console.log('worker handler, 10,000 peers (2.6.14 vs 2.6.20, default settings)');
console.log(`   init + snapshot             ${ms(initMs)}`);
console.log(`   step + snapshot             ${stepMs.map((v) => ms(v)).join(', ')}`);
console.log(`   step back + snapshot        ${ms(backMs)}`);
console.log(`   buildLaneView, both lanes   ${ms(viewMs, 2)}`);
console.log(`   complete both runs          ${ms(completeMs, 0)}`);
console.log(`   jump to the end + snapshot  ${ms(endMs)}`);
