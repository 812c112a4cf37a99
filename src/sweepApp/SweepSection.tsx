/**
 * The sweep: the form (preset, variants, loads, batch sizes, peer counts, the rig's receive CPUs
 * and CPU hogs, seeds), the engine's validation messages, Run with progress and Cancel, then
 * heatmaps with any two axes as rows and columns, a cell's distribution over seeds, and the
 * exports.
 */
import { useId, useMemo, useState } from 'react';
import {
  BUDGET_LIMIT_TEXT,
  DEFAULT_SETTINGS,
  SCENARIOS,
  VARIANTS,
  VARIANT_IDS,
  formatCount,
  type VariantId,
} from '../model/index.ts';
import {
  HEAT_METRICS,
  SWEEP_AXES,
  aggregateCells,
  axisValues,
  defaultHeatLayout,
  heatmapsBy,
  planSweep,
  sweepCsv,
  sweepJson,
  type HeatLayout,
  type HeatMetric,
  type SweepAxis,
  type SweepPlan,
} from '../sweep/index.ts';
import { AXIS_LABEL } from './axes.ts';
import { DistributionPanel } from './Distribution.tsx';
import { downloadText } from '../views/download.ts';
import {
  DEFAULT_FORM,
  HOGS_PER_CPU_CHOICES,
  LOAD_NAMES,
  RX_CPU_CHOICES,
  loadsIgnored,
  specFromForm,
  type SweepForm,
} from './form.ts';
import { HEAT_LABEL } from './heatColor.ts';
import { HeatmapTable } from './Heatmap.tsx';
import { ProgressBar } from './ProgressBar.tsx';
import { usePoolBusy, useSweepRun } from './useSweepRun.ts';
import { LOAD_LEVELS } from '../model/index.ts';

function toInt(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

/** Most heatmaps drawn at once (the rest: put the axes with most values on rows and columns). */
const MAX_MAPS = 48;

function toggled<T>(list: readonly T[], v: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== v), v] : list.filter((x) => x !== v);
}

export function SweepSection() {
  const [form, setForm] = useState<SweepForm>(DEFAULT_FORM);
  const [ran, setRan] = useState<{ plan: SweepPlan; chosen: VariantId[] } | null>(null);
  const [metric, setMetric] = useState<HeatMetric>('ghosts');
  /** Rows and columns the user chose for the shown results (null: the sweep's default). */
  const [chosenLayout, setLayout] = useState<HeatLayout | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const { state, start, cancel } = useSweepRun();
  const busy = usePoolBusy();
  const id = useId();
  const set = <K extends keyof SweepForm>(k: K, v: SweepForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  const { spec, problems: formProblems } = useMemo(() => specFromForm(form), [form]);
  const { plan, problems } = useMemo(() => planSweep(spec), [spec]);
  const messages = [...formProblems, ...problems.map((p) => p.message)];
  const runnable = plan !== null && formProblems.length === 0;

  const run = () => {
    if (!plan || !runnable) return;
    setRan({ plan, chosen: [...spec.variants] });
    setSelected(null);
    setLayout(null);
    void start(plan.jobs);
  };

  const runs = state.runs;
  const cells = useMemo(() => (ran && runs ? aggregateCells(ran.plan, runs) : null), [ran, runs]);
  const layout = useMemo(
    () => chosenLayout ?? (ran ? defaultHeatLayout(ran.plan.spec) : null),
    [chosenLayout, ran],
  );
  const maps = useMemo(
    () => (ran && cells && layout ? heatmapsBy(ran.plan, cells, metric, layout) : []),
    [ran, cells, metric, layout],
  );
  const cutRuns = cells ? cells.reduce((n, c) => n + c.budgetCuts, 0) : 0;
  const varying = useMemo(
    () =>
      new Set<SweepAxis>(
        ran ? SWEEP_AXES.filter((a) => axisValues(ran.plan.spec, a).length > 1) : [],
      ),
    [ran],
  );
  /** Rows or columns onto the axis the other one has: the two swap. */
  const pickAxis = (which: 'rows' | 'cols', axis: SweepAxis) => {
    if (!layout) return;
    const other = which === 'rows' ? 'cols' : 'rows';
    const next = { ...layout, [which]: axis };
    if (layout[other] === axis) next[other] = layout[which];
    setLayout(next);
  };

  const toggleVariant = (v: VariantId, on: boolean) =>
    set('variants', toggled(form.variants, v, on));
  const toggleLoad = (n: (typeof LOAD_NAMES)[number], on: boolean) =>
    set('loadNames', toggled(form.loadNames, n, on));
  const cpus = spec.base.cpus ?? DEFAULT_SETTINGS.cpus;
  const baseRx = spec.base.rxCpus ?? DEFAULT_SETTINGS.rxCpus;
  const baseHogs = spec.base.hogs ?? DEFAULT_SETTINGS.hogs;

  return (
    <section className="sweep" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Sweep</h2>
      <form
        className="sweep-form"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-preset`}>Preset</label>
          <select
            id={`${id}-preset`}
            value={form.preset}
            onChange={(e) => set('preset', e.target.value)}
          >
            {Object.values(SCENARIOS).map((sc) => (
              <option key={sc.name} value={sc.name}>
                {sc.title}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>Variants</legend>
          {VARIANT_IDS.map((v) => (
            <label key={v} className="check">
              <input
                type="checkbox"
                checked={form.variants.includes(v)}
                onChange={(e) => toggleVariant(v, e.target.checked)}
              />
              {VARIANTS[v].title}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Loads</legend>
          {LOAD_NAMES.map((n) => (
            <label key={n} className="check">
              <input
                type="checkbox"
                checked={form.loadNames.includes(n)}
                onChange={(e) => toggleLoad(n, e.target.checked)}
              />
              {n} ({LOAD_LEVELS[n]})
            </label>
          ))}
          <label className="inline">
            and evenly spaced over 0..1:
            <input
              type="number"
              min={0}
              max={20}
              value={form.loadSteps}
              aria-label="Evenly spaced loads"
              onChange={(e) => set('loadSteps', toInt(e.target.value))}
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>Batch sizes</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={form.batchAuto}
              onChange={(e) => set('batchAuto', e.target.checked)}
            />
            auto
          </label>
          <label className="inline">
            list:
            <input
              type="text"
              value={form.batchList}
              aria-label="Batch sizes"
              placeholder="1, 4, 16"
              onChange={(e) => set('batchList', e.target.value)}
            />
          </label>
          <label className="inline">
            and evenly spaced up to the peers:
            <input
              type="number"
              min={0}
              max={20}
              value={form.batchSteps}
              aria-label="Evenly spaced batch sizes"
              onChange={(e) => set('batchSteps', toInt(e.target.value))}
            />
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-peers`}>Peer counts (optional)</label>
          <input
            id={`${id}-peers`}
            type="text"
            value={form.peerList}
            placeholder={`the preset's (${spec.base.peers ?? 1024})`}
            onChange={(e) => set('peerList', e.target.value)}
          />
        </div>
        <fieldset>
          <legend>Receive CPUs</legend>
          {RX_CPU_CHOICES.filter((n) => n <= cpus).map((n) => (
            <label key={n} className="check">
              <input
                type="checkbox"
                checked={form.rxCpus.includes(n)}
                onChange={(e) => set('rxCpus', toggled(form.rxCpus, n, e.target.checked))}
              />
              {n}
            </label>
          ))}
          <label className="inline">
            list:
            <input
              type="text"
              value={form.rxList}
              aria-label="Receive-CPU counts"
              placeholder={`1 to ${cpus}`}
              onChange={(e) => set('rxList', e.target.value)}
            />
          </label>
          <span className="hint">{`of ${cpus} CPUs; none ticked: the preset's ${baseRx}`}</span>
        </fieldset>
        <fieldset>
          <legend>CPU hogs</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={form.hogsFromLoad}
              onChange={(e) => set('hogsFromLoad', e.target.checked)}
            />
            from the load
          </label>
          {HOGS_PER_CPU_CHOICES.map((k) => (
            <label key={k} className="check">
              <input
                type="checkbox"
                checked={form.hogsPerCpu.includes(k)}
                onChange={(e) => set('hogsPerCpu', toggled(form.hogsPerCpu, k, e.target.checked))}
              />
              {k === 0 ? '0 (none)' : `${k * cpus} (${k} per CPU)`}
            </label>
          ))}
          <label className="inline">
            list:
            <input
              type="text"
              value={form.hogsList}
              aria-label="CPU hog counts"
              placeholder="8, 48"
              onChange={(e) => set('hogsList', e.target.value)}
            />
          </label>
          <span className="hint">
            {`none ticked: the preset's (${baseHogs < 0 ? 'from the load' : baseHogs})`}
          </span>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-seeds`}>Seeds per cell</label>
          <input
            id={`${id}-seeds`}
            type="number"
            min={1}
            max={200}
            value={Number.isNaN(form.seeds) ? '' : form.seeds}
            onChange={(e) => set('seeds', toInt(e.target.value))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-first`}>First seed</label>
          <input
            id={`${id}-first`}
            type="number"
            min={1}
            value={Number.isNaN(form.firstSeed) ? '' : form.firstSeed}
            onChange={(e) => set('firstSeed', toInt(e.target.value))}
          />
        </div>
        <div className="sweep-run">
          <button type="submit" className="primary" disabled={!runnable || busy}>
            Run sweep
          </button>
          <span className="plan-size" aria-live="polite">
            {plan
              ? `${formatCount(plan.cells.length)} cells, ${formatCount(plan.jobs.length)} runs` +
                (plan.skipped.length ? ` (${plan.skipped.length} cells skipped)` : '')
              : 'The sweep cannot run yet.'}
          </span>
        </div>
        {loadsIgnored(spec) && (
          <p className="hint sweep-note">
            A hog count other than &ldquo;from the load&rdquo; replaces the load&apos;s hogs: those
            cells repeat the same runs at every load.
          </p>
        )}
        {messages.length > 0 && (
          <ul className="sweep-problems" aria-label="Problems with the sweep">
            {messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </form>

      <ProgressBar
        label="Sweep progress"
        status={state.status}
        progress={state.progress}
        error={state.error}
        onCancel={cancel}
        onRetry={() => {
          if (ran) void start(ran.plan.jobs);
        }}
        retryDisabled={busy}
      />

      {ran && cells && state.status !== 'running' && (
        <div className="sweep-results">
          <div className="results-bar">
            <div className="field">
              <label htmlFor={`${id}-metric`}>Heatmap</label>
              <select
                id={`${id}-metric`}
                value={metric}
                onChange={(e) => setMetric(e.target.value as HeatMetric)}
              >
                {HEAT_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {HEAT_LABEL[m]}
                  </option>
                ))}
              </select>
            </div>
            {layout && (
              <>
                <div className="field">
                  <label htmlFor={`${id}-rows`}>Rows</label>
                  <select
                    id={`${id}-rows`}
                    value={layout.rows}
                    onChange={(e) => pickAxis('rows', e.target.value as SweepAxis)}
                  >
                    {SWEEP_AXES.map((a) => (
                      <option key={a} value={a}>
                        {AXIS_LABEL[a]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-cols`}>Columns</label>
                  <select
                    id={`${id}-cols`}
                    value={layout.cols}
                    onChange={(e) => pickAxis('cols', e.target.value as SweepAxis)}
                  >
                    {SWEEP_AXES.map((a) => (
                      <option key={a} value={a}>
                        {AXIS_LABEL[a]}
                      </option>
                    ))}
                  </select>
                </div>
              </>
            )}
            <button
              type="button"
              onClick={() =>
                downloadText('dcoscope-sweep.csv', sweepCsv(ran.plan, runs ?? []), 'text/csv')
              }
            >
              Export CSV
            </button>
            <button
              type="button"
              onClick={() =>
                downloadText(
                  'dcoscope-sweep.json',
                  sweepJson(ran.plan, runs ?? [], cells),
                  'application/json',
                )
              }
            >
              Export JSON
            </button>
          </div>
          <p className="hint">Choose a cell to see its seeds and open a run.</p>
          {cutRuns > 0 && (
            <p className="hint" role="status">
              {formatCount(cutRuns)} of {formatCount(ran.plan.jobs.length)} runs stopped by the
              event budget ({BUDGET_LIMIT_TEXT}): their counts are those of the run up to there.
            </p>
          )}
          {maps.length > MAX_MAPS && (
            <p className="hint" role="status">
              Showing the first {MAX_MAPS} of {formatCount(maps.length)} heatmaps: put the axes with
              the most values on the rows and columns.
            </p>
          )}
          <div className="heatmaps">
            {maps.slice(0, MAX_MAPS).map((m) => (
              <HeatmapTable
                key={m.fixed.map((f) => `${f.axis}=${f.value}`).join('|')}
                map={m}
                varying={varying}
                selected={selected}
                onSelect={setSelected}
              />
            ))}
          </div>
          {selected !== null && (
            <DistributionPanel
              key={selected}
              plan={ran.plan}
              runs={runs ?? []}
              cellIndex={selected}
              chosen={ran.chosen}
              initialMetric={metric === 'exits' ? 'exited' : metric}
            />
          )}
        </div>
      )}
    </section>
  );
}
