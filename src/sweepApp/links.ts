/** Links from the sweeps page into the visualizer, and how durations read. Pure. */
import type { SimSettings, VariantId } from '../model/index.ts';
import { encodeLink } from '../formats/urlState.ts';
import { otherLane } from './form.ts';

/** index.html opening exactly this run at its start, beside the other lane. */
export function runHref(settings: SimSettings, chosen: readonly VariantId[]): string {
  const rest: Partial<SimSettings> = { ...settings };
  delete rest.variant;
  const query = encodeLink({
    settings: rest as Omit<SimSettings, 'variant'>,
    lanes: [settings.variant, otherLane(settings.variant, chosen)],
    step: 0,
  });
  return `index.html?${query}`;
}

/** "850 ms", "12.3 s", "2 min 05 s". */
export function durationText(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '…';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
}
