import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  LOAD_ALLOWED,
  LOAD_LEVELS,
  SCENARIOS,
  SCENARIO_NAMES,
  SETTING_PARAMS,
  VARIANT_IDS,
  type ParamKey,
  type SimSettings,
} from '../model/index.ts';
import { decodeLink, encodeLink } from '../formats/urlState.ts';
import { MAX_SWEEP_SEEDS, parseArgs, type CliOptions } from './args.ts';
import { runCli } from './main.ts';

function ok(argv: string[]): CliOptions {
  const r = parseArgs(argv);
  if ('problems' in r) throw new Error(`unexpected problems: ${r.problems.join('; ')}`);
  return r;
}

function problems(argv: string[]): string[] {
  const r = parseArgs(argv);
  if (!('problems' in r)) throw new Error(`expected problems for ${argv.join(' ')}`);
  return r.problems;
}

describe('parseArgs: one name per setting, shared with links', () => {
  it('every setting a link carries has a CLI flag of the same name, which sets it', () => {
    // a run's link, read back through the CLI: every parameter is a flag that sets that key
    const settings: SimSettings = {
      ...DEFAULT_SETTINGS,
      ...{ seed: 7, peers: 300, batch: 16, load: 0.6, maxClients: 400, rcvbufBytes: 100_000 },
      ...{ truesizeBytes: 1000, statusIntervalS: 5, reconnect: false, kernel: 'mainline' },
      ...{ granuleUs: 1_000_000, keepaliveTimeoutS: 60, pingIntervalS: 5, pingRestartS: 30 },
      ...{ blockAtS: 3, unblockAtS: -1, renegSec: 600, tranWindowS: 60, untilS: 100 },
      ...{ costReadUs: 7, costProcessDelUs: 61, costRequestUs: 16, costHandshakeUs: 401 },
      ...{ dumpPeersPerPart: 50, notifierGapUs: 5, expire: '3@12.5,7@40' },
      ...{ cpus: 8, hogs: 12, rxCpus: 2, hz: 1000, rcuGpUs: 9000, rcuGpSpread: 0.5 },
      ...{ wakeUs: 30, workerCreateUs: 200, emit: '1@50,2@50.5' },
    };
    // links leave defaults out: every value differs, so every parameter is there
    for (const key of Object.keys(SETTING_PARAMS) as ParamKey[])
      expect(settings[key], key).not.toEqual(DEFAULT_SETTINGS[key]);
    const query = encodeLink({ settings, lanes: ['2.6.14', '2.7'], step: 0 });
    const argv: string[] = [];
    for (const [param, value] of new URLSearchParams(query)) {
      if (!(Object.values(SETTING_PARAMS) as string[]).includes(param)) continue;
      if (param === SETTING_PARAMS.reconnect)
        argv.push(value === '1' ? '--reconnect' : '--no-reconnect');
      else argv.push(`--${param}`, value);
    }
    const keys = Object.keys(SETTING_PARAMS) as ParamKey[];
    expect(argv.filter((a) => a.startsWith('--'))).toHaveLength(keys.length);
    const { variant: _variant, ...cli } = ok(argv).settings;
    const { variant: _v, ...link } = settings;
    expect(cli).toEqual(link);
  });

  it('a flag for a timer or a cost is checked against its range like the main ones', () => {
    expect(ok(['--keepalive', '30', '--cost-del', '120']).settings).toMatchObject({
      keepaliveTimeoutS: 30,
      costProcessDelUs: 120,
    });
    expect(problems(['--keepalive', '5'])).toEqual([
      '--keepalive 5 is not allowed: use an integer from 10 to 3600 s',
    ]);
  });
});

describe('parseArgs: --trace', () => {
  it('asks for the steps of one run, and is refused next to --seeds', () => {
    expect(ok(['--trace']).trace).toBe(true);
    expect(ok([]).trace).toBe(false);
    expect(problems(['--seeds', '1..3', '--trace'])).toEqual([
      '--trace prints the steps of one run: it cannot be used with --seeds',
    ]);
  });
});

describe('parseArgs: every flag', () => {
  it('no flags: the model defaults, one run, text output', () => {
    expect(ok([])).toEqual({
      settings: DEFAULT_SETTINGS,
      scenario: null,
      seeds: null,
      json: false,
      trace: false,
      pcap: null,
      importPcap: null,
      help: false,
    });
  });

  it('maps each flag to its setting key', () => {
    const o = ok([
      '--variant',
      '2.7',
      '--peers',
      '200',
      '--batch',
      '50',
      '--load',
      'stress',
      '--seed',
      '7',
      '--max-clients',
      '300',
      '--rcvbuf',
      '65536',
      '--status-interval',
      '5',
      '--no-reconnect',
      '--kernel',
      'ovpn-dco',
      '--until',
      '90.5',
      '--json',
    ]);
    expect(o.settings).toMatchObject({
      variant: '2.7',
      peers: 200,
      batch: 50,
      load: LOAD_LEVELS.stress,
      seed: 7,
      maxClients: 300,
      rcvbufBytes: 65536,
      statusIntervalS: 5,
      reconnect: false,
      kernel: 'ovpn-dco',
      untilS: 90.5,
    });
    expect(o.json).toBe(true);
    expect(o.seeds).toBeNull();
  });

  it('accepts every variant id', () => {
    for (const v of VARIANT_IDS) expect(ok(['--variant', v]).settings.variant).toBe(v);
  });

  it('accepts every load name and a number from 0 to 1', () => {
    for (const [name, v] of Object.entries(LOAD_LEVELS)) {
      expect(ok(['--load', name]).settings.load).toBe(v);
    }
    expect(ok(['--load', '0.33']).settings.load).toBe(0.33);
    expect(ok(['--load', '1']).settings.load).toBe(1);
  });

  it('batch auto, kernel auto/mainline, reconnect on', () => {
    expect(ok(['--batch', 'auto']).settings.batch).toBe('auto');
    expect(ok(['--kernel', 'auto']).settings.kernel).toBe('auto');
    expect(ok(['--kernel', 'mainline']).settings.kernel).toBe('mainline');
    expect(ok(['--reconnect']).settings.reconnect).toBe(true);
    expect(ok(['--no-reconnect']).settings.reconnect).toBe(false);
  });

  it('seed -5: negative seeds are values, not flags', () => {
    expect(ok(['--seed', '-5']).settings.seed).toBe(-5);
  });

  it('numbers in the one syntax a link reads: exponents, fractions, whitespace', () => {
    const o = ok(['--peers', '1e3', '--max-clients=2.5e3', '--load', '5e-1', '--until', ' 60 ']);
    expect(o.settings).toMatchObject({ peers: 1000, maxClients: 2500, load: 0.5, untilS: 60 });
    expect(ok(['--seeds', '1e1..1.2e1']).seeds).toEqual([10, 11, 12]);
    expect(ok(['--batch', '1e1']).settings.batch).toBe(10);
    // the CLI and a link read the same text to the same settings
    const link = decodeLink('peers=1e3&max-clients=2.5e3&load=5e-1&until=%2060%20');
    expect(link.ignored).toEqual([]);
    expect(link.settings).toMatchObject({ peers: 1000, maxClients: 2500, load: 0.5, untilS: 60 });
  });

  it('--flag=value form for every flag that takes a value', () => {
    const o = ok([
      '--variant=2.6.20',
      '--peers=64',
      '--batch=8',
      '--load=0.5',
      '--seed=9',
      '--max-clients=128',
      '--rcvbuf=8192',
      '--status-interval=0',
      '--kernel=mainline',
      '--until=30',
      '--scenario=lesson',
    ]);
    expect(o.settings).toMatchObject({
      variant: '2.6.20',
      peers: 64,
      batch: 8,
      load: 0.5,
      seed: 9,
      maxClients: 128,
      rcvbufBytes: 8192,
      statusIntervalS: 0,
      kernel: 'mainline',
      untilS: 30,
    });
    expect(o.scenario).toBe('lesson');
    expect(ok(['--seeds=3..5']).seeds).toEqual([3, 4, 5]);
  });

  it('--seeds A..B lists every seed from A to B inclusive', () => {
    expect(ok(['--seeds', '1..3']).seeds).toEqual([1, 2, 3]);
    expect(ok(['--seeds', '-1..1']).seeds).toEqual([-1, 0, 1]);
    expect(ok(['--seeds', '4..4']).seeds).toEqual([4]);
    expect(ok(['--seeds', `1..${MAX_SWEEP_SEEDS}`]).seeds).toHaveLength(MAX_SWEEP_SEEDS);
  });

  it('--help and -h ask for usage, even next to bad flags', () => {
    expect(ok(['--help']).help).toBe(true);
    expect(ok(['-h']).help).toBe(true);
    expect(ok(['--peers', '0', '--help']).help).toBe(true);
  });
});

describe('parseArgs: scenarios', () => {
  it('every scenario: its settings, its first lane as the variant', () => {
    for (const name of SCENARIO_NAMES) {
      const sc = SCENARIOS[name]!;
      const o = ok(['--scenario', name]);
      expect(o.scenario).toBe(name);
      expect(o.settings).toMatchObject({ ...sc.settings, variant: sc.lanes[0] });
    }
  });

  it('explicit flags override the scenario, before or after --scenario', () => {
    const after = ok(['--scenario', 'lesson', '--peers', '8', '--variant', '2.7', '--reconnect']);
    const before = ok(['--peers', '8', '--variant', '2.7', '--reconnect', '--scenario', 'lesson']);
    for (const o of [after, before]) {
      expect(o.settings).toMatchObject({
        peers: 8,
        variant: '2.7',
        reconnect: true,
        batch: SCENARIOS.lesson!.settings.batch,
        maxClients: SCENARIOS.lesson!.settings.maxClients,
      });
    }
  });

  it('scenario values the flags leave alone are still checked together with them', () => {
    // lesson sets batch 6: 4 peers cannot hold it; the message names the flag given and says
    // where the 6 came from.
    expect(problems(['--scenario', 'lesson', '--peers', '4'])).toEqual([
      '--peers 4 does not fit --batch from --scenario lesson: batch size 6 is not allowed: use auto or an integer from 1 to the peer count (4)',
    ]);
    expect(ok(['--scenario', 'lesson', '--peers', '4', '--batch', 'auto']).settings.batch).toBe(
      'auto',
    );
  });
});

describe('parseArgs: bad input, one message per problem', () => {
  it.each([
    [['--peers', '0'], '--peers 0 is not allowed: use an integer from 1 to 10000 peers'],
    [['--peers=1.5'], '--peers 1.5 is not allowed: use an integer from 1 to 10000 peers'],
    [
      ['--peers', 'many'],
      '--peers many is not a decimal number: use an integer from 1 to 10000 peers, written like 1024 or 1e3',
    ],
    [
      ['--peers='],
      '--peers "" is not a decimal number: use an integer from 1 to 10000 peers, written like 1024 or 1e3',
    ],
    // the one number syntax: what a link reads, not what JavaScript's Number() reads
    [
      ['--peers', '0x10'],
      '--peers 0x10 is not a decimal number: use an integer from 1 to 10000 peers, written like 1024 or 1e3',
    ],
    [
      ['--rcvbuf', '0b101'],
      '--rcvbuf 0b101 is not a decimal number: use an integer from 4096 to 268435456 bytes, written like 1024 or 1e3',
    ],
    [
      ['--until', 'Infinity'],
      '--until Infinity is not a decimal number: use a number from 1 to 86400 s, written like 0.5, 1024 or 2.5e4',
    ],
    [
      ['--cost-del', '1_000'],
      '--cost-del 1_000 is not a decimal number: use a number from 0 to 1000000 µs, written like 0.5, 1024 or 2.5e4',
    ],
    [
      ['--batch', '0x8'],
      '--batch 0x8 is not allowed: use auto or an integer from 1 to the peer count, written like 16 or 1e3',
    ],
    [['--load', '0x1'], `--load 0x1 is not allowed: use ${LOAD_ALLOWED}`],
    [
      ['--seeds', '0x1..5'],
      '--seeds 0x1..5 is not allowed: use A..B, the first and last seed of the sweep, whole numbers (e.g. 1..100 or 1..1e3)',
    ],
    [
      ['--seed', '1e12'],
      '--seed 1e12 is not allowed: use an integer from -2147483648 to 2147483647',
    ],
    [
      ['--max-clients', '0'],
      '--max-clients 0 is not allowed: use an integer from 1 to 10000 clients',
    ],
    [
      ['--rcvbuf', '100'],
      '--rcvbuf 100 is not allowed: use an integer from 4096 to 268435456 bytes',
    ],
    [
      ['--status-interval', '-1'],
      '--status-interval -1 is not allowed: use an integer from 0 to 3600 s',
    ],
    [['--until', '0'], '--until 0 is not allowed: use a number from 1 to 86400 s'],
    [['--batch', '0'], '--batch 0 is not allowed: use auto or an integer from 1 to the peer count'],
    [
      ['--peers', '10', '--batch', '11'],
      '--batch 11 is not allowed: use auto or an integer from 1 to the peer count (10)',
    ],
    [
      ['--load', 'heavy'],
      '--load heavy is not allowed: use idle, low, moderate, high, stress, saturated or a number from 0 to 1',
    ],
    [
      ['--load', '1.5'],
      '--load 1.5 is not allowed: use idle, low, moderate, high, stress, saturated or a number from 0 to 1',
    ],
    [['--variant', '2.5'], `--variant 2.5 is not one of ${VARIANT_IDS.join(', ')}`],
    [['--kernel', 'linux'], '--kernel linux is not one of auto, ovpn-dco, mainline'],
    [['--scenario', 'nope'], `--scenario nope is not one of ${SCENARIO_NAMES.join(', ')}`],
    [
      ['--load', 'toString'],
      '--load toString is not allowed: use idle, low, moderate, high, stress, saturated or a number from 0 to 1',
    ],
    [
      ['--scenario', 'constructor'],
      `--scenario constructor is not one of ${SCENARIO_NAMES.join(', ')}`,
    ],
    [['--toString'], 'unknown flag --toString (see --help)'],
    [['--frobnicate'], 'unknown flag --frobnicate (see --help)'],
    [['--peers'], '--peers needs a value N: use an integer from 1 to 10000 peers'],
    [['--peers', '--json'], '--peers needs a value N: use an integer from 1 to 10000 peers'],
    [['--json=yes'], '--json takes no value (got yes)'],
    [['--no-reconnect=1'], '--no-reconnect takes no value (got 1)'],
    [['peers'], 'unexpected argument peers: every value follows its flag (see --help)'],
    [
      ['--seeds', '1-3'],
      '--seeds 1-3 is not allowed: use A..B, the first and last seed of the sweep, whole numbers (e.g. 1..100 or 1..1e3)',
    ],
    [
      ['--seeds', '5..1'],
      '--seeds 5..1 is not allowed: the first seed 5 is greater than the last 1',
    ],
    [
      ['--seeds', '1..10001'],
      '--seeds 1..10001 is not allowed: use at most 10000 seeds (this range has 10001)',
    ],
    [
      ['--seeds', '0..2147483648'],
      '--seeds 0..2147483648 is not allowed: each seed must be an integer from -2147483648 to 2147483647',
    ],
    // a default that clashes with a value given: named by the flag that was given
    [
      ['--block', '201'],
      '--block 201 does not fit --unblock from the defaults: firewall unblock time 200 s is before the block at 201 s: use -1 (never) or a time from 201 s',
    ],
    [
      ['--max-clients', '\t7\n'],
      '--max-clients "\\t7\\n" is below the peer count 1024: use a max-clients from 1024 to 10000',
    ],
    [
      ['--seed', '3', '--seeds', '1..2'],
      '--seed and --seeds cannot be used together: --seeds A..B sets every seed',
    ],
  ])('%j -> %s', (argv, message) => {
    expect(problems(argv)).toEqual([message]);
  });

  it('reports every problem: flag problems in order, then bad values', () => {
    expect(problems(['--peers', '0', '--bogus', '--load', 'x', '--kernel'])).toEqual([
      'unknown flag --bogus (see --help)',
      '--load x is not allowed: use idle, low, moderate, high, stress, saturated or a number from 0 to 1',
      '--kernel needs a value NAME: use auto, ovpn-dco, mainline',
      '--peers 0 is not allowed: use an integer from 1 to 10000 peers',
    ]);
  });

  it('runCli: problems go to stderr with the program prefix and exit status 2', () => {
    const out: string[] = [];
    const err: string[] = [];
    const status = runCli(['--peers', '0', '--until=x'], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    expect(status).toBe(2);
    expect(out).toEqual([]);
    // a text that is no number is the flag's problem, found first; a number out of range next
    expect(err.join('')).toBe(
      'dcoscope sim: --until x is not a decimal number: use a number from 1 to 86400 s, written like 0.5, 1024 or 2.5e4\n' +
        'dcoscope sim: --peers 0 is not allowed: use an integer from 1 to 10000 peers\n',
    );
  });

  it('an unknown flag is an error even beside --help', () => {
    expect(problems(['--help', '--bogus'])).toEqual(['unknown flag --bogus (see --help)']);
    const out: string[] = [];
    expect(runCli(['--bogus', '-h'], { out: (t) => out.push(t), err: () => {} })).toBe(2);
    expect(out).toEqual([]);
  });

  it('a repeated flag and a conflicting pair are errors naming both', () => {
    expect(problems(['--variant', '2.7', '--variant', '2.6.14'])).toEqual([
      '--variant is given twice (--variant 2.7 and --variant 2.6.14): give it once',
    ]);
    expect(problems(['--reconnect', '--no-reconnect'])).toEqual([
      '--no-reconnect conflicts with --reconnect: give one of them',
    ]);
    expect(problems(['--peers=10', '--peers', '10'])).toEqual([
      '--peers is given twice (--peers 10 and --peers 10): give it once',
    ]);
  });
});
