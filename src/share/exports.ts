/**
 * Run summaries as JSON and CSV, and the Markdown snippet for a review thread: the link, the
 * settings and both lanes' counts.
 */
import { MODEL_VERSION, loadName, type RunSummary, type SimSettings } from '../model/index.ts';

/** The scalar counts, in the order the CSV and the Markdown table list them. */
export const SUMMARY_COLUMNS = [
  'variant',
  'seed',
  'peers',
  'batch',
  'load',
  'kernel',
  'maxClients',
  'emitted',
  'queued',
  'dropped',
  'processed',
  'swallowed',
  'overwritten',
  'wiped',
  'inSlot',
  'queuedAtEnd',
  'ghosts',
  'peakGhosts',
  'ghostsCreated',
  'nleAgain',
  'nleBusy',
  'nleNomem',
  'maxReadDepth',
  'statsSkippedLocked',
  'reconnectAttempts',
  'refused',
  'reconnected',
  'reapedByTls',
  'kernelPeers',
  'instances',
  'events',
  'simUs',
  'traceHash',
] as const satisfies readonly (keyof RunSummary)[];

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // quote anything a spreadsheet could misread; neutralise formula prefixes
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function summariesCsv(runs: RunSummary[]): string {
  const cols = [...SUMMARY_COLUMNS, 'exitedAtUs', 'exitReason'];
  const rows = runs.map((r) =>
    [...SUMMARY_COLUMNS.map((c) => r[c]), r.exited?.atUs ?? '', r.exited?.reason ?? '']
      .map(csvCell)
      .join(','),
  );
  return [cols.join(','), ...rows].join('\n') + '\n';
}

export function summariesJson(settings: Omit<SimSettings, 'variant'>, runs: RunSummary[]): string {
  return JSON.stringify({ modelVersion: MODEL_VERSION, settings, runs }, null, 2) + '\n';
}

const MD_ROWS: [keyof RunSummary, string][] = [
  ['emitted', 'DEL_PEER emitted'],
  ['processed', 'processed'],
  ['swallowed', 'swallowed'],
  ['overwritten', 'overwritten'],
  ['wiped', 'wiped'],
  ['dropped', 'dropped (overflow)'],
  ['ghosts', 'ghosts'],
  ['refused', 'refused (max-clients)'],
  ['nleBusy', 'NLE_BUSY'],
  ['maxReadDepth', 'max read depth'],
  ['events', 'events'],
];

function mdEscape(s: string): string {
  return s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** A snippet for a review thread or mailing list. */
export function markdownSnippet(
  url: string,
  settings: Omit<SimSettings, 'variant'>,
  lanes: RunSummary[],
  step: number,
): string {
  const s = settings;
  const head = `| count | ${lanes.map((l) => `\`${mdEscape(l.variant)}\``).join(' | ')} |`;
  const sep = `|---|${lanes.map(() => '---:').join('|')}|`;
  const rows = MD_ROWS.map(
    ([k, label]) => `| ${label} | ${lanes.map((l) => String(l[k])).join(' | ')} |`,
  );
  const exit = lanes
    .map((l) => (l.exited ? `${l.variant} exited at ${(l.exited.atUs / 1e6).toFixed(3)} s` : null))
    .filter(Boolean);
  return [
    `[dcoscope: ${lanes.map((l) => l.variant).join(' vs ')}, step ${step}](${url})`,
    '',
    `${s.peers} peers, batch ${s.batch}, load ${loadName(s.load)}, seed ${s.seed}, max-clients ${s.maxClients}, ` +
      `rcvbuf ${s.rcvbufBytes} B, status ${s.statusIntervalS ? `${s.statusIntervalS} s` : 'off'}, model v${MODEL_VERSION}`,
    '',
    head,
    sep,
    ...rows,
    ...(exit.length ? ['', exit.join('; ')] : []),
    '',
  ].join('\n');
}
