import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../model/index.ts';
import type { LaneView, PairSnapshot } from '../protocol/view.ts';
import { filterEvents } from './logFilter.ts';
import {
  endedLanesText,
  markerGoTo,
  markerPercent,
  markerText,
  modeText,
  momentUs,
  pairTimeUs,
  positionText,
} from './readout.ts';

function snap(position: number, length: number | null, nows: number[]): PairSnapshot {
  return {
    pair: {
      position,
      length,
      lanes: nows.map((nowUs) => ({ nowUs }) as PairSnapshot['pair']['lanes'][number]),
    },
    markers: [],
    divergence: null,
  };
}

describe('readout', () => {
  it('says where the pair stands', () => {
    expect(positionText(null)).toBe('no run loaded');
    expect(positionText(snap(1234, null, [1_000_000, 2_500_000]))).toBe(
      'event 1,234 · 2.500 s simulated',
    );
    expect(positionText(snap(5, 40_000, [0]))).toBe('event 5 of 40,000 · 0.000 s simulated');
    expect(modeText('ended')).toMatch(/end/);
  });

  it("shows the running lane's clock, and says when a lane that ended did", () => {
    const s = snap(50, 72, [140_000_000, 118_784_300]);
    const [a, b] = s.pair.lanes as [LaneView, LaneView];
    Object.assign(a, { variant: '2.6.14', finished: true, exited: null });
    Object.assign(b, { variant: '2.6.20', finished: false, exited: null });
    expect(pairTimeUs(s)).toBe(118_784_300);
    expect(endedLanesText(s)).toEqual(['2.6.14 finished at 140.000 s']);
    expect(positionText(s)).toBe(
      'event 50 of 72 · 118.784 s simulated · 2.6.14 finished at 140.000 s',
    );
    // the playback clock running through a wait moves the time forward, never back
    expect(positionText(s, 120_000_000)).toMatch(/^event 50 of 72 · 120.000 s simulated/);
    expect(positionText(s, 1)).toMatch(/· 118.784 s simulated/);
    // an exit says so; once both have ended, the later clock and no note
    Object.assign(a, { exited: { atUs: 99_000_000, reason: 'ENOBUFS' } });
    expect(endedLanesText(s)).toEqual(['2.6.14 exited at 99.000 s']);
    Object.assign(b, { finished: true, nowUs: 140_000_000 });
    expect(endedLanesText(s)).toEqual([]);
    expect(pairTimeUs(s)).toBe(140_000_000);
  });

  it("the moment a time target keeps: lane A's clock aligned by notification, the running clock by time", () => {
    const s = snap(62, 72, [117_353_195, 117_353_399]);
    expect(momentUs(s, 'notification')).toBe(117_353_195);
    expect(momentUs(s, 'time')).toBe(117_353_399);
    expect(momentUs(null, 'time')).toBe(0);
  });

  it('names markers and places them', () => {
    const label = 'first lost notification in 2.6.14 (swallowed, peer 3) at 1.234 s';
    const m = { kind: 'first-loss' as const, lane: 0, position: 1500, t: 0, label, event: 3 };
    expect(markerText(m)).toBe(`${label} (event 1,500)`);
    expect(markerGoTo(m)).toBe(`Go to the ${label} (event 1,500)`);
    const d = { ...m, kind: 'divergence' as const, label: 'lanes diverge at 1.234 s: a, b' };
    expect(markerGoTo(d)).toBe('Go to where the lanes diverge at 1.234 s: a, b (event 1,500)');
    expect(markerPercent(50, 200)).toBe(25);
    expect(markerPercent(500, 200)).toBe(100);
    expect(markerPercent(5, 0)).toBe(0);
  });
});

describe('log filter', () => {
  const ev = (over: Partial<TraceEvent>): TraceEvent =>
    ({
      i: 0,
      t: 0,
      actor: 'kernel',
      fn: 'f',
      what: 'read',
      outcome: 'info',
      rmem: 0,
      ...over,
    }) as TraceEvent;
  const events = [
    ev({ i: 0, actor: 'kernel' }),
    ev({ i: 1, actor: 'libnl', outcome: 'swallowed' }),
    ev({ i: 2, actor: 'openvpn', outcome: 'exit' }),
    ev({ i: 3, actor: 'firewall' }),
    ev({ i: 4, actor: 'client', what: 'c_attempt', outcome: 'blocked' }),
  ];
  it('keeps the events of a kind', () => {
    expect(filterEvents(events, 'all')).toHaveLength(5);
    expect(filterEvents(events, 'losses').map((e) => e.i)).toEqual([1]);
    expect(filterEvents(events, 'errors').map((e) => e.i)).toEqual([2]);
    expect(filterEvents(events, 'kernel').map((e) => e.i)).toEqual([0]);
    expect(filterEvents(events, 'client').map((e) => e.i)).toEqual([3, 4]);
  });
});
