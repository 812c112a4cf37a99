/**
 * The sweep worker's brain, without the worker: runs a chunk of jobs to the end and answers
 * with their summaries. Pure TypeScript (no DOM, no `self`), so Node tests and the Node
 * benchmark drive it directly; sweep.worker.ts only binds it to postMessage.
 *
 * `handleSweepMessage` never throws: a malformed request, a bad setting or a failure inside the
 * model come back as an `error` response naming the request and, when known, the job's key.
 * A chunk either succeeds as a whole or fails at its first bad job.
 */
import { runToEnd, validateSettings } from '../model/index.ts';
import {
  SWEEP_PROTOCOL_VERSION,
  parseRunJobs,
  sweepError,
  type JobResult,
  type SweepResponse,
} from '../sweep/protocol.ts';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `onJobDone` is told after each job that completed (the worker's heartbeat). */
export function handleSweepMessage(data: unknown, onJobDone?: () => void): SweepResponse {
  const parsed = parseRunJobs(data);
  if (!parsed.ok) return sweepError(parsed.id, parsed.message);
  const { id, jobs } = parsed.value;
  const results: JobResult[] = [];
  for (const job of jobs) {
    const { settings, problems } = validateSettings(job.settings);
    if (problems.length > 0) {
      const text = problems.map((p) => p.message).join('; ');
      return sweepError(id, `runJobs: job ${job.key}: ${text}`, job.key);
    }
    try {
      results.push({ key: job.key, summary: runToEnd(settings).summary });
    } catch (err) {
      return sweepError(id, `runJobs: job ${job.key} failed: ${errorText(err)}`, job.key);
    }
    onJobDone?.();
  }
  return { v: SWEEP_PROTOCOL_VERSION, id, type: 'results', results };
}
