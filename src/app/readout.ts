/**
 * The words of the controls bar: where the pair stands, what the mode is, what a marker is.
 * Pure, so the tests can check the wording without a browser.
 */
import type { Marker, PairSnapshot } from '../protocol/view.ts';
import type { PlaybackMode } from '../machines/playbackMachine.ts';
import { formatCount, formatSeconds } from '../model/index.ts';

/** Simulated time of the pair: the later of the two lanes' clocks. */
export function pairTimeUs(s: PairSnapshot | null): number {
  if (!s) return 0;
  return s.pair.lanes.reduce((t, l) => Math.max(t, l.nowUs), 0);
}

/** "event 1,234 of 40,000 · 12.345 s simulated" */
export function positionText(s: PairSnapshot | null): string {
  if (!s) return 'no run loaded';
  const of = s.pair.length === null ? '' : ` of ${formatCount(s.pair.length)}`;
  return `event ${formatCount(s.pair.position)}${of} · ${formatSeconds(pairTimeUs(s))} simulated`;
}

const MODE_TEXT: Record<PlaybackMode, string> = {
  loading: 'Loading the run…',
  ready: 'Ready',
  playing: 'Playing',
  paused: 'Paused',
  seeking: 'Moving…',
  ended: 'At the end of the run',
  error: 'Stopped: the simulation failed.',
};

export function modeText(mode: PlaybackMode): string {
  return MODE_TEXT[mode];
}

/**
 * A scrubber marker's tooltip: the marker's label as the worker words it (the one wording, which
 * names the variant once) and the position the marker seeks to.
 */
export function markerText(m: Marker): string {
  return `${m.label} (event ${formatCount(m.position)})`;
}

/** The accessible name of a marker's button. */
export function markerGoTo(m: Marker): string {
  return `Go to ${m.kind === 'divergence' ? 'where the' : 'the'} ${markerText(m)}`;
}

/** A marker's place along the scrubber, 0 to 100 (%). */
export function markerPercent(position: number, length: number): number {
  if (length <= 0) return 0;
  return Math.min(100, Math.max(0, (position / length) * 100));
}
