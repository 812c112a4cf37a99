/** multi_context: instances by peer id (ghosts hatched), the max-clients gauge, refusals. */
import { useId } from 'react';
import { formatCount } from '../../model/index.ts';
import { INST, type LaneView } from '../../protocol/view.ts';
import { CellGrid } from '../grid/CellGrid.tsx';
import { countCodes } from '../grid/gridLayout.ts';
import { INST_STYLES } from '../grid/palettes.ts';

export function multiSummary(view: LaneView): string {
  const counts = countCodes(view.multi.instances);
  const ghosts = counts.get(INST.ghost) ?? 0;
  const { hashCount, maxClients } = view.multi;
  let s = `${formatCount(hashCount)} of ${formatCount(maxClients)} client slots used`;
  if (ghosts > 0) s += `, ${formatCount(ghosts)} by ghosts (instances whose kernel peer is gone)`;
  s += '.';
  if (hashCount >= maxClients) s += ' Full: new clients are refused.';
  return s;
}

export function MultiContext({
  view,
  highlight,
}: {
  view: LaneView;
  highlight?: readonly number[];
}) {
  const headingId = useId();
  const { hashCount, maxClients } = view.multi;
  const fill = maxClients > 0 ? Math.min(1, hashCount / maxClients) : 0;
  const full = hashCount >= maxClients;
  const ghosts = countCodes(view.multi.instances).get(INST.ghost) ?? 0;
  const ghostFill = maxClients > 0 ? Math.min(fill, ghosts / maxClients) : 0;
  const refused = view.summary.refused;
  return (
    <section className="v-panel v-multi" aria-labelledby={headingId}>
      <h3 id={headingId}>
        multi_context <span className="v-sub">instances by peer id</span>
      </h3>
      <CellGrid
        cells={view.multi.instances}
        styles={INST_STYLES}
        label="OpenVPN instances by peer id"
        summary={multiSummary(view)}
        noun="instance"
        highlight={highlight}
      />
      <div className="v-gauge-row">
        <svg
          className={`v-gauge${full ? ' is-full' : ''}`}
          viewBox="0 0 100 8"
          preserveAspectRatio="none"
          role="meter"
          aria-label="Instances against max-clients"
          aria-valuemin={0}
          aria-valuemax={maxClients}
          aria-valuenow={hashCount}
          aria-valuetext={`${formatCount(hashCount)} of ${formatCount(maxClients)}`}
        >
          <rect className="v-gauge-track" width="100" height="8" />
          <rect className="v-gauge-fill" width={fill * 100} height="8" />
          <rect className="v-gauge-ghosts" width={ghostFill * 100} height="8" />
        </svg>
        <span className="v-gauge-text">
          {formatCount(hashCount)} / {formatCount(maxClients)} max-clients
        </span>
      </div>
      <p className={`v-flags`}>
        {full && <span className="v-flag is-bad">hash full</span>}
        <span className={`v-flag${refused > 0 ? ' is-bad' : ''}`}>
          refused {formatCount(refused)}
        </span>
        {ghosts > 0 && <span className="v-flag is-ghost">ghosts {formatCount(ghosts)}</span>}
      </p>
    </section>
  );
}
