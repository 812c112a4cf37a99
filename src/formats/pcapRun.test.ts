import { describe, expect, it } from 'vitest';
import {
  scenarioSettings,
  wireContext,
  resolveSettings,
  type SimSettings,
} from '../model/index.ts';
import { GENL_ID_CTRL } from './genlCtrl.ts';
import { readPcap } from './pcap.ts';
import { runPcap } from './pcapRun.ts';

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);

const cases: [string, Partial<SimSettings>][] = [
  ['lesson 2.6.14 seed 1', { ...scenarioSettings('lesson'), variant: '2.6.14', seed: 1 }],
  ['lesson 2.7 seed 4', { ...scenarioSettings('lesson'), variant: '2.7', seed: 4 }],
  ['overflow 2.6.14 seed 2', { ...scenarioSettings('overflow'), variant: '2.6.14', seed: 2 }],
];

describe('runPcap', () => {
  for (const [name, settings] of cases) {
    it(`${name}: the file reads back; it opens with the family resolution, then the run in time order`, () => {
      const r = runPcap(settings);
      expect(r.missed).toBe(0);
      const read = readPcap(r.file);
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      expect(read.packets.length).toBe(r.packets);
      const ctx = wireContext(resolveSettings(settings));
      // GETFAMILY, NEWFAMILY (both nlctrl), then the ACK (NLMSG_ERROR)
      expect(read.packets.slice(0, 3).map((p) => u16(p.data, 4))).toEqual([
        GENL_ID_CTRL,
        GENL_ID_CTRL,
        2,
      ]);
      const times = read.packets.map((p) => p.tUs);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      // every queued notification, none of the dropped ones, each in the family's id
      expect(r.delPeers.length).toBe(r.summary.queued);
      const familyPackets = read.packets.filter((p) => u16(p.data, 4) === ctx.familyId);
      expect(familyPackets.length).toBeGreaterThanOrEqual(r.delPeers.length);
    });
  }

  it('lesson 2.6.14 seed 1: the same settings give the same bytes', () => {
    const s = { ...scenarioSettings('lesson'), variant: '2.6.14' as const, seed: 1 };
    expect(runPcap(s).file).toEqual(runPcap(s).file);
  });
});
