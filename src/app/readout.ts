/**
 * The words of the controls bar: where the pair stands, what the mode is, what a marker is.
 * Pure, so the tests can check the wording without a browser.
 */
import type { Marker, PairSnapshot } from '../protocol/view.ts';
import type { PlaybackMode } from '../machines/playbackMachine.ts';
import { formatCount, formatSeconds } from '../model/index.ts';

/**
 * Simulated time of the pair: the clock of the lanes still running (the later one), so a lane
 * that finished (its clock at the run's end) does not pull the clock ahead of the one still
 * playing; once every lane has finished, the later of their clocks.
 */
export function pairTimeUs(s: PairSnapshot | null): number {
  if (!s) return 0;
  const running = s.pair.lanes.filter((l) => !l.finished);
  const lanes = running.length > 0 ? running : s.pair.lanes;
  return lanes.reduce((t, l) => Math.max(t, l.nowUs), 0);
}

/**
 * The simulated moment the pair shows, as a `time` target means it in the run's merge order:
 * aligned by notification, the merge key is lane A's own clock (lane B's times are warped onto
 * it), so the moment is lane A's time; by simulated time, it is the running lanes' clock.
 */
export function momentUs(s: PairSnapshot | null, align: 'notification' | 'time'): number {
  if (!s) return 0;
  // The worker's own word for it (the key of the latest event applied in the merge order).
  if (s.pair.momentUs !== undefined) return s.pair.momentUs;
  if (align === 'notification') return s.pair.lanes[0]?.nowUs ?? 0;
  return pairTimeUs(s);
}

/**
 * The lanes that ended while another still runs, each saying when: "2.6.14 finished at
 * 140.000 s" (or "exited at", when OpenVPN exited). Empty when none or all have ended.
 */
export function endedLanesText(s: PairSnapshot | null): string[] {
  if (!s) return [];
  const ended = s.pair.lanes.filter((l) => l.finished);
  if (ended.length === 0 || ended.length === s.pair.lanes.length) return [];
  return ended.map((l) =>
    l.exited
      ? `${l.variant} exited at ${formatSeconds(l.exited.atUs)}`
      : `${l.variant} finished at ${formatSeconds(l.nowUs)}`,
  );
}

/**
 * "event 1,234 of 40,000 · 12.345 s simulated", and "· 2.6.14 finished at 140.000 s" for a
 * lane that ended while the other runs. `clockUs` (the playback clock running through a wait,
 * when there is one) moves the time shown forward, never back.
 */
export function positionText(s: PairSnapshot | null, clockUs: number | null = null): string {
  if (!s) return 'no run loaded';
  const of = s.pair.length === null ? '' : ` of ${formatCount(s.pair.length)}`;
  const t = Math.max(pairTimeUs(s), clockUs ?? 0);
  const ended = endedLanesText(s).map((x) => ` · ${x}`);
  return `event ${formatCount(s.pair.position)}${of} · ${formatSeconds(t)} simulated${ended.join('')}`;
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
  if (m.kind === 'budget') return `Go to where ${markerText(m)}`;
  return `Go to ${m.kind === 'divergence' ? 'where the' : 'the'} ${markerText(m)}`;
}

/** A marker's place along the scrubber, 0 to 100 (%). */
export function markerPercent(position: number, length: number): number {
  if (length <= 0) return 0;
  return Math.min(100, Math.max(0, (position / length) * 100));
}
