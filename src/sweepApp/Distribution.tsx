/**
 * The distribution of one count over the seeds of one cell: a dot per seed (a link that opens
 * that exact run), with the seeds and values also listed as a table.
 */
import { scaleLinear } from 'd3-scale';
import { useId, useState } from 'react';
import type { VariantId } from '../model/index.ts';
import { distribution, type DistMetric, type RunList } from '../sweep/aggregate.ts';
import { cellLabel, type SweepPlan } from '../sweep/grid.ts';
import { stackLevels } from './dotStack.ts';
import { runHref } from './links.ts';

export const DIST_METRICS: { value: DistMetric; label: string }[] = [
  { value: 'ghosts', label: 'ghosts at the end' },
  { value: 'peakGhosts', label: 'peak ghosts' },
  { value: 'refused', label: 'refusals' },
  { value: 'exited', label: 'exited (1) or not (0)' },
  { value: 'nleBusy', label: 'EBUSY' },
  { value: 'maxReadDepth', label: 'nesting depth' },
  { value: 'drainUs', label: 'time to drain (µs)' },
  { value: 'processed', label: 'processed' },
  { value: 'swallowed', label: 'swallowed' },
  { value: 'overwritten', label: 'overwritten' },
  { value: 'wiped', label: 'wiped' },
  { value: 'dropped', label: 'dropped' },
];

const W = 560;
const H = 120;
const PAD = 24;
const R = 6;

export function DistributionPanel({
  plan,
  runs,
  cellIndex,
  chosen,
  initialMetric,
}: {
  plan: SweepPlan;
  runs: RunList;
  cellIndex: number;
  chosen: readonly VariantId[];
  initialMetric: DistMetric;
}) {
  const [metric, setMetric] = useState<DistMetric>(initialMetric);
  const selectId = useId();
  const headingId = useId();
  const dist = distribution(plan, runs, cellIndex, metric);
  const cell = plan.cells[cellIndex]!;
  const values = dist.points.map((p) => p.value);
  const lo = Math.min(0, ...values);
  const hi = Math.max(lo + 1, ...values);
  const x = scaleLinear()
    .domain([lo, hi])
    .range([PAD, W - PAD])
    .nice();
  // Dots closer than their width stack upwards, so none hides another.
  const xs = dist.points.map((p) => x(p.value));
  const levels = stackLevels(xs, 2 * R + 1);
  const dots = dist.points.map((p, i) => ({
    ...p,
    cx: xs[i]!,
    cy: H - PAD - R - levels[i]! * (2 * R + 1),
  }));
  // tall stacks grow the picture upwards
  const top = Math.min(0, ...dots.map((d) => d.cy - R - 4));
  const median = dist.points[Math.floor((dist.points.length - 1) / 2)];
  const metricLabel = DIST_METRICS.find((m) => m.value === metric)?.label ?? metric;
  const href = (job: number) => runHref(plan.jobs[job]!.settings, chosen);

  return (
    <section className="distribution" aria-labelledby={headingId} data-cell={cellIndex}>
      <h3 id={headingId}>Seeds of {cellLabel(cell)}</h3>
      <div className="field">
        <label htmlFor={selectId}>Count</label>
        <select
          id={selectId}
          value={metric}
          onChange={(e) => setMetric(e.target.value as DistMetric)}
        >
          {DIST_METRICS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      {median && (
        <p>
          <a className="open-median" href={href(median.job)}>
            Open the median run (seed {median.seed}) in the visualizer
          </a>
        </p>
      )}
      <svg
        className="dots"
        viewBox={`0 ${top} ${W} ${H - top}`}
        role="img"
        aria-label={`${metricLabel} over ${dist.points.length} seeds`}
      >
        <line className="axis" x1={PAD} x2={W - PAD} y1={H - PAD + 2} y2={H - PAD + 2} />
        {/* every count is a whole number: no ticks between them */}
        {x
          .ticks(5)
          .filter(Number.isInteger)
          .map((t) => (
            <g key={t} className="tick">
              <line x1={x(t)} x2={x(t)} y1={H - PAD + 2} y2={H - PAD + 6} />
              <text x={x(t)} y={H - 6} textAnchor="middle">
                {t}
              </text>
            </g>
          ))}
        {dots.map((d) => (
          <a key={d.job} href={href(d.job)} className="dot" data-seed={d.seed} data-job={d.job}>
            <title>{`seed ${d.seed}: ${metricLabel} ${d.value} (open this run)`}</title>
            <circle cx={d.cx} cy={d.cy} r={R} />
          </a>
        ))}
      </svg>
      {dist.nulls.length > 0 && (
        <p className="hint">
          {dist.nulls.length} runs have no value (did not drain): seeds{' '}
          {dist.nulls.map((n) => n.seed).join(', ')}.
        </p>
      )}
      <details className="dist-table">
        <summary>Seeds as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">seed</th>
              <th scope="col">{metricLabel}</th>
              <th scope="col">run</th>
            </tr>
          </thead>
          <tbody>
            {dist.points.map((p) => (
              <tr key={p.job}>
                <td>{p.seed}</td>
                <td>{p.value}</td>
                <td>
                  <a href={href(p.job)}>open seed {p.seed}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
