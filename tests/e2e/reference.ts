/**
 * What the page must agree with, computed outside the browser: the CLI's `--json` output (the
 * spec of the counts) and the model's own traces (for the divergence).
 */
import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
  runToEnd,
  scenarioSettings,
  type RunSummary,
  type SimSettings,
  type TraceEvent,
  type VariantId,
} from '../../src/model/index.ts';

/** Runs `tsx src/cli/main.ts <args> --json` and parses its one JSON line. */
export function cliJson(args: string[]): RunSummary & { modelVersion: number } {
  const out = execFileSync('node_modules/.bin/tsx', ['src/cli/main.ts', ...args, '--json'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as RunSummary & { modelVersion: number };
}

/** The whole trace of one run of the model. */
export function modelTrace(settings: Partial<SimSettings>): TraceEvent[] {
  const trace: TraceEvent[] = [];
  runToEnd(settings, { onTrace: (e) => trace.push(e) });
  return trace;
}

/** Whether two events (one per lane, same index) tell the same story. */
function same(x: TraceEvent, y: TraceEvent): boolean {
  return (
    x.t === y.t &&
    x.what === y.what &&
    x.outcome === y.outcome &&
    x.fn === y.fn &&
    x.peer === y.peer &&
    x.dg === y.dg &&
    x.dgKind === y.dgKind &&
    x.cb === y.cb
  );
}

/** Index of the first trace event where two variants of a scenario differ, and both events. */
export function firstDifference(
  scenario: string,
  variants: [VariantId, VariantId],
): { index: number; events: [TraceEvent | undefined, TraceEvent | undefined] } {
  const a = modelTrace(scenarioSettings(scenario, variants[0]));
  const b = modelTrace(scenarioSettings(scenario, variants[1]));
  let k = 0;
  while (k < a.length && k < b.length && same(a[k]!, b[k]!)) k++;
  return { index: k, events: [a[k], b[k]] };
}

/** Serious and critical axe violations, one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`);
}
