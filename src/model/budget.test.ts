import { describe, expect, it } from 'vitest';
import { BUDGET_LIMIT_TEXT, MAX_RUN_EVENTS, budgetStopText } from './budget.ts';
import { runToEnd } from './run.ts';
import { scenarioSettings } from './scenarios.ts';
import type { SimSettings } from './settings.ts';

/** The audit's runaway: 10,000 peers, a status dump every second for a day. */
const RUNAWAY: Partial<SimSettings> = {
  seed: 1,
  peers: 10_000,
  maxClients: 10_000,
  rcvbufBytes: 268_435_456,
  statusIntervalS: 1,
  untilS: 86_400,
  variant: '2.6.20',
};

describe('the run budget', () => {
  it('seed 1: a run that would go past the budget stops at the first step boundary at or past it, marked as cut', () => {
    const { summary, state } = runToEnd(RUNAWAY);
    expect(summary.budgetCut).toBe(true);
    expect(state.finished).toBe(true);
    expect(summary.events).toBeGreaterThanOrEqual(MAX_RUN_EVENTS);
    // one model step emits a handful of events at most, never hundreds
    expect(summary.events).toBeLessThan(MAX_RUN_EVENTS + 100);
    expect(summary.simUs).toBeLessThan(state.untilUs);
  });

  it('seed 1: the cut is deterministic: the same settings stop at the same event with the same hash', () => {
    const a = runToEnd(RUNAWAY).summary;
    const b = runToEnd(RUNAWAY).summary;
    expect(b.events).toBe(a.events);
    expect(b.traceHash).toBe(a.traceHash);
  });

  it('seed 1: the scenarios end by themselves, far inside the budget', () => {
    for (const name of ['lesson', 'reporter'] as const) {
      const { summary } = runToEnd({ ...scenarioSettings(name, '2.6.14'), seed: 1 });
      expect(summary.budgetCut, name).toBe(false);
      expect(summary.events, name).toBeLessThan(MAX_RUN_EVENTS / 10);
    }
  });

  it('words the stop and the limit with the figures', () => {
    expect(budgetStopText(500_003)).toBe('stopped at 500,003 events: budget');
    expect(BUDGET_LIMIT_TEXT).toContain(MAX_RUN_EVENTS.toLocaleString('en-US'));
  });
});
