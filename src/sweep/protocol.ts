/**
 * Messages between a SweepPool (main thread) and its sweep workers. Plain data, validated on
 * receipt on both sides in the style of src/protocol/messages.ts: a bad message yields a message
 * naming what was wrong, never an exception. Imports only model types.
 */
import type { RunSummary, SimSettings } from '../model/index.ts';

/** Bump on any incompatible change to the shapes below. */
export const SWEEP_PROTOCOL_VERSION = 1;
/** Most jobs one `runJobs` message may carry. */
export const MAX_JOBS_PER_MESSAGE = 1_000;

export interface JobInput {
  /** The caller's key for this run (the pool uses the job index). */
  key: number;
  /** Checked by the model's validateSettings in the worker. */
  settings: SimSettings;
}

export interface RunJobsRequest {
  v: typeof SWEEP_PROTOCOL_VERSION;
  id: number;
  type: 'runJobs';
  jobs: JobInput[];
}

export interface JobResult {
  key: number;
  summary: RunSummary;
}

/** Answer to `runJobs`: every job's summary, in request order. */
export interface ResultsResponse {
  v: typeof SWEEP_PROTOCOL_VERSION;
  id: number;
  type: 'results';
  results: JobResult[];
}

/** A request that could not be served; `key` names the failing job when there is one. */
export interface SweepErrorResponse {
  v: typeof SWEEP_PROTOCOL_VERSION;
  id: number | null;
  type: 'error';
  message: string;
  key?: number;
}

export type SweepResponse = ResultsResponse | SweepErrorResponse;

export type ParsedMessage<T> =
  { ok: true; value: T } | { ok: false; id: number | null; message: string };

type Obj = Record<string, unknown>;

function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** A short, safe rendering of any value for error messages. */
function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  return String(x);
}

export function sweepError(id: number | null, message: string, key?: number): SweepErrorResponse {
  const r: SweepErrorResponse = { v: SWEEP_PROTOCOL_VERSION, id, type: 'error', message };
  if (key !== undefined) r.key = key;
  return r;
}

function envelope(
  data: unknown,
  what: string,
  types: readonly string[],
): ParsedMessage<{ msg: Obj; id: number | null }> {
  if (!isObject(data)) {
    return { ok: false, id: null, message: `${what} is ${describe(data)}, not an object` };
  }
  const id = isIndex(data.id) ? data.id : null;
  if (data.v !== SWEEP_PROTOCOL_VERSION) {
    return {
      ok: false,
      id,
      message: `sweep protocol version ${describe(data.v)} is not supported: this side speaks version ${SWEEP_PROTOCOL_VERSION}`,
    };
  }
  if (typeof data.type !== 'string' || !types.includes(data.type)) {
    return {
      ok: false,
      id,
      message: `unknown ${what} type ${describe(data.type)}: expected ${types.join(' or ')}`,
    };
  }
  return { ok: true, value: { msg: data, id } };
}

/** Validates a message received by a sweep worker (settings values are checked by the handler). */
export function parseRunJobs(data: unknown): ParsedMessage<RunJobsRequest> {
  const env = envelope(data, 'request', ['runJobs']);
  if (!env.ok) return env;
  const { msg, id } = env.value;
  if (id === null) {
    return {
      ok: false,
      id: null,
      message: `request id ${describe(msg.id)} is not a non-negative integer`,
    };
  }
  const bad = (message: string): ParsedMessage<RunJobsRequest> => ({
    ok: false,
    id,
    message: `runJobs: ${message}`,
  });
  const jobs = msg.jobs;
  if (!Array.isArray(jobs) || jobs.length < 1 || jobs.length > MAX_JOBS_PER_MESSAGE) {
    return bad(`jobs is ${describe(jobs)}: expected an array of 1 to ${MAX_JOBS_PER_MESSAGE} jobs`);
  }
  for (let i = 0; i < jobs.length; i++) {
    const job: unknown = jobs[i];
    if (!isObject(job)) return bad(`jobs[${i}] is ${describe(job)}, not an object`);
    if (!isIndex(job.key))
      return bad(`jobs[${i}].key ${describe(job.key)} is not a non-negative integer`);
    if (!isObject(job.settings)) return bad(`jobs[${i}] (key ${job.key}) has no settings object`);
  }
  return {
    ok: true,
    value: { v: SWEEP_PROTOCOL_VERSION, id, type: 'runJobs', jobs: jobs as JobInput[] },
  };
}

/**
 * Validates a message received by the pool: the envelope and the fields it routes on; the
 * summaries are trusted as the worker's own output.
 */
export function parseSweepResponse(data: unknown): ParsedMessage<SweepResponse> {
  const env = envelope(data, 'response', ['results', 'error']);
  if (!env.ok) return env;
  const { msg, id } = env.value;
  if (msg.type === 'error') {
    if (typeof msg.message !== 'string')
      return { ok: false, id, message: 'error: message is not a string' };
    return { ok: true, value: sweepError(id, msg.message, isIndex(msg.key) ? msg.key : undefined) };
  }
  if (id === null)
    return { ok: false, id: null, message: 'results: id is not a non-negative integer' };
  const results = msg.results;
  if (!Array.isArray(results))
    return { ok: false, id, message: 'results: results is not an array' };
  for (let i = 0; i < results.length; i++) {
    const r: unknown = results[i];
    if (!isObject(r) || !isIndex(r.key) || !isObject(r.summary)) {
      return { ok: false, id, message: `results: results[${i}] is not a {key, summary} pair` };
    }
  }
  return {
    ok: true,
    value: { v: SWEEP_PROTOCOL_VERSION, id, type: 'results', results: results as JobResult[] },
  };
}
