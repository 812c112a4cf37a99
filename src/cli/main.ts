/**
 * `npm run --silent sim -- [flags]`: runs the model in Node and prints a summary (and, with
 * --trace, every step).
 * Thin: parse (args.ts), run (the model), print (format.ts), exit status.
 * With --pcap FILE it also writes the run's netlink capture (src/formats/pcapRun.ts); with
 * --import-pcap FILE it first reads a capture's DEL_PEER times into the emission schedule.
 * Exit status: 0 done (also after --help), 1 the model failed or the capture could not be
 * written, 2 bad command line.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  MODEL_VERSION,
  budgetStopText,
  runToEnd,
  sweepSeeds,
  type SimSettings,
  type SimState,
  type TraceEvent,
} from '../model/index.ts';
import { MAX_PCAP_BYTES } from '../formats/pcap.ts';
import { captureSettings } from '../formats/pcapImport.ts';
import { runPcap } from '../formats/pcapRun.ts';
import { parseArgs, showRaw } from './args.ts';
import { formatSummary, formatSweep, formatTrace } from './format.ts';
import { usage } from './usage.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Wall clock in ms, for progress only (default Date.now). */
  now?: () => number;
  /** Writes a file (--pcap); default node:fs writeFileSync. */
  writeFile?: (path: string, bytes: Uint8Array) => void;
  /** Reads a file (--import-pcap), refusing one over `max` bytes unread; default node:fs. */
  readFile?: (path: string, max: number) => Uint8Array;
}

function readFileBounded(path: string, max: number): Uint8Array {
  const size = statSync(path).size;
  if (size > max) {
    throw new RangeError(
      `it is ${size.toLocaleString('en-US')} bytes; at most ${max.toLocaleString('en-US')} are read`,
    );
  }
  return new Uint8Array(readFileSync(path));
}

/**
 * --import-pcap: the capture's DEL_PEER notifications as the run's DEL_PEER emission schedule
 * (the `emit` setting: the kernel sends each at its time, keepalive timers off), or the
 * problem, naming the file. Times count from the capture's first packet.
 */
function importEmits(path: string, settings: SimSettings, io: Io): SimSettings | string {
  const name = `--import-pcap ${showRaw(path)}`;
  let bytes: Uint8Array;
  try {
    bytes = (io.readFile ?? readFileBounded)(path, MAX_PCAP_BYTES);
  } catch (e) {
    return `cannot read ${name}: ${e instanceof Error ? e.message : String(e)}`;
  }
  const r = captureSettings(bytes, settings, { name, ownRun: false });
  if (!r.ok) {
    const advice =
      r.needPeers === undefined
        ? ''
        : `: give --peers ${r.needPeers} or more (and --max-clients as many)`;
    return `${r.problem}${advice}`;
  }
  io.err(
    `${PREFIX} imported ${count(r.count)} DEL_PEER notifications of ${r.family} from ${showRaw(path)}, ${r.firstS} s to ${r.lastS} s after its first packet, as the emission schedule (--emit)\n`,
  );
  for (const note of r.notes) io.err(`${PREFIX} ${note}\n`);
  return r.settings;
}

const PREFIX = 'dcoscope sim:';

/** A long run or sweep says how far it is on stderr: first after this long, then as often. */
export const PROGRESS_AFTER_MS = 2_000;

const count = (n: number): string => n.toLocaleString('en-US');

/** Calls `say` at most every PROGRESS_AFTER_MS, starting PROGRESS_AFTER_MS after creation. */
function throttle(now: () => number, say: () => string, io: Io): () => void {
  let next = now() + PROGRESS_AFTER_MS;
  return () => {
    const t = now();
    if (t < next) return;
    next = t + PROGRESS_AFTER_MS;
    io.err(`${PREFIX} ${say()}\n`);
  };
}

/** Runs the CLI on argv (without node and script); returns the exit status. */
export function runCli(argv: readonly string[], io: Io): number {
  const parsed = parseArgs(argv);
  if ('problems' in parsed) {
    for (const p of parsed.problems) io.err(`${PREFIX} ${p}\n`);
    return 2;
  }
  if (parsed.help) {
    io.out(`${usage().join('\n')}\n`);
    return 0;
  }
  const { scenario, seeds, json, trace, pcap } = parsed;
  let settings = parsed.settings;
  if (parsed.importPcap !== null) {
    const imported = importEmits(parsed.importPcap, settings, io);
    if (typeof imported === 'string') {
      io.err(`${PREFIX} ${imported}\n`);
      return 2;
    }
    settings = imported;
  }
  const now = io.now ?? Date.now;
  try {
    if (seeds) {
      let done = 0;
      const tick = throttle(
        now,
        () =>
          `${count(done)} of ${count(seeds.length)} runs (${Math.floor((100 * done) / seeds.length)} %)`,
        io,
      );
      const sweep = sweepSeeds(settings, seeds, (_, n) => {
        done = n;
        tick();
      });
      if (sweep.budgetCuts > 0) {
        io.err(
          `${PREFIX} ${count(sweep.budgetCuts)} of ${count(seeds.length)} runs were stopped by the event budget\n`,
        );
      }
      if (json) {
        const { runs, summary, ...rest } = sweep;
        io.out(
          `${JSON.stringify({ modelVersion: MODEL_VERSION, scenario, ...rest, runs, summary })}\n`,
        );
      } else {
        io.out(`${formatSweep(sweep, scenario).join('\n')}\n`);
      }
      return 0;
    }
    const events: TraceEvent[] = [];
    let at: SimState | null = null;
    const tick = throttle(
      now,
      () => {
        const st = at!;
        const pct = Math.floor((100 * st.nowUs) / Math.max(1, st.untilUs));
        return `${count(st.traceCount)} events, simulated ${count(Math.floor(st.nowUs / 1e6))} s of ${count(Math.floor(st.untilUs / 1e6))} s (${pct} %)`;
      },
      io,
    );
    const runOpts = {
      ...(trace ? { onTrace: (e: TraceEvent) => events.push(e) } : {}),
      onProgress: (st: SimState) => {
        at = st;
        tick();
      },
    };
    let summary;
    if (pcap !== null) {
      // the same run, recording what nlmon would capture of it
      const cap = runPcap(settings, runOpts);
      summary = cap.summary;
      try {
        (io.writeFile ?? writeFileSync)(pcap, cap.file);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        io.err(`${PREFIX} cannot write the capture to --pcap ${showRaw(pcap)}: ${why}\n`);
        return 1;
      }
      io.err(
        `${PREFIX} wrote ${count(cap.packets)} packets (${count(cap.delPeers.length)} DEL_PEER notifications, ${count(cap.file.length)} bytes) to ${showRaw(pcap)}\n`,
      );
    } else {
      summary = runToEnd(settings, runOpts).summary;
    }
    if (summary.budgetCut) io.err(`${PREFIX} ${budgetStopText(summary.events)}\n`);
    if (json) {
      const out = { modelVersion: MODEL_VERSION, scenario, ...summary };
      io.out(`${JSON.stringify(trace ? { ...out, trace: events } : out)}\n`);
    } else {
      if (trace) io.out(`${formatTrace(events).join('\n')}\n\n`);
      io.out(`${formatSummary(summary, scenario).join('\n')}\n`);
    }
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.err(`${PREFIX} the model failed: ${msg}\n`);
    return 1;
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  // a reader that stops early (`| head`) closes the pipe: end quietly, not with a stack trace
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
