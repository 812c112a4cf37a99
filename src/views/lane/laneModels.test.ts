import { describe, expect, it } from 'vitest';
import { allEvents, laneSteps } from '../testLanes.ts';
import { diffLanes } from './laneDiff.ts';
import { readFate } from './readerModel.ts';
import { slotChange } from './slotChange.ts';

describe('readFate', () => {
  const steps = laneSteps('lesson', '2.6.14');
  it('says a DEL read by dco_parse_peer_multi was swallowed and names the ghost', () => {
    const s = steps.find((x) => x.events.some((e) => e.outcome === 'swallowed'))!;
    const f = readFate(s.events)!;
    expect(f.parser).toBe('dco_parse_peer_multi');
    expect(f.tone).toBe('bad');
    expect(f.fate).toMatch(/NL_SKIP: swallowed; instance \d+ is now a ghost/);
    expect(f.datagram).toMatch(/^DEL_PEER #\d+ peer \d+$/);
  });
  it('is null for a step without a read', () => {
    expect(readFate(steps[0]!.events)).toBeNull();
  });
  it('reports NLMSG_DONE as the end of the dump', () => {
    const e = allEvents(steps).find((x) => x.outcome === 'finished' && x.what === 'read')!;
    expect(readFate([e])!.fate).toMatch(/status = 0/);
  });
});

describe('slotChange', () => {
  const events = allEvents(laneSteps('lesson', '2.7-prefix'));
  it('reports an overwrite with the peer struck out', () => {
    const e = events.find((x) => x.outcome === 'overwritten')!;
    expect(slotChange([e])).toEqual({
      kind: 'overwritten',
      i: e.i,
      peer: e.peer,
      lost: e.prevPeer,
    });
  });
  it('reports the reset that wipes the last one', () => {
    const e = events.find((x) => x.what === 'slot_reset' && x.outcome === 'wiped')!;
    expect(slotChange([e])).toEqual({ kind: 'wiped', i: e.i, peer: -1, lost: e.peer });
  });
  it('takes the last slot change of a step', () => {
    const st = events.find((x) => x.outcome === 'stored')!;
    const take = events.find((x) => x.what === 'slot_take')!;
    expect(slotChange([st, take])!.kind).toBe('taken');
    expect(slotChange([])).toBeNull();
  });
});

describe('diffLanes', () => {
  const steps = laneSteps('lesson', '2.7-prefix');
  it('names the slot overwrite and the queue shrinking', () => {
    const k = steps.findIndex((s) => s.events.some((e) => e.outcome === 'overwritten'));
    const d = diffLanes(steps[k - 1]!.view, steps[k]!.view);
    expect(d.some((l) => /^dco_message_peer_id: \d+ → \d+$/.test(l))).toBe(true);
    expect(d.some((l) => l.startsWith('socket queue:'))).toBe(true);
  });
  it('groups cell changes and names the new ghost', () => {
    const k = steps.findIndex((s) => s.events.some((e) => e.outcome === 'wiped'));
    const d = diffLanes(steps[k - 1]!.view, steps[k]!.view);
    expect(d).toContain('dco_message_type: DEL_PEER → 0');
    expect(d.some((l) => /^instance \d+: .* → ghost$/.test(l))).toBe(true);
  });
  it('is empty without a previous view of the same lane', () => {
    expect(diffLanes(null, steps[0]!.view)).toEqual([]);
  });
});
