/**
 * Collects what the trace file holds from the worker: both lanes' end-of-run summaries (a
 * read-only query) and their whole traces (read in chunks of MAX_TRACE_SPAN). Nothing here
 * moves the pair. And one lane's run as an nlmon-style pcap capture, made in a worker.
 */
import type { RunSummary, SimSettings, TraceEvent, VariantId } from '../../model/index.ts';
import { MAX_TRACE_SPAN } from '../../protocol/messages.ts';
import type { Session } from '../session.ts';
import type { PcapReply } from './pcap.worker.ts';

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

/**
 * One lane's run as a pcap file, made in a worker of its own (pcap.worker.ts) so a long run
 * does not stall the page.
 */
export function lanePcap(settings: SimSettings): Promise<Extract<PcapReply, { ok: true }>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pcap.worker.ts', import.meta.url), {
      type: 'module',
      name: 'dcoscope-pcap',
    });
    worker.onmessage = (ev: MessageEvent<PcapReply>) => {
      worker.terminate();
      if (ev.data.ok) resolve(ev.data);
      else reject(new Error(ev.data.message));
    };
    worker.onerror = (ev) => {
      worker.terminate();
      reject(
        new Error(`the capture worker failed: ${JSON.stringify(ev.message ?? 'no reason given')}`),
      );
    };
    worker.postMessage(settings);
  });
}
