/**
 * Share, export and import: copy a link or a Markdown snippet of the current state, export
 * the trace (versioned JSON), the run summaries (JSON, CSV), the view (SVG, PNG) and each
 * lane's run as a netlink capture (pcap, for Wireshark), and import a trace file to replay it
 * or a netlink capture (pcap or pcapng, told by its first bytes) to replay its DEL_PEER
 * notifications through both lanes. Everything read from a file is shown as text.
 */
import { useRef, useState } from 'react';
import { VARIANTS, showValue } from '../../model/index.ts';
import { MAX_PCAP_BYTES } from '../../formats/pcap.ts';
import { captureSettings, isCaptureMagic } from '../../formats/pcapImport.ts';
import { summariesCsv, summariesJson, markdownSnippet } from '../../formats/exports.ts';
import {
  MAX_TRACE_FILE_BYTES,
  buildTraceFile,
  parseTraceFile,
  summaryDifferences,
  type TraceFile,
} from '../../formats/traceFile.ts';
import { MODEL_VERSION } from '../../model/index.ts';
import { useAppStore, useAppStoreApi } from '../../store/AppStoreProvider.tsx';
import { usePlayback } from '../PlaybackProvider.tsx';
import { usePlaybackValue } from '../usePlaybackState.ts';
import { firstDifference, replayReportLines, type LaneReplay } from './compareTrace.ts';
import { downloadBlob, downloadText } from '../../views/download.ts';
import { copyText, fileStem } from './download.ts';
import { linkQuery, stepPastEnd, type IgnoredParam } from './linkBoot.ts';
import { openRun, pauseAndSettle } from './loadRun.ts';
import { collectLanes, lanePcap, laneTrace } from './traceExport.ts';
import { viewPng, viewSvg, type ViewImageInput } from './viewImage.ts';
import './share.css';

type Status = { kind: 'info' | 'error'; text: string } | null;

/** File names of captures (only for wording: a capture is told by its first bytes). */
const CAPTURE_NAME = /\.(pcap|pcapng|cap)$/i;

/** Seconds as the capture notice shows them: tenths, or milliseconds below a second. */
function seconds(s: number): string {
  return s.toLocaleString('en-US', {
    minimumFractionDigits: 1,
    maximumFractionDigits: s < 1 ? 3 : 1,
  });
}

/** The link to the main page (also from the embed page) at this state. */
export function pageLink(query: string): string {
  const path = location.pathname.replace(/embed\.html$/, 'index.html');
  return `${location.origin}${path}?${query}`;
}

export function ShareMenu() {
  const { actor, session } = usePlayback();
  const store = useAppStoreApi();
  // only what the menu shows, so that it does not re-render on every step while playing
  const mode = usePlaybackValue((v) => v.mode);
  const hasSnapshot = useAppStore((s) => s.frame.snapshot !== null);
  const hasFrame = useAppStore((s) => s.frame.snapshot !== null && s.frame.series !== null);
  const [status, setStatus] = useState<Status>(null);
  const [manual, setManual] = useState<string | null>(null);
  const [report, setReport] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const rootRef = useRef<HTMLDetailsElement>(null);
  const manualRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const variantsShown = useAppStore((s) => s.variants);
  const resting = mode === 'ready' || mode === 'paused' || mode === 'ended';
  const canExport = hasFrame && !busy;

  const current = () => {
    const s = store.getState();
    const c = actor.getSnapshot().context;
    const position = c.position;
    const query = linkQuery(s.draft, s.variants, position, { speed: c.speed, align: c.align });
    return { s, position, align: c.align, query };
  };

  const copy = async (text: string, what: string) => {
    setReport(null);
    if (await copyText(text)) {
      setManual(null);
      setStatus({ kind: 'info', text: `${what} copied to the clipboard.` });
    } else {
      setManual(text);
      setStatus({
        kind: 'info',
        text: `The clipboard is not available here: the ${what.toLowerCase()} is selected below, copy it with Ctrl+C (⌘C).`,
      });
      requestAnimationFrame(() => manualRef.current?.select());
    }
  };

  const onCopyLink = () => void copy(pageLink(current().query), 'Link');
  const onCopyMarkdown = () => {
    const { s, position, query } = current();
    const snap = store.getState().frame.snapshot;
    if (!snap) return;
    const md = markdownSnippet(
      pageLink(query),
      s.draft,
      snap.pair.lanes.map((l) => l.summary),
      position,
    );
    void copy(md, 'Markdown');
  };

  const stem = () => {
    const { s, position } = current();
    return fileStem(s.variants, s.draft.seed, position);
  };

  const run = async (what: string, job: () => Promise<string>) => {
    setBusy(true);
    setReport(null);
    setManual(null);
    setStatus({ kind: 'info', text: `${what}…` });
    try {
      setStatus({ kind: 'info', text: await job() });
    } catch (err) {
      setStatus({
        kind: 'error',
        text: `${what} failed: ${err instanceof Error ? err.message : String(err)}`,
      });
    } finally {
      setBusy(false);
    }
  };

  const onExportTrace = () =>
    void run('Exporting the trace', async () => {
      await pauseAndSettle(actor);
      const { s, position, align } = current();
      const lanes = await collectLanes(session);
      const file = buildTraceFile(s.draft, lanes, position, align);
      downloadText(`${stem()}.trace.json`, JSON.stringify(file), 'application/json');
      return `Trace exported (${lanes.map((l) => `${l.events.length} events`).join(' and ')}).`;
    });

  const onPcap = (lane: number) => {
    const { s } = current();
    const variant = s.variants[lane]!;
    void run(`Exporting the ${variant} run as pcap`, async () => {
      const r = await lanePcap({ ...s.draft, variant });
      const safe = variant.replace(/[^A-Za-z0-9.-]+/g, '_');
      downloadBlob(
        `dcoscope-${safe}-seed${s.draft.seed}.pcap`,
        new Blob([r.file as Uint8Array<ArrayBuffer>], { type: 'application/vnd.tcpdump.pcap' }),
      );
      const cut = r.budgetCut ? ' The run was cut short by the event budget.' : '';
      return `Exported the ${variant} run as pcap: ${r.packets} packets, ${r.delPeers} DEL_PEER notifications.${cut} Open it with Wireshark and wireshark/dcoscope-ovpn.lua.`;
    });
  };

  const onSummary = (format: 'json' | 'csv') => {
    const snap = store.getState().frame.snapshot;
    if (!snap) return;
    const runs = snap.pair.lanes.map((l) => l.summary);
    if (format === 'json') {
      downloadText(
        `${stem()}.summary.json`,
        summariesJson(store.getState().draft, runs),
        'application/json',
      );
    } else {
      downloadText(`${stem()}.summary.csv`, summariesCsv(runs), 'text/csv');
    }
    setReport(null);
    setStatus({ kind: 'info', text: `Summary exported as ${format.toUpperCase()}.` });
  };

  const imageInput = (): ViewImageInput | null => {
    const root = rootRef.current?.getRootNode();
    if (!(root instanceof Document || root instanceof ShadowRoot)) return null;
    const lanes = root.querySelector('.lanes');
    const snap = store.getState().frame.snapshot;
    if (!lanes || !snap) return null;
    const { s, position } = current();
    return {
      lanes,
      chart: root.querySelector('.chart-section'),
      title: `dcoscope: ${snap.pair.lanes.map((l) => l.variant).join(' vs ')}, event ${position}${snap.pair.length !== null ? ` of ${snap.pair.length}` : ''}`,
      subtitle: `${s.draft.peers} peers, batch ${s.draft.batch}, seed ${s.draft.seed}, model v${MODEL_VERSION}`,
      laneTexts: snap.pair.lanes.map((l) => ({
        title: VARIANTS[l.variant].title,
        lines: [
          `emitted ${l.summary.emitted} · processed ${l.summary.processed} · swallowed ${l.summary.swallowed}`,
          `overwritten ${l.summary.overwritten} · wiped ${l.summary.wiped} · dropped ${l.summary.dropped}`,
          `ghosts ${l.summary.ghosts} · refused ${l.summary.refused}`,
        ],
      })),
      cssRoot: root instanceof ShadowRoot ? root : document,
      themeElement: lanes,
    };
  };

  const onImage = (format: 'svg' | 'png') =>
    void run(`Exporting the view as ${format.toUpperCase()}`, async () => {
      const input = imageInput();
      if (!input) throw new Error('the view is not shown yet');
      const image = viewSvg(input);
      if (format === 'svg') {
        downloadText(`${stem()}.svg`, image.svg, 'image/svg+xml');
      } else {
        downloadBlob(`${stem()}.png`, await viewPng(input, image));
      }
      return `View exported as ${format.toUpperCase()}.`;
    });

  const onImport = async (file: File | undefined) => {
    if (fileRef.current) fileRef.current.value = '';
    if (!file) return;
    setReport(null);
    setManual(null);
    if (isCaptureMagic(new Uint8Array(await file.slice(0, 4).arrayBuffer()))) {
      await importCapture(file);
      return;
    }
    if (file.size > MAX_TRACE_FILE_BYTES) {
      setStatus({
        kind: 'error',
        text: `Import failed: the file is larger than ${MAX_TRACE_FILE_BYTES} bytes.`,
      });
      return;
    }
    const parsed = parseTraceFile(await file.text());
    if (!parsed.ok) {
      // named like a capture but not one by its first bytes: say that, not what JSON lacks
      const text = CAPTURE_NAME.test(file.name)
        ? `Import failed: ${showValue(file.name)} is not a capture: it does not start with a pcap or pcapng magic number (a1b2c3d4 or a1b23c4d in either byte order, or 0a0d0d0a), nor is it a trace file.`
        : `Import failed: ${parsed.message}.`;
      setStatus({ kind: 'error', text });
      return;
    }
    const { filled, ignored } = parsed;
    await run('Replaying the imported trace', () => replay(parsed.file, filled, ignored));
  };

  /**
   * A capture: its DEL_PEER notifications as the emission schedule of the page's settings
   * (fitted to it), or a dcoscope export's own run, opened at the start in both lanes (the
   * page's variants). A file refused leaves the run and its position as they were.
   */
  const importCapture = async (file: File) => {
    const name = showValue(file.name);
    if (file.size > MAX_PCAP_BYTES) {
      setStatus({
        kind: 'error',
        text: `Import failed: ${name} is ${file.size.toLocaleString('en-US')} bytes; a capture is read up to ${MAX_PCAP_BYTES.toLocaleString('en-US')} bytes (256 MiB).`,
      });
      return;
    }
    setStatus({ kind: 'info', text: `Reading the capture ${name}…` });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { s, align } = current();
    const r = captureSettings(bytes, { ...s.draft, variant: s.variants[0] }, { name, fit: true });
    if (!r.ok) {
      setStatus({ kind: 'error', text: `Import failed: ${r.problem}.` });
      return;
    }
    const variants = s.variants;
    await run('Replaying the capture', async () => {
      const { variant: _variant, ...draft } = r.settings;
      await openRun(store, actor, draft, variants, { kind: 'position', position: 0 }, align);
      setReport(r.notes.map((note) => `${note[0]!.toUpperCase()}${note.slice(1)}.`));
      const lanes = variants.join(' and ');
      const n = r.count.toLocaleString('en-US');
      if (r.fromExport) {
        return `Replayed the dcoscope run exported in ${name} (${n} DEL_PEER notifications) in ${lanes}.`;
      }
      return `Replayed ${n} DEL_PEER notifications of ${r.family} from ${name}, ${seconds(r.firstS)} s to ${seconds(r.lastS)} s after its first packet, as the kernel's emission schedule, in ${lanes}.`;
    });
  };

  const replay = async (
    file: TraceFile,
    filled: readonly string[],
    fileIgnored: readonly IgnoredParam[],
  ): Promise<string> => {
    const variants = [file.lanes[0].variant, file.lanes[1].variant] as const;
    // A file's position counts in its merge order (files from before alignment: time order).
    const landed = await openRun(
      store,
      actor,
      file.settings,
      variants,
      { kind: 'position', position: file.position },
      file.align ?? 'time',
    );
    const ignored = [...fileIgnored];
    const length = landed.context.length;
    if (length !== null && file.position > length) {
      ignored.push(stepPastEnd(file.position, length, 'position'));
    }
    const ends = await session.summaries();
    const lanes: LaneReplay[] = await Promise.all(
      file.lanes.map(async (lane, i) => {
        const end = ends[i]!;
        const events = await laneTrace(session, i, end.length);
        return {
          variant: lane.variant,
          fileEvents: lane.events.length,
          replayEvents: events.length,
          firstDifference: firstDifference(lane.events, events),
          summaryDifferences: summaryDifferences(lane.summary, end.summary, lane.traceHash),
        };
      }),
    );
    const versionNote =
      file.modelVersion === MODEL_VERSION
        ? null
        : `the file was made with model version ${file.modelVersion}; this page runs model version ${MODEL_VERSION}, so the replay can differ`;
    setReport(replayReportLines(lanes, { versionNote, filled, ignored }));
    return `Imported the trace: ${lanes.map((l) => l.variant).join(' vs ')} at event ${landed.context.position}.`;
  };

  return (
    <details className="share-menu" ref={rootRef}>
      <summary>Share &amp; export</summary>
      <div className="share-actions">
        <div role="group" aria-label="Share">
          <button type="button" onClick={onCopyLink} disabled={!hasSnapshot}>
            Copy link
          </button>
          <button type="button" onClick={onCopyMarkdown} disabled={!hasSnapshot}>
            Copy as Markdown
          </button>
        </div>
        <div role="group" aria-label="Export">
          <button type="button" onClick={onExportTrace} disabled={!canExport || !resting}>
            Export trace (JSON)
          </button>
          <button type="button" onClick={() => onSummary('json')} disabled={!hasSnapshot}>
            Summary (JSON)
          </button>
          <button type="button" onClick={() => onSummary('csv')} disabled={!hasSnapshot}>
            Summary (CSV)
          </button>
          <button type="button" onClick={() => onImage('svg')} disabled={!canExport}>
            View (SVG)
          </button>
          <button type="button" onClick={() => onImage('png')} disabled={!canExport}>
            View (PNG)
          </button>
          {variantsShown.map((variant, lane) => (
            <button
              key={lane}
              type="button"
              onClick={() => onPcap(lane)}
              disabled={!hasSnapshot || busy}
              title={`The ${variant} run as a netlink capture (pcap), as nlmon records it on a server`}
            >
              Export pcap ({variant})
            </button>
          ))}
        </div>
        <div className="share-import">
          <label>
            Import trace or capture{' '}
            <input
              ref={fileRef}
              type="file"
              accept=".json,application/json,.pcap,.pcapng,.cap,application/vnd.tcpdump.pcap"
              disabled={busy}
              onChange={(e) => void onImport(e.target.files?.[0])}
            />
          </label>
        </div>
      </div>
      <p
        className={`share-status${status?.kind === 'error' ? ' is-error' : ''}`}
        role="status"
        aria-live="polite"
      >
        {status?.text ?? ''}
      </p>
      {manual !== null && (
        <textarea
          ref={manualRef}
          className="share-manual"
          aria-label="Text to copy"
          readOnly
          rows={Math.min(12, manual.split('\n').length + 1)}
          value={manual}
        />
      )}
      {report && (
        <ul className="share-report" aria-label="Replay report">
          {report.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
    </details>
  );
}
