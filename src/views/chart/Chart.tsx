/**
 * Gauges over simulated time for every lane: kernel peers, instances and ghosts (one panel),
 * refusals, socket queue bytes; lanes told apart by dash pattern, series by colour (and by the
 * legend), a playhead at nowUs and markers. d3-scale / d3-shape compute, JSX draws.
 */
import { memo, useId, useMemo, useRef } from 'react';
import type { Gauges } from '../../model/index.ts';
import type { Marker } from '../../protocol/view.ts';
import { useElementWidth } from '../useElementWidth.ts';
import { SERIES, chartModel, chartSummary, laneStats } from './chartScales.ts';
import '../theme.css';
import './chart.css';

export interface ChartProps {
  series: Gauges[][];
  nowUs: number;
  variants: string[];
  markers?: Marker[];
}

const DASH = ['', '6 3', '2 2', '8 3 2 3'];

/** Latest time in the series (the x domain reaches past it only if the playhead does). */
function seriesEnd(series: readonly Gauges[][]): number {
  let t = 1;
  for (const lane of series) for (const g of lane) if (g.t > t) t = g.t;
  return t;
}

function ChartImpl({ series, nowUs, variants, markers }: ChartProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef, 800);
  const titleId = useId();
  const descId = useId();
  // The model (scales, paths, ticks) depends on the playhead only when it runs past the data:
  // moving the playhead inside the run redraws one line, not every path.
  const end = useMemo(() => seriesEnd(series), [series]);
  const domainNow = nowUs > end ? nowUs : 0;
  const model = useMemo(() => chartModel(series, domainNow, { width }), [series, domainNow, width]);
  const summary = useMemo(() => chartSummary(series, variants), [series, variants]);
  const stats = useMemo(() => laneStats(series, variants), [series, variants]);
  const { x, panels, margin } = model;
  const px = x(nowUs);
  const bottom = model.height - margin.bottom;
  const empty = series.every((s) => s.length === 0);

  return (
    <section className="v-chart" aria-labelledby={titleId}>
      <h3 id={titleId}>Over simulated time</h3>
      <ul className="v-chart-legend" aria-hidden="true">
        {SERIES.map((s) => (
          <li key={s.key}>
            <svg width="22" height="8">
              <line x1="0" x2="22" y1="4" y2="4" className={`v-series v-series--${s.key}`} />
            </svg>
            {s.label}
          </li>
        ))}
        {variants.map((v, lane) => (
          <li key={`lane-${lane}`}>
            <svg width="26" height="8">
              <line
                x1="0"
                x2="26"
                y1="4"
                y2="4"
                className="v-series v-series--lane"
                strokeDasharray={DASH[lane % DASH.length] || undefined}
              />
            </svg>
            {v}
          </li>
        ))}
      </ul>
      <div ref={wrapRef} className="v-chart-area">
        <svg
          width={model.width}
          height={model.height}
          role="img"
          aria-label={summary}
          aria-describedby={descId}
          className="v-chart-svg"
        >
          {panels.map((p) => (
            <g key={p.id} className="v-chart-panel">
              <text className="v-chart-title" x={margin.left + 4} y={p.top - 4}>
                {p.title}
              </text>
              {p.yTicks.map((t) => (
                <g key={t.value}>
                  <line
                    className="v-chart-grid"
                    x1={margin.left}
                    x2={model.width - margin.right}
                    y1={t.y}
                    y2={t.y}
                  />
                  <text
                    className="v-chart-tick"
                    x={margin.left - 4}
                    y={t.y}
                    dy="0.32em"
                    textAnchor="end"
                  >
                    {t.label}
                  </text>
                </g>
              ))}
              <line
                className="v-chart-axis"
                x1={margin.left}
                x2={model.width - margin.right}
                y1={p.top + p.height}
                y2={p.top + p.height}
              />
            </g>
          ))}
          {model.xTicks.map((t) => (
            <text
              key={t.value}
              className="v-chart-tick"
              x={t.x}
              y={bottom + 14}
              textAnchor="middle"
            >
              {t.label}
            </text>
          ))}
          {model.paths.map((p) => (
            <path
              key={`${p.lane}-${p.key}`}
              d={p.d}
              className={`v-series v-series--${p.key}`}
              strokeDasharray={DASH[p.lane % DASH.length] || undefined}
            />
          ))}
          {(markers ?? []).map((m, k) => {
            const mx = x(m.t);
            return (
              <g key={k} className={`v-chart-marker v-chart-marker--${m.kind}`}>
                <title>{m.label}</title>
                <line x1={mx} x2={mx} y1={margin.top - 10} y2={bottom} />
                <path d={`M${mx - 4} ${margin.top - 12}h8l-4 6z`} />
              </g>
            );
          })}
          <line className="v-chart-playhead" x1={px} x2={px} y1={margin.top - 12} y2={bottom} />
          {empty && (
            <text
              className="v-chart-empty"
              x={model.width / 2}
              y={model.height / 2}
              textAnchor="middle"
            >
              The chart appears when the run is complete.
            </text>
          )}
        </svg>
      </div>
      <table id={descId} className="v-sr-only">
        <caption>Peak and final value of each gauge, per lane</caption>
        <thead>
          <tr>
            <th scope="col">Lane</th>
            <th scope="col">Gauge</th>
            <th scope="col">Peak</th>
            <th scope="col">Final</th>
          </tr>
        </thead>
        <tbody>
          {stats.flatMap((l) =>
            l.rows.map((r) => (
              <tr key={`${l.lane}-${r.key}`}>
                <th scope="row">{l.variant}</th>
                <td>{r.label}</td>
                <td>{r.peak}</td>
                <td>{r.final}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Re-renders when the series, the playhead, the markers or the lanes' names change. */
export const Chart = memo(
  ChartImpl,
  (a, b) =>
    a.series === b.series &&
    a.nowUs === b.nowUs &&
    a.markers === b.markers &&
    sameStrings(a.variants, b.variants),
);
