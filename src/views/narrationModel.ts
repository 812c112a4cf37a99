/**
 * What the narration line shows and announces: every event of the step in plain words, and one
 * line (the last) for screen readers.
 */
import { narrate, type TraceEvent } from '../model/index.ts';

export interface NarrationText {
  /** One line per event of the step (at most `max`, the latest ones). */
  lines: { i: number; text: string }[];
  /** Events of the step not listed. */
  omitted: number;
  /** The single line to announce; '' when the step had no event. */
  announce: string;
}

export function narrationText(events: readonly TraceEvent[], max = 6): NarrationText {
  const shown = events.slice(-max);
  const lines = shown.map((e) => ({ i: e.i, text: narrate(e) }));
  const last = lines[lines.length - 1];
  const more = events.length > 1 ? ` (${events.length} events in this step)` : '';
  return {
    lines,
    omitted: events.length - shown.length,
    announce: last ? `${last.text}${more}` : '',
  };
}
