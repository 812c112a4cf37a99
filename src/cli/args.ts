/**
 * Command-line arguments -> run options. Pure: no process, no I/O. Every value is read as a
 * link reads it (the model's settingFromText: numbers in the one number syntax, so `1e3` is a
 * number and `0x10` is not) and goes through the model's validateSettings, so the CLI rejects
 * bad input with the same ranges as the UI; the model's message is reworded to name the flag
 * and the text the user typed.
 */
import {
  DEFAULT_SETTINGS,
  EMIT_ALLOWED,
  EXPIRE_ALLOWED,
  KERNEL_FLAVOURS,
  LOAD_ALLOWED,
  LOAD_LEVELS,
  SCENARIOS,
  SCENARIO_NAMES,
  SETTING_PARAMS,
  SETTING_RANGES,
  VARIANT_IDS,
  describeRange,
  parseIntegerText,
  parseLoad,
  scenarioSettings,
  settingFromText,
  validateSettings,
  type NumericKey,
  type ParamKey,
  type SimSettings,
} from '../model/index.ts';

/** Most seeds one --seeds sweep may run. */
export const MAX_SWEEP_SEEDS = 10_000;

export interface CliOptions {
  settings: SimSettings;
  /** Scenario name given with --scenario, or null. */
  scenario: string | null;
  /** Seeds of a --seeds sweep (A..B inclusive), or null for a single run. */
  seeds: number[] | null;
  json: boolean;
  /** Print every trace event of the run (text: one narrated line each; JSON: a `trace` array). */
  trace: boolean;
  /** Write the run as an nlmon-style pcap capture to this file, or null. */
  pcap: string | null;
  /** Replay the DEL_PEERs of this capture as the `emit` schedule (main.ts reads it), or null. */
  importPcap: string | null;
  help: boolean;
}

/** Either options to run with, or one message per problem (exit status 2). */
export type ParsedArgs = CliOptions | { problems: string[] };

type SettingsInput = Partial<Record<keyof SimSettings, unknown>>;

interface Acc {
  input: SettingsInput;
  /** Which flag (and raw text) set each setting key, to reword the model's messages. */
  given: Map<string, { flag: string; raw: string }>;
  scenario: string | null;
  seeds: number[] | null;
  json: boolean;
  trace: boolean;
  pcap: string | null;
  importPcap: string | null;
  help: boolean;
}

interface FlagSpec {
  /** Placeholder of the value, or null for a switch that takes none. */
  arg: string | null;
  help: string;
  dflt: string;
  allowed: string;
  /** Records the value; returns a problem message or null. */
  apply: (acc: Acc, raw: string, flag: string) => string | null;
}

/** The text the user typed, quoted only when it would be hard to read bare. */
export function showRaw(raw: string): string {
  return /^[^\s"'=]+$/.test(raw) ? raw : JSON.stringify(raw);
}

function setting(key: keyof SimSettings, read: (raw: string) => unknown): FlagSpec['apply'] {
  return (acc, raw, flag) => {
    acc.input[key] = read(raw);
    acc.given.set(key, { flag, raw });
    return null;
  };
}

/** A setting read from its text as a link reads it; a text of the wrong kind is a problem. */
function fromText(key: ParamKey): FlagSpec['apply'] {
  return (acc, raw, flag) => {
    const read = settingFromText(key, raw);
    acc.given.set(key, { flag, raw });
    if (!read.ok) return reword(key, read.problem.message, acc);
    acc.input[key] = read.value;
    return null;
  };
}

/** Placeholder of a numeric flag's value, from its unit. */
function placeholder(key: NumericKey): string {
  const unit = SETTING_RANGES[key].unit;
  if (unit === 'bytes') return 'BYTES';
  if (unit === 's') return 'S';
  if (unit === 'µs') return 'US';
  return 'N';
}

/** A numeric setting's flag, named as its link parameter. */
function numeric(key: NumericKey, help: string = SETTING_RANGES[key].label): [string, FlagSpec] {
  return [
    SETTING_PARAMS[key],
    {
      arg: placeholder(key),
      help,
      dflt: String(DEFAULT_SETTINGS[key]),
      allowed: describeRange(SETTING_RANGES[key]),
      apply: fromText(key),
    },
  ];
}

const SEED_RANGE = describeRange(SETTING_RANGES.seed);

function parseSeeds(raw: string): number[] | string {
  const bad = `--seeds ${showRaw(raw)} is not allowed:`;
  const ends = raw.split('..');
  const [a, b] = ends.map(parseIntegerText);
  if (ends.length !== 2 || a === null || b === null || a === undefined || b === undefined) {
    return `${bad} use A..B, the first and last seed of the sweep, whole numbers (e.g. 1..100 or 1..1e3)`;
  }
  const r = SETTING_RANGES.seed;
  for (const v of [a, b])
    if (v < r.min || v > r.max) return `${bad} each seed must be ${SEED_RANGE}`;
  if (b < a) return `${bad} the first seed ${a} is greater than the last ${b}`;
  if (b - a + 1 > MAX_SWEEP_SEEDS) {
    return `${bad} use at most ${MAX_SWEEP_SEEDS} seeds (this range has ${b - a + 1})`;
  }
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/**
 * The flags most runs use (scenario, variant, seeds and the settings most runs change), with
 * their help, in the order --help lists them.
 */
const MAIN_FLAGS: [string, FlagSpec][] = [
  [
    'scenario',
    {
      arg: 'NAME',
      help: 'start from a scenario; explicit flags override its settings',
      dflt: 'none',
      allowed: SCENARIO_NAMES.join(', '),
      apply: (acc, raw, flag) => {
        if (!Object.hasOwn(SCENARIOS, raw)) {
          return `${flag} ${showRaw(raw)} is not one of ${SCENARIO_NAMES.join(', ')}`;
        }
        acc.scenario = raw;
        return null;
      },
    },
  ],
  [
    'variant',
    {
      arg: 'ID',
      help: 'code variant',
      dflt: `${DEFAULT_SETTINGS.variant}, or the scenario's first lane`,
      allowed: VARIANT_IDS.join(', '),
      apply: setting('variant', (raw) => raw),
    },
  ],
  numeric('peers', 'connected clients at the start'),
  [
    SETTING_PARAMS.batch,
    {
      arg: 'N|auto',
      help: 'notifications per kernel burst',
      dflt: String(DEFAULT_SETTINGS.batch),
      allowed: 'auto or an integer from 1 to the peer count',
      apply: fromText('batch'),
    },
  ],
  [
    SETTING_PARAMS.load,
    {
      arg: 'LEVEL|X',
      help: 'how busy the server is: a preset of CPU hogs, 4 per CPU when saturated',
      dflt: `low (${LOAD_LEVELS.low})`,
      allowed: LOAD_ALLOWED,
      apply: (acc, raw, flag) => {
        const v: unknown = parseLoad(raw);
        // parseLoad gives null for anything but a level name or a number from 0 to 1.
        if (typeof v !== 'number')
          return `${flag} ${showRaw(raw)} is not allowed: use ${LOAD_ALLOWED}`;
        return setting('load', () => v)(acc, raw, flag);
      },
    },
  ],
  numeric('seed', 'PRNG seed'),
  [
    'seeds',
    {
      arg: 'A..B',
      help: 'sweep over seeds A to B inclusive instead of one run',
      dflt: 'none',
      allowed: `at most ${MAX_SWEEP_SEEDS} seeds, each ${SEED_RANGE}`,
      apply: (acc, raw) => {
        const seeds = parseSeeds(raw);
        if (typeof seeds === 'string') return seeds;
        acc.seeds = seeds;
        return null;
      },
    },
  ],
  numeric('maxClients', 'OpenVPN --max-clients'),
  numeric('rcvbufBytes', 'netlink socket receive buffer'),
  numeric('statusIntervalS', '--status interval in seconds, 0 = off'),
  [
    SETTING_PARAMS.reconnect,
    {
      arg: null,
      help: 'clients reconnect after the firewall opens',
      dflt: DEFAULT_SETTINGS.reconnect ? 'on' : 'off',
      allowed: '',
      apply: setting('reconnect', () => true),
    },
  ],
  [
    `no-${SETTING_PARAMS.reconnect}`,
    {
      arg: null,
      help: 'clients stay away',
      dflt: DEFAULT_SETTINGS.reconnect ? 'off' : 'on',
      allowed: '',
      apply: setting('reconnect', () => false),
    },
  ],
  [
    SETTING_PARAMS.kernel,
    {
      arg: 'NAME',
      help: 'kernel module flavour; auto follows the variant',
      dflt: String(DEFAULT_SETTINGS.kernel),
      allowed: ['auto', ...KERNEL_FLAVOURS].join(', '),
      apply: setting('kernel', (raw) => raw),
    },
  ],
  numeric('untilS', 'run length in simulated seconds'),
  [
    SETTING_PARAMS.expire,
    {
      arg: 'PEER@S,…',
      help: 'expire these peers by hand at these simulated times, as if their timers fired',
      dflt: 'none',
      allowed: EXPIRE_ALLOWED,
      apply: setting('expire', (raw) => raw),
    },
  ],
  [
    SETTING_PARAMS.emit,
    {
      arg: 'PEER@S,…',
      help: "replay this DEL_PEER emission schedule (a capture's storm) instead of keepalive expiry",
      dflt: 'none',
      allowed: EMIT_ALLOWED,
      apply: setting('emit', (raw) => raw),
    },
  ],
];

/** An output flag naming a capture file to write or read (any non-empty path without NUL). */
function fileFlag(
  name: string,
  key: 'pcap' | 'importPcap',
  verb: 'write' | 'read',
  help: string,
  allowed: string,
): [string, FlagSpec] {
  return [
    name,
    {
      arg: 'FILE',
      help,
      dflt: 'none',
      allowed,
      apply: (acc, raw, flag) => {
        if (raw.trim() === '' || raw.includes('\0')) {
          return `${flag} ${showRaw(raw)} is not a file name: give the path of the pcap file to ${verb}`;
        }
        acc[key] = raw;
        return null;
      },
    },
  ];
}

/** A switch of the output (no value, off unless given). */
function outputSwitch(
  name: 'trace' | 'json' | 'help',
  help: string,
  dflt = 'off',
): [string, FlagSpec] {
  return [
    name,
    {
      arg: null,
      help,
      dflt,
      allowed: '',
      apply: (acc) => {
        acc[name] = true;
        return null;
      },
    },
  ];
}

const OUTPUT_FLAGS: [string, FlagSpec][] = [
  outputSwitch(
    'trace',
    'also print every step of the run: #index, time and what happened (with --json: a trace array of the events)',
  ),
  outputSwitch('json', 'print one JSON object instead of text'),
  fileFlag(
    'pcap',
    'pcap',
    'write',
    'also write the run as a netlink capture (pcapng, LINKTYPE_NETLINK), as nlmon would record it on the server; read it with tshark -X lua_script:wireshark/dcoscope-ovpn.lua',
    'a file name',
  ),
  fileFlag(
    'import-pcap',
    'importPcap',
    'read',
    "replay the DEL_PEER notifications of a netlink capture (nlmon, or one exported with --pcap): the kernel sends each at its time since the capture's first packet, as --emit does",
    "a pcap or pcapng file of LINKTYPE_NETLINK holding OpenVPN's family resolution",
  ),
  outputSwitch('help', 'print this help and exit', ''),
];

const mainNames = new Set(MAIN_FLAGS.map(([name]) => name));

/** Help of the other numeric settings where their label alone says too little. */
const MORE_HELP: Partial<Record<NumericKey, string>> = {
  truesizeBytes: 'truesize charged per DEL_PEER notification',
  cpus: "the server's CPUs (default 16: the reporter's count is unknown)",
  hogs: 'CPU-bound nice-0 processes, as stress-ng --cpu N starts them; -1 = from --load (4 per CPU saturated)',
  rxCpus:
    "CPUs the NIC steers the clients' flows to (RSS queues or RPS): peer timers and delete work run there",
  hz: "the kernel's CONFIG_HZ: the timer wheel's granule and the scheduler tick",
  rcuGpUs:
    'median RCU grace period: every ovpn-dco deletion waits one before its DEL_PEER (an estimate)',
  rcuGpSpread: "run-to-run spread of the grace-period median (a log-normal factor's sigma)",
  wakeUs: 'mean wake-up latency of a task on a CPU with no hogs',
  workerCreateUs: "time for a CPU's kworker pool to create a worker when none is idle",
  granuleUs: "ovpn-dco's keepalive timer granule, 0 = the timer wheel's for the timeout and HZ",
  keepaliveTimeoutS: 'server keepalive timeout: a silent peer expires after it',
  pingIntervalS: 'client ping interval (pushed)',
  pingRestartS: 'client ping-restart (pushed): a blocked client gives up after it',
  blockAtS: 'when the firewall starts dropping client packets',
  unblockAtS: 'when the firewall opens again, -1 = never',
  dumpPeersPerPart: 'peers per GET_PEER dump part',
  notifierGapUs:
    'gap between DEL_PEER messages sent back to back (a scan, or kworkers after a grace period)',
};

/** The other numeric settings (timers, costs, sizes), named as their link parameters. */
const MORE_FLAGS: [string, FlagSpec][] = (Object.keys(SETTING_RANGES) as NumericKey[])
  .filter((key) => !mainNames.has(SETTING_PARAMS[key]))
  .map((key) => numeric(key, MORE_HELP[key]));

/** Every flag, in the order --help lists them: main settings, the others, then output. */
export const FLAGS: Record<string, FlagSpec> = Object.fromEntries([
  ...MAIN_FLAGS,
  ...MORE_FLAGS,
  ...OUTPUT_FLAGS,
]);

/** Names of the flags listed under "More settings" in --help. */
export const MORE_FLAG_NAMES: readonly string[] = MORE_FLAGS.map(([name]) => name);

/**
 * Rewords a model message ("peer count 0 is not allowed: ...", "max-clients 7 is below the
 * peer count 1024: ...") to name the flag and the raw text: the model's messages begin with
 * the setting's label and value, then " is ".
 */
function reword(key: string, message: string, acc: Acc, against?: string): string {
  const g = acc.given.get(key);
  const cut = message.indexOf(' is ');
  if (g && cut >= 0) return `${g.flag} ${showRaw(g.raw)}${message.slice(cut)}`;
  const from = acc.scenario ? `--scenario ${acc.scenario}` : 'the defaults';
  // a value the user did not give, refused beside one they did (--block 201, unblock 200)
  const other = against === undefined ? undefined : acc.given.get(against);
  if (other) {
    const flag = Object.hasOwn(SETTING_PARAMS, key) ? `--${SETTING_PARAMS[key as ParamKey]}` : key;
    return `${describeGiven(other.flag, other.raw)} does not fit ${flag} from ${from}: ${message}`;
  }
  if (acc.scenario) return `${message} (set by --scenario ${acc.scenario})`;
  return message;
}

/** A flag as given, for messages: `--variant "2.7"`, or `--json`. */
function describeGiven(flag: string, raw: string): string {
  return raw === '' ? flag : `${flag} ${showRaw(raw)}`;
}

/** Parses argv (without node and script) into run options or problems. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const acc: Acc = {
    input: {},
    given: new Map(),
    scenario: null,
    seeds: null,
    json: false,
    trace: false,
    pcap: null,
    importPcap: null,
    help: false,
  };
  const problems: string[] = [];
  // the flag that set each thing, to name both sides of a repeat or a conflict
  const setBy = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') {
      acc.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      problems.push(
        `unexpected argument ${showRaw(arg)}: every value follows its flag (see --help)`,
      );
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    const flag = `--${name}`;
    const spec = Object.hasOwn(FLAGS, name) ? FLAGS[name] : undefined;
    if (!spec) {
      problems.push(`unknown flag ${showRaw(flag)} (see --help)`);
      continue;
    }
    let raw: string;
    if (spec.arg === null) {
      if (eq >= 0) {
        problems.push(`${flag} takes no value (got ${showRaw(arg.slice(eq + 1))})`);
        continue;
      }
      raw = '';
    } else if (eq >= 0) {
      raw = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        const allowed = spec.allowed ? `: use ${spec.allowed}` : '';
        problems.push(`${flag} needs a value ${spec.arg}${allowed}`);
        continue;
      }
      raw = next;
      i++;
    }
    const target = name === 'no-reconnect' ? 'reconnect' : name;
    const earlier = setBy.get(target);
    if (earlier !== undefined) {
      problems.push(
        earlier.startsWith(`${flag} `) || earlier === flag
          ? `${flag} is given twice (${earlier} and ${describeGiven(flag, raw)}): give it once`
          : `${flag} conflicts with ${earlier}: give one of them`,
      );
      continue;
    }
    setBy.set(target, describeGiven(flag, raw));
    const problem = spec.apply(acc, raw, flag);
    if (problem) problems.push(problem);
  }
  // --help prints the help only for a command line that is otherwise right
  if (acc.help && problems.length === 0) {
    return {
      settings: { ...DEFAULT_SETTINGS },
      scenario: null,
      seeds: null,
      json: false,
      trace: false,
      pcap: null,
      importPcap: null,
      help: true,
    };
  }
  if (acc.seeds && acc.given.has('seed')) {
    problems.push('--seed and --seeds cannot be used together: --seeds A..B sets every seed');
  }
  if (acc.seeds && acc.trace) {
    problems.push('--trace prints the steps of one run: it cannot be used with --seeds');
  }
  if (acc.importPcap !== null && acc.given.has('emit')) {
    problems.push(
      '--import-pcap sets the emission schedule from the capture: it cannot be used with --emit',
    );
  }
  if (acc.seeds && acc.pcap !== null) {
    problems.push('--pcap writes the capture of one run: it cannot be used with --seeds');
  }
  const base = acc.scenario ? scenarioSettings(acc.scenario) : {};
  const { settings, problems: invalid } = validateSettings({ ...base, ...acc.input });
  for (const p of invalid) problems.push(reword(p.key, p.message, acc, p.against));
  if (problems.length > 0) return { problems };
  return {
    settings,
    scenario: acc.scenario,
    seeds: acc.seeds,
    json: acc.json,
    trace: acc.trace,
    pcap: acc.pcap,
    importPcap: acc.importPcap,
    help: false,
  };
}
