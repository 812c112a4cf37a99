/**
 * The sweep: the form (preset, variants, loads, batch sizes, peer counts, seeds), the engine's
 * validation messages, Run with progress and Cancel, then heatmaps, a cell's distribution over
 * seeds, and the exports.
 */
import { useId, useMemo, useState } from 'react';
import { SCENARIOS, VARIANTS, VARIANT_IDS, formatCount, type VariantId } from '../model/index.ts';
import {
  HEAT_METRICS,
  aggregateCells,
  heatmaps,
  planSweep,
  sweepCsv,
  sweepJson,
  type HeatMetric,
  type SweepPlan,
} from '../sweep/index.ts';
import { DistributionPanel } from './Distribution.tsx';
import { downloadText } from '../views/download.ts';
import { DEFAULT_FORM, LOAD_NAMES, specFromForm, type SweepForm } from './form.ts';
import { HEAT_LABEL } from './heatColor.ts';
import { HeatmapTable } from './Heatmap.tsx';
import { ProgressBar } from './ProgressBar.tsx';
import { usePoolBusy, useSweepRun } from './useSweepRun.ts';
import { LOAD_LEVELS } from '../model/index.ts';

function toInt(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

export function SweepSection() {
  const [form, setForm] = useState<SweepForm>(DEFAULT_FORM);
  const [ran, setRan] = useState<{ plan: SweepPlan; chosen: VariantId[] } | null>(null);
  const [metric, setMetric] = useState<HeatMetric>('ghosts');
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
    void start(plan.jobs);
  };

  const runs = state.runs;
  const cells = useMemo(() => (ran && runs ? aggregateCells(ran.plan, runs) : null), [ran, runs]);
  const maps = useMemo(
    () => (ran && cells ? heatmaps(ran.plan, cells, metric) : []),
    [ran, cells, metric],
  );

  const toggleVariant = (v: VariantId, on: boolean) =>
    set('variants', on ? [...form.variants, v] : form.variants.filter((x) => x !== v));
  const toggleLoad = (n: (typeof LOAD_NAMES)[number], on: boolean) =>
    set('loadNames', on ? [...form.loadNames, n] : form.loadNames.filter((x) => x !== n));

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
          <div className="heatmaps">
            {maps.map((m) => (
              <HeatmapTable
                key={`${m.variant}-${m.peers}`}
                map={m}
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
