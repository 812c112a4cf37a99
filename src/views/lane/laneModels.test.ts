import { describe, expect, it } from 'vitest';
import { allEvents, laneSteps } from '../../../tests/helpers/testLanes.ts';
import { stepChanges, writtenFields } from './stepChanges.ts';
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

describe('stepChanges', () => {
  const steps = laneSteps('lesson', '2.7-prefix');
  it('names the slot overwrite and the queue shrinking, from the step alone', () => {
    const s = steps.find((x) => x.events.some((e) => e.outcome === 'overwritten'))!;
    const e = s.events.find((x) => x.outcome === 'overwritten')!;
    const d = stepChanges(s.view);
    expect(d).toContain(
      `dco_message_peer_id: ${e.prevPeer} → ${e.peer} (the DEL_PEER for peer ${e.prevPeer} is lost)`,
    );
    expect(d.some((l) => /^socket queue: \d+ → \d+ datagrams$/.test(l))).toBe(true);
  });
  it('names the wipe and the new ghost', () => {
    const s = steps.find((x) => x.events.some((e) => e.outcome === 'wiped'))!;
    const d = stepChanges(s.view);
    expect(d.some((l) => l.startsWith('dco_message_type: DEL_PEER → 0'))).toBe(true);
    expect(d.some((l) => /^instances? [\d, ]+: now ghost$/.test(l))).toBe(true);
  });
  it('is empty for a view without events, and the same for the same view', () => {
    expect(stepChanges({ ...steps[0]!.view, events: [] })).toEqual([]);
    const s = steps[5]!;
    expect(stepChanges(s.view)).toEqual(stepChanges(structuredClone(s.view)));
  });
});

describe('writtenFields', () => {
  const events = allEvents(laneSteps('lesson', '2.7-prefix'));
  it('marks the slot fields an overwrite writes, and the status a request sets', () => {
    const ow = events.find((x) => x.outcome === 'overwritten')!;
    expect([...writtenFields([ow])].sort()).toEqual([
      'dco_del_peer_reason',
      'dco_message_peer_id',
      'dco_message_type',
    ]);
    const rq = events.find((x) => x.what === 'request')!;
    expect(writtenFields([rq]).has('status')).toBe(true);
    expect(writtenFields([]).size).toBe(0);
  });
});
