/**
 * The exported trace: a versioned JSON document with the settings, both lanes' variants,
 * summaries and trace events, and the position it was exported at. Importing validates every
 * field (a foreign or malformed file gets a message saying what is wrong): settings the file
 * leaves out are filled from the defaults and listed, a wrong or out-of-range setting refuses
 * the file with the message a link gets, every summary field is checked for its type and
 * range, and a position no run has is listed as ignored with a link's step's words. Then the
 * settings are replayed with this model and both the traces and the summaries compared, so an
 * import proves the file's story. Nothing in a file is executed or rendered as HTML: it is
 * data, shown as text.
 */
import {
  KERNEL_FLAVOURS,
  MODEL_VERSION,
  SETTING_RANGES,
  isVariantId,
  runToEnd,
  showValue,
  validateSettings,
  type RunSummary,
  type SimSettings,
  type TraceEvent,
  type VariantId,
} from '../model/index.ts';
import { positionProblem, type IgnoredParam } from './urlState.ts';

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

/** Longest text of an event field or a summary (the model's are under 130 characters). */
export const MAX_FIELD_CHARS = 200;

/** What each summary field holds: its JSON type and range. */
type SummaryKind =
  | 'variant'
  | 'seed'
  | 'peers'
  | 'batch'
  | 'load'
  | 'kernel'
  | 'count'
  | 'time'
  | 'time|null'
  | 'byCallback'
  | 'exited'
  | 'hash'
  | 'boolean';

/** The schema of a lane's summary: every field of RunSummary, each with its kind. */
const SUMMARY_FIELDS = {
  variant: 'variant',
  seed: 'seed',
  peers: 'peers',
  batch: 'batch',
  load: 'load',
  kernel: 'kernel',
  maxClients: 'peers',
  emitted: 'count',
  queued: 'count',
  dropped: 'count',
  processed: 'count',
  swallowed: 'count',
  swallowedBy: 'byCallback',
  overwritten: 'count',
  wiped: 'count',
  inSlot: 'count',
  queuedAtEnd: 'count',
  ghosts: 'count',
  peakGhosts: 'count',
  ghostsCreated: 'count',
  nleAgain: 'count',
  nleBusy: 'count',
  nleNomem: 'count',
  maxReadDepth: 'count',
  statsSkippedLocked: 'count',
  exited: 'exited',
  reconnectAttempts: 'count',
  refused: 'count',
  reconnected: 'count',
  reapedByTls: 'count',
  readsBy: 'byCallback',
  kernelPeers: 'count',
  instances: 'count',
  events: 'count',
  simUs: 'time',
  drainUs: 'time|null',
  traceHash: 'hash',
  budgetCut: 'boolean',
} as const satisfies Record<keyof RunSummary, SummaryKind>;

/**
 * Summary fields newer than the schema, with the value a file made before them means (a run
 * before the event budget was never cut by it).
 */
const LATER_SUMMARY_FIELDS: Partial<RunSummary> = { budgetCut: false };

/** Most entries of a per-callback count (the model has four callbacks). */
const MAX_CALLBACKS = 16;

const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const isTime = (v: unknown): boolean =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER;
const inRange = (v: unknown, r: { min: number; max: number }): boolean =>
  Number.isSafeInteger(v) && (v as number) >= r.min && (v as number) <= r.max;

/** What a summary field of this kind should be, for messages. */
const SUMMARY_KIND_TEXT: Record<SummaryKind, string> = {
  variant: 'a known variant',
  seed: `an integer from ${SETTING_RANGES.seed.min} to ${SETTING_RANGES.seed.max}`,
  peers: `an integer from ${SETTING_RANGES.peers.min} to ${SETTING_RANGES.peers.max}`,
  batch: `"auto" or an integer from 1 to ${SETTING_RANGES.peers.max}`,
  load: 'a number from 0 to 1',
  kernel: `one of ${KERNEL_FLAVOURS.join(', ')}`,
  count: `an integer from 0 to ${Number.MAX_SAFE_INTEGER}`,
  time: 'a number of microseconds from 0',
  'time|null': 'null or a number of microseconds from 0',
  byCallback: `an object of at most ${MAX_CALLBACKS} callback names, each with a count`,
  exited: `null or an object with atUs (microseconds from 0) and reason (text of at most ${MAX_FIELD_CHARS} characters)`,
  hash: '8 hexadecimal digits',
  boolean: 'true or false',
};

function summaryValueOk(kind: SummaryKind, v: unknown): boolean {
  switch (kind) {
    case 'variant':
      return typeof v === 'string' && isVariantId(v);
    case 'seed':
      return inRange(v, SETTING_RANGES.seed);
    case 'peers':
      return inRange(v, SETTING_RANGES.peers);
    case 'batch':
      return v === 'auto' || inRange(v, { min: 1, max: SETTING_RANGES.peers.max });
    case 'load':
      return typeof v === 'number' && v >= 0 && v <= 1;
    case 'kernel':
      return typeof v === 'string' && (KERNEL_FLAVOURS as readonly string[]).includes(v);
    case 'count':
      return isCount(v);
    case 'time':
      return isTime(v);
    case 'time|null':
      return v === null || isTime(v);
    case 'byCallback': {
      if (!isObject(v)) return false;
      const entries = Object.entries(v);
      return (
        entries.length <= MAX_CALLBACKS &&
        entries.every(([k, n]) => /^[a-z_]{1,40}$/.test(k) && isCount(n))
      );
    }
    case 'exited':
      return (
        v === null ||
        (isObject(v) &&
          Object.keys(v).length === 2 &&
          isTime(v.atUs) &&
          typeof v.reason === 'string' &&
          v.reason.length <= MAX_FIELD_CHARS)
      );
    case 'hash':
      return typeof v === 'string' && /^[0-9a-f]{8}$/.test(v);
    case 'boolean':
      return typeof v === 'boolean';
  }
}

/** Checks a lane's summary against the schema: every field, of its type and range. */
function checkSummary(summary: unknown, where: string): string | null {
  if (!isObject(summary)) return `${where} should be an object (got ${showValue(summary)})`;
  for (const k of Object.keys(summary)) {
    if (!Object.hasOwn(SUMMARY_FIELDS, k)) return `${where} has an unknown field ${showValue(k)}`;
  }
  for (const [k, kind] of Object.entries(SUMMARY_FIELDS) as [string, SummaryKind][]) {
    if (!Object.hasOwn(summary, k)) {
      if (Object.hasOwn(LATER_SUMMARY_FIELDS, k)) continue;
      return `${where} has no ${JSON.stringify(k)}`;
    }
    const v = summary[k];
    if (!summaryValueOk(kind, v)) {
      return `${where}.${k} ${showValue(v)} is not allowed: use ${SUMMARY_KIND_TEXT[kind]}`;
    }
  }
  return null;
}

/** Equal as data, whatever the order of object keys. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameData(a[k], b[k]));
}

/**
 * The fields in which a file's summary differs from the replay's (in the schema's order);
 * empty when they agree. A lane's traceHash counts as its summary's.
 */
export function summaryDifferences(
  file: RunSummary,
  replay: RunSummary,
  fileTraceHash: string = file.traceHash,
): string[] {
  const out: string[] = [];
  for (const k of Object.keys(SUMMARY_FIELDS) as (keyof RunSummary)[]) {
    if (!sameData(file[k], replay[k])) out.push(k);
  }
  if (fileTraceHash !== replay.traceHash && !out.includes('traceHash')) out.push('traceHash');
  return out;
}

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

export type ParsedTraceFile =
  | {
      ok: true;
      /** What to import: the settings complete, the position 0 when it was ignored. */
      file: TraceFile;
      /** The settings the file left out, filled from the defaults (the file's field names). */
      filled: string[];
      /** What the file gave that could not be used (a position no run has), and why. */
      ignored: IgnoredParam[];
    }
  | { ok: false; message: string };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkEvent(e: unknown, where: string): string | null {
  if (!isObject(e)) return `${where} is not an object`;
  for (const f of REQUIRED_EVENT_FIELDS) if (!Object.hasOwn(e, f)) return `${where} has no "${f}"`;
  for (const [k, v] of Object.entries(e)) {
    // own fields only: "__proto__" or "constructor" would find Object.prototype's members
    const type = Object.hasOwn(EVENT_FIELDS, k) ? EVENT_FIELDS[k] : undefined;
    if (!type) return `${where} has an unknown field ${showValue(k)}`;
    if (v === undefined) continue;
    const ok =
      type === 'number'
        ? typeof v === 'number' && Number.isFinite(v)
        : type === 'string'
          ? typeof v === 'string' && v.length <= MAX_FIELD_CHARS
          : (typeof v === 'string' && v.length <= MAX_FIELD_CHARS) || v === null;
    if (!ok) {
      const text = type === 'number' ? 'a number' : `text of at most ${MAX_FIELD_CHARS} characters`;
      return `${where}.${k} ${showValue(v)} is not allowed: use ${type === 'string|null' ? `null or ${text}` : text}`;
    }
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
      `this is not a dcoscope trace (format is ${showValue(data.format ?? null)}, expected "${TRACE_FORMAT}")`,
    );
  if (data.schemaVersion !== TRACE_SCHEMA_VERSION)
    return fail(
      `trace schema version ${showValue(data.schemaVersion)} is not supported (this page reads version ${TRACE_SCHEMA_VERSION})`,
    );
  if (typeof data.modelVersion !== 'number' || !Number.isSafeInteger(data.modelVersion))
    return fail(`modelVersion ${showValue(data.modelVersion)} is not allowed: use an integer`);
  const ignored: IgnoredParam[] = [];
  let position = 0;
  if (Number.isSafeInteger(data.position) && (data.position as number) >= 0) {
    position = data.position as number;
  } else {
    // a position is view state, not the file's story: like a link's step, it is ignored
    const value =
      typeof data.position === 'number' ? String(data.position) : showValue(data.position);
    ignored.push({ param: 'position', value, reason: positionProblem('position', value) });
  }
  if (data.align !== undefined && data.align !== 'notification' && data.align !== 'time')
    return fail(`align ${showValue(data.align)} is not allowed: use "notification" or "time"`);
  if (!isObject(data.settings)) return fail('settings is missing or not an object');
  if (Object.hasOwn(data.settings, 'variant'))
    return fail('settings must not contain a variant (it is per lane)');
  const checked = validateSettings(data.settings as Partial<Record<keyof SimSettings, unknown>>);
  if (checked.problems.length > 0)
    return fail(`settings: ${checked.problems.map((p) => p.message).join('; ')}`);
  const { variant: _variant, ...settings } = checked.settings;
  const filled = checked.defaulted.filter((k) => k !== 'variant');
  if (!Array.isArray(data.lanes) || data.lanes.length !== 2)
    return fail('lanes should be a list of exactly two lanes');
  for (const [li, lane] of data.lanes.entries()) {
    const where = `lanes[${li}]`;
    if (!isObject(lane)) return fail(`${where} is not an object`);
    for (const k of Object.keys(lane)) {
      if (!['variant', 'traceHash', 'summary', 'events'].includes(k))
        return fail(`${where} has an unknown field ${showValue(k)}`);
    }
    if (typeof lane.variant !== 'string' || !isVariantId(lane.variant))
      return fail(`${where}.variant ${showValue(lane.variant ?? null)} is not a known variant`);
    if (typeof lane.traceHash !== 'string' || !/^[0-9a-f]{8}$/.test(lane.traceHash))
      return fail(`${where}.traceHash should be 8 hexadecimal digits`);
    const summaryProblem = checkSummary(lane.summary, `${where}.summary`);
    if (summaryProblem) return fail(summaryProblem);
    if (!Array.isArray(lane.events)) return fail(`${where}.events should be a list`);
    for (const [i, e] of lane.events.entries()) {
      const p = checkEvent(e, `${where}.events[${i}]`);
      if (p) return fail(p);
      if ((e as TraceEvent).i !== i)
        return fail(`${where}.events[${i}] has index ${(e as TraceEvent).i}`);
    }
  }
  const read = data as unknown as TraceFile;
  const lanes = read.lanes.map((lane) => ({
    ...lane,
    summary: { ...LATER_SUMMARY_FIELDS, ...lane.summary },
  })) as TraceFile['lanes'];
  const file: TraceFile = { ...read, settings, lanes, position };
  return { ok: true, file, filled, ignored };
}

export interface ReplayReport {
  /** True when this model reproduces both lanes' traces exactly. */
  identical: boolean;
  lanes: {
    variant: VariantId;
    fileHash: string;
    replayHash: string;
    firstDifference: number | null;
    /** Summary fields in which the file differs from the replay (see summaryDifferences). */
    summaryDifferences: string[];
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
      summaryDifferences: summaryDifferences(lane.summary, summary, lane.traceHash),
    };
  });
  return {
    identical: lanes.every(
      (l) =>
        l.firstDifference === null &&
        l.fileHash === l.replayHash &&
        l.summaryDifferences.length === 0,
    ),
    lanes,
    versionNote:
      file.modelVersion === MODEL_VERSION
        ? null
        : `made with model version ${file.modelVersion}; this page runs model version ${MODEL_VERSION}, so the replay can differ`,
  };
}
