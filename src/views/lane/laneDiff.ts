/**
 * The before/after view for reduced motion: what changed between two lane views, in words.
 */
import { INST, PEER, type LaneView } from '../../protocol/view.ts';
import { fmtBytes, fmtInt } from '../format.ts';

const PEER_NAME: Record<number, string> = {
  [PEER.none]: 'gone',
  [PEER.alive]: 'alive',
  [PEER.armed]: 'timer armed',
  [PEER.deleting]: 'deleted, notifying',
};
const INST_NAME: Record<number, string> = {
  [INST.free]: 'free',
  [INST.halfOpen]: 'half-open',
  [INST.connected]: 'connected',
  [INST.closing]: 'kernel peer gone',
  [INST.ghost]: 'ghost',
};

/** Cells that changed, grouped by (before, after): "peers 3, 4: alive → timer armed". */
export function cellChanges(
  before: Uint8Array,
  after: Uint8Array,
  noun: [string, string],
  names: Record<number, string>,
  maxIds = 5,
): string[] {
  const groups = new Map<string, number[]>();
  const n = Math.min(before.length, after.length);
  for (let i = 0; i < n; i++) {
    if (before[i] === after[i]) continue;
    const key = `${before[i]}>${after[i]}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const out: string[] = [];
  for (const [key, ids] of groups) {
    const [a, b] = key.split('>').map(Number) as [number, number];
    const who =
      ids.length <= maxIds
        ? `${ids.length === 1 ? noun[0] : noun[1]} ${ids.join(', ')}`
        : `${fmtInt(ids.length)} ${noun[1]}`;
    out.push(`${who}: ${names[a] ?? a} → ${names[b] ?? b}`);
  }
  return out;
}

function change<T>(out: string[], label: string, a: T, b: T, show: (v: T) => string = String) {
  if (a !== b) out.push(`${label}: ${show(a)} → ${show(b)}`);
}

export function diffLanes(before: LaneView | null | undefined, after: LaneView): string[] {
  if (!before || before.lane !== after.lane || before.variant !== after.variant) return [];
  const out: string[] = [];
  change(out, 'kernel peers', before.kernel.peerCount, after.kernel.peerCount, fmtInt);
  out.push(...cellChanges(before.kernel.peers, after.kernel.peers, ['peer', 'peers'], PEER_NAME));
  const sb = before.socket;
  const sa = after.socket;
  if (sb.total !== sa.total || sb.rmem !== sa.rmem)
    out.push(
      `socket queue: ${fmtInt(sb.total)} → ${fmtInt(sa.total)} datagrams (${fmtBytes(sb.rmem)} → ${fmtBytes(sa.rmem)})`,
    );
  change(out, 'congested', sb.congested, sa.congested);
  change(out, 'pending socket error', sb.error ?? 'none', sa.error ?? 'none');
  const rb = before.reader;
  const ra = after.reader;
  change(out, 'VALID callback', rb.validCb ?? 'NULL', ra.validCb ?? 'NULL');
  change(out, 'dco->status', rb.status, ra.status);
  change(out, '__is_locked', rb.locked, ra.locked);
  change(out, 'read depth', rb.depth, ra.depth);
  const top = (v: LaneView) => v.reader.stack[v.reader.stack.length - 1]?.fn ?? '(epoll)';
  if (rb.stack.length !== ra.stack.length || top(before) !== top(after))
    out.push(
      `call stack: ${rb.stack.length} → ${ra.stack.length} frames, top ${top(before)} → ${top(after)}`,
    );
  const fb = before.slot;
  const fa = after.slot;
  change(out, 'dco_message_type', fb.type ?? '0', fa.type ?? '0');
  change(out, 'dco_message_peer_id', fb.peer, fa.peer);
  change(out, 'dco_del_peer_reason', fb.reason ?? '-', fa.reason ?? '-');
  out.push(
    ...cellChanges(
      before.multi.instances,
      after.multi.instances,
      ['instance', 'instances'],
      INST_NAME,
    ),
  );
  change(out, 'instances in the hash', before.multi.hashCount, after.multi.hashCount, fmtInt);
  change(out, 'refused', before.summary.refused, after.summary.refused, fmtInt);
  return out;
}
