/**
 * The exported capture read by the real Wireshark: Debian's tshark (installed by
 * `scripts/ensure.mjs tshark`, which `npm test` runs first) opens the file the CLI writes with
 * --pcap, names the generic netlink family from the capture's own family resolution, and with
 * the project's dissector (wireshark/dcoscope-ovpn.lua) lists every DEL_PEER notification with
 * its peer id and reason, compared with the run's own trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FAMILY_NAMES,
  resolveSettings,
  runToEnd,
  scenarioSettings,
  wireContext,
  type SimSettings,
  type TraceEvent,
  type VariantId,
} from '../../src/model/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const TSHARK = '/usr/bin/tshark';
const DISSECTOR = join(ROOT, 'wireshark/dcoscope-ovpn.lua');
const REASON_CODES: Record<string, string> = { USERSPACE: '1', EXPIRED: '2' };

const dir = mkdtempSync(join(tmpdir(), 'dcoscope-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tshark(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // -V of a whole run is more than spawnSync's default 1 MB of output
  const r = spawnSync(TSHARK, args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 << 20 });
  // tshark warns when run as root; that is no error in the file
  const stderr = r.stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.includes('This could be dangerous'))
    .join('\n');
  return { status: r.status, stdout: r.stdout, stderr };
}

/** The CLI, as `npm run --silent sim` runs it, writing the capture to a file. */
function exportRun(file: string, ...flags: string[]): void {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...flags, '--pcap', file], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  expect(existsSync(file)).toBe(true);
}

/** The DEL_PEER notifications OpenVPN read or lost, from the run's trace: what nlmon sees. */
function queuedDelPeers(settings: Partial<SimSettings>): { peer: number; reason: string }[] {
  const trace: TraceEvent[] = [];
  const { summary } = runToEnd(settings, { onTrace: (e) => trace.push(e) });
  // a notification is in the capture when the kernel queued it: k_notify with outcome 'queued'
  const queued = trace
    .filter((e) => e.what === 'k_notify' && e.outcome === 'queued')
    .map((e) => ({ peer: e.peer!, reason: e.reason! }));
  expect(queued.length).toBe(summary.queued);
  return queued;
}

const runs: { name: string; variant: VariantId; scenario: string; seed: number }[] = [
  { name: 'lesson 2.6.14 seed 1', variant: '2.6.14', scenario: 'lesson', seed: 1 },
  { name: 'lesson 2.7 seed 2', variant: '2.7', scenario: 'lesson', seed: 2 },
  { name: 'overflow 2.6.14 seed 3', variant: '2.6.14', scenario: 'overflow', seed: 3 },
];

describe('the exported pcap in tshark', () => {
  it('tshark is installed (npm test installs it: node scripts/ensure.mjs tshark)', () => {
    expect(existsSync(TSHARK), `${TSHARK} is missing: run node scripts/ensure.mjs tshark`).toBe(
      true,
    );
  });

  for (const run of runs) {
    const settings = { ...scenarioSettings(run.scenario), variant: run.variant, seed: run.seed };
    const file = join(dir, `${run.scenario}-${run.variant}-${run.seed}.pcap`);
    const flags = [
      '--scenario',
      run.scenario,
      '--variant',
      run.variant,
      '--seed',
      String(run.seed),
    ];

    it(`${run.name}: tshark reads the file without errors and names the family`, () => {
      exportRun(file, ...flags);
      const family = FAMILY_NAMES[wireContext(resolveSettings(settings)).family];
      const r = tshark('-r', file, '-V');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).not.toMatch(/Malformed|Expert Info \(Error/);
      expect(r.stdout).toContain('Linux netlink (cooked header)');
      // Wireshark's genl dissector learnt the id from the NEWFAMILY reply and names it
      expect(r.stdout).toMatch(new RegExp(`Family ID: 0x[0-9a-f]+ \\(${family}\\)`));
    });

    it(`${run.name}: with the dissector, every DEL_PEER with its peer id and reason, in order`, () => {
      if (!existsSync(file)) exportRun(file, ...flags);
      const r = tshark(
        '-r',
        file,
        '-X',
        `lua_script:${DISSECTOR}`,
        '-Y',
        'ovpn_nl.del_peer',
        '-T',
        'fields',
        '-e',
        'ovpn_nl.peer_id',
        '-e',
        'ovpn_nl.del_reason',
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      const listed = r.stdout
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t'));
      const expected = queuedDelPeers(settings).map((d) => [
        String(d.peer),
        REASON_CODES[d.reason],
      ]);
      expect(expected.length).toBeGreaterThan(0);
      expect(listed).toEqual(expected);
    });

    it(`${run.name}: with the dissector, no packet is left undecoded or malformed`, () => {
      if (!existsSync(file)) exportRun(file, ...flags);
      const r = tshark('-r', file, '-X', `lua_script:${DISSECTOR}`, '-V');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).not.toMatch(/Malformed|Lua Error|malformed:/);
      // every message of the family went to the dissector, none fell through to raw data
      const family = FAMILY_NAMES[wireContext(resolveSettings(settings)).family];
      const ours = r.stdout.split(`OpenVPN DCO (${family})`).length - 1;
      expect(ours).toBeGreaterThan(0);
      expect(r.stdout).not.toMatch(/^Data \(\d+ bytes\)/m);
    });
  }

  it('the dissector alone loads in tshark without Lua errors', () => {
    const r = tshark('-G', 'protocols', '-X', `lua_script:${DISSECTOR}`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    // one protocol per family name it registers on genl.family
    for (const name of ['ovpn_nl_ovpn_dco_v2', 'ovpn_nl_ovpn_dco', 'ovpn_nl_ovpn']) {
      expect(r.stdout).toMatch(new RegExp(`\\t${name}$`, 'm'));
    }
  });

  it('a capture file written by the CLI is a pcapng tshark calls Linux Netlink, its comment naming the run', () => {
    const file = join(dir, 'lesson-2.6.14-1.pcap');
    if (!existsSync(file))
      exportRun(file, '--scenario', 'lesson', '--variant', '2.6.14', '--seed', '1');
    const r = tshark('-r', file, '-T', 'fields', '-e', 'frame.encap_type', '-c', '1');
    expect(r.stdout.trim()).toBe(String(158)); // WTAP_ENCAP_NETLINK
    // the pcapng section header block, little-endian
    expect(readFileSync(file).subarray(0, 4)).toEqual(Buffer.from([0x0a, 0x0d, 0x0d, 0x0a]));
    const info = spawnSync('/usr/bin/capinfos', ['-k', file], { encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toMatch(/dcoscope run: mv=\d+&lanes=2\.6\.14%2C2\.6\.14&seed=1/);
  });
});
