/**
 * Test support (Node only, never imported by components): runs a scenario step by step with the
 * real model and builds the LaneView after each step, as the worker does.
 */
import { createSim, scenarioSettings, step, type VariantId } from '../../src/model/index.ts';
import type { TraceEvent } from '../../src/model/index.ts';
import type { LaneView } from '../../src/protocol/view.ts';
import { buildLaneView } from '../../src/worker/laneView.ts';

export interface LaneStep {
  view: LaneView;
  events: TraceEvent[];
}

/** Steps a scenario until `until` returns true or `maxEvents` events have passed. */
export function laneSteps(
  scenario: string,
  variant: VariantId,
  maxEvents = 400,
  overrides: Record<string, unknown> = {},
): LaneStep[] {
  const st = createSim({ ...scenarioSettings(scenario, variant), ...overrides });
  const out: LaneStep[] = [];
  let n = 0;
  while (!st.finished && n < maxEvents) {
    const events = step(st);
    if (events.length === 0) continue;
    n += events.length;
    out.push({ view: buildLaneView(0, st, events, null), events });
  }
  return out;
}

export function allEvents(steps: LaneStep[]): TraceEvent[] {
  return steps.flatMap((s) => s.events);
}
