/**
 * One heatmap: one axis down, another across (loads x batch sizes unless the user picks others),
 * the remaining axes fixed and named in the caption; each cell a button coloured by its value
 * (a d3 quantize scale onto CSS classes, so no inline styles). The table is the accessible form:
 * headers name the values along both axes, each button says its value, and data attributes tag
 * every cell with all its axes' values.
 */
import type { Heatmap } from '../sweep/aggregate.ts';
import { SWEEP_AXES, type SweepAxis } from '../sweep/grid.ts';
import { AXIS_DATA, AXIS_SHORT, axisHeader, axisPhrase } from './axes.ts';
import { HEAT_LABEL, HEAT_STEPS, heatStepScale, heatText } from './heatColor.ts';

/** The fixed axes a caption names: the variant and peer count always, others when swept. */
function captionParts(map: Heatmap, varying: ReadonlySet<SweepAxis>): string[] {
  return map.fixed
    .filter((f) => f.axis === 'variant' || f.axis === 'peers' || varying.has(f.axis))
    .map((f) => axisPhrase(f.axis, f.value));
}

export function HeatmapTable({
  map,
  varying,
  selected,
  onSelect,
}: {
  map: Heatmap;
  /** Axes with more than one value in the sweep. */
  varying: ReadonlySet<SweepAxis>;
  selected: number | null;
  onSelect: (cellIndex: number) => void;
}) {
  const step = heatStepScale(map.metric, map.min, map.max);
  const label = HEAT_LABEL[map.metric];
  const { rowAxis, colAxis } = map;
  const figureData: Record<string, string> = {};
  for (const f of map.fixed) figureData[AXIS_DATA[f.axis]] = String(f.value);
  return (
    <figure className="heatmap" {...figureData}>
      <table>
        <caption>{[...captionParts(map, varying), label].join(' · ')}</caption>
        <thead>
          <tr>
            <th scope="col">
              {AXIS_SHORT[rowAxis]} \ {AXIS_SHORT[colAxis]}
            </th>
            {map.cols.map((c) => (
              <th scope="col" key={String(c)}>
                {axisHeader(colAxis, c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.rows.map((rv, r) => (
            <tr key={String(rv)}>
              <th scope="row">{axisHeader(rowAxis, rv)}</th>
              {map.cols.map((cv, c) => {
                const ci = map.cellIndex[r]![c]!;
                const v = map.values[r]![c]!;
                if (ci === null) {
                  return (
                    <td key={String(cv)} className="heat-skipped">
                      <span aria-label="skipped: batch larger than the peer count">×</span>
                    </td>
                  );
                }
                const k = v === null ? -1 : step(v);
                const data: Record<string, string> = { ...figureData };
                data[AXIS_DATA[rowAxis]] = String(rv);
                data[AXIS_DATA[colAxis]] = String(cv);
                // every axis, in one order, whatever the layout
                const cellData = Object.fromEntries(
                  SWEEP_AXES.map((a) => [AXIS_DATA[a], data[AXIS_DATA[a]]!]),
                );
                return (
                  <td key={String(cv)}>
                    <button
                      type="button"
                      className={`heat-cell heat-${k < 0 ? 'none' : k}`}
                      data-cell={ci}
                      {...cellData}
                      data-value={v ?? ''}
                      aria-pressed={selected === ci}
                      aria-label={`${axisPhrase(rowAxis, rv)}, ${axisPhrase(colAxis, cv)}: ${label} ${heatText(map.metric, v)}`}
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
