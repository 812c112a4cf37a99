import { beforeAll, describe, expect, it } from 'vitest';
import { HAND_WINDOW_US, backoffUs } from './clients.ts';
import { runToEnd } from './run.ts';
import type { TraceEvent } from './trace.ts';

const S = 1_000_000;

describe('client reconnect backoff (socket_restart_pause, ARCHITECTURE: clients)', () => {
  it('waits 1 s after each of the first 5 failures', () => {
    for (let f = 1; f <= 5; f++) expect(backoffUs(f)).toBe(S);
  });

  it('doubles after each further failure until it reaches 300 s', () => {
    for (let f = 5; f < 40; f++) expect(backoffUs(f + 1)).toBe(Math.min(2 * backoffUs(f), 300 * S));
    expect(backoffUs(6)).toBe(2 * S);
    expect(backoffUs(13)).toBe(256 * S);
    expect(backoffUs(14)).toBe(300 * S);
  });

  it('never exceeds 300 s, however many failures', () => {
    for (const f of [20, 100, 1_000, 10_000]) expect(backoffUs(f)).toBe(300 * S);
  });
});

describe('clients in a max-clients lockout', () => {
  const trace: TraceEvent[] = [];
  let untilUs = 0;
  beforeAll(() => {
    const { state } = runToEnd(
      {
        variant: '2.6.14',
        seed: 1,
        peers: 30,
        maxClients: 30,
        load: 0.9,
        blockAtS: 5,
        unblockAtS: 150,
        untilS: 3000,
      },
      { onTrace: (e) => trace.push(e) },
    );
    untilUs = state.untilUs;
  });

  it('seed 1: the first attempt follows the ping-restart by 1 s', () => {
    const restarts = trace.filter((e) => e.what === 'c_restart');
    expect(restarts).toHaveLength(30);
    for (const r of restarts) {
      const next = trace.find((e) => e.i > r.i && e.what === 'c_attempt' && e.client === r.client)!;
      expect(next.t - r.t).toBe(S);
    }
  });

  it('seed 1: each attempt after a failure waits backoffUs(failures), and failures climb past 5', () => {
    const timeouts = trace.filter((e) => e.what === 'c_timeout');
    expect(Math.max(...timeouts.map((e) => e.n!))).toBeGreaterThan(6);
    for (const to of timeouts) {
      const next = trace.find(
        (e) => e.i > to.i && e.what === 'c_attempt' && e.client === to.client,
      );
      if (!next) {
        expect(to.t + backoffUs(to.n!)).toBeGreaterThan(untilUs);
        continue;
      }
      expect(next.t - to.t).toBe(backoffUs(to.n!));
      expect(next.n).toBe(to.n);
    }
  });

  it('seed 1: an attempt that gets no handshake times out after the 60 s hand-window', () => {
    const attempts = trace.filter((e) => e.what === 'c_attempt');
    let failed = 0;
    for (const a of attempts) {
      const end = trace.find(
        (e) =>
          e.i > a.i &&
          e.client === a.client &&
          (e.what === 'c_timeout' || e.what === 'established'),
      );
      if (end?.what !== 'c_timeout') continue;
      failed++;
      expect(end.t - a.t).toBe(HAND_WINDOW_US);
    }
    expect(failed).toBeGreaterThan(0);
  });

  it('seed 1: attempts while the firewall blocks are dropped, afterwards they reach the server', () => {
    const unblock = trace.find((e) => e.what === 'fw_unblock')!;
    for (const a of trace.filter((e) => e.what === 'c_attempt')) {
      expect(a.outcome).toBe(a.t < unblock.t ? 'blocked' : 'queued');
    }
  });
});
