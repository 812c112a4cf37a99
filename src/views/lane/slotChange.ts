/**
 * What the step did to the single slot of dco_context_t (dco_message_type, _peer_id,
 * _del_peer_reason), so DcoStruct can strike the old value out as the new one lands.
 */
import type { TraceEvent } from '../../model/index.ts';

export type SlotChangeKind = 'stored' | 'overwritten' | 'wiped' | 'reset' | 'taken';

export interface SlotChange {
  kind: SlotChangeKind;
  /** Step index of the event (a key that replays the animation on every new change). */
  i: number;
  /** The peer id now in the slot (-1 after a reset). */
  peer: number;
  /** The peer id struck out: the overwritten or wiped one. */
  lost: number | null;
}

/** The last change the step made to the slot, or null. */
export function slotChange(events: readonly TraceEvent[]): SlotChange | null {
  for (let k = events.length - 1; k >= 0; k--) {
    const e = events[k]!;
    if (e.what === 'read' && e.dgKind === 'del' && e.cb === 'ovpn_handle_msg') {
      if (e.outcome === 'overwritten')
        return { kind: 'overwritten', i: e.i, peer: e.peer ?? -1, lost: e.prevPeer ?? null };
      if (e.outcome === 'stored') return { kind: 'stored', i: e.i, peer: e.peer ?? -1, lost: null };
    }
    if (e.what === 'slot_reset')
      return e.outcome === 'wiped'
        ? { kind: 'wiped', i: e.i, peer: -1, lost: e.peer ?? null }
        : { kind: 'reset', i: e.i, peer: -1, lost: null };
    if (e.what === 'slot_take') return { kind: 'taken', i: e.i, peer: e.peer ?? -1, lost: null };
  }
  return null;
}
