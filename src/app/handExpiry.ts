/**
 * Peers expired by hand: the settings change that expires a kernel peer at the moment the page
 * shows (the `expire` setting, which links carry). Pure, so the wording and the list are tested
 * in Node; the provider re-runs the pair at the same simulated time.
 */
import { formatExpire, formatSeconds, parseExpire, type HandExpiry } from '../model/index.ts';
import type { Draft } from '../store/settingsDraft.ts';

/** The hand expiries a draft holds (none when its text does not parse). */
export function handExpiries(draft: Draft): HandExpiry[] {
  const list = parseExpire(draft.expire, draft.peers);
  return typeof list === 'string' ? [] : list;
}

/** The `expire` text with `peer` expiring at `atUs` added (kept canonical: sorted, no repeats). */
export function withExpiry(draft: Draft, peer: number, atUs: number): string {
  const list = [...handExpiries(draft), { peer, atUs: Math.max(0, Math.round(atUs)) }];
  const canonical = parseExpire(formatExpire(list), draft.peers);
  return typeof canonical === 'string' ? draft.expire : formatExpire(canonical);
}

/** "peer 2 at 20.000 s, peer 4 at 31.250 s". */
export function expiryText(list: readonly HandExpiry[]): string {
  return list.map((e) => `peer ${e.peer} at ${formatSeconds(e.atUs)}`).join(', ');
}
