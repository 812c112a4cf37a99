/**
 * What the step that led to a position changed, told from that step's trace events alone
 * (`LaneView.events`) and the state they led to, never from whatever view was shown before:
 * the page is a pure function of the position, so stepping back shows exactly what stepping
 * forward showed. Used for the reduced-motion "before → after" list and the struct highlights.
 */
import { formatCount, type TraceEvent } from '../../model/index.ts';
import { INST, PEER, type LaneView } from '../../protocol/view.ts';

export const PEER_NAME: Record<number, string> = {
  [PEER.none]: 'gone',
  [PEER.alive]: 'alive',
  [PEER.armed]: 'timer armed',
  [PEER.deleting]: 'expired, DEL_PEER to send',
};
export const INST_NAME: Record<number, string> = {
  [INST.free]: 'free',
  [INST.halfOpen]: 'half-open',
  [INST.connected]: 'connected',
  [INST.closing]: 'kernel peer gone',
  [INST.ghost]: 'ghost',
};

/** dco_context_t fields the step wrote (to highlight), by their C names. */
export type StructField =
  'dco_message_type' | 'dco_message_peer_id' | 'dco_del_peer_reason' | 'status' | 'VALID';

export function writtenFields(events: readonly TraceEvent[]): ReadonlySet<StructField> {
  const out = new Set<StructField>();
  for (const e of events) {
    if ((e.what === 'read' && e.dgKind === 'del') || e.what === 'slot_reset') {
      for (const f of (e.field ?? '').split(',')) {
        if (f === 'dco_message_type' || f === 'dco_message_peer_id' || f === 'dco_del_peer_reason')
          out.add(f);
      }
    }
    if (e.what === 'request') {
      out.add('status');
      if (e.cb !== undefined) out.add('VALID');
    }
    if (
      e.what === 'read' &&
      (e.outcome === 'finished' || e.outcome === 'acked' || e.outcome === 'error')
    )
      out.add('status');
    if (e.what === 'cb_install') out.add('VALID');
  }
  return out;
}

/** "instances 3, 4 → ghost" (ids grouped by the state they are in now). */
function grouped(
  ids: readonly number[],
  cells: Uint8Array,
  noun: [string, string],
  names: Record<number, string>,
  maxIds = 5,
): string[] {
  const groups = new Map<number, number[]>();
  for (const id of new Set(ids)) {
    if (id < 0 || id >= cells.length) continue;
    const code = cells[id]!;
    let g = groups.get(code);
    if (!g) groups.set(code, (g = []));
    g.push(id);
  }
  const out: string[] = [];
  for (const [code, g] of groups) {
    const who =
      g.length <= maxIds
        ? `${g.length === 1 ? noun[0] : noun[1]} ${g.join(', ')}`
        : `${formatCount(g.length)} ${noun[1]}`;
    out.push(`${who}: now ${names[code] ?? code}`);
  }
  return out;
}

/**
 * The step's changes in words, "before → after" wherever the events carry the before (an
 * overwritten or wiped peer id, the callback replaced, the queue's length), else the value the
 * step wrote.
 */
export function stepChanges(view: LaneView): string[] {
  const out: string[] = [];
  const push = (s: string) => {
    if (!out.includes(s)) out.push(s);
  };
  const events = view.events;
  let queued = 0;
  let read = 0;
  let refused = 0;
  const kernelPeers: number[] = [];
  const instances: number[] = [];
  for (const e of events) {
    switch (e.what) {
      case 'k_expire':
        push(`kernel: keepalive timeout for ${formatCount(e.n ?? 0)} peers`);
        break;
      case 'k_notify':
        if (e.peer !== undefined) kernelPeers.push(e.peer);
        if (e.outcome === 'queued') queued++;
        else push(`DEL_PEER for peer ${e.peer} dropped: pending socket error → ENOBUFS`);
        break;
      case 'k_dump_part':
        queued++;
        break;
      case 'cb_install':
        push(`VALID callback: ${e.field ?? 'NULL'} → ${e.cb ?? 'NULL'}`);
        break;
      case 'request':
        push(`dco->status → 1 (${e.cmd} request #${e.n})`);
        if (e.cb !== undefined) push(`VALID callback → ${e.cb ?? 'NULL'}`);
        break;
      case 'read':
        read++;
        if (e.dgKind === 'del' && e.peer !== undefined) instances.push(e.peer);
        if (e.outcome === 'overwritten') {
          push(
            `dco_message_peer_id: ${e.prevPeer} → ${e.peer} (the DEL_PEER for peer ${e.prevPeer} is lost)`,
          );
          if (e.prevPeer !== undefined) instances.push(e.prevPeer);
        } else if (e.outcome === 'stored') {
          push(`dco_message_type → DEL_PEER, dco_message_peer_id → ${e.peer} (${e.reason})`);
        } else if (e.outcome === 'swallowed') {
          push(`DEL_PEER for peer ${e.peer} swallowed by ${e.cb ?? 'NULL'}`);
        } else if (e.outcome === 'finished' || e.outcome === 'acked') {
          push('dco->status → 0');
        } else if (e.outcome === 'error') {
          push(`dco->status → negative errno (${e.err})`);
        }
        break;
      case 'read_error':
        push(`recvmsgs returns -${e.err}`);
        break;
      case 'slot_reset':
        push(
          `dco_message_type: DEL_PEER → 0, dco_message_peer_id: ${e.peer} → -1` +
            (e.outcome === 'wiped' ? ` (the unprocessed DEL_PEER for peer ${e.peer} is lost)` : ''),
        );
        if (e.peer !== undefined && e.outcome === 'wiped') instances.push(e.peer);
        break;
      case 'slot_take':
        push(`DEL_PEER for peer ${e.peer} taken from the slot: processed`);
        if (e.peer !== undefined) instances.push(e.peer);
        break;
      case 'close':
      case 'create':
      case 'established':
      case 'reap':
      case 'del_ignored':
        if (e.peer !== undefined) instances.push(e.peer);
        break;
      case 'refuse':
        refused++;
        break;
      case 'exit':
        push(`OpenVPN exits (${e.err})`);
        break;
      default:
        break;
    }
  }
  const total = view.socket.total;
  const before = total - queued + read;
  if ((queued > 0 || read > 0) && before >= 0 && before !== total)
    push(`socket queue: ${formatCount(before)} → ${formatCount(total)} datagrams`);
  if (refused > 0) {
    const now = view.summary.refused;
    push(`refused: ${formatCount(Math.max(0, now - refused))} → ${formatCount(now)}`);
  }
  out.push(...grouped(kernelPeers, view.kernel.peers, ['kernel peer', 'kernel peers'], PEER_NAME));
  out.push(...grouped(instances, view.multi.instances, ['instance', 'instances'], INST_NAME));
  return out;
}
