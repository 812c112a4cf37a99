import { describe, expect, it } from 'vitest';
import {
  formatSeconds,
  resolveSettings,
  scenarioSettings,
  type TraceEvent,
} from '../model/index.ts';
import { markerLabel, type LaneAt } from './pairLane.ts';
import { PairTimeline } from './pairTimeline.ts';

const ev = (over: Partial<TraceEvent>): TraceEvent =>
  ({
    i: 0,
    t: 0,
    actor: 'libnl',
    fn: 'f',
    what: 'read',
    outcome: 'info',
    rmem: 0,
    ...over,
  }) as TraceEvent;

function occurrences(text: string, word: string): number {
  return text.split(word).length - 1;
}

describe('markerLabel: the one wording of the markers', () => {
  const loss = ev({ t: 1_234_567, outcome: 'swallowed', peer: 3 });
  const at: LaneAt[] = [
    { variant: '2.6.14', event: loss },
    { variant: '2.6.20', event: ev({ t: 1_234_567, what: 'k_notify' }) },
  ];

  it('names the lane, what happened and when', () => {
    expect(markerLabel('first-loss', 0, at)).toBe(
      'first lost notification in 2.6.14 (swallowed, peer 3) at 1.235 s',
    );
    expect(
      markerLabel('first-loss', 0, [{ variant: 'x', event: { ...loss, peer: undefined } }]),
    ).toBe('first lost notification in x (swallowed) at 1.235 s');
    expect(markerLabel('first-refusal', 1, at)).toBe(
      'first refused connection in 2.6.20 at 1.235 s',
    );
    expect(markerLabel('exit', 0, at)).toBe('process exit in 2.6.14 at 1.235 s');
  });

  it('an overwrite names the peer whose DEL_PEER was lost, not the one that overwrote it', () => {
    const over = ev({ t: 1_234_567, outcome: 'overwritten', peer: 2, prevPeer: 1 });
    expect(markerLabel('first-loss', 0, [{ variant: '2.7-prefix', event: over }])).toBe(
      'first lost notification in 2.7-prefix (overwritten, peer 1) at 1.235 s',
    );
  });

  it('says what each lane did where they diverge, or that one ended', () => {
    expect(markerLabel('divergence', 0, at)).toBe(
      'lanes diverge at 1.235 s: 2.6.14 read (swallowed), 2.6.20 k_notify (info)',
    );
    expect(markerLabel('divergence', 0, [at[0]!, { variant: '2.6.20', event: undefined }])).toBe(
      'lanes diverge at 1.235 s: 2.6.14 read (swallowed), 2.6.20 ends',
    );
  });

  it("a real pair's markers name their lane's variant once, the divergence both", () => {
    const a = resolveSettings(scenarioSettings('lesson', '2.6.14'));
    const pair = new PairTimeline(a, { ...a, variant: '2.6.20' });
    pair.completeNow();
    const markers = pair.markers();
    expect(markers.some((m) => m.kind === 'divergence')).toBe(true);
    expect(markers.some((m) => m.kind === 'first-loss')).toBe(true);
    for (const m of markers) {
      const mine = m.lane === 0 ? '2.6.14' : '2.6.20';
      const other = m.lane === 0 ? '2.6.20' : '2.6.14';
      if (m.kind === 'divergence') {
        expect(occurrences(m.label, '2.6.14'), m.label).toBe(1);
        expect(occurrences(m.label, '2.6.20'), m.label).toBe(1);
      } else {
        expect(occurrences(m.label, mine), m.label).toBe(1);
        expect(occurrences(m.label, other), m.label).toBe(0);
      }
      expect(m.label).toContain(`at ${formatSeconds(m.t)}`);
    }
  });
});
