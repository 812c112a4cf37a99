/**
 * Every chapter's claims hold in the view it opens: the chapter's run, opened at its target
 * through the real worker handler, and each claim read from that lane's LaneView. And every count
 * its words write is one of its claims, so the words and the view cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { makeRequest, type MoveTarget, type SimResponse } from '../../protocol/messages.ts';
import { INST, PEER, type LaneView } from '../../protocol/view.ts';
import { SimHandler } from '../../worker/handler.ts';
import { CHAPTERS, type Chapter, type ClaimWhat } from './chapters.ts';
import { chapterDraft } from './chapterRun.ts';

/** The chapter's target as the page sends it (openChapter's chapterTarget, without React). */
function target(c: Chapter): MoveTarget {
  const t = c.target;
  if (t === 'start') return { kind: 'position', position: 0 };
  return { kind: 'event', lane: t.lane, what: t.what, outcome: t.outcome, nth: t.nth ?? 1 };
}

const count = (a: Uint8Array, v: number) => a.reduce((n, x) => n + (x === v ? 1 : 0), 0);

const READ: Record<ClaimWhat, (l: LaneView) => number | string | boolean | null> = {
  queuedDel: (l) => l.socket.queue.filter((d) => d.kind === 'del').length,
  emitted: (l) => l.summary.emitted,
  processed: (l) => l.summary.processed,
  swallowed: (l) => l.summary.swallowed,
  overwritten: (l) => l.summary.overwritten,
  ghosts: (l) => count(l.multi.instances, INST.ghost),
  armed: (l) => count(l.kernel.peers, PEER.armed),
  connected: (l) => count(l.multi.instances, INST.connected),
  refused: (l) => l.summary.refused,
  dropped: (l) => l.summary.dropped,
  exited: (l) => l.exited !== null,
  callback: (l) => l.reader.validCb,
  slotPeer: (l) => l.slot.peer,
  slotWaiting: (l) => l.slot.type !== null && !l.slot.consumed,
  statsSkipped: (l) => l.summary.statsSkippedLocked,
  nleBusy: (l) => l.summary.nleBusy,
};

/**
 * The counts a chapter's words write. Left out: versions (2.6.14), commits (7791f535), issues
 * (#793), and quantities with a unit (120 s, 832 bytes, 1 MiB, HZ=250): facts of the code and
 * the settings, not of the view.
 */
export function writtenCounts(text: string): number[] {
  const stripped = text
    .replace(/\b\d+(\.\d+)+\b/g, ' ')
    .replace(/\b[0-9a-f]*[a-f][0-9a-f]*\b/gi, (w) => (/\d/.test(w) ? ' ' : w))
    .replace(/#\d+/g, ' ')
    .replace(/HZ=\d+/g, ' ')
    .replace(/\b[\d,]+\s*(s|ms|µs|bytes|MiB|KiB)\b/g, ' ')
    .replace(/\b\d+(st|nd|rd|th)\b/g, ' ');
  return [...stripped.matchAll(/\b\d[\d,]*\b/g)].map((m) => Number(m[0].replace(/,/g, '')));
}

describe('tour claims', () => {
  it('writtenCounts keeps counts and leaves out versions, commits, issues and units', () => {
    expect(
      writtenCounts('6 DEL_PEERs; 2.6.14 and 7791f535 (#793) in 120 s, 832 bytes, HZ=250: 283'),
    ).toEqual([6, 283]);
  });

  for (const c of CHAPTERS) {
    it(`${c.id}: every claim holds at the chapter's target, every count written is claimed`, () => {
      const h = new SimHandler();
      const draft = chapterDraft(c);
      const r = h.handle(
        makeRequest(1, {
          type: 'init',
          lanes: c.lanes.map((variant) => ({ settings: { ...draft, variant } })),
          target: target(c),
        }),
      ) as SimResponse;
      expect(r.type).toBe('ready');
      if (r.type !== 'ready') return;
      expect(c.claims.length).toBeGreaterThan(0);
      for (const claim of c.claims) {
        const got = READ[claim.what](r.pair.lanes[claim.lane]!);
        expect({ ...claim, got }).toEqual({ ...claim, got: claim.equals });
      }
      const claimed = new Set(c.claims.map((x) => x.equals));
      for (const n of writtenCounts([...c.text, c.lookAt].join(' '))) {
        expect(claimed, `${c.id} writes ${n}`).toContain(n);
      }
    });
  }
});
