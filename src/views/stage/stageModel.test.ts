import { describe, expect, it } from 'vitest';
import { createSim, scenarioSettings, step, type VariantId } from '../../model/index.ts';
import type { LaneView } from '../../protocol/view.ts';
import { buildLaneView } from '../../worker/laneView.ts';
import { LossIndex } from '../../worker/pairLane.ts';
import { buildStage, fitName, stationColumns, STATION_GAP } from './stageModel.ts';

/** LaneViews after every step of a scenario, with the worker's loss index, as the worker builds them. */
function views(scenario: string, variant: VariantId, maxEvents = 400, seed?: number): LaneView[] {
  const st = createSim({
    ...scenarioSettings(scenario, variant),
    ...(seed !== undefined ? { seed } : {}),
  });
  const trace: ReturnType<typeof step> = [];
  const idx = new LossIndex();
  const out: LaneView[] = [];
  while (!st.finished && trace.length < maxEvents) {
    const events = step(st);
    if (events.length === 0) continue;
    trace.push(...events);
    idx.extend(trace);
    out.push(buildLaneView(0, st, events, null, idx.at(trace.length)));
  }
  return out;
}

const W = 640;

describe('stage layout', () => {
  it('columns fill the width with the CSS grid gap', () => {
    for (const w of [360, 470, 700]) {
      const cols = stationColumns(w);
      expect(cols.map((c) => c.key)).toEqual(['kernel', 'socket', 'reader', 'slot', 'multi']);
      const last = cols[4]!;
      expect(last.x + last.w).toBeCloseTo(w, 5);
      expect(cols[1]!.x - (cols[0]!.x + cols[0]!.w)).toBeCloseTo(STATION_GAP, 5);
    }
  });

  it('splits long C names at underscores', () => {
    expect(fitName('ovpn_handle_msg', 20)).toEqual(['ovpn_handle_msg']);
    expect(fitName('dco_parse_peer_multi', 12)).toEqual(['dco_parse_', 'peer_multi']);
  });
});

describe('stage of scenario lesson', () => {
  const prefix = views('lesson', '2.7-prefix');
  const fixed = views('lesson', '2.7');

  it('lesson/2.7-prefix: DEL tokens with their peer ids wait in the socket queue', () => {
    const v = prefix.find((x) => x.socket.queue.filter((q) => q.kind === 'del').length >= 5)!;
    expect(v).toBeDefined();
    const m = buildStage(v, W);
    const queued = m.tokens.filter((t) => t.place === 'socket' && t.kind === 'del');
    expect(queued.length).toBe(v.socket.queue.filter((q) => q.kind === 'del').length);
    expect(queued.map((t) => t.label)).toEqual(
      v.socket.queue.filter((q) => q.kind === 'del').map((q) => `p${q.peer}`),
    );
    // each token has one place: ids are unique
    expect(new Set(m.tokens.map((t) => t.id)).size).toBe(m.tokens.length);
  });

  it('lesson/2.7-prefix: overwritten notifications go to the lost tray and leave ghosts', () => {
    const k = prefix.findIndex((x) => x.lost.byOutcome.overwritten >= 4);
    expect(k).toBeGreaterThan(0);
    const v = prefix[k]!;
    const m = buildStage(v, W);
    const tray = m.tokens.filter((t) => t.place === 'tray');
    expect(tray.filter((t) => t.outcome === 'overwritten').map((t) => t.label)).toEqual([
      'p1',
      'p2',
      'p3',
      'p4',
    ]);
    expect(tray.every((t) => t.state === 'lost')).toBe(true);
    expect(m.tray.groups.map((g) => g.outcome)).toContain('overwritten');
    expect(m.ghosts).toBeGreaterThanOrEqual(4);
    // the token that overwrote them is the one in the slot
    const inSlot = m.tokens.find((t) => t.place === 'slot');
    expect(inSlot?.label).toBe('p5');
    // the slot reset later wipes p5 as well
    const end = prefix[prefix.length - 1]!;
    expect(end.lost.byOutcome.wiped).toBe(1);
    expect(buildStage(end, W).tokens.find((t) => t.peer === 5)?.outcome).toBe('wiped');
  });

  it('lesson/2.7: nothing is lost, the tray stays empty, no ghost', () => {
    for (const v of fixed) {
      const m = buildStage(v, W);
      expect(m.tokens.filter((t) => t.place === 'tray')).toEqual([]);
      expect(m.lostTotal).toBe(0);
      expect(m.ghosts).toBe(0);
    }
  });

  it('lesson/2.7-prefix: the stats dump request is a token in the reader while in flight', () => {
    const v = prefix.find((x) => x.reader.request !== null);
    expect(v).toBeDefined();
    const m = buildStage(v!, W);
    const req = m.tokens.find((t) => t.kind === 'request');
    expect(req?.place).toBe('reader');
    expect(req?.label).toBe('GET dump');
  });

  it('lesson/2.7-prefix: the picture is a function of the view (same view, same stage)', () => {
    for (const v of prefix) {
      expect(buildStage(v, W)).toEqual(buildStage(structuredClone(v), W));
    }
  });

  it('tokens stay inside the stage at narrow and wide widths (lesson, reporter seed 1)', () => {
    const rep = views('reporter', '2.6.14', 2500, 1);
    for (const w of [360, 470, 720]) {
      for (const v of [...prefix, ...rep.slice(-40)]) {
        const m = buildStage(v, w);
        for (const t of m.tokens) {
          expect(t.x - t.w / 2).toBeGreaterThanOrEqual(0);
          expect(t.x + t.w / 2).toBeLessThanOrEqual(m.width + 0.01);
          expect(t.y + t.h / 2).toBeLessThanOrEqual(m.height);
        }
      }
    }
  });
});

describe('multi_context cells', () => {
  it('overflow seed 1: up to 64 instance cells stay inside the station at every width', () => {
    const v = views('overflow', '2.6.14', 200)[0]!;
    for (const maxClients of [8, 16, 40, 64]) {
      const view = {
        ...v,
        multi: { ...v.multi, maxClients, instances: new Uint8Array(maxClients) },
      };
      for (const w of [360, 470, 640, 720]) {
        const m = buildStage(view, w);
        expect(m.cells).toHaveLength(maxClients);
        for (const c of m.cells) expect(c.y + c.size).toBeLessThanOrEqual(m.boxBottom);
      }
    }
  });
});

describe('loss index', () => {
  it('lesson/2.7-prefix: counts by outcome and the recent losses up to a position', () => {
    const st = createSim(scenarioSettings('lesson', '2.7-prefix'));
    const trace: ReturnType<typeof step> = [];
    while (!st.finished && trace.length < 400) trace.push(...step(st));
    const idx = new LossIndex();
    idx.extend(trace);
    const all = idx.at(trace.length);
    expect(all.byOutcome).toEqual({ overwritten: 4, wiped: 1, swallowed: 0, dropped: 0 });
    expect(all.recent.map((l) => [l.peer, l.outcome])).toEqual([
      [1, 'overwritten'],
      [2, 'overwritten'],
      [3, 'overwritten'],
      [4, 'overwritten'],
      [5, 'wiped'],
    ]);
    // the overwritten datagram is the one that was in the slot, not the one that overwrote it
    expect(all.recent.map((l) => l.dg)).toEqual([2, 3, 4, 5, 6]);
    const firstLoss = all.recent[0]!.i;
    expect(idx.at(firstLoss).total).toBe(0);
    expect(idx.at(firstLoss + 1).total).toBe(1);
    expect(idx.at(firstLoss + 1, 0).recent).toEqual([]);
  });
});
