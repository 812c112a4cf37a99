import { describe, expect, it } from 'vitest';
import { SCENARIOS, validateSettings } from '../model/index.ts';
import type { PairSnapshot } from '../protocol/view.ts';
import { createAppStore, selectLaneInits, selectReducedMotion } from './appStore.ts';
import { PEER_STOPS, loadIndex, peerStopIndex, setField } from './settingsDraft.ts';

function snap(position: number, extra: Partial<PairSnapshot> = {}): PairSnapshot {
  return {
    pair: { position, length: null, lanes: [] },
    markers: [],
    divergence: null,
    ...extra,
  };
}

describe('createAppStore', () => {
  it('starts on the overwrite story (2.7 before the fix vs 2.7, six peers)', () => {
    const s = createAppStore().getState();
    expect(s.preset).toBe('overwrite');
    expect(s.variants).toEqual(SCENARIOS.overwrite!.lanes);
    expect(s.draft.peers).toBe(6);
    const lanes = selectLaneInits(s);
    expect(lanes.map((l) => l.settings.variant)).toEqual(['2.7-prefix', '2.7']);
    // Same settings and seed on both lanes, valid for the model.
    expect({ ...lanes[0]!.settings, variant: null }).toEqual({
      ...lanes[1]!.settings,
      variant: null,
    });
    for (const l of lanes) expect(validateSettings(l.settings).problems).toEqual([]);
  });

  it('stores are independent of each other', () => {
    const one = createAppStore();
    const two = createAppStore();
    one.getState().setField('peers', 12);
    expect(two.getState().draft.peers).toBe(6);
  });

  it('applies a preset and marks later edits as custom', () => {
    const store = createAppStore();
    store.getState().applyPreset('why-the-lock');
    expect(store.getState().variants).toEqual(['fix-no-lock', '2.6.20']);
    expect(store.getState().draft.batch).toBe(40);
    store.getState().setField('load', 0.5);
    expect(store.getState().preset).toBeNull();
    store.getState().applyPreset('nope');
    expect(store.getState().notes[0]).toMatch(/no preset/);
  });

  it('raises max-clients with the peer count, with a note', () => {
    const store = createAppStore();
    store.getState().setField('peers', 5000);
    const s = store.getState();
    expect(s.draft.peers).toBe(5000);
    expect(s.draft.maxClients).toBe(5000);
    expect(s.notes.join(' ')).toMatch(/max-clients raised to 5,000/);
  });

  it('clamps the batch to the peer count, and max-clients to at least the peers', () => {
    const store = createAppStore();
    store.getState().setField('peers', 10);
    store.getState().setField('batch', 50);
    expect(store.getState().draft.batch).toBe(10);
    expect(store.getState().notes.join(' ')).toMatch(/clamped to 10/);
    store.getState().setField('batch', 8);
    store.getState().setField('peers', 4);
    expect(store.getState().draft.batch).toBe(4);
    store.getState().setField('maxClients', 2);
    expect(store.getState().draft.maxClients).toBe(4);
    expect(store.getState().notes.join(' ')).toMatch(/below the peer count/);
    for (const l of selectLaneInits(store.getState())) {
      expect(validateSettings(l.settings).problems).toEqual([]);
    }
  });

  it('clamps out-of-range values and refuses values of the wrong kind', () => {
    const store = createAppStore();
    store.getState().setField('peers', 50_000);
    expect(store.getState().draft.peers).toBe(10_000);
    expect(store.getState().notes[0]).toMatch(/out of range/);
    const before = store.getState().draft;
    store.getState().setField('kernel', 'bsd' as never);
    expect(store.getState().draft).toBe(before);
    expect(store.getState().notes[0]).toMatch(/kernel "bsd"/);
    store.getState().setField('seed', Number.NaN);
    expect(store.getState().draft).toBe(before);
  });

  it('never lets the firewall open before it blocks', () => {
    const draft = createAppStore().getState().draft;
    const r = setField(draft, 'unblockAtS', draft.blockAtS - 1);
    expect(r.draft.unblockAtS).toBe(-1);
    expect(r.notes.join(' ')).toMatch(/never opens/);
  });

  it('follows the system reduced-motion preference unless overridden', () => {
    const store = createAppStore({ reducedMotion: true });
    expect(selectReducedMotion(store.getState())).toBe(true);
    store.getState().setReducedMotionOverride(false);
    expect(selectReducedMotion(store.getState())).toBe(false);
    store.getState().setReducedMotionOverride(null);
    store.getState().setReducedMotionSystem(false);
    expect(selectReducedMotion(store.getState())).toBe(false);
  });

  it('keeps the latest answer, the series and the markers across answers', () => {
    const store = createAppStore();
    const series = [[], []];
    const markers = [
      { kind: 'exit' as const, lane: 0, position: 9, t: 1, label: 'exit', event: 4 },
    ];
    store.getState().receiveSnapshot(snap(1));
    store.getState().receiveSnapshot(snap(2, { series, markers }));
    store.getState().receiveSnapshot(snap(3));
    const f = store.getState().frame;
    expect(f.snapshot?.pair.position).toBe(3);
    expect(Object.keys(f)).not.toContain('previous');
    expect(f.series).toBe(series);
    expect(f.markers).toEqual(markers);
    store.getState().receiveCompletion(snap(50, { divergence: 7, markers, series: [[]] }));
    expect(store.getState().frame.snapshot?.pair.position).toBe(3);
    expect(store.getState().frame.divergence).toBe(7);
    store.getState().startRun();
    expect(store.getState().frame.series).toBeNull();
    expect(store.getState().runs).toBe(2);
  });
});

describe('slider scales', () => {
  it('peer stops run from 1 to 10,000 and include the presets’ counts', () => {
    expect(PEER_STOPS[0]).toBe(1);
    expect(PEER_STOPS.at(-1)).toBe(10_000);
    for (const sc of Object.values(SCENARIOS)) {
      const n = sc.settings.peers!;
      expect(PEER_STOPS[peerStopIndex(n)]).toBe(n);
    }
  });

  it('load levels map to their index', () => {
    expect(loadIndex(0)).toBe(0);
    expect(loadIndex(0.9)).toBe(4);
    expect(loadIndex(1)).toBe(5);
  });
});
