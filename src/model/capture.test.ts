import { describe, expect, it } from 'vitest';
import { captureRun } from './capture.ts';
import { runToEnd } from './run.ts';
import { scenarioSettings } from './scenarios.ts';
import type { TraceEvent } from './trace.ts';
import type { SimSettings } from './settings.ts';

const cases: [string, Partial<SimSettings>][] = [
  ['lesson 2.6.14 seed 1', { ...scenarioSettings('lesson'), variant: '2.6.14', seed: 1 }],
  ['lesson 2.7 seed 3', { ...scenarioSettings('lesson'), variant: '2.7', seed: 3 }],
  ['overwrite 2.6.20 seed 7', { ...scenarioSettings('overwrite'), variant: '2.6.20', seed: 7 }],
  ['overflow 2.6.14 seed 2', { ...scenarioSettings('overflow'), variant: '2.6.14', seed: 2 }],
];

describe('captureRun', () => {
  for (const [name, settings] of cases) {
    it(`${name}: runs the same run as runToEnd (summary and trace unchanged)`, () => {
      const plain: TraceEvent[] = [];
      const captured: TraceEvent[] = [];
      const a = runToEnd(settings, { onTrace: (e) => plain.push(e) });
      const b = captureRun(settings, { onTrace: (e) => captured.push(e) });
      expect(b.summary).toEqual(a.summary);
      expect(captured).toEqual(plain);
    });

    it(`${name}: holds every datagram OpenVPN read and every request, in time order`, () => {
      const trace: TraceEvent[] = [];
      const r = captureRun(settings, { onTrace: (e) => trace.push(e) });
      expect(r.missed).toBe(0);
      const ids = new Set(r.messages.flatMap((m) => (m.kind === 'datagram' ? [m.dg.id] : [])));
      const read = trace.filter((e) => e.what === 'read' && e.dg !== undefined);
      expect(read.length).toBeGreaterThan(0);
      for (const e of read) expect(ids.has(e.dg!), `datagram ${e.dg} read at ${e.t}`).toBe(true);
      const requests = trace.filter((e) => e.what === 'request');
      expect(r.messages.filter((m) => m.kind === 'request').map((m) => m.req)).toEqual(
        requests.map((e) => e.n),
      );
      const times = r.messages.map((m) => m.tUs);
      expect(times).toEqual([...times].sort((x, y) => x - y));
      // every notification queued is captured; the dropped ones are not
      const dels = r.messages.filter((m) => m.kind === 'datagram' && m.dg.kind === 'del');
      expect(dels.length).toBe(r.summary.queued);
    });
  }
});
