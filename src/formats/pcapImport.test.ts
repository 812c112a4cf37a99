import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  MAX_EMITS,
  MAX_EXPIRE_S,
  SETTING_RANGES,
  resolveSettings,
  runToEnd,
  scenarioSettings,
  type SimSettings,
  type TraceEvent,
} from '../model/index.ts';
import { readPcap, writePcap } from './pcap.ts';
import { RUN_AFTER_LAST_S, captureSettings, isCaptureMagic, readDelPeers } from './pcapImport.ts';
import { writePcapng } from './pcapng.ts';
import { RUN_COMMENT_PREFIX, runComment, runPcap } from './pcapRun.ts';

const lesson = (variant: SimSettings['variant'], seed: number) => ({
  ...scenarioSettings('lesson'),
  variant,
  seed,
});

/** The file's packets, to rebuild it with some changed or left out. */
function packetsOf(file: Uint8Array) {
  const r = readPcap(file);
  if (!r.ok) throw new Error(r.problem);
  return r.packets.map((p) => ({ tUs: p.tUs, data: p.data }));
}

describe('readDelPeers', () => {
  for (const [variant, seed, family] of [
    ['2.6.14', 1, 'ovpn-dco-v2'],
    ['2.7', 2, 'ovpn'],
  ] as const) {
    it(`lesson ${variant} seed ${seed}: reads back every DEL_PEER of an export (${family}), peer, reason and time`, () => {
      const exported = runPcap(lesson(variant, seed));
      const r = readDelPeers(exported.file);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.family).toBe(family);
      expect(r.delPeers).toEqual(exported.delPeers);
      expect(r.foreign).toBe(0);
    });
  }

  it('overflow 2.6.14 seed 3: a dump part (many messages in one packet) is walked, not taken for a notification', () => {
    const exported = runPcap({ ...scenarioSettings('overflow'), variant: '2.6.14', seed: 3 });
    const r = readDelPeers(exported.file);
    expect(r.ok && r.delPeers).toEqual(exported.delPeers);
  });

  it('a capture started after OpenVPN (no family resolution) is refused, saying to start tcpdump first', () => {
    const packets = packetsOf(runPcap(lesson('2.6.14', 1)).file).slice(3);
    const r = readDelPeers(writePcap(packets));
    expect(r).toEqual({
      ok: false,
      problem: expect.stringMatching(/resolves no OpenVPN family.*before OpenVPN/),
    });
  });

  it('a capture of another family only is refused, naming the family it found', () => {
    const packets = packetsOf(runPcap(lesson('2.6.14', 1)).file);
    // rename the family in the NEWFAMILY reply: "ovpn-dco-v2" -> "xvpn-dco-v2"
    const reply = packets[1]!.data.slice();
    const at = new TextDecoder().decode(reply).indexOf('ovpn-dco-v2');
    reply[at] = 'x'.charCodeAt(0);
    packets[1] = { ...packets[1]!, data: reply };
    const r = readDelPeers(writePcap(packets));
    expect(r).toEqual({ ok: false, problem: expect.stringContaining('"xvpn-dco-v2"') });
  });

  it('a netlink message whose length overruns its packet is refused with the packet number', () => {
    const packets = packetsOf(runPcap(lesson('2.6.14', 1)).file);
    const bad = packets[4]!.data.slice();
    new DataView(bad.buffer).setUint32(0, 4000, true);
    packets[4] = { ...packets[4]!, data: bad };
    const r = readDelPeers(writePcap(packets));
    expect(r).toEqual({
      ok: false,
      problem: expect.stringMatching(/^packet 5: .*4000 bytes long/),
    });
  });

  it("a file that is no pcap gets the reader's message; an empty capture is named", () => {
    const r = readDelPeers(new TextEncoder().encode('not a capture at all, just text'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(/pcap magic/);
    expect(readDelPeers(writePcap([]))).toEqual({
      ok: false,
      problem: 'the capture holds no packets',
    });
  });
});

/** A capture as classic pcap, as tcpdump writes it: the same packets, no comment. */
const classic = (file: Uint8Array): Uint8Array => writePcap(packetsOf(file));

/** The capture's first three packets: the family resolution (GETFAMILY, NEWFAMILY, ACK). */
const RESOLUTION = 3;

/** One DEL_PEER notification packet of an export, and a copy of it naming another peer. */
function delPeerTemplate(file: Uint8Array) {
  const packets = packetsOf(file);
  const head = packets.slice(0, RESOLUTION);
  const one = packets.find((p, i) => {
    if (i < RESOLUTION) return false;
    const r = readDelPeers(writePcap([...head, p]));
    return r.ok && r.delPeers.length === 1;
  })!;
  const withPeer = (peer: number, tUs: number) => {
    const data = one.data.slice();
    const v = new DataView(data.buffer);
    // the nest OVPN_ATTR_DEL_PEER (4) after the 16 + 4 header bytes, and its peer id (2)
    let at = 20;
    while ((v.getUint16(at + 2, true) & 0x3fff) !== 4) at += (v.getUint16(at, true) + 3) & ~3;
    const end = at + v.getUint16(at, true);
    at += 4;
    while (at < end && (v.getUint16(at + 2, true) & 0x3fff) !== 2) {
      at += (v.getUint16(at, true) + 3) & ~3;
    }
    v.setUint32(at + 4, peer, true);
    return { tUs, data };
  };
  return { head, withPeer };
}

/** A capture of the given DEL_PEERs (peer, µs), behind lesson 2.6.14 seed 1's resolution. */
function storm(entries: readonly (readonly [number, number])[]): Uint8Array {
  const { head, withPeer } = delPeerTemplate(runPcap(lesson('2.6.14', 1)).file);
  return writePcap([...head, ...entries.map(([peer, tUs]) => withPeer(peer, tUs))]);
}

const sentOf = (trace: TraceEvent[]) =>
  trace
    .filter((e) => e.what === 'k_notify' && e.outcome === 'queued')
    .map((e) => [e.peer, e.t, e.reason]);

describe('captureSettings', () => {
  const base = (over: Partial<SimSettings> = {}): SimSettings =>
    resolveSettings({ ...DEFAULT_SETTINGS, variant: '2.6.20', ...over });

  it('lesson 2.6.14 seed 1 exported, read over the defaults for 2.6.20: the kernel sends the same DEL_PEERs at the same times', () => {
    const exported = runPcap(lesson('2.6.14', 1));
    const r = captureSettings(classic(exported.file), base(), { name: '"a.pcap"', fit: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fromExport).toBe(false);
    expect(r.family).toBe('ovpn-dco-v2');
    expect(r.count).toBe(exported.delPeers.length);
    expect(r.firstS).toBe(exported.delPeers[0]!.tUs / 1e6);
    expect(r.lastS).toBe(exported.delPeers.at(-1)!.tUs / 1e6);
    expect(r.settings.variant).toBe('2.6.20');
    expect(r.settings.peers).toBe(DEFAULT_SETTINGS.peers);
    expect(r.notes).toEqual([]);
    const original: TraceEvent[] = [];
    runToEnd(lesson('2.6.14', 1), { onTrace: (e) => original.push(e) });
    const replayed: TraceEvent[] = [];
    runToEnd(r.settings, { onTrace: (e) => replayed.push(e) });
    expect(sentOf(original).length).toBeGreaterThan(0);
    expect(sentOf(replayed)).toEqual(sentOf(original));
  });

  it('seed 7: a peer beyond the base is refused without fit (the peers needed) and fits with it, said in notes', () => {
    const file = storm([
      [3, 1_000_000],
      [40, 1_500_000],
      [2, 2_000_000],
    ]);
    const small = base({ seed: 7, peers: 8, maxClients: 8 });
    const refused = captureSettings(file, small, { name: '"s.pcap"' });
    expect(refused).toEqual({
      ok: false,
      problem: `"s.pcap" notifies peer 40, beyond this run's 8 peers (0 to 7)`,
      needPeers: 41,
    });
    const r = captureSettings(file, small, { name: '"s.pcap"', fit: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.peers).toBe(41);
    expect(r.settings.maxClients).toBe(41);
    expect(r.settings.emit).toBe('3@1,40@1.5,2@2');
    expect(r.notes).toEqual([
      'peers raised from 8 to 41 to hold peer 40, the highest the capture notifies',
      'max-clients raised from 8 to 41, the peer count',
    ]);
    expect(runToEnd(r.settings).summary.emitted).toBe(3);
  });

  it('seed 8: with fit, a run too short for the storm is lengthened and hand expiries are left out', () => {
    const file = storm([
      [1, 0],
      [2, 90_250_000],
    ]);
    const r = captureSettings(file, base({ seed: 8, untilS: 30, expire: '5@20' }), {
      name: '"late.pcap"',
      fit: true,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.untilS).toBe(91 + RUN_AFTER_LAST_S);
    expect(r.settings.expire).toBe('');
    expect(r.notes).toEqual([
      `run length raised from 30 s to ${91 + RUN_AFTER_LAST_S} s, ${RUN_AFTER_LAST_S} s past the last DEL_PEER`,
      'the hand expiries (expire "5@20") are left out: the capture\'s DEL_PEERs are the kernel\'s only ones',
    ]);
    const unfit = captureSettings(file, base({ seed: 8, untilS: 30, expire: '5@20' }), {
      name: '"late.pcap"',
    });
    expect(unfit.ok && [unfit.settings.untilS, unfit.settings.expire]).toEqual([30, '5@20']);
  });

  it('lesson 2.6.14 seed 1 spoilt: text, another link type, a cut record, another family are refused naming the file', () => {
    const name = '"bad.pcap"';
    const b = base({ seed: 1 });
    const text = captureSettings(
      new TextEncoder().encode('hello, this is not a capture at all'),
      b,
      {
        name,
      },
    );
    expect(text).toEqual({
      ok: false,
      problem: expect.stringMatching(/^"bad\.pcap" is not read: .*pcap magic/),
    });
    const good = classic(runPcap(lesson('2.6.14', 1)).file);
    const otherLink = good.slice();
    new DataView(otherLink.buffer).setUint32(20, 1, true);
    const linkR = captureSettings(otherLink, b, { name });
    expect(!linkR.ok && linkR.problem).toMatch(/^"bad\.pcap" is not read: .*link type/);
    const cut = captureSettings(good.subarray(0, good.length - 7), b, { name });
    expect(!cut.ok && cut.problem).toMatch(/^"bad\.pcap" is not read: /);
    const packets = packetsOf(good);
    const reply = packets[1]!.data.slice();
    reply[new TextDecoder().decode(reply).indexOf('ovpn-dco-v2')] = 'x'.charCodeAt(0);
    packets[1] = { ...packets[1]!, data: reply };
    const foreign = captureSettings(writePcap(packets), b, { name });
    expect(!foreign.ok && foreign.problem).toMatch(/^"bad\.pcap" is not read: .*"xvpn-dco-v2"/);
  });

  it("storms behind lesson 2.6.14 seed 1's resolution beyond the limits: more entries than MAX_EMITS, a time past a day, a peer past the most peers (even with fit)", () => {
    const name = '"big.pcap"';
    const many = storm(Array.from({ length: MAX_EMITS + 1 }, (_, i) => [i % 8, i] as const));
    expect(captureSettings(many, base(), { name, fit: true })).toEqual({
      ok: false,
      problem: `"big.pcap" holds ${(MAX_EMITS + 1).toLocaleString('en-US')} DEL_PEER notifications; a replayed schedule takes at most ${MAX_EMITS.toLocaleString('en-US')}`,
    });
    const late = storm([[1, (MAX_EXPIRE_S + 1) * 1e6]]);
    expect(captureSettings(late, base(), { name, fit: true })).toEqual({
      ok: false,
      problem: `"big.pcap" notifies peer 1 at ${MAX_EXPIRE_S + 1} s from its first packet; a schedule goes from 0 to ${MAX_EXPIRE_S} s`,
    });
    const top = SETTING_RANGES.peers.max;
    const far = storm([[top, 1e6]]);
    expect(captureSettings(far, base(), { name, fit: true })).toEqual({
      ok: false,
      problem: `"big.pcap" notifies peer ${top.toLocaleString('en-US')}, beyond the ${top.toLocaleString('en-US')} peers (0 to ${(top - 1).toLocaleString('en-US')}) a run may have`,
    });
  });
});

describe('isCaptureMagic', () => {
  it('knows pcap in both byte orders and both time units and pcapng by their first bytes, not text or JSON', () => {
    const bytes = (...b: number[]) => new Uint8Array(b);
    expect(isCaptureMagic(runPcap(lesson('2.6.14', 1)).file)).toBe(true);
    expect(isCaptureMagic(writePcap([]))).toBe(true);
    expect(isCaptureMagic(bytes(0xa1, 0xb2, 0xc3, 0xd4))).toBe(true);
    expect(isCaptureMagic(bytes(0xd4, 0xc3, 0xb2, 0xa1))).toBe(true);
    expect(isCaptureMagic(bytes(0xa1, 0xb2, 0x3c, 0x4d))).toBe(true);
    expect(isCaptureMagic(bytes(0x4d, 0x3c, 0xb2, 0xa1))).toBe(true);
    expect(isCaptureMagic(bytes(0x0a, 0x0d, 0x0d, 0x0a))).toBe(true);
    expect(isCaptureMagic(new TextEncoder().encode('{"format":"dcoscope-trace"}'))).toBe(false);
    expect(isCaptureMagic(bytes(0xa1, 0xb2, 0xc3))).toBe(false);
    expect(isCaptureMagic(bytes(0xd4, 0xc3, 0xb2, 0xa2))).toBe(false);
  });
});

describe('captureSettings of a dcoscope export (its comment names the run)', () => {
  const base = (over: Partial<SimSettings> = {}): SimSettings =>
    resolveSettings({ ...DEFAULT_SETTINGS, variant: '2.6.20', ...over });

  it('lesson 2.6.14 seed 1 exported, read over the defaults for 2.6.20: the lesson itself in 2.6.20, not a schedule', () => {
    const exported = runPcap(lesson('2.6.14', 1));
    expect(readPcap(exported.file).ok && readPcap(exported.file)).toMatchObject({
      comment: expect.stringMatching(/^dcoscope run: /),
    });
    const r = captureSettings(exported.file, base({ peers: 3, maxClients: 3 }), {
      name: '"run.pcap"',
      fit: true,
    });
    expect(r).toEqual({
      ok: true,
      settings: resolveSettings(lesson('2.6.20', 1)),
      notes: ['a dcoscope export: its own run, replayed'],
      family: 'ovpn-dco-v2',
      count: exported.delPeers.length,
      firstS: exported.delPeers[0]!.tUs / 1e6,
      lastS: exported.delPeers.at(-1)!.tUs / 1e6,
      fromExport: true,
    });
    expect(r.ok && r.settings.emit).toBe('');
  });

  for (const variant of ['2.6.14', '2.7'] as const) {
    it(`lesson ${variant} seed 1: export, import, replay: the same trace hash as the run exported`, () => {
      const exported = runPcap(lesson(variant, 1));
      const r = captureSettings(exported.file, base({ peers: 3, maxClients: 3 }), {
        name: '"run.pcap"',
        fit: true,
      });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const replayed = runToEnd({ ...r.settings, variant }).summary;
      expect(replayed.traceHash).toBe(exported.summary.traceHash);
      expect(replayed.events).toBe(exported.summary.events);
    });
  }

  it('lesson 2.6.14 seed 1 exported, without ownRun (the CLI): its DEL_PEERs as a schedule, the note giving its run', () => {
    const exported = runPcap(lesson('2.6.14', 1));
    const r = captureSettings(exported.file, base(), { name: '"run.pcap"', ownRun: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fromExport).toBe(false);
    expect(r.settings.emit).toBe(
      exported.delPeers.map((d) => `${d.peer}@${d.tUs / 1e6}`).join(','),
    );
    expect(r.notes).toEqual([
      `a dcoscope export, replayed as an emission schedule; its own run: ${runComment(resolveSettings(lesson('2.6.14', 1))).slice(RUN_COMMENT_PREFIX.length)}`,
    ]);
  });

  it('seed 6: a comment with a bad value, another model version and a known scenario: the rest used, each said', () => {
    const packets = packetsOf(runPcap(lesson('2.6.14', 6)).file);
    const comment = `${RUN_COMMENT_PREFIX}mv=1&scenario=lesson&seed=6&peers=abc&until=100`;
    const r = captureSettings(writePcapng(packets, { comment }), base(), {
      name: '"edited.pcapng"',
      fit: true,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings).toEqual(resolveSettings({ ...lesson('2.6.20', 6), untilS: 100 }));
    expect(r.notes[0]).toBe('a dcoscope export: its own run, replayed');
    expect(r.notes.slice(1).join('\n')).toMatch(/model version 1; this is model version/);
    expect(r.notes.slice(1).join('\n')).toMatch(/its run's peers="abc" is left out: /);
  });
});
