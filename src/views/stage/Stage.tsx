/**
 * A lane's stage: the pipeline a DEL_PEER notification travels, five stations left to right
 * (kernel → socket queue → libnl reader → dco_context_t → multi_context), every datagram and
 * request a token, and the lost tray below where the lost notifications end, grouped by how
 * they were lost. The picture is stageModel.ts's function of the LaneView; between two
 * positions the tokens glide (useTokenMotion), never with reduced motion. Each station is a
 * button that takes the reader to its detail panel below.
 */
import { memo, useId, useMemo, useRef } from 'react';
import { loadName } from '../../model/index.ts';
import { INST, PEER, type LaneView, type StationKey } from '../../protocol/view.ts';
import { useElementWidth } from '../useElementWidth.ts';
import {
  buildStage,
  REQUEST_Y,
  SLOT_Y,
  type FitText,
  type KernelWork,
  type MultiCell,
  type StageModel,
  type StageToken,
} from './stageModel.ts';
import { STATIONS, stationPanelId } from './stations.ts';
import { useTokenMotion } from './useTokenMotion.ts';
import '../theme.css';
import './stage.css';

export interface StageProps {
  view: LaneView;
  /** The lane's title (variant), for the heading and the SVG's title. */
  title: string;
  /** Glide the tokens between positions (off with reduced motion and while playing fast). */
  animate: boolean;
  reducedMotion: boolean;
  /** The station the tour points at, highlighted on both stages. */
  focus: StationKey | null;
}

const PEER_CLASS: Record<number, string> = {
  [PEER.none]: 'is-free',
  [PEER.alive]: 'is-connected',
  [PEER.armed]: 'is-armed',
  [PEER.deleting]: 'is-expired',
};

const CELL_CLASS: Record<number, string> = {
  [INST.free]: 'is-free',
  [INST.halfOpen]: 'is-half-open',
  [INST.connected]: 'is-connected',
  [INST.closing]: 'is-closing',
  [INST.ghost]: 'is-ghost',
};

/** Width of one 12 px bold character of a station's name, px (estimate). */
const NAME_CHAR_W = 7.4;

/** Scrolls a station's detail panel into view and moves the focus there. */
export function goToPanel(lane: number, key: StationKey, reducedMotion: boolean): void {
  const panel = document.getElementById(stationPanelId(lane, key));
  if (!panel) return;
  panel.scrollIntoView({ block: 'start', behavior: reducedMotion ? 'auto' : 'smooth' });
  panel.focus({ preventScroll: true });
}

function Token({ t }: { t: StageToken }) {
  const round = t.kind === 'del' || t.kind === 'pending';
  const cls = `v-tok v-tok-${t.kind} is-${t.state}${t.fresh ? ' is-fresh' : ''}`;
  return (
    <g
      className={cls}
      data-token={t.id}
      data-kind={t.kind}
      data-place={t.place}
      data-outcome={t.outcome}
      data-peer={t.peer}
      transform={`translate(${t.x.toFixed(1)} ${t.y.toFixed(1)})`}
    >
      <rect
        x={-t.w / 2}
        y={-t.h / 2}
        width={t.w}
        height={t.h}
        rx={round ? t.h / 2 : 3}
        className="v-tok-body"
      />
      {t.kind === 'request' && (
        <path className="v-tok-arrow" d={`M ${t.w / 2 - 1} -4 l 5 4 l -5 4 z`} />
      )}
      <text className="v-tok-label" y={4} textAnchor="middle">
        {t.label}
      </text>
      {t.state === 'lost' && (
        <line className="v-tok-strike" x1={-t.w / 2 + 2} x2={t.w / 2 - 2} y1={0.5} y2={0.5} />
      )}
    </g>
  );
}

function StationDrawing({ m, focus }: { m: StageModel; focus: StationKey | null }) {
  return (
    <g className="v-stage-stations">
      {m.stations.map((s) => (
        <g
          key={s.key}
          className={`v-station tone-${s.tone}${focus === s.key ? ' is-focus' : ''}`}
          data-station={s.key}
        >
          <rect
            className="v-station-box"
            x={s.x + 0.5}
            y={m.boxTop + 0.5}
            width={s.w - 1}
            height={m.boxBottom - m.boxTop - 1}
            rx={6}
          />
          <text
            className="v-station-name"
            x={s.x + 6}
            y={m.boxTop + 15}
            {...(s.name.length * NAME_CHAR_W > s.w - 12
              ? { textLength: s.w - 12, lengthAdjust: 'spacingAndGlyphs' }
              : {})}
          >
            {s.name}
          </text>
          {s.lines.map((l, k) => (
            <text
              key={k}
              className={`v-station-line${l.tone ? ` tone-${l.tone}` : ''}`}
              x={s.x + 6}
              y={m.boxTop + 30 + k * 14}
              {...squeeze(l)}
            >
              {l.text}
            </text>
          ))}
        </g>
      ))}
      {/* pipeline arrows between the stations */}
      {m.stations.slice(1).map((s) => (
        <path
          key={`arrow-${s.key}`}
          className="v-stage-arrow"
          d={`M ${s.x - 6} ${m.boxTop + 9} l 5 -3.5 l 0 7 z`}
        />
      ))}
    </g>
  );
}

/** SVG attributes that squeeze a text into its width when the model says it would not fit. */
function squeeze(t: FitText): { textLength?: number; lengthAdjust?: 'spacingAndGlyphs' } {
  return t.fit !== undefined ? { textLength: t.fit, lengthAdjust: 'spacingAndGlyphs' } : {};
}

/** Hog marks at most; more hogs on a CPU show as a number. */
const HOG_MARKS = 4;

/**
 * ovpn-dco's delete work in the kernel station: a row per CPU (its number, its hogs, its items
 * waiting for a kworker, asleep in a grace period, released and waking to send) and the grace
 * period below (a ring of its time gone by against the run's median; lit when one ends).
 */
function KernelWorkDrawing({ k }: { k: KernelWork }) {
  const gp = k.gp;
  const counts = (r: KernelWork['rows'][number]) =>
    [
      { n: r.queued, cls: 'is-queued' },
      { n: r.grace, cls: 'is-grace' },
      { n: r.released, cls: `is-released${r.freshReleased ? ' is-fresh' : ''}` },
    ] as const;
  return (
    <g className="v-kwork" data-kernel-work={k.rows.length}>
      <g className="v-kwork-head">
        <text
          x={k.hogHead ? k.cpuRight + 1 : k.x}
          y={k.headY}
          textAnchor={k.hogHead ? 'end' : 'start'}
        >
          CPU
        </text>
        {k.hogHead && (
          <text x={k.hogX} y={k.headY}>
            hogs
          </text>
        )}
        {k.heads.map((h, j) => (
          <text key={j} x={k.cellX[j]! + k.cellW / 2} y={k.headY} textAnchor="middle">
            {h}
          </text>
        ))}
      </g>
      {k.rows.map((r) => (
        <g
          key={r.cpu}
          className={`v-cpu-row${r.fresh ? ' is-fresh' : ''}`}
          data-cpu={r.cpu}
          data-queued={r.queued}
          data-grace={r.grace}
          data-released={r.released}
        >
          <text className="v-cpu-num" x={k.cpuRight} y={r.y + 7.5} textAnchor="end">
            {r.cpu}
          </text>
          {r.hogs <= HOG_MARKS ? (
            Array.from({ length: r.hogs }, (_, j) => (
              <rect
                key={j}
                className="v-hog"
                x={k.hogX + j * k.hogStep}
                y={r.y + 1}
                width={Math.min(3, k.hogStep - 1)}
                height={k.rowH - 3}
              />
            ))
          ) : (
            <>
              <rect className="v-hog" x={k.hogX} y={r.y + 1} width={2} height={k.rowH - 3} />
              <text className="v-hog-count" x={k.hogX + 4} y={r.y + 7.5}>
                {r.hogs > 99 ? '99+' : r.hogs}
              </text>
            </>
          )}
          {counts(r).map((c, j) => (
            <g key={j} className={`v-kcell ${c.cls}${c.n === 0 ? ' is-zero' : ''}`}>
              <rect x={k.cellX[j]} y={r.y} width={k.cellW} height={k.rowH - 1} rx={2} />
              {c.n > 0 && (
                <text x={k.cellX[j]! + k.cellW / 2} y={r.y + 7.5} textAnchor="middle">
                  {c.n}
                </text>
              )}
            </g>
          ))}
        </g>
      ))}
      {k.more && (
        <text className="v-kwork-more" x={k.more.x} y={k.more.y}>
          {k.more.text}
        </text>
      )}
      <g className={`v-gp is-${gp.state}`} data-gp={gp.state} data-gp-number={gp.number}>
        <rect className="v-gp-box" x={gp.x} y={gp.y} width={gp.w} height={gp.h} rx={4} />
        <circle className="v-gp-track" cx={gp.ring.cx} cy={gp.ring.cy} r={gp.ring.r} />
        {gp.ring.arc && <path className="v-gp-arc" d={gp.ring.arc} />}
        {gp.lines.map((l, j) => (
          <text
            key={j}
            className={`v-gp-line${j === 0 ? ' is-first' : ''}`}
            x={gp.x + 4}
            y={gp.y + 12 + j * 11}
            {...squeeze(l)}
          >
            {l.text}
          </text>
        ))}
      </g>
    </g>
  );
}

/** A station's cells by peer id (the kernel's peers, multi_context's instances). */
function Cells({
  className,
  cells,
  labels,
  classes,
}: {
  className: string;
  cells: readonly MultiCell[];
  labels: boolean;
  classes: Record<number, string>;
}) {
  return (
    <g className={className}>
      {cells.map((c) => (
        <g key={c.peer} className={`v-cell ${classes[c.state] ?? ''}${c.fresh ? ' is-fresh' : ''}`}>
          <rect x={c.x} y={c.y} width={c.size} height={c.size} rx={2} />
          {labels && (
            <text x={c.x + c.size / 2} y={c.y + c.size / 2 + 4} textAnchor="middle">
              {c.peer}
            </text>
          )}
        </g>
      ))}
    </g>
  );
}

/** Memoized: an unchanged view (a re-render of the page for another reason) costs nothing. */
export const Stage = memo(function Stage({
  view,
  title,
  animate,
  reducedMotion,
  focus,
}: StageProps) {
  const titleId = useId();
  const descId = useId();
  const headingId = useId();
  const bodyRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const exitRef = useRef<SVGGElement>(null);
  const width = useElementWidth(bodyRef, 600);
  const m = useMemo(() => buildStage(view, width), [view, width]);
  const reader = m.stations[2]!;
  const slot = m.stations[3]!;
  const multi = m.stations[4]!;
  const origin = useMemo(() => ({ x: m.origin.x, y: m.origin.y }), [m.origin.x, m.origin.y]);
  const sink = useMemo(() => ({ x: multi.x + multi.w / 2, y: 70 }), [multi.x, multi.w]);
  const via = useMemo(() => ({ x: reader.x + reader.w / 2, y: 116 }), [reader.x, reader.w]);
  useTokenMotion(svgRef, exitRef, m.tokens, animate && !reducedMotion, origin, sink, via);
  const lane = view.lane;
  const busy = view.exited
    ? `OpenVPN exited (${view.exited.reason})`
    : view.reader.loopPhase === 'running'
      ? 'OpenVPN busy'
      : view.reader.loopPhase === 'woken'
        ? 'OpenVPN woken'
        : 'OpenVPN waiting (epoll)';
  return (
    <section
      className="v-stage"
      aria-labelledby={headingId}
      data-lane={lane}
      data-variant={view.variant}
      data-ghosts={m.ghosts}
      data-lost={m.lostTotal}
      data-position={view.position}
    >
      <header className="v-stage-head">
        <h2 id={headingId}>{title}</h2>
        <span className="v-stage-load">
          <span className="v-stage-busy" data-phase={view.reader.loopPhase}>
            {busy}
          </span>
          <label>
            CPU load <strong>{loadName(view.load)}</strong>{' '}
            <meter min={0} max={1} low={0.34} high={0.67} optimum={0} value={view.load} />
          </label>
        </span>
      </header>
      <div className="v-stage-body" ref={bodyRef}>
        <svg
          ref={svgRef}
          className="v-stage-svg"
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          width={m.width}
          height={m.height}
          viewBox={`0 0 ${m.width} ${m.height}`}
        >
          <title
            id={titleId}
          >{`Stage of ${title}: kernel, socket queue, libnl reader, dco_context_t, multi_context and the lost tray`}</title>
          <desc id={descId}>{m.summary}</desc>
          <StationDrawing m={m} focus={focus} />
          {/* socket: bytes used of rcvbuf, the half mark */}
          <g className={`v-stage-buffer${m.buffer.congested ? ' is-congested' : ''}`}>
            <rect
              className="v-buffer-track"
              x={m.buffer.x}
              y={m.buffer.y}
              width={m.buffer.w}
              height={7}
              rx={2}
            />
            <rect
              className="v-buffer-fill"
              x={m.buffer.x}
              y={m.buffer.y}
              width={Math.max(0, m.buffer.w * m.buffer.fill)}
              height={7}
              rx={2}
            />
            <line
              className="v-buffer-half"
              x1={m.buffer.x + m.buffer.w * m.buffer.half}
              x2={m.buffer.x + m.buffer.w * m.buffer.half}
              y1={m.buffer.y - 3}
              y2={m.buffer.y + 10}
            />
          </g>
          {m.queueMore && (
            <text className="v-stage-more" x={m.queueMore.x} y={m.queueMore.y}>
              {m.queueMore.text}
            </text>
          )}
          {m.kernelMore && (
            <text className="v-stage-more" x={m.kernelMore.x} y={m.kernelMore.y}>
              {m.kernelMore.text}
            </text>
          )}
          {/* dco_context_t: the single slot */}
          <rect
            className={`v-slot-frame${view.slot.type && !view.slot.consumed ? ' is-full' : ''}`}
            x={slot.x + 6}
            y={SLOT_Y - 17}
            width={slot.w - 12}
            height={34}
            rx={4}
          />
          <text
            className="v-slot-caption"
            x={slot.x + slot.w / 2}
            y={SLOT_Y + 31}
            textAnchor="middle"
          >
            the one slot
          </text>
          {view.reader.request && (
            <text
              className="v-slot-caption"
              x={reader.x + reader.w / 2}
              y={REQUEST_Y - 14}
              textAnchor="middle"
            >
              request in flight
            </text>
          )}
          {/* reader: the last read's fate */}
          {m.readLine && (
            <text
              className={`v-read-line tone-${m.readLine.tone}`}
              x={m.readLine.x}
              y={m.readLine.y}
              textAnchor="middle"
            >
              {m.readLine.text}
            </text>
          )}
          {/* multi_context: slots used of max-clients, ghosts, the instances */}
          <g className="v-gauge">
            <rect
              className="v-gauge-track"
              x={m.gauge.x}
              y={m.gauge.y}
              width={m.gauge.w}
              height={8}
              rx={2}
            />
            <rect
              className="v-gauge-used"
              x={m.gauge.x}
              y={m.gauge.y}
              width={m.gauge.w * m.gauge.used}
              height={8}
              rx={2}
            />
            <rect
              className="v-gauge-ghosts"
              x={m.gauge.x}
              y={m.gauge.y}
              width={m.gauge.w * m.gauge.ghosts}
              height={8}
              rx={2}
            />
          </g>
          {m.kernelWork && <KernelWorkDrawing k={m.kernelWork} />}
          <Cells
            className="v-cells v-kernel-cells"
            cells={m.kernelCells}
            labels={m.kernelCellLabels}
            classes={PEER_CLASS}
          />
          <Cells className="v-cells" cells={m.cells} labels={m.cellLabels} classes={CELL_CLASS} />
          {/* the lost tray */}
          <g className={`v-tray${m.lostTotal > 0 ? ' has-lost' : ''}`} data-tray={lane}>
            <rect
              className="v-tray-box"
              x={0.5}
              y={m.tray.y + 0.5}
              width={m.width - 1}
              height={m.tray.h - 1}
              rx={6}
            />
            <text className="v-tray-title" x={6} y={m.tray.y + 19}>
              {m.tray.title}
            </text>
            {m.tray.earlier && (
              <text
                className="v-stage-more"
                x={m.tray.earlier.x}
                y={m.tray.earlier.y}
                textAnchor="end"
              >
                {m.tray.earlier.text}
              </text>
            )}
            {m.tray.groups.map((g) => (
              <text
                key={g.outcome}
                className={`v-tray-group is-${g.outcome}`}
                x={g.x}
                y={g.y}
                data-outcome={g.outcome}
              >
                {g.label}
              </text>
            ))}
          </g>
          <g className="v-tokens">
            {m.tokens.map((t) => (
              <Token key={t.id} t={t} />
            ))}
          </g>
          <g className="v-tokens-leaving" ref={exitRef} />
        </svg>
        <div className="v-stage-buttons">
          {STATIONS.map((s, k) => {
            const box = m.stations[k]!;
            const isFocus = focus === s.key;
            return (
              <button
                key={s.key}
                type="button"
                className={`v-station-button${isFocus ? ' is-focus' : ''}`}
                data-station={s.key}
                aria-current={isFocus ? 'true' : undefined}
                aria-controls={stationPanelId(lane, s.key)}
                onClick={() => goToPanel(lane, s.key, reducedMotion)}
              >
                <span className="v-sr-only">
                  {`${s.name}: ${box.words}. ${s.about}. Show its panel.`}
                </span>
              </button>
            );
          })}
        </div>
      </div>
    </section>
  );
});
