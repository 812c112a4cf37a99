import { describe, expect, it } from 'vitest';
import { readPcap } from './pcap.ts';
import { readPcapng, writePcapng } from './pcapng.ts';

const msg = (...b: number[]) => new Uint8Array(b);
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe('pcapng', () => {
  it('reads back what writePcapng wrote: times, protocol, bytes and the section comment', () => {
    const packets = [
      { tUs: 0, data: msg(1, 2, 3) },
      { tUs: 5_000_001, data: msg(4, 5, 6, 7, 8) },
      { tUs: 2 ** 33 + 7, data: msg() },
    ];
    const file = writePcapng(packets, { comment: 'dcoscope run: seed=1', application: 'test' });
    const r = readPcapng(file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.comment).toBe('dcoscope run: seed=1');
    expect(r.packets.map((p) => [p.tUs, p.protocol, [...p.data]])).toEqual([
      [0, 16, [1, 2, 3]],
      [5_000_001, 16, [4, 5, 6, 7, 8]],
      [2 ** 33 + 7, 16, []],
    ]);
    // readPcap reads pcapng too, and passes the comment on
    const viaPcap = readPcap(file);
    expect(viaPcap.ok && viaPcap.comment).toBe('dcoscope run: seed=1');
    expect(writePcapng([]).length % 4).toBe(0);
  });

  it('a file without a comment reads with comment null, and every block is 32-bit aligned', () => {
    const file = writePcapng([{ tUs: 3, data: msg(9) }]);
    const r = readPcapng(file);
    expect(r.ok && r.comment).toBe(null);
    let at = 0;
    while (at < file.length) {
      const len = view(file).getUint32(at + 4, true);
      expect(len % 4).toBe(0);
      at += len;
    }
    expect(at).toBe(file.length);
  });

  it('nanosecond interfaces (if_tsresol 9) are read in microseconds', () => {
    const file = writePcapng([{ tUs: 1_500_000, data: msg(1) }]);
    // rebuild the interface block with an if_tsresol option of 9 and the stamp in ns
    const shbLen = view(file).getUint32(4, true);
    const idbLen = view(file).getUint32(shbLen + 4, true);
    const idb = new Uint8Array(idbLen + 8);
    idb.set(file.subarray(shbLen, shbLen + idbLen - 4), 0);
    const iv = view(idb);
    iv.setUint32(4, idbLen + 8, true);
    iv.setUint16(idbLen - 4, 9, true); // if_tsresol
    iv.setUint16(idbLen - 2, 1, true);
    idb[idbLen] = 9;
    iv.setUint32(idbLen + 4, idbLen + 8, true);
    const epb = file.slice(shbLen + idbLen);
    const ns = 1_500_000 * 1000;
    view(epb).setUint32(12, Math.floor(ns / 2 ** 32), true);
    view(epb).setUint32(16, ns % 2 ** 32, true);
    const out = new Uint8Array(shbLen + idb.length + epb.length);
    out.set(file.subarray(0, shbLen));
    out.set(idb, shbLen);
    out.set(epb, shbLen + idb.length);
    const r = readPcapng(out);
    expect(r.ok && r.packets[0]!.tUs).toBe(1_500_000);
  });

  it('names what is wrong: a cut block, lengths that disagree, another link type, a second section', () => {
    const good = writePcapng([{ tUs: 1, data: msg(1, 2, 3, 4) }], { comment: 'x' });
    const problem = (b: Uint8Array): string => {
      const r = readPcapng(b);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.problem;
    };
    expect(problem(good.subarray(0, good.length - 3))).toMatch(
      /^pcapng: block 3 at byte \d+ is cut short/,
    );
    const trailer = good.slice();
    view(trailer).setUint32(trailer.length - 4, 12, true);
    expect(problem(trailer)).toMatch(/trailing length differs/);
    const shbLen = view(good).getUint32(4, true);
    const eth = good.slice();
    view(eth).setUint16(shbLen + 8, 1, true);
    expect(problem(eth)).toMatch(/link type 1, not LINKTYPE_NETLINK \(253\)/);
    const two = new Uint8Array(good.length * 2);
    two.set(good);
    two.set(good, good.length);
    expect(problem(two)).toMatch(/second section/);
    expect(problem(msg(1, 2, 3))).toMatch(/section header block/);
  });
});
