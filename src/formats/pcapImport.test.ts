import { describe, expect, it } from 'vitest';
import { scenarioSettings, type SimSettings } from '../model/index.ts';
import { readPcap, writePcap } from './pcap.ts';
import { readDelPeers } from './pcapImport.ts';
import { runPcap } from './pcapRun.ts';

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
