/**
 * The comparison table: a preset across seeds for every variant: ghosts, refusals, exits,
 * EBUSY, nesting depth and time to drain (median, and min–max over the seeds).
 */
import { useId, useState } from 'react';
import { SCENARIOS, VARIANTS, formatCount } from '../model/index.ts';
import {
  aggregateCells,
  comparisonSpec,
  comparisonTable,
  planSweep,
  type ComparisonRow,
  type MetricStats,
} from '../sweep/index.ts';
import { durationText } from './links.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { usePoolBusy, useSweepRun } from './useSweepRun.ts';

/** Medians may be fractional (an even number of seeds): up to three decimals, unlike counts. */
const fmt = new Intl.NumberFormat('en-US');

function statText(s: MetricStats, f: (v: number) => string = (v) => fmt.format(v)): string {
  if (s.n === 0) return '—';
  return s.min === s.max ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

const ms = (us: number) => durationText(us / 1000);

export function ComparisonSection() {
  const [preset, setPreset] = useState('reporter');
  const [seeds, setSeeds] = useState(10);
  const [rows, setRows] = useState<{ preset: string; seeds: number; rows: ComparisonRow[] } | null>(
    null,
  );
  const { state, start, cancel } = useSweepRun();
  const busy = usePoolBusy();
  const id = useId();
  const { plan, problems } = planSweep(comparisonSpec(preset, Number.isNaN(seeds) ? 0 : seeds));

  const run = async () => {
    if (!plan) return;
    setRows(null);
    const runs = await start(plan.jobs);
    if (runs) setRows({ preset, seeds, rows: comparisonTable(plan, aggregateCells(plan, runs)) });
  };

  return (
    <section className="comparison" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Compare the variants</h2>
      <form
        className="sweep-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-preset`}>Preset</label>
          <select id={`${id}-preset`} value={preset} onChange={(e) => setPreset(e.target.value)}>
            {Object.values(SCENARIOS).map((sc) => (
              <option key={sc.name} value={sc.name}>
                {sc.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-seeds`}>Seeds</label>
          <input
            id={`${id}-seeds`}
            type="number"
            min={1}
            max={200}
            value={Number.isNaN(seeds) ? '' : seeds}
            onChange={(e) => setSeeds(e.target.value === '' ? NaN : Number(e.target.value))}
          />
        </div>
        <div className="sweep-run">
          <button type="submit" className="primary" disabled={!plan || busy}>
            Compare
          </button>
          {plan && <span className="plan-size">{formatCount(plan.jobs.length)} runs</span>}
        </div>
        {problems.length > 0 && (
          <ul className="sweep-problems">
            {problems.map((p) => (
              <li key={p.message}>{p.message}</li>
            ))}
          </ul>
        )}
      </form>
      <ProgressBar
        label="Comparison progress"
        status={state.status}
        progress={state.progress}
        error={state.error}
        onCancel={cancel}
        onRetry={() => void run()}
        retryDisabled={busy}
      />
      {rows && (
        <table className="comparison-table">
          <caption>
            {SCENARIOS[rows.preset]?.title ?? rows.preset}, seeds 1–{rows.seeds}: median (min–max)
          </caption>
          <thead>
            <tr>
              <th scope="col">variant</th>
              <th scope="col">ghosts</th>
              <th scope="col">refusals</th>
              <th scope="col">exits</th>
              <th scope="col">EBUSY</th>
              <th scope="col">nesting depth</th>
              <th scope="col">time to drain</th>
            </tr>
          </thead>
          <tbody>
            {rows.rows.map((r) => (
              <tr key={r.variant} data-variant={r.variant}>
                <th scope="row">{VARIANTS[r.variant].title}</th>
                <td data-key="ghosts">{statText(r.ghosts)}</td>
                <td data-key="refused">{statText(r.refused)}</td>
                <td data-key="exits">
                  {r.exits.count} of {r.runs}
                </td>
                <td data-key="nleBusy">{statText(r.nleBusy)}</td>
                <td data-key="maxReadDepth">{statText(r.maxReadDepth)}</td>
                <td data-key="drainUs">
                  {statText(r.drainUs, ms)}
                  {r.drainNulls > 0 && ` · ${r.drainNulls} did not drain`}
                  {r.budgetCuts > 0 && ` · ${r.budgetCuts} stopped by the event budget`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
