/**
 * Which datagram the byte view shows: one small store shared by the places that select a
 * datagram (the socket queue, the reader, the event log) and the panel that shows it.
 */
import { useSyncExternalStore } from 'react';
import type { Datagram, WireRequest } from '../../model/index.ts';

export interface BytesSelection {
  /** The lane whose datagram this is (its kernel flavour picks the netlink family). */
  lane: number;
  dg: Datagram;
  /** Requests known where it was selected, for an ACK's or error's echo. */
  requests?: ReadonlyMap<number, WireRequest>;
  /** Where it was selected, in words ("socket queue", "event log"...). */
  source: string;
  /** Bumped on every selection, so selecting the same datagram again refocuses the panel. */
  serial: number;
}

let current: BytesSelection | null = null;
let serial = 0;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

export function showBytes(sel: Omit<BytesSelection, 'serial'>): void {
  current = { ...sel, serial: ++serial };
  emit();
}

export function closeBytes(): void {
  current = null;
  emit();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useBytesSelection(): BytesSelection | null {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => null,
  );
}
