/**
 * Run summaries, seed sweeps and traces as text lines. Pure: the caller prints them.
 */
import {
  BUDGET_LIMIT_TEXT,
  MAX_RUN_EVENTS,
  SWEEP_COUNTS,
  US_PER_S,
  formatSeconds,
  loadName,
  narrate,
  type RunSummary,
  type SeedSweep,
  type SweepCount,
  type TraceEvent,
} from '../model/index.ts';

/** A number for a table cell: integers as they are, fractions to at most three decimals. */
export function num(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
}

function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Lines "label  value" with the labels padded to one width. */
export function aligned(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, v]) => `${l.padEnd(width)}  ${v}`);
}

function loadText(load: number): string {
  const name = loadName(load);
  return name === String(load) ? name : `${name} (${load})`;
}

/** The callbacks that swallowed DEL_PEERs in this run, named as in the C code. */
function wrongCallbacks(s: RunSummary): string {
  const names = Object.entries(s.swallowedBy)
    .filter(([, n]) => n > 0)
    .map(([name]) => (name === 'none' ? 'a NULL callback' : name));
  return names.length > 0 ? names.join(' and ') : "a request's callback";
}

/** How a lost DEL_PEER was lost, for the largest loss count. */
function mainLoss(s: RunSummary): string | null {
  const losses: [number, string][] = [
    [s.swallowed, `swallowed by ${wrongCallbacks(s)}`],
    [s.overwritten, 'overwritten in the single slot of dco_context_t'],
    [s.wiped, 'wiped by the slot reset'],
    [s.dropped, 'dropped because the receive buffer was full'],
  ];
  const [n, how] = losses.reduce((a, b) => (b[0] > a[0] ? b : a));
  return n > 0 ? how : null;
}

/** One sentence saying what happened, in plain words. */
export function explain(s: RunSummary): string {
  if (s.exited) {
    const drops =
      s.dropped > 0
        ? `: ${plural(s.dropped, 'notification')} did not fit in the receive buffer and ${s.dropped === 1 ? 'was' : 'were'} dropped`
        : '';
    return `OpenVPN exited at ${formatSeconds(s.exited.atUs)} (${s.exited.reason})${drops}.`;
  }
  const refused =
    s.refused > 0
      ? `; ${plural(s.refused, 'reconnect')} refused by max-clients ${s.maxClients}`
      : '';
  if (s.ghosts > 0) {
    const how = mainLoss(s) ?? 'lost';
    const are = s.ghosts === 1 ? 'instance is a ghost' : 'instances are ghosts';
    return `${s.ghosts} ${are}: their DEL_PEER was ${how}${refused}.`;
  }
  if (s.peakGhosts > 0) {
    const reaped = s.reapedByTls > 0 ? `: ${s.reapedByTls} reaped by TLS expiry` : '';
    return `${plural(s.peakGhosts, 'ghost')} at the peak, none left at the end${reaped}${refused}.`;
  }
  if (s.nleBusy > 0 || s.maxReadDepth > 1) {
    const busy = s.nleBusy > 0 ? `, ${plural(s.nleBusy, 'request')} failed with NLE_BUSY` : '';
    return `No DEL_PEER was lost, but reads nested ${s.maxReadDepth} deep${busy}.`;
  }
  if (s.emitted === 0) return 'No peer timed out: the kernel sent no DEL_PEER.';
  if (s.queuedAtEnd > 0 || s.inSlot > 0) {
    return `No DEL_PEER was lost, but ${s.queuedAtEnd + s.inSlot} were not processed yet when the run ended.`;
  }
  const back = s.reconnected > 0 ? `; ${plural(s.reconnected, 'client')} reconnected` : '';
  return `All ${plural(s.processed, 'DEL_PEER notification')} were processed: no ghosts${back}.`;
}

/** A run summary as aligned "label  value" lines, then one line explaining the outcome. */
export function formatSummary(s: RunSummary, scenario: string | null): string[] {
  const rows: [string, string][] = [];
  if (scenario) rows.push(['scenario', scenario]);
  rows.push(
    ['variant', s.variant],
    ['kernel', s.kernel],
    ['seed', String(s.seed)],
    ['peers', String(s.peers)],
    ['batch', String(s.batch)],
    ['load', loadText(s.load)],
    ['emitted', String(s.emitted)],
    ['queued', String(s.queued)],
    ['dropped', String(s.dropped)],
    ['processed', String(s.processed)],
    ['swallowed', String(s.swallowed)],
    ['overwritten', String(s.overwritten)],
    ['wiped', String(s.wiped)],
    ['still queued', String(s.queuedAtEnd)],
    ['ghosts (end) / peak', `${s.ghosts} / ${s.peakGhosts}`],
    ['NLE_AGAIN/NLE_BUSY/NLE_NOMEM', `${s.nleAgain} / ${s.nleBusy} / ${s.nleNomem}`],
    ['max read depth', String(s.maxReadDepth)],
    ['exit', s.exited ? `${formatSeconds(s.exited.atUs)}, ${s.exited.reason}` : 'none'],
    ['reconnect attempts', String(s.reconnectAttempts)],
    ['refused', String(s.refused)],
    ['reconnected', String(s.reconnected)],
    ['reaped by TLS', String(s.reapedByTls)],
    ['events', String(s.events)],
    ['simulated time', formatSeconds(s.simUs)],
    ['trace hash', s.traceHash],
  );
  if (s.budgetCut) {
    rows.push([
      'stopped',
      `at ${s.events.toLocaleString('en-US')} events: budget (${BUDGET_LIMIT_TEXT})`,
    ]);
  }
  const why = explain(s);
  const cut = s.budgetCut
    ? `Stopped by the run budget at ${s.events.toLocaleString('en-US')} events: the counts are the run's so far. `
    : '';
  return [...aligned(rows), '', `${cut}${why}`];
}

/** Readable names of the sweep counts (the same words as the single-run summary). */
const COUNT_LABELS: Record<SweepCount, string> = {
  emitted: 'emitted',
  queued: 'queued',
  dropped: 'dropped',
  processed: 'processed',
  swallowed: 'swallowed',
  overwritten: 'overwritten',
  wiped: 'wiped',
  queuedAtEnd: 'still queued',
  ghosts: 'ghosts (end)',
  peakGhosts: 'ghosts (peak)',
  nleAgain: 'NLE_AGAIN',
  nleBusy: 'NLE_BUSY',
  nleNomem: 'NLE_NOMEM',
  maxReadDepth: 'max read depth',
  reconnectAttempts: 'reconnect attempts',
  refused: 'refused',
  reconnected: 'reconnected',
  reapedByTls: 'reaped by TLS',
  events: 'events',
  simUs: 'simulated time (s)',
};

/** A sweep as a table: one line per count with min / median / max, then how many runs exited. */
export function formatSweep(sweep: SeedSweep, scenario: string | null): string[] {
  const first = sweep.runs[0];
  const last = sweep.runs[sweep.runs.length - 1];
  const head: [string, string][] = [];
  if (scenario) head.push(['scenario', scenario]);
  if (first && last) {
    head.push(
      ['variant', first.variant],
      ['kernel', first.kernel],
      ['seeds', `${first.seed}..${last.seed} (${plural(sweep.runs.length, 'run')})`],
      ['peers', String(first.peers)],
      ['batch', String(first.batch)],
      ['load', loadText(first.load)],
    );
  }
  const cells = SWEEP_COUNTS.map((key) => {
    const st = sweep.summary[key];
    const f = key === 'simUs' ? (v: number) => num(v / US_PER_S) : num;
    return [COUNT_LABELS[key], f(st.min), f(st.median), f(st.max)] as const;
  });
  const header = ['count', 'min', 'median', 'max'] as const;
  const w = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string =>
    c.map((v, i) => (i === 0 ? v.padEnd(w[0]!) : v.padStart(w[i]!))).join('  ');
  return [
    ...aligned(head),
    '',
    line(header),
    ...cells.map(line),
    '',
    `exited: ${sweep.exits} of ${plural(sweep.runs.length, 'run')}`,
    ...(sweep.budgetCuts > 0
      ? [
          `stopped by the budget: ${sweep.budgetCuts} of ${plural(sweep.runs.length, 'run')} (at ${MAX_RUN_EVENTS.toLocaleString('en-US')} events)`,
        ]
      : []),
  ];
}

/**
 * One line per trace event: "#index  time  [outcome]  narration". The index is the event's
 * index in the run's trace, as in the visualizer's trace export (`i`).
 */
export function formatTrace(events: readonly TraceEvent[]): string[] {
  const iw = String(Math.max(0, events.length - 1)).length + 1;
  let tw = 0; // a loop, not Math.max(...spread): a trace may hold hundreds of thousands
  for (const e of events) tw = Math.max(tw, formatSeconds(e.t).length);
  return events.map(
    (e) =>
      `${`#${e.i}`.padStart(iw)}  ${formatSeconds(e.t).padStart(tw)}  [${e.outcome}] ${narrate(e)}`,
  );
}
