/**
 * Compares an imported trace with this page's replay of the same settings, event by event and
 * summary by summary, and words the import's report. Pure: no DOM.
 */
import type { TraceEvent } from '../../model/index.ts';
import type { IgnoredParam } from '../../formats/urlState.ts';

function same(a: TraceEvent, b: TraceEvent): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = (a as unknown as Record<string, unknown>)[k] ?? null;
    const y = (b as unknown as Record<string, unknown>)[k] ?? null;
    if (x !== y) return false;
  }
  return true;
}

/** Index of the first event where the two traces differ (or one ends first); null if equal. */
export function firstDifference(
  file: readonly TraceEvent[],
  replay: readonly TraceEvent[],
): number | null {
  const n = Math.max(file.length, replay.length);
  for (let i = 0; i < n; i++) {
    const a = file[i];
    const b = replay[i];
    if (!a || !b || !same(a, b)) return i;
  }
  return null;
}

export interface LaneReplay {
  variant: string;
  fileEvents: number;
  replayEvents: number;
  firstDifference: number | null;
  /** Summary fields in which the file differs from the replay (summaryDifferences). */
  summaryDifferences: readonly string[];
}

/** What else the import's report says: the model versions, and what the file lacked. */
export interface ReportNotes {
  versionNote: string | null;
  /** Settings the file left out, filled from the defaults. */
  filled?: readonly string[];
  /** What the file gave that could not be used (its position), with the reason. */
  ignored?: readonly IgnoredParam[];
}

/** The replay report as plain sentences (rendered as text, never HTML). */
export function replayReportLines(lanes: readonly LaneReplay[], notes: ReportNotes): string[] {
  const same = (l: LaneReplay) => l.firstDifference === null && l.summaryDifferences.length === 0;
  const identical = lanes.every(same);
  const lines = [
    identical
      ? `Replayed identically: both lanes match the file event by event and in their summaries (${lanes.map((l) => l.fileEvents).join(' and ')} events).`
      : 'The replay differs from the file.',
  ];
  for (const [i, l] of lanes.entries()) {
    const lane = `Lane ${i === 0 ? 'A' : 'B'} (${l.variant})`;
    if (same(l)) {
      if (!identical) lines.push(`${lane}: identical.`);
      continue;
    }
    if (l.firstDifference !== null) {
      lines.push(
        `${lane}: first difference at event ${l.firstDifference} (the file has ${l.fileEvents} events, the replay ${l.replayEvents}).`,
      );
    }
    if (l.summaryDifferences.length > 0) {
      lines.push(
        `${lane}: the file's summary differs from the replay's in ${l.summaryDifferences.join(', ')}${l.firstDifference === null ? ' (the events match)' : ''}.`,
      );
    }
  }
  if (notes.filled && notes.filled.length > 0) {
    lines.push(`The file left settings out; filled from defaults: ${notes.filled.join(', ')}.`);
  }
  for (const x of notes.ignored ?? []) lines.push(`Ignored ${x.param}: ${x.reason}.`);
  if (notes.versionNote) lines.push(`Note: ${notes.versionNote}.`);
  return lines;
}
