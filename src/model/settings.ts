/**
 * Everything the user can set for one run, its defaults and allowed ranges, and one validator
 * shared by the CLI, URL parameters and imported files, so every entry point rejects bad input
 * with the same message naming the value and the allowed range.
 */
import { VARIANT_IDS, type VariantId } from './variants.ts';
import {
  numberTextProblem,
  parseIntegerText,
  parseNumberText,
  showValue as show,
} from './numberText.ts';

export type KernelFlavour = 'ovpn-dco' | 'mainline';

export interface SimSettings {
  variant: VariantId;
  /** PRNG seed, any 32-bit integer. */
  seed: number;
  /** Connected clients at the start. */
  peers: number;
  /** Notifications that land back-to-back in one kernel burst; 'auto' derives bursts from timing. */
  batch: number | 'auto';
  /**
   * How busy the machine is, 0 (idle) to 1 (saturated): a preset of CPU hogs, 4 × load per CPU
   * (saturated on 16 CPUs is `stress-ng --cpu 64`), used when `hogs` is -1.
   */
  load: number;
  /** CPUs of the server. */
  cpus: number;
  /** CPU-bound nice-0 processes competing for the CPUs (`stress-ng --cpu N`); -1: from load. */
  hogs: number;
  /** CPUs the NIC steers the clients' flows to (RSS queues or RPS): where their timers live. */
  rxCpus: number;
  /** The kernel's tick rate (CONFIG_HZ): the timer wheel's granule and the scheduler's tick. */
  hz: number;
  /** Median RCU grace period, microseconds (each at least one tick). */
  rcuGpUs: number;
  /** Run-to-run spread of the grace-period length: the sigma of a log-normal factor. */
  rcuGpSpread: number;
  /** Mean wake-up latency of a task on a CPU without hogs, microseconds. */
  wakeUs: number;
  /** Time to create a kworker when a CPU's pool has no idle one, microseconds. */
  workerCreateUs: number;
  maxClients: number;
  /** Effective socket receive buffer in bytes (rmem_max capped and doubled). */
  rcvbufBytes: number;
  /** Truesize of one queued DEL_PEER notification (bytes). */
  truesizeBytes: number;
  /** `--status` interval in seconds; 0 = no status file. */
  statusIntervalS: number;
  reconnect: boolean;
  /** 'auto' follows the variant (2.6 uses ovpn-dco, 2.7 mainline ovpn). */
  kernel: KernelFlavour | 'auto';
  /**
   * Kernel timer granule for the keepalive timeout (ovpn-dco timer wheel), microseconds; 0:
   * the timer wheel's own, from HZ and the timeout (2.048 s for 120 s at HZ 250).
   */
  granuleUs: number;
  /** Server keepalive timeout as seen by the kernel (keepalive 10 60 -> 120 s). */
  keepaliveTimeoutS: number;
  /** Client ping interval and pushed ping-restart (keepalive 10 60 -> 10 s, 60 s). */
  pingIntervalS: number;
  pingRestartS: number;
  /** Firewall block start and end (simulated seconds); unblockAtS < 0 = never unblock. */
  blockAtS: number;
  unblockAtS: number;
  /** TLS reap of ghost instances: reneg-sec + tran-window after the key was made. */
  renegSec: number;
  tranWindowS: number;
  /** Run length in simulated seconds. */
  untilS: number;
  /** CPU time of OpenVPN's steps, microseconds (contention adds waits, not CPU time). */
  costReadUs: number;
  costProcessDelUs: number;
  costRequestUs: number;
  costHandshakeUs: number;
  /** Dump entries per dump part (GET_PEER dump). */
  dumpPeersPerPart: number;
  /**
   * Mainline ovpn only: mean gap between two notifications inside one keepalive scan,
   * microseconds (ovpn-dco's pacing comes from its kworkers and grace periods).
   */
  notifierGapUs: number;
  /**
   * Peers expired by hand: `peer@seconds` entries separated by commas ("3@125.5,0@130"), each
   * expiring that peer's keepalive at that simulated time as if its timer fired then (canonical
   * form: sorted by time, then peer; see parseExpire). Empty: none.
   */
  expire: string;
  /**
   * The kernel's DEL_PEER emission schedule, replayed (a capture's storm, see the pcap import):
   * `peer@seconds` entries as in `expire`. When set, keepalive timers never fire: at each entry's
   * time the kernel deletes that peer and sends its DEL_PEER (reason EXPIRED) at once, with none
   * of ovpn-dco's pacing (the capture's times are when the kernel sent them). Empty: off.
   */
  emit: string;
}

export const LOAD_LEVELS = {
  idle: 0,
  low: 0.25,
  moderate: 0.5,
  high: 0.75,
  stress: 0.9,
  saturated: 1,
} as const;
export type LoadName = keyof typeof LOAD_LEVELS;

export const DEFAULT_SETTINGS: SimSettings = {
  variant: '2.6.14',
  seed: 1,
  peers: 1024,
  batch: 'auto',
  load: LOAD_LEVELS.low,
  cpus: 16,
  hogs: -1,
  rxCpus: 4,
  hz: 250,
  rcuGpUs: 16_000,
  rcuGpSpread: 0.3,
  wakeUs: 50,
  workerCreateUs: 100,
  maxClients: 1024,
  rcvbufBytes: 425_984,
  truesizeBytes: 832,
  statusIntervalS: 0,
  reconnect: true,
  kernel: 'auto',
  granuleUs: 0,
  keepaliveTimeoutS: 120,
  pingIntervalS: 10,
  pingRestartS: 60,
  blockAtS: 10,
  unblockAtS: 200,
  renegSec: 3600,
  tranWindowS: 3600,
  untilS: 400,
  costReadUs: 6,
  costProcessDelUs: 60,
  costRequestUs: 15,
  costHandshakeUs: 400,
  // ovpn-dco's 172-byte GET_PEER entries in a part's 16,384 bytes (dumpEntriesPerPart, netlinkSocket.ts)
  dumpPeersPerPart: 95,
  notifierGapUs: 2,
  expire: '',
  emit: '',
};

export type NumericKey = {
  [K in keyof SimSettings]: SimSettings[K] extends number ? K : never;
}[keyof SimSettings];

/** Every setting a link or the CLI sets by name (the variant goes by lanes or --variant). */
export type ParamKey = Exclude<keyof SimSettings, 'variant'>;

/**
 * The name of each setting outside the model: the CLI's flag (without the dashes) and the
 * link's query parameter, one table for both so they cannot drift apart.
 */
export const SETTING_PARAMS: Record<ParamKey, string> = {
  seed: 'seed',
  peers: 'peers',
  batch: 'batch',
  load: 'load',
  cpus: 'cpus',
  hogs: 'hogs',
  rxCpus: 'rx-cpus',
  hz: 'hz',
  rcuGpUs: 'rcu-gp-us',
  rcuGpSpread: 'rcu-gp-spread',
  wakeUs: 'wake-us',
  workerCreateUs: 'worker-create-us',
  maxClients: 'max-clients',
  rcvbufBytes: 'rcvbuf',
  truesizeBytes: 'truesize',
  statusIntervalS: 'status-interval',
  reconnect: 'reconnect',
  kernel: 'kernel',
  granuleUs: 'granule',
  keepaliveTimeoutS: 'keepalive',
  pingIntervalS: 'ping',
  pingRestartS: 'ping-restart',
  blockAtS: 'block',
  unblockAtS: 'unblock',
  renegSec: 'reneg-sec',
  tranWindowS: 'tran-window',
  untilS: 'until',
  costReadUs: 'cost-read',
  costProcessDelUs: 'cost-del',
  costRequestUs: 'cost-request',
  costHandshakeUs: 'cost-handshake',
  dumpPeersPerPart: 'dump-part',
  notifierGapUs: 'notifier-gap',
  expire: 'expire',
  emit: 'emit',
};

/** One peer expired by hand. */
export interface HandExpiry {
  peer: number;
  atUs: number;
}

/** Most hand expiries of one run. */
export const MAX_HAND_EXPIRIES = 64;

/** Latest time of a hand expiry, simulated seconds (a day). */
export const MAX_EXPIRE_S = 86_400;

/** What `expire` takes, for messages. */
export const EXPIRE_ALLOWED =
  'peer@seconds entries separated by commas, e.g. 3@125.5 (a peer from 0 to the peer count - 1, a time from 0 to 86400 s, at most 64 entries)';

/**
 * Reads an `expire` setting: the hand expiries sorted by time then peer (duplicates dropped),
 * or a message naming the first bad entry, what is wrong with it, and the ranges (`peers`
 * bounds the peer ids). The peer and the time are numbers in the one syntax (numberText.ts).
 */
export function parseExpire(text: string, peers: number): HandExpiry[] | string {
  return parseSchedule('expire', text, peers, MAX_HAND_EXPIRIES);
}

/** Most entries of an `emit` schedule (a storm of every peer, a few times over). */
export const MAX_EMITS = 50_000;

/** What `emit` takes, for messages. */
export const EMIT_ALLOWED = `peer@seconds entries separated by commas, e.g. 3@125.5 (a peer from 0 to the peer count - 1, a time from 0 to ${MAX_EXPIRE_S} s, at most ${MAX_EMITS} entries)`;

/** Reads an `emit` setting, as parseExpire reads `expire` (at most MAX_EMITS entries). */
export function parseEmit(text: string, peers: number): HandExpiry[] | string {
  return parseSchedule('emit', text, peers, MAX_EMITS);
}

function parseSchedule(
  name: 'expire' | 'emit',
  text: string,
  peers: number,
  maxEntries: number,
): HandExpiry[] | string {
  const t = text.trim();
  if (t === '') return [];
  const parts = t.split(',');
  const lastPeer = peers - 1;
  const use = `use peer@seconds entries separated by commas, each with a peer from 0 to ${lastPeer} and a time from 0 to ${MAX_EXPIRE_S} s, e.g. ${Math.min(3, lastPeer)}@125.5`;
  if (parts.length > maxEntries) {
    return `${name} with ${parts.length} entries is not allowed: ${use} (at most ${maxEntries} entries)`;
  }
  const out: HandExpiry[] = [];
  for (const [i, part] of parts.entries()) {
    const entry = part.trim();
    if (entry === '') {
      return `${name} entry ${i + 1} of ${parts.length} is not allowed: ${use} (it is empty: no comma at an end, none twice)`;
    }
    const bad = (why: string) => `${name} entry ${show(entry)} is not allowed: ${use} (${why})`;
    const at = entry.indexOf('@');
    if (at < 0) return bad('it has no @ between the peer and the time');
    if (entry.indexOf('@', at + 1) >= 0) return bad('it has more than one @');
    const peerText = entry.slice(0, at).trim();
    const timeText = entry.slice(at + 1).trim();
    const peer = parseIntegerText(peerText);
    if (peer === null) return bad(`the peer ${show(peerText)} is not a whole number in range`);
    if (peer < 0 || peer > lastPeer) {
      return bad(`there is no peer ${peer} in a run of ${peers} peer${peers === 1 ? '' : 's'}`);
    }
    const s = parseNumberText(timeText);
    if (s === null) return bad(`the time ${show(timeText)} is not a decimal number of seconds`);
    if (s < 0) return bad(`the time ${s} s is before 0`);
    if (s > MAX_EXPIRE_S) return bad(`the time ${s} s is after ${MAX_EXPIRE_S} s`);
    out.push({ peer, atUs: Math.round(s * 1_000_000) });
  }
  out.sort((a, b) => a.atUs - b.atUs || a.peer - b.peer);
  return out.filter(
    (e, i) => i === 0 || e.atUs !== out[i - 1]!.atUs || e.peer !== out[i - 1]!.peer,
  );
}

/** The canonical text of hand expiries (what links and files carry). */
export function formatExpire(list: readonly HandExpiry[]): string {
  return list.map((e) => `${e.peer}@${e.atUs / 1_000_000}`).join(',');
}

export interface NumericRange {
  min: number;
  max: number;
  integer: boolean;
  unit: string;
  label: string;
  /** What a special value means, or which values within the range are allowed. */
  note?: string;
}

/**
 * Allowed range of every numeric setting. validateSettings also checks batch <= peers,
 * max-clients >= peers and unblock >= block.
 */
export const SETTING_RANGES: Record<NumericKey, NumericRange> = {
  seed: { min: -2147483648, max: 2147483647, integer: true, unit: '', label: 'seed' },
  peers: { min: 1, max: 10_000, integer: true, unit: 'peers', label: 'peer count' },
  load: { min: 0, max: 1, integer: false, unit: '', label: 'load' },
  cpus: { min: 1, max: 256, integer: true, unit: 'CPUs', label: 'CPU count' },
  hogs: { min: -1, max: 4096, integer: true, unit: '', label: 'CPU hogs', note: '-1: from load' },
  rxCpus: { min: 1, max: 256, integer: true, unit: 'CPUs', label: 'receive CPUs' },
  hz: { min: 100, max: 1000, integer: true, unit: '', label: 'HZ', note: '100, 250, 300 or 1000' },
  rcuGpUs: { min: 100, max: 1_000_000, integer: true, unit: 'µs', label: 'RCU grace period' },
  rcuGpSpread: { min: 0, max: 2, integer: false, unit: '', label: 'grace-period spread' },
  wakeUs: { min: 0, max: 100_000, integer: false, unit: 'µs', label: 'wake-up latency' },
  workerCreateUs: {
    min: 0,
    max: 1_000_000,
    integer: false,
    unit: 'µs',
    label: 'kworker creation time',
  },
  maxClients: { min: 1, max: 10_000, integer: true, unit: 'clients', label: 'max-clients' },
  rcvbufBytes: {
    min: 4_096,
    max: 268_435_456,
    integer: true,
    unit: 'bytes',
    label: 'receive buffer',
  },
  truesizeBytes: { min: 256, max: 65_536, integer: true, unit: 'bytes', label: 'truesize' },
  statusIntervalS: { min: 0, max: 3600, integer: true, unit: 's', label: 'status interval' },
  granuleUs: {
    min: 0,
    max: 16_384_000,
    integer: true,
    unit: 'µs',
    label: 'timer granule',
    note: '0: from HZ',
  },
  keepaliveTimeoutS: { min: 10, max: 3600, integer: true, unit: 's', label: 'keepalive timeout' },
  pingIntervalS: { min: 1, max: 600, integer: true, unit: 's', label: 'ping interval' },
  pingRestartS: { min: 5, max: 3600, integer: true, unit: 's', label: 'ping-restart' },
  blockAtS: { min: 0, max: 86_400, integer: false, unit: 's', label: 'firewall block time' },
  unblockAtS: { min: -1, max: 86_400, integer: false, unit: 's', label: 'firewall unblock time' },
  renegSec: { min: 60, max: 86_400, integer: true, unit: 's', label: 'reneg-sec' },
  tranWindowS: { min: 0, max: 86_400, integer: true, unit: 's', label: 'tran-window' },
  untilS: { min: 1, max: 86_400, integer: false, unit: 's', label: 'run length' },
  costReadUs: { min: 0, max: 100_000, integer: false, unit: 'µs', label: 'read cost' },
  costProcessDelUs: {
    min: 0,
    max: 1_000_000,
    integer: false,
    unit: 'µs',
    label: 'DEL processing cost',
  },
  costRequestUs: { min: 0, max: 100_000, integer: false, unit: 'µs', label: 'request cost' },
  costHandshakeUs: { min: 0, max: 10_000_000, integer: false, unit: 'µs', label: 'handshake cost' },
  dumpPeersPerPart: {
    min: 1,
    max: 10_000,
    integer: true,
    unit: 'peers',
    label: 'peers per dump part',
  },
  notifierGapUs: { min: 0, max: 1_000_000, integer: false, unit: 'µs', label: 'notifier gap' },
};

export const KERNEL_FLAVOURS: readonly KernelFlavour[] = ['ovpn-dco', 'mainline'];

/** A setting that could not be used, with a message naming the value and what is allowed. */
export interface SettingProblem {
  key: string;
  value: unknown;
  message: string;
  /**
   * Set when the value is allowed alone but not beside another setting's (max-clients below
   * the peer count): that setting's key, so a caller that merges over a base can tell.
   */
  against?: keyof SimSettings;
}

export function describeRange(r: NumericRange): string {
  const unit = r.unit ? ` ${r.unit}` : '';
  const note = r.note ? ` (${r.note})` : '';
  return `${r.integer ? 'an integer' : 'a number'} from ${r.min} to ${r.max}${unit}${note}`;
}

/** Checks one numeric value against its range; returns a problem or null. */
export function checkNumber(key: NumericKey, value: unknown): SettingProblem | null {
  const r = SETTING_RANGES[key];
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= r.min &&
    value <= r.max &&
    (!r.integer || Number.isInteger(value));
  if (ok) return null;
  return {
    key,
    value,
    message: `${r.label} ${show(value)} is not allowed: use ${describeRange(r)}`,
  };
}

/**
 * Validates a partial settings object (from a scenario, URL, file or CLI) and merges it over
 * the defaults. Unknown keys and bad values are reported, never silently used.
 */
export function validateSettings(input: Partial<Record<keyof SimSettings, unknown>>): {
  settings: SimSettings;
  problems: SettingProblem[];
  /** The settings the input did not give (absent or undefined): the defaults' values. */
  defaulted: (keyof SimSettings)[];
} {
  const settings: SimSettings = { ...DEFAULT_SETTINGS };
  const problems: SettingProblem[] = [];
  const defaulted = (Object.keys(DEFAULT_SETTINGS) as (keyof SimSettings)[]).filter(
    (k) => !Object.hasOwn(input, k) || input[k] === undefined,
  );
  const out = settings as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key === 'variant') {
      if (typeof value === 'string' && (VARIANT_IDS as readonly string[]).includes(value)) {
        out[key] = value;
      } else {
        problems.push({
          key,
          value,
          message: `variant ${show(value)} is not one of ${VARIANT_IDS.join(', ')}`,
        });
      }
    } else if (key === 'kernel') {
      if (
        value === 'auto' ||
        (typeof value === 'string' && (KERNEL_FLAVOURS as readonly string[]).includes(value))
      ) {
        out[key] = value;
      } else {
        problems.push({
          key,
          value,
          message: `kernel ${show(value)} is not one of auto, ${KERNEL_FLAVOURS.join(', ')}`,
        });
      }
    } else if (key === 'expire' || key === 'emit') {
      if (typeof value === 'string') out[key] = value;
      else
        problems.push({
          key,
          value,
          message: `${key} ${show(value)} is not a text: use ${key === 'emit' ? EMIT_ALLOWED : EXPIRE_ALLOWED}`,
        });
    } else if (key === 'reconnect') {
      if (typeof value === 'boolean') out[key] = value;
      else problems.push({ key, value, message: `reconnect ${show(value)} is not true or false` });
    } else if (key === 'batch') {
      if (value === 'auto') out[key] = value;
      else if (
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= 1 &&
        value <= 10_000
      )
        out[key] = value;
      else
        problems.push({
          key,
          value,
          message: `batch size ${show(value)} is not allowed: use auto or an integer from 1 to the peer count`,
        });
    } else if (Object.hasOwn(SETTING_RANGES, key)) {
      const p = checkNumber(key as NumericKey, value);
      if (p) problems.push(p);
      else out[key] = value;
    } else {
      problems.push({ key, value, message: `unknown setting ${show(key)}` });
    }
  }
  // A cross-check against a value that was refused compares with its default instead: the
  // value is still made runnable, but only the refused value is reported (a file's peers 0
  // is one problem, not also a max-clients below the default 1024 peers).
  const refused = new Set(problems.map((p) => p.key));
  const report = (p: SettingProblem, other: keyof SimSettings) => {
    if (!refused.has(other)) problems.push({ ...p, against: other });
  };
  if (typeof settings.batch === 'number' && settings.batch > settings.peers) {
    report(
      {
        key: 'batch',
        value: settings.batch,
        message: `batch size ${settings.batch} is not allowed: use auto or an integer from 1 to the peer count (${settings.peers})`,
      },
      'peers',
    );
    settings.batch = 'auto';
  }
  if (settings.peers > settings.maxClients) {
    report(
      {
        key: 'maxClients',
        value: settings.maxClients,
        message: `max-clients ${settings.maxClients} is below the peer count ${settings.peers}: use a max-clients from ${settings.peers} to ${SETTING_RANGES.maxClients.max}`,
      },
      'peers',
    );
    settings.maxClients = settings.peers;
  }
  if (settings.expire !== '') {
    const parsed = parseExpire(settings.expire, settings.peers);
    if (typeof parsed === 'string') {
      const problem = { key: 'expire', value: settings.expire, message: parsed };
      // wrong with any peer count, or only beside this one (a peer beyond it)
      if (typeof parseExpire(settings.expire, SETTING_RANGES.peers.max) === 'string') {
        problems.push(problem);
      } else report(problem, 'peers');
      settings.expire = '';
    } else settings.expire = formatExpire(parsed);
  }
  if (settings.emit !== '') {
    const parsed = parseEmit(settings.emit, settings.peers);
    if (typeof parsed === 'string') {
      const problem = { key: 'emit', value: settings.emit, message: parsed };
      if (typeof parseEmit(settings.emit, SETTING_RANGES.peers.max) === 'string') {
        problems.push(problem);
      } else report(problem, 'peers');
      settings.emit = '';
    } else settings.emit = formatExpire(parsed);
  }
  if (!HZ_VALUES.includes(settings.hz)) {
    problems.push({
      key: 'hz',
      value: settings.hz,
      message: `HZ ${settings.hz} is not allowed: use one of ${HZ_VALUES.join(', ')}`,
    });
    settings.hz = DEFAULT_SETTINGS.hz;
  }
  if (settings.rxCpus > settings.cpus) {
    report(
      {
        key: 'rxCpus',
        value: settings.rxCpus,
        message: `receive CPUs ${settings.rxCpus} is above the CPU count ${settings.cpus}: use an integer from 1 to ${settings.cpus}`,
      },
      'cpus',
    );
    settings.rxCpus = settings.cpus;
  }
  if (settings.granuleUs !== 0 && settings.granuleUs < 1_000) {
    problems.push({
      key: 'granuleUs',
      value: settings.granuleUs,
      message: `timer granule ${settings.granuleUs} µs is not allowed: use 0 (from HZ) or an integer from 1000 to ${SETTING_RANGES.granuleUs.max} µs`,
    });
    settings.granuleUs = 0;
  }
  if (settings.unblockAtS >= 0 && settings.unblockAtS < settings.blockAtS) {
    report(
      {
        key: 'unblockAtS',
        value: settings.unblockAtS,
        message: `firewall unblock time ${settings.unblockAtS} s is before the block at ${settings.blockAtS} s: use -1 (never) or a time from ${settings.blockAtS} s`,
      },
      'blockAtS',
    );
    settings.unblockAtS = -1;
  }
  return { settings, problems, defaulted };
}

/** Validates and throws on the first problem: for code paths that must not run with bad input. */
export function resolveSettings(input: Partial<SimSettings>): SimSettings {
  const { settings, problems } = validateSettings(input);
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join('; '));
  return settings;
}

/** Parses a load given as a level name or a number from 0 to 1 (in the one number syntax). */
export function parseLoad(text: string): number | null {
  const t = text.trim();
  if (Object.hasOwn(LOAD_LEVELS, t)) return LOAD_LEVELS[t as LoadName];
  const v = parseNumberText(t);
  return v !== null && v >= 0 && v <= 1 ? v : null;
}

/** What `load` takes, for messages and help. */
export const LOAD_ALLOWED = `${Object.keys(LOAD_LEVELS).join(', ')} or a number from 0 to 1`;

/** A setting read from text, or why it cannot be: see settingFromText. */
export type SettingText = { ok: true; value: unknown } | { ok: false; problem: SettingProblem };

/**
 * Reads one setting as a person writes it (a link's parameter, a CLI flag's value, an
 * element's attribute): numbers in the one syntax (numberText.ts), a load by name or number,
 * a batch size or `auto`, reconnect as 1/0 or true/false, the kernel and `expire` as text. A
 * text that is no value of the setting's kind is a problem naming it and what is allowed; a
 * value of the right kind is returned for validateSettings, which checks ranges and the
 * settings against each other (so `peers=1e5` reads as 100000, and is refused there).
 */
export function settingFromText(key: ParamKey, raw: string): SettingText {
  const t = raw.trim();
  const refuse = (message: string): SettingText => ({
    ok: false,
    problem: { key, value: raw, message },
  });
  switch (key) {
    case 'load': {
      if (Object.hasOwn(LOAD_LEVELS, t)) return { ok: true, value: LOAD_LEVELS[t as LoadName] };
      const v = parseNumberText(t);
      if (v !== null) return { ok: true, value: v };
      return refuse(`load ${show(raw)} is not allowed: use ${LOAD_ALLOWED}`);
    }
    case 'batch': {
      if (t === 'auto') return { ok: true, value: 'auto' };
      const v = parseNumberText(t);
      if (v !== null) return { ok: true, value: v };
      return refuse(
        `batch size ${show(raw)} is not allowed: use auto or an integer from 1 to the peer count, written like 16 or 1e3`,
      );
    }
    case 'reconnect':
      if (t === '1' || t === 'true') return { ok: true, value: true };
      if (t === '0' || t === 'false') return { ok: true, value: false };
      return refuse(`reconnect ${show(raw)} is not true or false: use 1 or 0 (or true or false)`);
    case 'kernel':
    case 'expire':
    case 'emit':
      return { ok: true, value: t };
    default: {
      const r = SETTING_RANGES[key];
      const v = parseNumberText(t);
      if (v !== null) return { ok: true, value: v };
      return refuse(numberTextProblem(r.label, raw, describeRange(r), r.integer));
    }
  }
}

/** The level name of a load value, for display; the number itself when no level has it. */
export function loadName(load: number): string {
  for (const [name, v] of Object.entries(LOAD_LEVELS)) if (v === load) return name;
  return String(load);
}

/** The kernel tick rates a run can use (CONFIG_HZ choices). */
export const HZ_VALUES: readonly number[] = [100, 250, 300, 1000];

/** CPU hogs per CPU at load 1 (saturated): on 16 CPUs, `stress-ng --cpu 64`. */
export const HOGS_PER_CPU_AT_SATURATION = 4;

/** The CPU hogs a run has: `hogs`, or when it is -1 the load level's preset. */
export function effectiveHogs(s: Pick<SimSettings, 'hogs' | 'load' | 'cpus'>): number {
  return s.hogs >= 0 ? s.hogs : Math.round(s.load * HOGS_PER_CPU_AT_SATURATION * s.cpus);
}

/**
 * The timer wheel's granule for a timeout (calc_wheel_index in kernel/time/timer.c): level n
 * holds timeouts below 63 × 8^n jiffies (LVL_START(n + 1)), with a granule of 8^n jiffies.
 */
export function wheelGranuleUs(timeoutS: number, hz: number): number {
  const jiffies = Math.ceil(timeoutS * hz);
  let level = 0;
  while (level < 8 && jiffies >= 63 * Math.pow(8, level)) level++;
  const granuleJiffies = Math.pow(8, level);
  return Math.round((granuleJiffies * 1_000_000) / hz);
}

/** The granule a run uses: `granuleUs`, or when it is 0 the timer wheel's. */
export function effectiveGranuleUs(
  s: Pick<SimSettings, 'granuleUs' | 'keepaliveTimeoutS' | 'hz'>,
): number {
  return s.granuleUs > 0 ? s.granuleUs : wheelGranuleUs(s.keepaliveTimeoutS, s.hz);
}

/** The kernel flavour a run actually uses. */
export function effectiveKernel(s: SimSettings, variantDefault: KernelFlavour): KernelFlavour {
  return s.kernel === 'auto' ? variantDefault : s.kernel;
}
