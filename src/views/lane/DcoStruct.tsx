/**
 * dco_context_t as a C struct: the single slot (type, peer id, reason), status, __is_locked and
 * the VALID callback. When the step overwrites or wipes the slot, the old value is struck out
 * as the new one lands (animated), or shown as a static "before -> after" with reduced motion.
 */
import { useId, type ReactNode } from 'react';
import { VARIANTS } from '../../model/index.ts';
import type { LaneView } from '../../protocol/view.ts';
import { callbackLabel, callbackTone } from './readerModel.ts';
import { slotChange, type SlotChange } from './slotChange.ts';

interface Row {
  type: string;
  name: string;
  value: ReactNode;
  /** A note after the value: "// taken", "// not in this version". */
  note?: string;
  changed?: boolean;
  absent?: boolean;
}

function statusNote(s: number): string {
  if (s === 1) return 'waiting for a reply';
  if (s === 0) return 'done';
  return 'negative errno: the request failed';
}

function Lost({
  change,
  reducedMotion,
  now,
}: {
  change: SlotChange;
  reducedMotion: boolean;
  now: ReactNode;
}) {
  const cls = change.kind === 'wiped' ? 'is-wiped' : 'is-overwritten';
  return (
    <span key={change.i} className={`v-slot-change ${cls}${reducedMotion ? ' is-static' : ''}`}>
      <span className="v-sr-only">was </span>
      <s className="v-old">{change.lost}</s>
      <span className="v-sr-only">, now </span>
      {reducedMotion ? ' \u2192 ' : ' '}
      <span className="v-new">{now}</span>
    </span>
  );
}

export function DcoStruct({
  view,
  previous,
  reducedMotion,
}: {
  view: LaneView;
  previous?: LaneView | null;
  reducedMotion: boolean;
}) {
  const headingId = useId();
  const v = VARIANTS[view.variant];
  const slot = view.slot;
  const r = view.reader;
  const change = slotChange(view.events);
  const prev = previous && previous.lane === view.lane ? previous : null;
  const typeText = slot.type ? v.delCommand : '0';
  const peerText = String(slot.peer);
  const lost = change && change.lost !== null ? change : null;
  const peerValue = lost ? (
    <Lost change={lost} reducedMotion={reducedMotion} now={peerText} />
  ) : (
    <span key={change?.i ?? 'same'} className={change ? 'v-landed' : undefined}>
      {peerText}
    </span>
  );
  const rows: Row[] = [
    {
      type: 'int',
      name: 'dco_message_type',
      value: typeText,
      changed: !!prev && (prev.slot.type ?? null) !== (slot.type ?? null),
    },
    {
      type: 'int',
      name: 'dco_message_peer_id',
      value: peerValue,
      note: slot.type && slot.consumed ? 'processed' : slot.type ? 'not processed yet' : undefined,
      changed: !!prev && prev.slot.peer !== slot.peer,
    },
    {
      type: 'int',
      name: 'dco_del_peer_reason',
      value: slot.reason ?? '-1',
      changed: !!prev && prev.slot.reason !== slot.reason,
    },
    {
      type: 'int',
      name: 'status',
      value: String(r.status),
      note: statusNote(r.status),
      changed: !!prev && prev.reader.status !== r.status,
    },
    v.lock
      ? {
          type: 'bool',
          name: '__is_locked',
          value: String(r.locked),
          note: r.locked ? 'libnl is parsing: stats requests return early' : undefined,
          changed: !!prev && prev.reader.locked !== r.locked,
        }
      : { type: 'bool', name: '__is_locked', value: '', note: 'not in this version', absent: true },
  ];
  const cbTone = callbackTone(r.validCb);
  return (
    <section className="v-panel v-struct" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <code>dco_context_t</code>
      </h3>
      <div className="v-struct-code" role="group" aria-label="dco_context_t fields">
        <div className="v-struct-line">
          <code>struct dco_context_t {'{'}</code>
        </div>
        {rows.map((row) => (
          <div
            key={row.name}
            className={`v-struct-line v-field${row.changed && !reducedMotion ? ' is-changed' : ''}${row.absent ? ' is-absent' : ''}`}
          >
            <code className="v-field-decl">
              {'  '}
              {row.type} {row.name};
            </code>
            {!row.absent && (
              <span className="v-field-value">
                = <strong>{row.value}</strong>
              </span>
            )}
            {row.note && <span className="v-field-note">{`// ${row.note}`}</span>}
          </div>
        ))}
        <div className="v-struct-line v-field">
          <code className="v-field-decl">{'  '}nl_cb VALID;</code>
          <span className="v-field-value">
            = <strong className={`v-cb is-${cbTone}`}>{callbackLabel(r.validCb)}</strong>
          </span>
          <span className="v-field-note">// libnl callback, in nl_cb</span>
        </div>
        <div className="v-struct-line">
          <code>{'};'}</code>
        </div>
      </div>
      {change && (change.kind === 'overwritten' || change.kind === 'wiped') && (
        <p className="v-struct-event is-bad" role="note">
          {change.kind === 'overwritten'
            ? `Overwritten: the DEL_PEER for peer ${change.lost} was never processed; instance ${change.lost} is a ghost.`
            : `Reset: the unprocessed DEL_PEER for peer ${change.lost} is wiped; instance ${change.lost} is a ghost.`}
        </p>
      )}
      {reducedMotion && prev && <SlotBeforeAfter before={prev} after={view} />}
    </section>
  );
}

function SlotBeforeAfter({ before, after }: { before: LaneView; after: LaneView }) {
  const b = before.slot;
  const a = after.slot;
  if (b.type === a.type && b.peer === a.peer && b.reason === a.reason) return null;
  return (
    <p className="v-before-after">
      slot before: {b.type ?? '0'} peer {b.peer} → after: {a.type ?? '0'} peer {a.peer}
    </p>
  );
}
