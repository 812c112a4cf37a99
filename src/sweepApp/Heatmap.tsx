/**
 * One heatmap (a variant at one peer count): loads down, batch sizes across, each cell a button
 * coloured by its value (a d3 quantize scale onto CSS classes, so no inline styles). The table
 * is the accessible form: headers name the load and batch size, each button says its value.
 */
import { loadName } from '../model/index.ts';
import type { Heatmap } from '../sweep/aggregate.ts';
import { HEAT_LABEL, HEAT_STEPS, heatStepScale, heatText } from './heatColor.ts';

export function loadLabel(load: number): string {
  const name = loadName(load);
  return name === String(load) ? String(load) : `${name} (${load})`;
}

export function HeatmapTable({
  map,
  selected,
  onSelect,
}: {
  map: Heatmap;
  selected: number | null;
  onSelect: (cellIndex: number) => void;
}) {
  const step = heatStepScale(map.metric, map.min, map.max);
  const label = HEAT_LABEL[map.metric];
  return (
    <figure className="heatmap" data-variant={map.variant} data-peers={map.peers}>
      <table>
        <caption>
          {map.variant} · {map.peers} peers · {label}
        </caption>
        <thead>
          <tr>
            <th scope="col">load \ batch</th>
            {map.batches.map((b) => (
              <th scope="col" key={String(b)}>
                {b}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.loads.map((load, r) => (
            <tr key={load}>
              <th scope="row">{loadLabel(load)}</th>
              {map.batches.map((b, c) => {
                const ci = map.cellIndex[r]![c]!;
                const v = map.values[r]![c]!;
                if (ci === null) {
                  return (
                    <td key={String(b)} className="heat-skipped">
                      <span aria-label="skipped: batch larger than the peer count">×</span>
                    </td>
                  );
                }
                const k = v === null ? -1 : step(v);
                return (
                  <td key={String(b)}>
                    <button
                      type="button"
                      className={`heat-cell heat-${k < 0 ? 'none' : k}`}
                      data-cell={ci}
                      data-load={load}
                      data-batch={b}
                      data-value={v ?? ''}
                      aria-pressed={selected === ci}
                      aria-label={`load ${loadLabel(load)}, batch ${b}: ${label} ${heatText(map.metric, v)}`}
                      onClick={() => onSelect(ci)}
                    >
                      {heatText(map.metric, v)}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption className="heat-legend">
        <span>{heatText(map.metric, map.metric === 'exits' ? 0 : Math.min(0, map.min))}</span>
        {Array.from({ length: HEAT_STEPS }, (_, i) => (
          <span key={i} className={`heat-swatch heat-${i}`} aria-hidden="true" />
        ))}
        <span>{heatText(map.metric, map.metric === 'exits' ? 1 : map.max)}</span>
      </figcaption>
    </figure>
  );
}
