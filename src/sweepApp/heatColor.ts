/** The colour step (0..HEAT_STEPS-1) of a heatmap value: a d3 quantize scale over the map's range. */
import { scaleQuantize } from 'd3-scale';
import type { HeatMetric } from '../sweep/aggregate.ts';

export const HEAT_STEPS = 8;

export function heatStepScale(metric: HeatMetric, min: number, max: number): (v: number) => number {
  const lo = metric === 'exits' ? 0 : Math.min(0, min);
  const hi = metric === 'exits' ? 1 : max;
  if (hi <= lo) return () => 0;
  return scaleQuantize<number>()
    .domain([lo, hi])
    .range(Array.from({ length: HEAT_STEPS }, (_, i) => i));
}

export function heatText(metric: HeatMetric, v: number | null): string {
  if (v === null) return '—';
  if (metric === 'exits') return `${Math.round(v * 100)}%`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export const HEAT_LABEL: Record<HeatMetric, string> = {
  ghosts: 'median ghosts',
  refused: 'median refusals',
  exits: 'runs that exited',
};
