/**
 * The run budget: what any one run may cost, whoever runs it (the page's worker, the embeds, the
 * sweeps pool, the CLI). It is part of the model, so the same settings and seed give the same
 * trace everywhere, cut or not.
 *
 * - Events: a run stops at the first step boundary at or past MAX_RUN_EVENTS trace events, its
 *   state marked `budgetCut` (the summary says so, the page marks "stopped at N events:
 *   budget"). Whatever the settings, a run is then at most that many events: about a second of
 *   model time in Node and a bounded trace in the page.
 * - Checkpoints: a run's Timelines keep the states they can seek back to within
 *   CHECKPOINT_BYTES, thinning them (every other one dropped, the spacing doubled) when the next
 *   one would not fit, so checkpoint memory does not grow with the peer count or the run.
 */

/** Trace events one run (one lane) may emit before it is stopped. */
export const MAX_RUN_EVENTS = 500_000;

/** Bytes of state checkpoints one run (a lane's Timelines together) may hold. */
export const CHECKPOINT_BYTES = 48 * 1024 * 1024;

/** What the budget allows, in words. */
export const BUDGET_LIMIT_TEXT = `a run may emit at most ${MAX_RUN_EVENTS.toLocaleString('en-US')} events`;

/** The one wording of a run stopped by the budget: "stopped at N events: budget". */
export function budgetStopText(events: number): string {
  return `stopped at ${events.toLocaleString('en-US')} events: budget`;
}
