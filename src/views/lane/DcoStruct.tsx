/**
 * dco_context_t as a C struct: the single slot (type, peer id, reason), status, __is_locked and
 * the VALID callback. When the step overwrites or wipes the slot, the old value is struck out
 * as the new one lands (animated), or shown as a static "before -> after" with reduced motion.
 * Both come from the step's own trace events (LaneView.events), never from a view shown before.
 */
import { useId, type ReactNode } from 'react';
import { VARIANTS } from '../../model/index.ts';
import type { LaneView } from '../../protocol/view.ts';
import { callbackLabel, callbackTone } from './readerModel.ts';
import { slotChange, type SlotChange } from './slotChange.ts';
import { writtenFields } from './stepChanges.ts';

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

export function DcoStruct({ view, reducedMotion }: { view: LaneView; reducedMotion: boolean }) {
  const headingId = useId();
  const v = VARIANTS[view.variant];
  const slot = view.slot;
  const r = view.reader;
  const change = slotChange(view.events);
  const written = writtenFields(view.events);
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
      changed: written.has('dco_message_type'),
    },
    {
      type: 'int',
      name: 'dco_message_peer_id',
      value: peerValue,
      note: slot.type && slot.consumed ? 'processed' : slot.type ? 'not processed yet' : undefined,
      changed: written.has('dco_message_peer_id'),
    },
    {
      type: 'int',
      name: 'dco_del_peer_reason',
      value: slot.reason ?? '-1',
      changed: written.has('dco_del_peer_reason'),
    },
    {
      type: 'int',
      name: 'status',
      value: String(r.status),
      note: statusNote(r.status),
      changed: written.has('status'),
    },
    v.lock
      ? {
          type: 'bool',
          name: '__is_locked',
          value: String(r.locked),
          note: r.locked ? 'libnl is parsing: stats requests return early' : undefined,
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
                ={'\u00a0'}
                <strong>{row.value}</strong>
              </span>
            )}
            {row.note && <span className="v-field-note">{`// ${row.note}`}</span>}
          </div>
        ))}
        <div
          className={`v-struct-line v-field${written.has('VALID') && !reducedMotion ? ' is-changed' : ''}`}
        >
          <code className="v-field-decl">{'  '}nl_cb VALID;</code>
          <span className="v-field-value">
            ={'\u00a0'}
            <strong className={`v-cb is-${cbTone}`}>{callbackLabel(r.validCb)}</strong>
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
      {reducedMotion && change && <SlotBeforeAfter change={change} after={view} />}
    </section>
  );
}

/** The slot before and after the step, as far as the step's events tell the before. */
function SlotBeforeAfter({ change, after }: { change: SlotChange; after: LaneView }) {
  const a = after.slot;
  const now = `${a.type ?? '0'} peer ${a.peer}`;
  let text: string;
  switch (change.kind) {
    case 'overwritten':
      text = `slot before: DEL_PEER peer ${change.lost} (not processed) → after: ${now}`;
      break;
    case 'wiped':
      text = `slot before: DEL_PEER peer ${change.lost} (not processed) → after: ${now}`;
      break;
    case 'stored':
      text = `slot after: ${now} (stored in this step)`;
      break;
    case 'taken':
      text = `slot: ${now}, taken and processed in this step`;
      break;
    case 'reset':
      text = `slot before: a processed DEL_PEER → after: ${now}`;
      break;
  }
  return <p className="v-before-after">{text}</p>;
}
