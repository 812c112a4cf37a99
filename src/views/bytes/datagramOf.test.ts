import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../model/index.ts';
import { datagramFromEvents, datagramFromQueued, requestsFromEvents } from './datagramOf.ts';
import { hexRows, initialExpanded, visibleRows } from './byteTree.ts';

const ev = (i: number, e: Partial<TraceEvent>): TraceEvent => ({
  i,
  t: i,
  actor: 'kernel',
  fn: 'f',
  what: 'info' as TraceEvent['what'],
  outcome: 'info',
  rmem: 0,
  ...e,
});

describe('the datagram behind an event', () => {
  const events: TraceEvent[] = [
    ev(0, { what: 'request', actor: 'openvpn', cmd: 'GET_PEER_DUMP', n: 5 }),
    ev(1, { what: 'k_dump_part', dg: 10, dgKind: 'dump', n: 3 }),
    ev(2, { what: 'k_dump_part', dg: 11, dgKind: 'dump', n: 2 }),
    ev(3, { what: 'read', actor: 'libnl', dg: 11, dgKind: 'dump', n: 2 }),
    ev(4, { what: 'k_notify', dg: 12, dgKind: 'del', peer: 7, reason: 'USERSPACE' }),
    ev(5, { what: 'request', actor: 'openvpn', cmd: 'SET_PEER', n: 6, peer: 4 }),
    ev(6, { what: 'read', actor: 'libnl', dg: 13, dgKind: 'error', err: 'NLE_OBJ_NOTFOUND' }),
  ];
  it('a dump part answers the latest request and starts after the parts before it', () => {
    expect(datagramFromEvents(events, 3)).toMatchObject({
      kind: 'dump',
      id: 11,
      req: 5,
      entries: 2,
      first: 3,
    });
  });
  it('a DEL_PEER carries its peer and reason; an error its errno from libnl', () => {
    expect(datagramFromEvents(events, 4)).toMatchObject({
      kind: 'del',
      peer: 7,
      reason: 'USERSPACE',
    });
    expect(datagramFromEvents(events, 6)).toMatchObject({ kind: 'error', req: 6, errno: 'ENOENT' });
    expect(datagramFromEvents(events, 0)).toBeNull();
  });
  it('requests are keyed by their number', () => {
    expect(requestsFromEvents(events).get(6)).toEqual({ cmd: 'SET_PEER', peer: 4 });
  });
  it('a queued block keeps its dump part first entry', () => {
    expect(
      datagramFromQueued({ id: 1, kind: 'dump', truesize: 9, req: 2, entries: 4, first: 8 }),
    ).toMatchObject({ kind: 'dump', req: 2, entries: 4, first: 8 });
  });
});

describe('the byte tree and hex rows', () => {
  const fields = [
    {
      name: 'a',
      offset: 0,
      length: 2,
      value: '',
      children: [{ name: 'a1', offset: 0, length: 2, value: '' }],
    },
    {
      name: 'OVPN_X',
      offset: 2,
      length: 18,
      value: '',
      children: [
        {
          name: 'OVPN_Y',
          offset: 2,
          length: 18,
          value: '',
          children: [{ name: 'z', offset: 2, length: 18, value: '' }],
        },
      ],
    },
  ];
  it('shows children of expanded nodes only, with levels and positions', () => {
    const rows = visibleRows(fields, new Set(['1']));
    expect(rows.map((r) => [r.id, r.level, r.posinset, r.setsize])).toEqual([
      ['0', 1, 1, 2],
      ['1', 1, 2, 2],
      ['1.0', 2, 1, 1],
    ]);
    expect(initialExpanded(fields)).toEqual(new Set(['1']));
  });
  it('cuts the highlighted range out of each 16-byte row', () => {
    const bytes = Uint8Array.from({ length: 20 }, (_, k) => k + 0x41);
    const rows = hexRows(bytes, 14, 18);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.hex[1]).toBe('4f 50');
    expect(rows[1]!.hex).toEqual(['', '51 52', '53 54']);
    expect(rows[1]!.ascii).toEqual(['', 'QR', 'ST']);
  });
});
