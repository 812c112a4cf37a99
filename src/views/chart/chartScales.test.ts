import { describe, expect, it } from 'vitest';
import type { Gauges } from '../../model/index.ts';
import { chartModel, chartSummary, thin } from './chartScales.ts';

const g = (t: number, o: Partial<Gauges> = {}): Gauges => ({
  t,
  kernelPeers: 10,
  instances: 10,
  ghosts: 0,
  refused: 0,
  queueBytes: 0,
  ...o,
});

const lane0 = [
  g(0),
  g(1_000_000, { kernelPeers: 4, ghosts: 5, queueBytes: 4160 }),
  g(2_000_000, { kernelPeers: 0, ghosts: 5, refused: 3 }),
];
const lane1 = [
  g(0),
  g(1_000_000, { kernelPeers: 4 }),
  g(2_000_000, { kernelPeers: 0, instances: 0 }),
];

describe('chartModel', () => {
  const m = chartModel([lane0, lane1], 1_500_000, { width: 600 });
  it('maps time onto the width and stacks three panels', () => {
    expect(m.x(0)).toBe(m.margin.left);
    expect(m.x(2_000_000)).toBe(600 - m.margin.right);
    expect(m.panels.map((p) => p.id)).toEqual(['counts', 'refused', 'queue']);
    for (let k = 1; k < m.panels.length; k++)
      expect(m.panels[k]!.top).toBeGreaterThan(m.panels[k - 1]!.top + m.panels[k - 1]!.height);
  });
  it('draws one path per lane and series', () => {
    expect(m.paths).toHaveLength(10);
    expect(m.paths.filter((p) => p.lane === 1)).toHaveLength(5);
    expect(m.paths[0]!.d.startsWith('M')).toBe(true);
  });
  it('extends the time axis to the playhead', () => {
    const late = chartModel([lane0], 5_000_000, { width: 600 });
    expect(late.x(5_000_000)).toBe(600 - late.margin.right);
  });
  it('copes with no data', () => {
    expect(chartModel([[], []], 0, { width: 300 }).paths).toHaveLength(0);
  });
});

describe('thin', () => {
  it('keeps the queue peaks and both ends', () => {
    const pts = Array.from({ length: 10_000 }, (_, i) =>
      g(i, { queueBytes: i === 5_000 ? 999 : 1 }),
    );
    const t = thin(pts, 200);
    expect(t.length).toBeLessThanOrEqual(202);
    expect(t.some((p) => p.queueBytes === 999)).toBe(true);
    expect(t[0]!.t).toBe(0);
    expect(t[t.length - 1]!.t).toBe(9_999);
  });
});

describe('chartSummary', () => {
  it('summarizes each lane in words', () => {
    const s = chartSummary([lane0, lane1], ['2.6.14', '2.6.20']);
    expect(s).toContain('2.6.14: kernel peers end at 0');
    expect(s).toContain('ghosts peak 5 and end at 5, 3 refused');
    expect(s).toContain('2.6.20');
  });
});
