/**
 * Collects what the trace file holds from the worker: both lanes' whole traces (read in
 * chunks of MAX_TRACE_SPAN) and their end-of-run summaries, without moving the view.
 */
import type { RunSummary, TraceEvent, VariantId } from '../../model/index.ts';
import { MAX_TRACE_SPAN } from '../../protocol/messages.ts';
import type { Session } from '../session.ts';

export interface CollectedLane {
  variant: VariantId;
  summary: RunSummary;
  events: TraceEvent[];
}

/** Every event of one lane, [0, length). */
export async function laneTrace(
  session: Session,
  lane: number,
  length: number,
): Promise<TraceEvent[]> {
  const out: TraceEvent[] = [];
  while (out.length < length) {
    const from = out.length;
    const chunk = await session.getTrace(lane, from, Math.min(length, from + MAX_TRACE_SPAN));
    if (chunk.length === 0) break;
    for (const e of chunk) out.push(e);
  }
  return out;
}

/**
 * Both lanes' traces and end summaries. The player must rest (no move in flight): the end
 * summaries come from a jump to the end and a seek straight back to `position`, sent together
 * so no other move can come between them.
 */
export async function collectLanes(session: Session, position: number): Promise<CollectedLane[]> {
  const atEnd = session.jump('end');
  const back = session.seek(position);
  const end = await atEnd;
  await back;
  return Promise.all(
    end.pair.lanes.map(async (view, lane) => ({
      variant: view.variant,
      summary: view.summary,
      events: await laneTrace(session, lane, view.length ?? view.position),
    })),
  );
}
