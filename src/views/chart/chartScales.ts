/**
 * The chart's geometry, pure: a shared time scale, three stacked panels (counts: kernel peers,
 * instances, ghosts; refusals; queue bytes), one step-line path per lane and series, ticks,
 * and a plain-words summary for screen readers.
 */
import { extent, max } from 'd3-array';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import { formatCount, formatSeconds, type Gauges } from '../../model/index.ts';
import { fmtBytes } from '../format.ts';

export type SeriesKey = 'kernelPeers' | 'instances' | 'ghosts' | 'refused' | 'queueBytes';

export const SERIES: { key: SeriesKey; label: string; panel: PanelId; colorVar: string }[] = [
  { key: 'kernelPeers', label: 'kernel peers', panel: 'counts', colorVar: '--v-series-kernel' },
  { key: 'instances', label: 'instances', panel: 'counts', colorVar: '--v-series-instances' },
  { key: 'ghosts', label: 'ghosts', panel: 'counts', colorVar: '--v-series-ghosts' },
  { key: 'refused', label: 'refused (total)', panel: 'refused', colorVar: '--v-series-refused' },
  { key: 'queueBytes', label: 'socket queue bytes', panel: 'queue', colorVar: '--v-series-queue' },
];

export type PanelId = 'counts' | 'refused' | 'queue';

export interface Panel {
  id: PanelId;
  title: string;
  top: number;
  height: number;
  y: ScaleLinear<number, number>;
  yTicks: { value: number; y: number; label: string }[];
}

export interface ChartPath {
  lane: number;
  key: SeriesKey;
  d: string;
}

export interface ChartModel {
  width: number;
  height: number;
  margin: { left: number; right: number; top: number; bottom: number };
  x: ScaleLinear<number, number>;
  xTicks: { value: number; x: number; label: string }[];
  panels: Panel[];
  paths: ChartPath[];
}

export interface ChartSize {
  width: number;
  countsHeight?: number;
  refusedHeight?: number;
  queueHeight?: number;
}

const PANEL_GAP = 14;

function fmtCountTick(v: number): string {
  return v >= 10_000 ? `${formatCount(v / 1000)}k` : formatCount(v);
}

function fmtBytesTick(v: number): string {
  return v === 0 ? '0' : `${formatCount(v / 1024)}K`;
}

/** Points to draw: at most ~2 per pixel, keeping each bucket's extremes of queueBytes. */
export function thin(points: readonly Gauges[], maxPoints: number): Gauges[] {
  if (points.length <= maxPoints) return [...points];
  const out: Gauges[] = [];
  const bucket = points.length / (maxPoints / 2);
  for (let b = 0; b * bucket < points.length; b++) {
    const from = Math.floor(b * bucket);
    const to = Math.min(points.length, Math.floor((b + 1) * bucket));
    let lo = points[from]!;
    let hi = lo;
    for (let k = from; k < to; k++) {
      const p = points[k]!;
      if (p.queueBytes < lo.queueBytes) lo = p;
      if (p.queueBytes > hi.queueBytes) hi = p;
    }
    if (lo === hi) out.push(lo);
    else out.push(...(lo.t <= hi.t ? [lo, hi] : [hi, lo]));
  }
  const last = points[points.length - 1]!;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

export function chartModel(
  series: readonly Gauges[][],
  nowUs: number,
  size: ChartSize,
): ChartModel {
  const margin = { left: 46, right: 10, top: 16, bottom: 22 };
  const width = Math.max(200, size.width);
  const heights: Record<PanelId, number> = {
    counts: size.countsHeight ?? 120,
    refused: size.refusedHeight ?? 50,
    queue: size.queueHeight ?? 50,
  };
  const all = series.flat();
  const [t0 = 0, t1 = 1] = extent(all, (g) => g.t);
  const x = scaleLinear()
    .domain([Math.min(0, t0), Math.max(t1, nowUs, 1)])
    .range([margin.left, width - margin.right]);
  const xTicks = x.ticks(Math.max(2, Math.floor(width / 90))).map((v) => ({
    value: v,
    x: x(v),
    label: formatSeconds(v, { digits: 0 }),
  }));
  const maxOf = (keys: SeriesKey[]) => Math.max(1, ...keys.map((k) => max(all, (g) => g[k]) ?? 0));
  const panels: Panel[] = [];
  let top = margin.top;
  const defs: { id: PanelId; title: string; keys: SeriesKey[]; fmt: (v: number) => string }[] = [
    {
      id: 'counts',
      title: 'kernel peers, instances, ghosts',
      keys: ['kernelPeers', 'instances', 'ghosts'],
      fmt: fmtCountTick,
    },
    { id: 'refused', title: 'refused connections', keys: ['refused'], fmt: fmtCountTick },
    { id: 'queue', title: 'socket queue', keys: ['queueBytes'], fmt: fmtBytesTick },
  ];
  for (const d of defs) {
    const h = heights[d.id];
    const y = scaleLinear()
      .domain([0, maxOf(d.keys)])
      .nice()
      .range([top + h, top]);
    const yTicks = y
      .ticks(d.id === 'counts' ? 4 : 2)
      .filter((v) => d.id === 'queue' || Number.isInteger(v))
      .map((v) => ({ value: v, y: y(v), label: d.fmt(v) }));
    panels.push({ id: d.id, title: d.title, top, height: h, y, yTicks });
    top += h + PANEL_GAP;
  }
  const height = top - PANEL_GAP + margin.bottom;
  const paths: ChartPath[] = [];
  const maxPoints = Math.max(50, Math.floor((width - margin.left - margin.right) * 2));
  series.forEach((pts, lane) => {
    const data = thin(pts, maxPoints);
    for (const s of SERIES) {
      const panel = panels.find((p) => p.id === s.panel)!;
      const gen = line<Gauges>()
        .x((g) => x(g.t))
        .y((g) => panel.y(g[s.key]))
        .curve(curveStepAfter);
      const d = gen(data);
      if (d) paths.push({ lane, key: s.key, d });
    }
  });
  return { width, height, margin, x, xTicks, panels, paths };
}

export interface LaneStats {
  lane: number;
  variant: string;
  rows: { key: SeriesKey; label: string; peak: string; final: string }[];
}

export function laneStats(series: readonly Gauges[][], variants: readonly string[]): LaneStats[] {
  return series.map((pts, lane) => ({
    lane,
    variant: variants[lane] ?? `lane ${lane + 1}`,
    rows: SERIES.map((s) => {
      const f = s.key === 'queueBytes' ? fmtBytes : formatCount;
      const last = pts[pts.length - 1];
      return {
        key: s.key,
        label: s.label,
        peak: f(max(pts, (g) => g[s.key]) ?? 0),
        final: f(last ? last[s.key] : 0),
      };
    }),
  }));
}

export function chartSummary(series: readonly Gauges[][], variants: readonly string[]): string {
  if (series.every((s) => s.length === 0))
    return 'No data yet: the chart appears when the run is complete.';
  const parts = laneStats(series, variants).map((l) => {
    const r = Object.fromEntries(l.rows.map((x) => [x.key, x]));
    return `${l.variant}: kernel peers end at ${r.kernelPeers!.final}, instances at ${r.instances!.final}, ghosts peak ${r.ghosts!.peak} and end at ${r.ghosts!.final}, ${r.refused!.final} refused, queue peak ${r.queueBytes!.peak}`;
  });
  return `Gauges over simulated time. ${parts.join('. ')}.`;
}
