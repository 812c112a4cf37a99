import { memo } from 'react';
import type { RunSummary } from '../model/index.ts';
import { COUNTER_ROWS } from './counterRows.ts';

interface Props {
  caption: string;
  lanes: readonly { lane: number; summary: RunSummary }[];
}

/** Every lane's counts side by side: one row per counter, one column per lane. */
export const CountersTable = memo(function CountersTable({ caption, lanes }: Props) {
  return (
    <table className="counters">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Counter</th>
          {lanes.map((l) => (
            <th scope="col" key={l.lane} data-lane={l.lane}>
              {l.summary.variant}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {COUNTER_ROWS.map((row) => {
          const cells = lanes.map((l) => ({ lane: l.lane, text: row.value(l.summary) }));
          const differs = cells.some((c) => c.text !== cells[0]?.text);
          return (
            <tr key={row.key} data-key={row.key} className={differs ? 'differs' : undefined}>
              <th scope="row">{row.label}</th>
              {cells.map((c) => (
                <td key={c.lane} data-lane={c.lane}>
                  {c.text}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});
