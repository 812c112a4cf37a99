/**
 * Run summaries as JSON and CSV, and the Markdown snippet for a review thread: the link, the
 * settings and both lanes' counts.
 */
import {
  MODEL_VERSION,
  formatSeconds,
  loadName,
  type RunSummary,
  type SimSettings,
} from '../model/index.ts';
import { SUMMARY_SCALAR_FIELDS, csvCell } from './csv.ts';

/** The columns of the summary CSV and the Markdown table: the run's identity, then its counts. */
export const SUMMARY_COLUMNS = [
  'variant',
  'seed',
  'peers',
  'batch',
  'load',
  ...SUMMARY_SCALAR_FIELDS,
] as const satisfies readonly (keyof RunSummary)[];

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
    .map((l) => (l.exited ? `${l.variant} exited at ${formatSeconds(l.exited.atUs)}` : null))
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
