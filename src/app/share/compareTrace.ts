/**
 * Compares an imported trace with this page's replay of the same settings, event by event.
 * Pure: no DOM.
 */
import type { TraceEvent } from '../../model/index.ts';

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
}

/** The replay report as plain sentences (rendered as text, never HTML). */
export function replayReportLines(
  lanes: readonly LaneReplay[],
  versionNote: string | null,
): string[] {
  const identical = lanes.every((l) => l.firstDifference === null);
  const lines = [
    identical
      ? `Replayed identically: both lanes match the file event by event (${lanes.map((l) => l.fileEvents).join(' and ')} events).`
      : 'The replay differs from the file.',
  ];
  for (const [i, l] of lanes.entries()) {
    if (l.firstDifference === null) {
      if (!identical) lines.push(`Lane ${i === 0 ? 'A' : 'B'} (${l.variant}): identical.`);
    } else {
      lines.push(
        `Lane ${i === 0 ? 'A' : 'B'} (${l.variant}): first difference at event ${l.firstDifference} (the file has ${l.fileEvents} events, the replay ${l.replayEvents}).`,
      );
    }
  }
  if (versionNote) lines.push(`Note: ${versionNote}.`);
  return lines;
}
