import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../model/index.ts';
import { allEvents, laneSteps } from '../../../tests/helpers/testLanes.ts';
import {
  ALL_GROUPS,
  KIND_GROUP_NAMES,
  filterEvents,
  groupOf,
  rowAtOrBefore,
  scrollToRow,
  virtualWindow,
} from './eventLogModel.ts';

const events = allEvents(laneSteps('lesson', '2.7-prefix'));

describe('filterEvents', () => {
  it('keeps everything with every group and any outcome', () => {
    expect(filterEvents(events, { groups: ALL_GROUPS, outcome: 'all' })).toHaveLength(
      events.length,
    );
  });
  it('keeps only the losses', () => {
    const rows = filterEvents(events, { groups: ALL_GROUPS, outcome: 'losses' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((k) => ['overwritten', 'wiped'].includes(events[k]!.outcome))).toBe(true);
  });
  it('filters by kind group', () => {
    const rows = filterEvents(events, { groups: new Set(['kernel']), outcome: 'all' });
    expect(rows.every((k) => events[k]!.actor === 'kernel')).toBe(true);
  });
  it('puts every event kind in a group', () => {
    for (const e of events) expect(KIND_GROUP_NAMES).toContain(groupOf(e.what));
  });
  it('filters 50,000 events quickly', () => {
    const big: TraceEvent[] = Array.from({ length: 50_000 }, (_, i) => ({
      ...events[i % events.length]!,
      i,
    }));
    const t0 = performance.now();
    const rows = filterEvents(big, { groups: ALL_GROUPS, outcome: 'losses' });
    expect(performance.now() - t0).toBeLessThan(200);
    expect(rowAtOrBefore(big, rows, 49_999)).toBe(rows.length - 1);
  });
});

describe('rowAtOrBefore', () => {
  it('finds the current event or the nearest earlier one that passes', () => {
    const rows = filterEvents(events, { groups: new Set(['read']), outcome: 'all' });
    const firstRead = events[rows[0]!]!.i;
    expect(rowAtOrBefore(events, rows, firstRead)).toBe(0);
    expect(rowAtOrBefore(events, rows, firstRead + 0.5)).toBe(0);
    expect(rowAtOrBefore(events, rows, firstRead - 1)).toBe(-1);
  });
});

describe('virtualWindow / scrollToRow', () => {
  it('renders only the visible rows plus overscan', () => {
    const w = virtualWindow(50_000, 22, 22 * 1000, 220, 5);
    expect(w.first).toBe(995);
    expect(w.last).toBe(1015);
    expect(w.offset).toBe(995 * 22);
    expect(w.total).toBe(50_000 * 22);
  });
  it('clamps at both ends', () => {
    expect(virtualWindow(3, 22, 0, 220)).toMatchObject({ first: 0, last: 3 });
  });
  it('scrolls minimally to show a row', () => {
    expect(scrollToRow(5, 20, 0, 200)).toBe(0);
    expect(scrollToRow(10, 20, 0, 200)).toBe(20);
    expect(scrollToRow(2, 20, 100, 200)).toBe(40);
  });
});
