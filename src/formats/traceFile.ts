/**
 * The exported trace: a versioned JSON document with the settings, both lanes' variants,
 * summaries and trace events, and the position it was exported at. Importing validates every
 * field (a foreign or malformed file gets a message saying what is wrong), then replays the
 * settings with this model and compares the traces, so an import proves the file's story.
 * Nothing in a file is executed or rendered as HTML: it is data, shown as text.
 */
import {
  MODEL_VERSION,
  isVariantId,
  runToEnd,
  validateSettings,
  type RunSummary,
  type SimSettings,
  type TraceEvent,
  type VariantId,
} from '../model/index.ts';

export const TRACE_FORMAT = 'dcoscope-trace';
export const TRACE_SCHEMA_VERSION = 1;
/** Files larger than this are refused before parsing. */
export const MAX_TRACE_FILE_BYTES = 64 * 1024 * 1024;

export interface TraceFileLane {
  variant: VariantId;
  traceHash: string;
  summary: RunSummary;
  events: TraceEvent[];
}

export interface TraceFile {
  format: typeof TRACE_FORMAT;
  schemaVersion: typeof TRACE_SCHEMA_VERSION;
  modelVersion: number;
  /** Settings shared by both lanes (the variant is per lane). */
  settings: Omit<SimSettings, 'variant'>;
  lanes: [TraceFileLane, TraceFileLane];
  /** Merged position the view was at when exported. */
  position: number;
  /**
   * The merge order `position` counts in. Files made before the lanes could be aligned by
   * notification have none: their positions count in simulated-time order.
   */
  align?: 'notification' | 'time';
}

const EVENT_FIELDS: Record<string, 'number' | 'string' | 'string|null'> = {
  i: 'number',
  t: 'number',
  actor: 'string',
  fn: 'string',
  what: 'string',
  outcome: 'string',
  dg: 'number',
  dgKind: 'string',
  peer: 'number',
  reason: 'string',
  client: 'number',
  cb: 'string|null',
  cmd: 'string',
  field: 'string',
  prevPeer: 'number',
  depth: 'number',
  cpu: 'number',
  n: 'number',
  err: 'string',
  rmem: 'number',
};
const REQUIRED_EVENT_FIELDS = ['i', 't', 'actor', 'fn', 'what', 'outcome', 'rmem'];

export function buildTraceFile(
  settings: Omit<SimSettings, 'variant'>,
  lanes: { variant: VariantId; summary: RunSummary; events: TraceEvent[] }[],
  position: number,
  align: 'notification' | 'time' = 'notification',
): TraceFile {
  const [a, b] = lanes;
  if (!a || !b || lanes.length !== 2) throw new RangeError('a trace file holds exactly two lanes');
  const lane = (l: (typeof lanes)[number]): TraceFileLane => ({
    variant: l.variant,
    traceHash: l.summary.traceHash,
    summary: l.summary,
    events: l.events,
  });
  return {
    format: TRACE_FORMAT,
    schemaVersion: TRACE_SCHEMA_VERSION,
    modelVersion: MODEL_VERSION,
    settings,
    lanes: [lane(a), lane(b)],
    position,
    align,
  };
}

export type ParsedTraceFile = { ok: true; file: TraceFile } | { ok: false; message: string };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkEvent(e: unknown, where: string): string | null {
  if (!isObject(e)) return `${where} is not an object`;
  for (const f of REQUIRED_EVENT_FIELDS) if (!(f in e)) return `${where} has no "${f}"`;
  for (const [k, v] of Object.entries(e)) {
    const type = EVENT_FIELDS[k];
    if (!type) return `${where} has an unknown field "${k}"`;
    if (v === undefined) continue;
    const ok =
      type === 'number'
        ? typeof v === 'number' && Number.isFinite(v)
        : type === 'string'
          ? typeof v === 'string'
          : typeof v === 'string' || v === null;
    if (!ok) return `${where}.${k} should be a ${type}`;
  }
  return null;
}

/** Parses and validates a trace file's text. Never throws. */
export function parseTraceFile(text: string): ParsedTraceFile {
  const fail = (message: string): ParsedTraceFile => ({ ok: false, message });
  if (text.length > MAX_TRACE_FILE_BYTES)
    return fail(`the file is ${text.length} bytes; at most ${MAX_TRACE_FILE_BYTES} are read`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('the file is not JSON');
  }
  if (!isObject(data)) return fail('the file is not a JSON object');
  if (data.format !== TRACE_FORMAT)
    return fail(
      `this is not a dcoscope trace (format is ${JSON.stringify(data.format ?? null)}, expected "${TRACE_FORMAT}")`,
    );
  if (data.schemaVersion !== TRACE_SCHEMA_VERSION)
    return fail(
      `trace schema version ${JSON.stringify(data.schemaVersion)} is not supported (this page reads version ${TRACE_SCHEMA_VERSION})`,
    );
  if (typeof data.modelVersion !== 'number' || !Number.isInteger(data.modelVersion))
    return fail('modelVersion is missing or not an integer');
  if (
    typeof data.position !== 'number' ||
    !Number.isSafeInteger(data.position) ||
    data.position < 0
  )
    return fail(`position should be an integer from 0 to ${Number.MAX_SAFE_INTEGER}`);
  if (data.align !== undefined && data.align !== 'notification' && data.align !== 'time')
    return fail('align should be "notification" or "time"');
  if (!isObject(data.settings)) return fail('settings is missing or not an object');
  if ('variant' in data.settings)
    return fail('settings must not contain a variant (it is per lane)');
  const { problems } = validateSettings(data.settings as Partial<SimSettings>);
  if (problems.length > 0) return fail(`settings: ${problems.map((p) => p.message).join('; ')}`);
  if (!Array.isArray(data.lanes) || data.lanes.length !== 2)
    return fail('lanes should be a list of exactly two lanes');
  for (const [li, lane] of data.lanes.entries()) {
    const where = `lanes[${li}]`;
    if (!isObject(lane)) return fail(`${where} is not an object`);
    if (typeof lane.variant !== 'string' || !isVariantId(lane.variant))
      return fail(
        `${where}.variant ${JSON.stringify(lane.variant ?? null)} is not a known variant`,
      );
    if (typeof lane.traceHash !== 'string' || !/^[0-9a-f]{8}$/.test(lane.traceHash))
      return fail(`${where}.traceHash should be 8 hexadecimal digits`);
    if (!isObject(lane.summary)) return fail(`${where}.summary is missing`);
    if (!Array.isArray(lane.events)) return fail(`${where}.events should be a list`);
    for (const [i, e] of lane.events.entries()) {
      const p = checkEvent(e, `${where}.events[${i}]`);
      if (p) return fail(p);
      if ((e as TraceEvent).i !== i)
        return fail(`${where}.events[${i}] has index ${(e as TraceEvent).i}`);
    }
  }
  return { ok: true, file: data as unknown as TraceFile };
}

export interface ReplayReport {
  /** True when this model reproduces both lanes' traces exactly. */
  identical: boolean;
  lanes: {
    variant: VariantId;
    fileHash: string;
    replayHash: string;
    firstDifference: number | null;
  }[];
  /** Set when the file was made with another model version. */
  versionNote: string | null;
}

function sameEvent(a: TraceEvent, b: TraceEvent): boolean {
  for (const k of Object.keys(EVENT_FIELDS) as (keyof TraceEvent)[]) {
    if ((a[k] ?? null) !== (b[k] ?? null)) return false;
  }
  return true;
}

/** Runs the file's settings with this model and compares event by event. */
export function replayTraceFile(file: TraceFile): ReplayReport {
  const lanes = file.lanes.map((lane) => {
    const events: TraceEvent[] = [];
    const { summary } = runToEnd(
      { ...file.settings, variant: lane.variant },
      { onTrace: (e) => events.push(e) },
    );
    let firstDifference: number | null = null;
    const n = Math.max(events.length, lane.events.length);
    for (let i = 0; i < n && firstDifference === null; i++) {
      const a = events[i];
      const b = lane.events[i];
      if (!a || !b || !sameEvent(a, b)) firstDifference = i;
    }
    return {
      variant: lane.variant,
      fileHash: lane.traceHash,
      replayHash: summary.traceHash,
      firstDifference,
    };
  });
  return {
    identical: lanes.every((l) => l.firstDifference === null && l.fileHash === l.replayHash),
    lanes,
    versionNote:
      file.modelVersion === MODEL_VERSION
        ? null
        : `made with model version ${file.modelVersion}; this page runs model version ${MODEL_VERSION}, so the replay can differ`,
  };
}
