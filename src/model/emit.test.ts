import { describe, expect, it } from 'vitest';
import { runToEnd } from './run.ts';
import { parseEmit, validateSettings, type SimSettings } from './settings.ts';
import type { TraceEvent } from './trace.ts';

const BASE: Partial<SimSettings> = {
  seed: 4,
  peers: 8,
  maxClients: 8,
  untilS: 300,
  reconnect: false,
};

function trace(settings: Partial<SimSettings>): TraceEvent[] {
  const out: TraceEvent[] = [];
  runToEnd(settings, { onTrace: (e) => out.push(e) });
  return out;
}

describe('a replayed emission schedule (emit)', () => {
  it('seed 4: the kernel sends each DEL_PEER at its entry time, and no keepalive timer fires', () => {
    const emit = '2@60,5@60.000004,0@61.5,7@90';
    const ev = trace({ ...BASE, emit, variant: '2.6.14' });
    const sent = ev.filter((e) => e.what === 'k_notify' && e.outcome !== 'skipped');
    expect(sent.map((e) => [e.peer, e.t])).toEqual([
      [2, 60_000_000],
      [5, 60_000_004],
      [0, 61_500_000],
      [7, 90_000_000],
    ]);
    expect(ev.filter((e) => e.what === 'k_expire')).toEqual([]);
    const { summary } = runToEnd({ ...BASE, emit, variant: '2.6.14' });
    expect(summary.emitted).toBe(4);
    expect(summary.kernelPeers).toBe(4);
  });

  it('seed 4: the same schedule on mainline (2.7) sends at the same times, through its notify function', () => {
    const ev = trace({ ...BASE, emit: '1@50,3@50', variant: '2.7' });
    const sent = ev.filter((e) => e.what === 'k_notify');
    expect(sent.map((e) => [e.peer, e.t, e.fn])).toEqual([
      [1, 50_000_000, 'ovpn_nl_peer_del_notify'],
      [3, 50_000_000, 'ovpn_nl_peer_del_notify'],
    ]);
  });

  it('seed 4: a peer already gone is skipped, said in the trace, and not counted as emitted', () => {
    const ev = trace({ ...BASE, emit: '3@40,3@45', variant: '2.6.20' });
    const notes = ev.filter((e) => e.what === 'k_notify').map((e) => [e.t, e.outcome]);
    expect(notes).toEqual([
      [40_000_000, 'queued'],
      [45_000_000, 'skipped'],
    ]);
    expect(runToEnd({ ...BASE, emit: '3@40,3@45', variant: '2.6.20' }).summary.emitted).toBe(1);
  });

  it('reads like expire, with its own name and a larger limit, and checks peers against the run', () => {
    expect(parseEmit('3@1.5, 0@1', 4)).toEqual([
      { peer: 0, atUs: 1_000_000 },
      { peer: 3, atUs: 1_500_000 },
    ]);
    expect(parseEmit('9@1', 4)).toMatch(
      /^emit entry "9@1" is not allowed: .*no peer 9 in a run of 4 peers/,
    );
    const many = Array.from({ length: 1000 }, (_, i) => `${i % 8}@${i}`).join(',');
    expect(parseEmit(many, 8)).toHaveLength(1000);
    const v = validateSettings({ peers: 4, emit: '5@1' });
    expect(v.problems.map((p) => p.key)).toContain('emit');
    expect(v.settings.emit).toBe('');
  });
});
