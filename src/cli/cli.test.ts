/**
 * The command's behaviour through `runCli` (main.ts) in this process, with stdout, stderr and
 * the exit status captured; two tests start the real command, as `npm run --silent sim` does
 * (tsx src/cli/main.ts), to check what only a process shows: the exit code and the streams.
 * Determinism (same flags, same hash; other seed, other hash) is tests/property/determinism's.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  MODEL_VERSION,
  SWEEP_COUNTS,
  narrate,
  runToEnd,
  scenarioSettings,
  validateSettings,
  type TraceEvent,
} from '../model/index.ts';
import { runCli } from './main.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI on these flags, in this process. */
function sim(...args: string[]): Result {
  let stdout = '';
  let stderr = '';
  const status = runCli(args, {
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
  });
  return { status, stdout, stderr };
}

/** The CLI on these flags with a wall clock that moves a second per reading. */
function simSlowClock(...args: string[]): Result {
  let stdout = '';
  let stderr = '';
  let ms = 0;
  const status = runCli(args, {
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
    now: () => (ms += 1_000),
  });
  return { status, stdout, stderr };
}

/** The CLI as a process. */
function simProcess(...args: string[]): Result {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs with --json and returns the one object it printed, failing on anything else. */
function simJson(...args: string[]): Record<string, unknown> {
  const r = sim(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  const value: unknown = JSON.parse(lines[0]!);
  expect(value).toBeTypeOf('object');
  expect(Array.isArray(value)).toBe(false);
  return value as Record<string, unknown>;
}

/** The fields the issue requires of every --json run. */
const REQUIRED = [
  'modelVersion',
  'scenario',
  'variant',
  'seed',
  'peers',
  'batch',
  'load',
  'emitted',
  'queued',
  'dropped',
  'processed',
  'swallowed',
  'overwritten',
  'wiped',
  'queuedAtEnd',
  'ghosts',
  'peakGhosts',
  'nleAgain',
  'nleBusy',
  'nleNomem',
  'maxReadDepth',
  'exited',
  'reconnectAttempts',
  'refused',
  'reconnected',
  'reapedByTls',
  'events',
  'simUs',
  'traceHash',
];

describe('sim --trace', () => {
  const lessonSeed7 = () => {
    const { settings } = validateSettings({ ...scenarioSettings('lesson'), seed: 7 });
    const events: TraceEvent[] = [];
    const { summary } = runToEnd(settings, { onTrace: (e) => events.push(e) });
    return { events, summary };
  };

  it("seed 7: --json --trace adds the run's whole trace, event for event", () => {
    const out = simJson('--scenario', 'lesson', '--seed', '7', '--trace');
    const { events, summary } = lessonSeed7();
    expect(out.events).toBe(summary.events);
    // JSON leaves out the fields a step did not set, as it does for the page's trace export
    expect(out.trace).toEqual(JSON.parse(JSON.stringify(events)));
  });

  it('seed 7: text --trace prints one narrated line per event before the summary', () => {
    const r = sim('--scenario', 'lesson', '--seed', '7', '--trace');
    expect(r.status).toBe(0);
    const { events } = lessonSeed7();
    const lines = r.stdout.split('\n').filter((l) => /^ *#\d+ /.test(l));
    expect(lines).toHaveLength(events.length);
    lines.forEach((l, i) => {
      expect(l.trim().startsWith(`#${i} `)).toBe(true);
      expect(l.endsWith(narrate(events[i]!))).toBe(true);
    });
    expect(r.stdout).toContain('trace hash');
  });
});

describe('sim --json (one run)', () => {
  it('seed 7: prints exactly one JSON object with every required field, equal to the model', () => {
    const out = simJson('--scenario', 'lesson', '--seed', '7');
    for (const key of REQUIRED) expect(out, key).toHaveProperty(key);
    expect(out.modelVersion).toBe(MODEL_VERSION);
    expect(out.scenario).toBe('lesson');
    expect(out.seed).toBe(7);
    expect(out.traceHash).toMatch(/^[0-9a-f]+$/);
    const { settings } = validateSettings({ ...scenarioSettings('lesson'), seed: 7 });
    const { summary } = runToEnd(settings);
    expect(out).toEqual({ modelVersion: MODEL_VERSION, scenario: 'lesson', ...summary });
  });

  it('seed 7: without --scenario, scenario is null and the flags reach the model', () => {
    const out = simJson(
      '--seed=7',
      '--peers',
      '16',
      '--batch',
      '4',
      '--load',
      'idle',
      '--until',
      '60',
    );
    expect(out).toMatchObject({ scenario: null, seed: 7, peers: 16, batch: 4, load: 0 });
  });
});

describe('sim --seeds', () => {
  it('seeds 1..3 --json: three runs and a summary with min <= median <= max', () => {
    const out = simJson('--scenario', 'lesson', '--seeds', '1..3');
    const runs = out.runs as Record<string, unknown>[];
    expect(runs.map((r) => r.seed)).toEqual([1, 2, 3]);
    for (const r of runs) for (const key of REQUIRED.slice(2)) expect(r, key).toHaveProperty(key);
    const summary = out.summary as Record<string, { min: number; median: number; max: number }>;
    expect(out.exits).toBe(runs.filter((r) => r.exited !== null).length);
    for (const key of SWEEP_COUNTS) {
      const s = summary[key]!;
      expect(s.min, key).toBeLessThanOrEqual(s.median);
      expect(s.median, key).toBeLessThanOrEqual(s.max);
      const values = runs.map((r) => r[key] as number);
      expect(s.min, key).toBe(Math.min(...values));
      expect(s.max, key).toBe(Math.max(...values));
    }
  });

  it('seeds 1..3 as text: one line per count and the number of runs that exited', () => {
    const r = sim('--scenario', 'lesson', '--seeds', '1..3');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^count\s+min\s+median\s+max$/m);
    expect(r.stdout).toMatch(/^ghosts \(end\)\s+\d+\s+\d+\s+\d+$/m);
    expect(r.stdout).toMatch(/^exited: \d+ of 3 runs$/m);
  });
});

describe('sim (text)', () => {
  it('seed 7: aligned labels, the same trace hash as --json, and one line of explanation', () => {
    const json = simJson('--scenario', 'lesson', '--seed', '7');
    const r = sim('--scenario', 'lesson', '--seed', '7');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    const blank = lines.indexOf('');
    expect(blank).toBeGreaterThan(20);
    const rows = lines.slice(0, blank);
    const hashRow = rows.find((l) => l.startsWith('trace hash '))!;
    expect(hashRow.endsWith(`  ${String(json.traceHash)}`)).toBe(true);
    const column = hashRow.length - String(json.traceHash).length;
    for (const row of rows) expect(row.slice(column - 2, column + 1), row).toMatch(/^ {2}\S$/);
    for (const label of [
      'variant',
      'ghosts (end) / peak',
      'NLE_AGAIN/NLE_BUSY/NLE_NOMEM',
      'exit',
    ]) {
      expect(
        rows.some((l) => l.startsWith(`${label} `)),
        label,
      ).toBe(true);
    }
    expect(lines.slice(blank + 1)).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/\.$/);
  });
});

describe('sim: bad input and --help', () => {
  it('--peers 0: exit 2, one stderr line naming the value and the range, nothing on stdout', () => {
    const r = sim('--peers', '0', '--json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'dcoscope sim: --peers 0 is not allowed: use an integer from 1 to 10000 peers\n',
    );
  });

  it('several problems: one line each, exit 2', () => {
    const r = sim('--load=heavy', '--seeds', '9..1', '--what');
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'dcoscope sim: --load heavy is not allowed: use idle, low, moderate, high, stress, saturated or a number from 0 to 1',
      'dcoscope sim: --seeds 9..1 is not allowed: the first seed 9 is greater than the last 1',
      'dcoscope sim: unknown flag --what (see --help)',
    ]);
  });

  it('--help: usage on stdout, exit 0', () => {
    const r = sim('--help');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Usage: npm run --silent sim -- [flags]');
    expect(r.stdout).toMatch(
      /--rcvbuf BYTES .*\n\s+default 425984; allowed: an integer from 4096 to 268435456 bytes\n/,
    );
  });
});

describe('sim as a process (tsx src/cli/main.ts)', () => {
  it('seed 7 --json: exit 0, the same one line on stdout as runCli, nothing on stderr', () => {
    const args = ['--scenario', 'lesson', '--seed', '7', '--json'];
    const r = simProcess(...args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(sim(...args).stdout);
    expect(r.stdout.split('\n')).toHaveLength(2);
  });

  it('--peers 0: exit 2, the problem on stderr, nothing on stdout', () => {
    const r = simProcess('--peers', '0', '--json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'dcoscope sim: --peers 0 is not allowed: use an integer from 1 to 10000 peers\n',
    );
  });
});

describe('progress and the budget', () => {
  it('seed 2: a long run says how far it is on stderr, and stdout is the same as without', () => {
    const flags = [
      '--seed',
      '2',
      '--peers',
      '1024',
      '--max-clients',
      '1024',
      '--until',
      '86400',
      '--json',
    ];
    const slow = simSlowClock(...flags);
    const quick = sim(...flags);
    expect(slow.status).toBe(0);
    expect(slow.stdout).toBe(quick.stdout);
    expect(slow.stderr).toMatch(
      /^dcoscope sim: [\d,]+ events, simulated [\d,]+ s of 86,400 s \(\d+ %\)$/m,
    );
    expect(quick.stderr).toBe('');
  });

  it('seeds 1..3: a sweep says how many runs are done', () => {
    const slow = simSlowClock('--scenario', 'lesson', '--seeds', '1..3');
    expect(slow.status).toBe(0);
    expect(slow.stderr).toMatch(/^dcoscope sim: [123] of 3 runs \(\d+ %\)$/m);
  });

  it('seed 1: a run past the event budget is stopped, said on stderr and in the summary', () => {
    const r = sim(
      '--seed',
      '1',
      '--peers',
      '10000',
      '--max-clients',
      '10000',
      '--rcvbuf',
      '268435456',
      '--status-interval',
      '1',
      '--until',
      '86400',
      '--variant',
      '2.6.20',
      '--json',
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { budgetCut: boolean; events: number };
    expect(out.budgetCut).toBe(true);
    expect(r.stderr).toContain(`stopped at ${out.events.toLocaleString('en-US')} events: budget`);
  });
});

describe('--pcap FILE', () => {
  /** The CLI with a writeFile that keeps what it was given. */
  function simPcap(write: (path: string, bytes: Uint8Array) => void, ...args: string[]): Result {
    let stdout = '';
    let stderr = '';
    const status = runCli(args, {
      out: (t) => (stdout += t),
      err: (t) => (stderr += t),
      writeFile: write,
    });
    return { status, stdout, stderr };
  }

  it('lesson 2.6.14 seed 1: writes a pcap of the run, says so on stderr, prints the same summary', () => {
    const files = new Map<string, Uint8Array>();
    const r = simPcap(
      (p, b) => files.set(p, b),
      '--scenario',
      'lesson',
      '--variant',
      '2.6.14',
      '--seed',
      '1',
      '--pcap',
      'out/run.pcap',
      '--json',
    );
    expect(r.status).toBe(0);
    const file = files.get('out/run.pcap');
    expect(file, 'the file was written at the path given').toBeDefined();
    // a pcapng section header block
    expect([...file!.subarray(0, 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);
    const plain = runToEnd({ ...scenarioSettings('lesson'), variant: '2.6.14', seed: 1 }).summary;
    const out = JSON.parse(r.stdout) as { queued: number; traceHash: string };
    expect(out.traceHash).toBe(plain.traceHash);
    expect(r.stderr).toContain(`${plain.queued} DEL_PEER notifications`);
    expect(r.stderr).toContain('out/run.pcap');
  });

  it('a file that cannot be written: exit 1 naming the path and why', () => {
    const r = simPcap(
      () => {
        throw new Error('ENOENT: no such file or directory');
      },
      '--scenario',
      'lesson',
      '--pcap',
      'no/such dir/x.pcap',
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--pcap "no/such dir/x.pcap"');
    expect(r.stderr).toContain('ENOENT');
  });

  it('refused with --seeds and with an empty name (exit 2, nothing written)', () => {
    let wrote = false;
    const a = simPcap(() => (wrote = true), '--seeds', '1..3', '--pcap', 'x.pcap');
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--pcap .*cannot be used with --seeds/);
    const b = simPcap(() => (wrote = true), '--pcap=');
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--pcap "" is not a file name/);
    expect(wrote).toBe(false);
  });
});

describe('--import-pcap FILE', () => {
  /** The CLI reading files from a map (a missing name throws as fs does). */
  function simImport(files: Map<string, Uint8Array>, ...args: string[]): Result {
    let stdout = '';
    let stderr = '';
    const status = runCli(args, {
      out: (t) => (stdout += t),
      err: (t) => (stderr += t),
      readFile: (p) => {
        const f = files.get(p);
        if (!f) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
        return f;
      },
    });
    return { status, stdout, stderr };
  }

  it('lesson 2.6.14 seed 1 exported, then imported into 8 peers of 2.6.20: the kernel sends the same DEL_PEERs at the same times', () => {
    const files = new Map<string, Uint8Array>();
    const exported = runCli(
      ['--scenario', 'lesson', '--variant', '2.6.14', '--seed', '1', '--pcap', 'a.pcap'],
      { out: () => {}, err: () => {}, writeFile: (p, b) => files.set(p, b) },
    );
    expect(exported).toBe(0);
    const sent = (trace: TraceEvent[]) =>
      trace
        .filter((e) => e.what === 'k_notify' && e.outcome === 'queued')
        .map((e) => [e.peer, e.t, e.reason]);
    const original: TraceEvent[] = [];
    runToEnd(
      { ...scenarioSettings('lesson'), variant: '2.6.14', seed: 1 },
      { onTrace: (e) => original.push(e) },
    );
    const r = simImport(
      files,
      '--peers',
      '8',
      '--variant',
      '2.6.20',
      '--import-pcap',
      'a.pcap',
      '--json',
      '--trace',
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `imported ${sent(original).length} DEL_PEER notifications of ovpn-dco-v2`,
    );
    const out = JSON.parse(r.stdout) as { emitted: number; trace: TraceEvent[] };
    expect(sent(original).length).toBeGreaterThan(0);
    expect(out.emitted).toBe(sent(original).length);
    expect(sent(out.trace)).toEqual(sent(original));
  });

  it('a file that is no capture, a missing file, too few peers: exit 2 naming the file and the problem', () => {
    const files = new Map([
      ['text.pcap', new TextEncoder().encode('hello, this is not a pcap file')],
    ]);
    const a = simImport(files, '--import-pcap', 'text.pcap');
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--import-pcap text\.pcap is not read: .*pcap magic/);
    const b = simImport(files, '--import-pcap', 'missing.pcap');
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/cannot read --import-pcap missing\.pcap: ENOENT/);
    const exported = new Map<string, Uint8Array>();
    runCli(['--scenario', 'lesson', '--pcap', 'l.pcap'], {
      out: () => {},
      err: () => {},
      writeFile: (p, f) => exported.set(p, f),
    });
    const c = simImport(exported, '--peers', '2', '--max-clients', '2', '--import-pcap', 'l.pcap');
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/beyond this run's 2 peers \(0 to 1\): give --peers \d+ or more/);
    expect(a.stdout + b.stdout + c.stdout).toBe('');
  });

  it('refused with --emit', () => {
    const r = simImport(new Map(), '--emit', '1@5', '--import-pcap', 'x.pcap');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      '--import-pcap sets the emission schedule from the capture: it cannot be used with --emit',
    );
  });
});
