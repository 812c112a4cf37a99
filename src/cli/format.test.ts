import { describe, expect, it } from 'vitest';
import { SWEEP_COUNTS, type RunSummary, type SeedSweep } from '../model/index.ts';
import { explain, formatSummary, formatSweep, num } from './format.ts';

/** A quiet run: every DEL_PEER processed. Tests change the counts they are about. */
function run(over: Partial<RunSummary> = {}): RunSummary {
  return {
    variant: '2.6.14',
    seed: 1,
    peers: 6,
    batch: 6,
    load: 0,
    kernel: 'ovpn-dco',
    maxClients: 8,
    emitted: 6,
    queued: 6,
    dropped: 0,
    processed: 6,
    swallowed: 0,
    overwritten: 0,
    wiped: 0,
    inSlot: 0,
    queuedAtEnd: 0,
    ghosts: 0,
    peakGhosts: 0,
    ghostsCreated: 0,
    nleAgain: 0,
    nleBusy: 0,
    nleNomem: 0,
    maxReadDepth: 1,
    statsSkippedLocked: 0,
    exited: null,
    reconnectAttempts: 0,
    refused: 0,
    reconnected: 0,
    reapedByTls: 0,
    readsBy: { ovpn_handle_msg: 6, dco_parse_peer_multi: 0, dco_parse_peer: 0, none: 0 },
    swallowedBy: { dco_parse_peer_multi: 0, dco_parse_peer: 0, none: 0 },
    kernelPeers: 0,
    instances: 0,
    events: 100,
    drainUs: null,
    simUs: 140_000_000,
    traceHash: '0123abcd',
    budgetCut: false,
    ...over,
  };
}

describe('explain', () => {
  it('nothing lost', () => {
    expect(explain(run())).toBe('All 6 DEL_PEER notifications were processed: no ghosts.');
    expect(explain(run({ reconnected: 6 }))).toBe(
      'All 6 DEL_PEER notifications were processed: no ghosts; 6 clients reconnected.',
    );
    expect(explain(run({ maxReadDepth: 49 }))).toBe(
      'No DEL_PEER was lost, but reads nested 49 deep.',
    );
  });

  it('ghosts: names the callback that swallowed their DEL_PEER', () => {
    const s = run({
      processed: 1,
      swallowed: 5,
      ghosts: 5,
      peakGhosts: 5,
      readsBy: { ovpn_handle_msg: 1, dco_parse_peer_multi: 9, dco_parse_peer: 0, none: 0 },
      swallowedBy: { dco_parse_peer_multi: 5, dco_parse_peer: 0, none: 0 },
    });
    expect(explain(s)).toBe(
      '5 instances are ghosts: their DEL_PEER was swallowed by dco_parse_peer_multi.',
    );
  });

  it('ghosts: the largest loss wins, refusals are added', () => {
    const s = run({ overwritten: 4, wiped: 1, ghosts: 5, peakGhosts: 5, refused: 3 });
    expect(explain(s)).toBe(
      '5 instances are ghosts: their DEL_PEER was overwritten in the single slot of dco_context_t; 3 reconnects refused by max-clients 8.',
    );
  });

  it('exit: time, reason and drops', () => {
    const s = run({ dropped: 988, exited: { atUs: 5_123_456, reason: 'ENOBUFS' } });
    expect(explain(s)).toBe(
      'OpenVPN exited at 5.123 s (ENOBUFS): 988 notifications did not fit in the receive buffer and were dropped.',
    );
  });

  it('ghosts reaped by the end', () => {
    const s = run({ peakGhosts: 7, reapedByTls: 7 });
    expect(explain(s)).toBe('7 ghosts at the peak, none left at the end: 7 reaped by TLS expiry.');
  });

  it('nested reads without loss', () => {
    const s = run({ maxReadDepth: 3, nleBusy: 2 });
    expect(explain(s)).toBe(
      'No DEL_PEER was lost, but reads nested 3 deep, 2 requests failed with NLE_BUSY.',
    );
  });
});

describe('formatSummary', () => {
  it('aligned rows, a blank line, one explanation', () => {
    const lines = formatSummary(run({ exited: { atUs: 2_500_000, reason: 'ENOBUFS' } }), 'lesson');
    expect(lines[0]).toBe('scenario                      lesson');
    expect(lines).toContain('exit                          2.500 s, ENOBUFS');
    expect(lines).toContain('load                          idle (0)');
    expect(lines.at(-2)).toBe('');
    expect(lines.at(-1)).toMatch(/^OpenVPN exited/);
  });
});

describe('a run stopped by the budget', () => {
  it('says where it stopped, in the table and in the explanation', () => {
    const lines = formatSummary(run({ budgetCut: true, events: 500_003 }), null);
    expect(lines.join('\n')).toMatch(/stopped\s+at 500,003 events: budget/);
    expect(lines[lines.length - 1]).toMatch(/^Stopped by the run budget at 500,003 events/);
  });
  it('a run that ended is not said to be stopped', () => {
    const lines = formatSummary(run(), null);
    expect(lines.join('\n')).not.toMatch(/budget/);
  });
});

describe('formatSweep', () => {
  it('one line per count, right-aligned, then the exits', () => {
    const runs = [run({ seed: 3 }), run({ seed: 4, exited: { atUs: 1, reason: 'x' } })];
    const summary = Object.fromEntries(
      SWEEP_COUNTS.map((k) => [k, { min: 1, median: 2.5, max: 40 }]),
    ) as SeedSweep['summary'];
    const lines = formatSweep({ runs, summary, exits: 1, budgetCuts: 0 }, null);
    expect(lines).toContain('seeds    3..4 (2 runs)');
    expect(lines).toContain('count               min  median  max');
    expect(lines).toContain('ghosts (end)          1     2.5   40');
    const start = lines.indexOf('count               min  median  max');
    const table = lines.slice(start + 1, lines.indexOf('', start));
    expect(table).toHaveLength(SWEEP_COUNTS.length);
    expect(new Set(table.map((l) => l.length))).toEqual(new Set([lines[start]!.length]));
    expect(lines.at(-1)).toBe('exited: 1 of 2 runs');
  });

  it('number helpers', () => {
    expect(num(2)).toBe('2');
    expect(num(2.00049)).toBe('2');
    expect(num(0.1 + 0.2)).toBe('0.3');
  });
});
