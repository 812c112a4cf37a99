import { describe, expect, it } from 'vitest';
import { createSim, scenarioSettings, step, type VariantId } from '../../model/index.ts';
import type { LaneView } from '../../protocol/view.ts';
import { buildLaneView } from '../../worker/laneView.ts';
import { LossIndex } from '../../worker/pairLane.ts';
import {
  buildStage,
  cpuTable,
  fitName,
  gpLine,
  fitText,
  stationColumns,
  STATION_GAP,
  textWidth,
} from './stageModel.ts';

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

/** A view of `base` with the kernel's delete work and grace period replaced. */
function withKernel(
  base: LaneView,
  kernel: Partial<LaneView['kernel']>,
  events: LaneView['events'] = [],
): LaneView {
  return { ...base, kernel: { ...base.kernel, ...kernel }, events };
}

function cpu(n: number, hogs: number, queued: number, grace: number, released: number) {
  return { cpu: n, hogs, queued, grace, released, workers: 1 + grace };
}

describe('kernel station of ovpn-dco: per-CPU work and the grace period', () => {
  const base = views('lesson', '2.6.14')[0]!;
  const running = withKernel(base, {
    cpus: [cpu(0, 4, 12, 2, 0), cpu(1, 4, 30, 3, 1), cpu(5, 0, 0, 0, 2)],
    cpuCount: 16,
    hogs: 8,
    rxCpus: 2,
    gp: { endsUs: base.nowUs + 8_000, current: 5, next: 2 },
    gpCompleted: 6,
    gpMedianUs: 16_000,
  });

  it('draws a row per CPU with its hogs and counts, inside the kernel station', () => {
    for (const w of [360, 470, 640, 720]) {
      const m = buildStage(running, w);
      const k = m.kernelWork!;
      expect(k).not.toBeNull();
      expect(k.rows.map((r) => [r.cpu, r.hogs, r.queued, r.grace, r.released])).toEqual([
        [0, 4, 12, 2, 0],
        [1, 4, 30, 3, 1],
        [5, 0, 0, 0, 2],
      ]);
      expect(k.more).toBeNull();
      const box = m.stations[0]!;
      for (const [j, r] of k.rows.entries()) {
        if (j > 0) expect(r.y).toBe(k.rows[j - 1]!.y + k.rowH);
        expect(r.y + k.rowH).toBeLessThanOrEqual(k.gp.y);
        expect(r.y).toBeGreaterThan(box.lines.length * 14 + 16);
      }
      // the columns and the box stay inside the station
      expect(k.x).toBeGreaterThanOrEqual(box.x);
      expect(k.cellX[2] + k.cellW).toBeLessThanOrEqual(box.x + box.w + 0.01);
      expect(k.gp.x + k.gp.w).toBeLessThanOrEqual(box.x + box.w);
      expect(k.gp.y + k.gp.h).toBeLessThanOrEqual(m.boxBottom);
      // no dashed per-peer tokens in an ovpn-dco kernel: the rows tell it
      expect(m.tokens.filter((t) => t.place === 'kernel')).toEqual([]);
    }
  });

  it('shows the grace period in progress: its number, what its end releases, the rest', () => {
    const m = buildStage(running, 720);
    const gp = m.kernelWork!.gp;
    expect(gp.state).toBe('running');
    expect(gp.number).toBe(7);
    expect(gp.released).toBe(5);
    expect(gp.next).toBe(2);
    const text = gp.lines.map((l) => l.text).join(' / ');
    expect(text).toMatch(/#7/);
    expect(text).toMatch(/5 leave/);
    expect(text).toMatch(/2 wait/);
    // half of the median length is left: the ring is half full
    expect(gp.ring.progress).toBeCloseTo(0.5, 5);
    expect(gp.ring.arc).toMatch(/^M .* A /);
    expect(m.summary).toMatch(
      /Kernel \(ovpn-dco\): 50 deletions on 3 CPUs with 8 CPU hogs in all, 42 waiting for a kworker, 5 asleep in a grace period, 3 released to send; grace period #7 in progress, ending in 8\.0 ms: 5 deletions released at its end, 2 came during it and wait for the next\./,
    );
    expect(m.stations[0]!.words).toMatch(/CPU 1 \(4 hogs, 4 kworkers\): 30 waiting for a kworker/);
  });

  it('marks the end of a grace period: N DEL_PEERs leave together, their CPUs lit', () => {
    const gpEnd = {
      i: 99,
      t: base.nowUs,
      actor: 'kernel' as const,
      fn: 'synchronize_rcu',
      what: 'k_gp' as const,
      outcome: 'info' as const,
      n: 3,
      field: '2 CPUs',
      rmem: 0,
    };
    const v = withKernel(
      base,
      {
        cpus: [cpu(0, 4, 12, 0, 1), cpu(1, 4, 30, 2, 2)],
        gp: { endsUs: base.nowUs + 15_000, current: 2, next: 0 },
        gpCompleted: 7,
        gpMedianUs: 16_000,
      },
      [gpEnd],
    );
    const m = buildStage(v, 720);
    const gp = m.kernelWork!.gp;
    expect(gp.state).toBe('ended');
    expect(gp.number).toBe(7);
    expect(gp.released).toBe(3);
    expect(gp.ring.progress).toBe(1);
    expect(gp.lines.map((l) => l.text).join(' ')).toMatch(/#7 ends.*3 DEL_PEERs/);
    expect(m.kernelWork!.rows.map((r) => r.freshReleased)).toEqual([true, true]);
    expect(m.summary).toMatch(
      /grace period #7 has just ended: 3 deletions released on 2 CPUs, their DEL_PEERs leave together; grace period #8 has begun for the 2 that came during it\./,
    );
    // without the event, the same state is a grace period in progress, nothing lit
    const later = buildStage({ ...v, events: [] }, 720).kernelWork!;
    expect(later.gp.state).toBe('running');
    expect(later.gp.number).toBe(8);
    expect(later.rows.every((r) => !r.freshReleased)).toBe(true);
  });

  it('a grace period asked for and not started yet, and none at all', () => {
    const asked = buildStage(
      withKernel(base, { cpus: [cpu(0, 0, 0, 2, 0)], gp: null, gpCompleted: 0 }),
      720,
    ).kernelWork!.gp;
    expect(asked.state).toBe('starting');
    expect(asked.number).toBe(1);
    expect(asked.released).toBe(2);
    const idle = buildStage(
      withKernel(base, { cpus: [cpu(0, 0, 0, 0, 0)], gp: null, gpCompleted: 3 }),
      720,
    ).kernelWork!.gp;
    expect(idle.state).toBe('idle');
    expect(idle.lines[0]!.text).toBe('no grace period');
    expect(idle.lines[1]!.text).toMatch(/^3 completed/);
  });

  it('more CPUs than rows: the busiest, and "+N CPUs" for the rest', () => {
    const cpus = Array.from({ length: 12 }, (_, n) => cpu(n, 2, n === 7 ? 90 : n, 0, 0));
    const m = buildStage(withKernel(base, { cpus }), 470);
    const k = m.kernelWork!;
    expect(k.rows.length).toBeGreaterThanOrEqual(2);
    expect(k.rows.length).toBeLessThan(12);
    expect(k.more!.text).toBe(`+${12 - k.rows.length} CPUs`);
    // the busiest are shown, in CPU order
    const shown = k.rows.map((r) => r.cpu);
    expect(shown).toContain(7);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(Math.min(...k.rows.map((r) => r.queued))).toBeGreaterThanOrEqual(12 - k.rows.length);
    expect(k.more!.y).toBeLessThan(k.gp.y);
    expect(m.stations[0]!.words).toMatch(new RegExp(`${12 - k.rows.length} more CPUs: `));
  });

  it('a k_work step lights the row of its CPU', () => {
    const work = {
      i: 5,
      t: base.nowUs,
      actor: 'kernel' as const,
      fn: 'ovpn_peer_delete_work',
      what: 'k_work' as const,
      outcome: 'info' as const,
      cpu: 1,
      peer: 3,
      n: 7,
      field: 'waits for the next grace period',
      rmem: 0,
    };
    const k = buildStage({ ...running, events: [work] }, 640).kernelWork!;
    expect(k.rows.filter((r) => r.fresh).map((r) => r.cpu)).toEqual([1]);
  });
});

describe('kernel station in real runs', () => {
  it('lesson/2.6.14: the grace period that ends releases what the step reports, all inside', () => {
    const vs = views('lesson', '2.6.14');
    const ends = vs.filter((v) => v.events.some((e) => e.what === 'k_gp'));
    expect(ends.length).toBeGreaterThan(0);
    for (const v of ends) {
      const e = v.events.find((x) => x.what === 'k_gp')!;
      const gp = buildStage(v, 470).kernelWork!.gp;
      expect(gp.state).toBe('ended');
      expect(gp.released).toBe(e.n);
      expect(gp.number).toBe(v.kernel.gpCompleted);
    }
    const rep = views('reporter', '2.6.14', 2500, 1).slice(-40);
    for (const w of [360, 470, 720]) {
      for (const v of [...vs, ...rep]) {
        const m = buildStage(v, w);
        const k = m.kernelWork!;
        const box = m.stations[0]!;
        // every CPU with work is a row or counted in "+N CPUs"
        const counted = k.rows.length + (k.more ? Number(/\+(\d+)/.exec(k.more.text)![1]) : 0);
        expect(counted).toBe(v.kernel.cpus.length);
        const last = k.rows[k.rows.length - 1];
        if (last) expect(last.y + k.rowH).toBeLessThanOrEqual(k.gp.y);
        for (const c of m.kernelCells) {
          expect(c.y + c.size).toBeLessThanOrEqual(k.gp.y);
          expect(c.x + c.size).toBeLessThanOrEqual(box.x + box.w);
        }
        expect(k.gp.y + k.gp.h).toBeLessThanOrEqual(m.boxBottom);
      }
    }
  });

  it('mainline keeps its scan: tokens and cells, a line saying there is no grace period', () => {
    const vs = views('lesson', '2.7-prefix');
    const v = vs.find((x) => x.kernel.peers.some((p) => p === 3))!;
    expect(v).toBeDefined();
    const m = buildStage(v, 640);
    expect(m.kernelWork).toBeNull();
    expect(m.tokens.some((t) => t.place === 'kernel' && t.kind === 'pending')).toBe(true);
    expect(m.kernelCells.length).toBe(v.kernel.peers.length);
    expect(m.stations[0]!.lines.map((l) => l.text)).toContain('one scan, no GP');
    expect(m.summary).toMatch(/Kernel \(mainline ovpn\): .*no grace period/);
  });
});

describe('fitting text', () => {
  it('takes the longest wording that fits, squeezes a little, else the last squeezed', () => {
    expect(fitText(['grace period #3', 'GP #3'], 200, 10)).toEqual({ text: 'grace period #3' });
    expect(fitText(['grace period #3', 'GP #3'], 40, 10)).toEqual({ text: 'GP #3' });
    const w = textWidth('grace period #3', 10);
    expect(fitText(['grace period #3', 'GP #3'], w * 0.9, 10)).toEqual({
      text: 'grace period #3',
      fit: Math.floor(w * 0.9),
    });
    expect(fitText(['grace period #3', 'GP #3'], 10, 10)).toEqual({ text: 'GP #3', fit: 10 });
    expect(textWidth('ab', 10, true)).toBeGreaterThan(textWidth('ab', 10));
  });

  it('a station line too long for its station is squeezed into it', () => {
    const v = views('reporter', '2.6.14', 200, 1)[0]!;
    const m = buildStage({ ...v, multi: { ...v.multi, hashCount: 1023, maxClients: 1024 } }, 360);
    const line = m.stations[4]!.lines[0]!;
    expect(line.text).toBe('1,023 / 1,024 slots');
    expect(line.fit).toBe(Math.floor(m.stations[4]!.w - 12));
  });
});

function pcpu(n: number, queued: number, grace: number, released: number) {
  return { cpu: n, hogs: 4, queued, grace, released, workers: 2 };
}

describe('kernel panel: delete work per CPU', () => {
  const base = views('lesson', '2.6.14')[0]!;
  const withCpus = (cpus: LaneView['kernel']['cpus']): LaneView => ({
    ...base,
    kernel: { ...base.kernel, cpus },
  });

  it('lists every CPU by number, with the totals', () => {
    const t = cpuTable(withCpus([pcpu(0, 5, 1, 0), pcpu(3, 2, 0, 4)]));
    expect(t.rows.map((c) => c.cpu)).toEqual([0, 3]);
    expect(t.hidden.cpus).toBe(0);
    expect(t.total).toEqual({ queued: 7, grace: 1, released: 4, workers: 4 });
  });

  it('beyond the limit: the busiest CPUs, the rest summed', () => {
    const cpus = Array.from({ length: 6 }, (_, n) => pcpu(n, n * 10, 0, n === 0 ? 100 : 0));
    const t = cpuTable(withCpus(cpus), 3);
    expect(t.rows.map((c) => c.cpu)).toEqual([0, 4, 5]);
    expect(t.hidden).toEqual({ cpus: 3, queued: 10 + 20 + 30, grace: 0, released: 0 });
    expect(t.total.queued).toBe(150);
  });

  it('the grace-period line: in progress, then the run so far', () => {
    const v: LaneView = {
      ...base,
      events: [],
      kernel: {
        ...base.kernel,
        cpus: [pcpu(0, 0, 3, 0)],
        gp: { endsUs: base.nowUs + 2_500, current: 2, next: 1 },
        gpCompleted: 4,
        gpMedianUs: 15_700,
      },
    };
    expect(gpLine(v)).toBe(
      'Grace period #5 in progress, ending in 2.5 ms: 2 deletions released at its end, 1 came during it and wait for the next. 4 completed so far; a grace period lasts 15.7 ms at the median.',
    );
  });

  it('a real run: the line names the grace period that just ended', () => {
    const v = views('lesson', '2.6.14').find((x) => x.events.some((e) => e.what === 'k_gp'))!;
    expect(v).toBeDefined();
    const e = v.events.find((x) => x.what === 'k_gp')!;
    expect(gpLine(v)).toMatch(
      new RegExp(`^Grace period #${v.kernel.gpCompleted} has just ended: ${e.n} deletions`),
    );
  });
});
