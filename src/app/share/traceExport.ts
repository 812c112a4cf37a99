/**
 * Collects what the trace file holds from the worker: both lanes' end-of-run summaries (a
 * read-only query) and their whole traces (read in chunks of MAX_TRACE_SPAN). Nothing here
 * moves the pair.
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

/** Both lanes' end summaries and whole traces (the worker completes the runs first). */
export async function collectLanes(session: Session): Promise<CollectedLane[]> {
  const ends = await session.summaries();
  return Promise.all(
    ends.map(async (end, lane) => ({
      variant: end.variant,
      summary: end.summary,
      events: await laneTrace(session, lane, end.length),
    })),
  );
}
