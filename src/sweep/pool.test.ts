import { describe, expect, it } from 'vitest';
import { SCENARIOS, runToEnd } from '../model/index.ts';
import { resolvePlan } from './grid.ts';
import { runOnThisThread } from './local.ts';
import {
  SweepCancelled,
  SweepFailed,
  SweepPool,
  defaultPoolSize,
  progressOf,
  type SweepProgress,
  type SweepWorker,
} from './pool.ts';
import { SWEEP_HEARTBEAT } from './heartbeat.ts';
import { handleSweepMessage } from '../worker/sweepHandler.ts';
import { fakeWorkers } from '../../tests/helpers/sweepTestUtil.ts';

// lesson: 2 variants x 2 loads x 3 batches x seeds 1-5 = 60 small runs
const plan = resolvePlan({
  base: SCENARIOS.lesson!.settings,
  variants: ['2.6.14', '2.6.20'],
  loads: [0, 1],
  batches: ['auto', 3, 6],
  seeds: 5,
});
const expected = plan.jobs.map((j) => runToEnd(j.settings).summary);

function checkProgress(seen: SweepProgress[], total: number): void {
  expect(seen[0]).toMatchObject({ done: 0, total, etaMs: total === 0 ? 0 : null });
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i]!.done).toBeGreaterThan(seen[i - 1]!.done);
    expect(seen[i]!.elapsedMs).toBeGreaterThanOrEqual(seen[i - 1]!.elapsedMs);
    expect(seen[i]!.total).toBe(total);
  }
  expect(seen[seen.length - 1]).toMatchObject({ done: total, etaMs: 0 });
}

describe('SweepPool with in-process fake workers', () => {
  for (const seed of [1, 2, 3]) {
    it(`returns results in job order whatever the completion order (delay seed ${seed})`, async () => {
      const { createWorker, log } = fakeWorkers(seed, 8);
      const pool = new SweepPool({ createWorker, size: 3, maxChunk: 4 });
      const seen: SweepProgress[] = [];
      const out = await pool.run(plan.jobs, { onProgress: (p) => seen.push(p) });
      expect(out).toEqual(expected);
      checkProgress(seen, plan.jobs.length);
      expect(log.created).toBe(3);
      expect(log.posted).toBeGreaterThanOrEqual(Math.ceil(60 / 4));
      expect(pool.running).toBe(false);
      // workers are kept for the next sweep
      expect(await pool.run(plan.jobs.slice(0, 7))).toEqual(expected.slice(0, 7));
      expect(log.created).toBe(3);
      pool.dispose();
      expect(log.terminated).toBe(3);
    });
  }

  it('shrinks chunks towards the end of the sweep and starts no more workers than jobs', async () => {
    const sizes: number[] = [];
    const { createWorker, log } = fakeWorkers(4, 2, (answer, msg) => {
      sizes.push((msg as { jobs: unknown[] }).jobs.length);
      return answer;
    });
    const pool = new SweepPool({ createWorker, size: 2, maxChunk: 20 });
    await pool.run(plan.jobs);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
    expect(sizes.slice(-2).every((n) => n === 1)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(60);
    const small = new SweepPool({ createWorker, size: 8 });
    await small.run(plan.jobs.slice(0, 2));
    expect(log.created).toBe(2 + 2);
  });

  it('cancel stops further jobs, terminates the workers and keeps the partial runs (seed 5)', async () => {
    const { createWorker, log } = fakeWorkers(5, 5);
    const pool = new SweepPool({ createWorker, size: 2, maxChunk: 2 });
    let cancelledAt = -1;
    const p = pool.run(plan.jobs, {
      onProgress: (pr) => {
        if (pr.done >= 10 && cancelledAt < 0) {
          cancelledAt = pr.done;
          pool.cancel();
        }
      },
    });
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SweepCancelled);
    const partial = (err as SweepCancelled).partial;
    const doneKeys = partial.flatMap((r, i) => (r ? [i] : []));
    expect(doneKeys.length).toBe(cancelledAt);
    for (const i of doneKeys) expect(partial[i]).toEqual(expected[i]);
    const posted = log.posted;
    await new Promise((r) => setTimeout(r, 30));
    expect(log.posted).toBe(posted);
    expect(log.terminated).toBe(2);
    expect(pool.running).toBe(false);
    // a fresh sweep on the same pool starts new workers
    expect(await pool.run(plan.jobs.slice(0, 3))).toEqual(expected.slice(0, 3));
    expect(log.created).toBe(4);
  });

  it('cancels through an AbortSignal, also before the start', async () => {
    const { createWorker } = fakeWorkers(6);
    const pool = new SweepPool({ createWorker, size: 2 });
    const ac = new AbortController();
    const p = pool.run(plan.jobs, { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(SweepCancelled);
    await expect(pool.run(plan.jobs, { signal: ac.signal })).rejects.toBeInstanceOf(SweepCancelled);
  });

  it('fails with the job index on a worker error, and on unusable answers (seed 7)', async () => {
    const bad = plan.jobs.map((j, i) => (i === 13 ? { settings: { ...j.settings, load: 3 } } : j));
    const a = fakeWorkers(7);
    const err = await new SweepPool({ createWorker: a.createWorker, size: 2 })
      .run(bad)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SweepFailed);
    expect((err as SweepFailed).jobIndex).toBe(13);
    expect((err as SweepFailed).message).toMatch(/job 13: load 3 is not allowed/);

    const b = fakeWorkers(7, 2, () => ({ v: 1, id: 1, type: 'results', results: 'x' }));
    await expect(new SweepPool({ createWorker: b.createWorker }).run(plan.jobs)).rejects.toThrow(
      /unusable message from a sweep worker: results: results is not an array/,
    );
    const c = fakeWorkers(7, 2, (answer) => ({ ...(answer as object), id: 99 }));
    await expect(new SweepPool({ createWorker: c.createWorker }).run(plan.jobs)).rejects.toThrow(
      /answered message 99 unexpectedly/,
    );
  });

  it('rejects a crash, a second concurrent run and a factory failure', async () => {
    const { createWorker } = fakeWorkers(8, 20);
    const pool = new SweepPool({ createWorker, size: 1, retries: 0 });
    const p = pool.run(plan.jobs);
    await expect(pool.run(plan.jobs)).rejects.toThrow(/already running/);
    pool['workers'][0]!.onerror?.({ message: 'Uncaught Error: boom' });
    await expect(p).rejects.toThrow(
      /^a sweep worker threw "Error: boom" \(runs 1 to 15 failed on its worker\)$/,
    );
    const broken = new SweepPool({
      createWorker: () => {
        throw new Error('no Worker here');
      },
    });
    await expect(broken.run(plan.jobs)).rejects.toThrow(/could not start: no Worker here/);
    expect(await broken.run([])).toEqual([]);
  });

  it('sizes itself to the cores, at most 8', () => {
    const n = defaultPoolSize();
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(8);
    expect(progressOf(5, 20, 100)).toEqual({ done: 5, total: 20, elapsedMs: 100, etaMs: 300 });
  });
});

type Fate = 'ok' | 'throw' | 'load' | 'silent' | 'unreadable';

/**
 * Fake workers (fakeWorkers, seed given) of which the nth created meets `fates[n]` on its first
 * message: it throws, fails to load, goes silent, or its answer is unreadable; the others work.
 */
function doomedWorkers(seed: number, fates: Fate[]) {
  const base = fakeWorkers(seed, 4);
  const silent: SweepWorker[] = [];
  let created = 0;
  const createWorker = (): SweepWorker => {
    const fate = fates[created++] ?? 'ok';
    const w = base.createWorker();
    if (fate === 'ok') return w;
    const post = w.postMessage.bind(w);
    let first = true;
    w.postMessage = (m) => {
      if (!first) return post(m);
      first = false;
      if (fate === 'silent') {
        silent.push(w);
        return;
      }
      setTimeout(() => {
        if (fate === 'throw') w.onerror?.({ message: 'Uncaught Error: injected' });
        else if (fate === 'load') w.onerror?.({});
        else w.onmessageerror?.();
      }, 1);
    };
    return w;
  };
  return { createWorker, log: base.log, silent, created: () => created };
}

/** A periodic timer driven by hand. */
function manualEvery() {
  const fns = new Set<() => void>();
  return {
    every: (_ms: number, fn: () => void) => {
      fns.add(fn);
      return () => fns.delete(fn);
    },
    fire: (times = 1) => {
      for (let i = 0; i < times; i++) for (const fn of [...fns]) fn();
    },
    running: () => fns.size,
  };
}

describe('SweepPool and failing workers', () => {
  for (const fate of ['throw', 'load', 'unreadable'] as const) {
    it(`replaces a worker whose first chunk meets "${fate}" and reruns that chunk (seed 9)`, async () => {
      const d = doomedWorkers(9, ['ok', fate, 'ok']);
      const pool = new SweepPool({ createWorker: d.createWorker, size: 2, maxChunk: 4 });
      const seen: SweepProgress[] = [];
      const out = await pool.run(plan.jobs, { onProgress: (p) => seen.push(p) });
      expect(out).toEqual(expected);
      checkProgress(seen, plan.jobs.length);
      expect(d.created()).toBe(3);
      expect(d.log.terminated).toBe(1);
      expect(pool['workers']).toHaveLength(2);
    });
  }

  it('replaces a worker that goes silent once replyTimeoutMs passes in checks, not before (seed 10)', async () => {
    const clock = manualEvery();
    const d = doomedWorkers(10, ['silent', 'ok']);
    const pool = new SweepPool({
      createWorker: d.createWorker,
      size: 2,
      maxChunk: 4,
      replyTimeoutMs: 10_000,
      every: clock.every,
    });
    let done = 0;
    const p = pool.run(plan.jobs, { onProgress: (pr) => (done = pr.done) });
    // the other worker runs everything else; the silent one holds the first chunk
    await expect.poll(() => done, { interval: 5 }).toBe(60 - 4);
    clock.fire(4);
    expect(d.created()).toBe(2);
    clock.fire();
    expect(d.created()).toBe(3);
    expect(await p).toEqual(expected);
    expect(clock.running()).toBe(0);
  });

  it('counts heartbeats as signs of life: a long chunk that beats is not replaced', async () => {
    const clock = manualEvery();
    const held: { w: SweepWorker; msg: unknown }[] = [];
    const createWorker = (): SweepWorker => {
      const w: SweepWorker = {
        onmessage: null,
        onerror: null,
        postMessage: (msg) => held.push({ w, msg: structuredClone(msg) }),
        terminate: () => {},
      };
      return w;
    };
    const pool = new SweepPool({ createWorker, size: 1, every: clock.every });
    const p = pool.run(plan.jobs.slice(0, 3));
    // three chunks of one run each, every one long: four checks of silence, then a beat
    for (let k = 0; k < 3; k++) {
      expect(held).toHaveLength(k + 1);
      const { w, msg } = held[k]!;
      for (let i = 0; i < 10; i++) {
        clock.fire(4);
        w.onmessage?.({ data: structuredClone(SWEEP_HEARTBEAT) });
      }
      w.onmessage?.({ data: handleSweepMessage(msg) });
    }
    expect(await p).toEqual(expected.slice(0, 3));
    expect(new Set(held.map((h) => h.w)).size).toBe(1);
  });

  it('gives up on a chunk after retries + 1 workers, naming what happened', async () => {
    const d = doomedWorkers(11, Array<Fate>(20).fill('load'));
    const pool = new SweepPool({ createWorker: d.createWorker, size: 2, maxChunk: 4, retries: 2 });
    const err = await pool.run(plan.jobs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SweepFailed);
    expect((err as SweepFailed).message).toMatch(
      /^a sweep worker failed to load \(its script could not be fetched or started\) \(runs \d+ to \d+ failed on 3 workers\)$/,
    );
    expect(d.created()).toBeLessThanOrEqual(2 * 3);
    expect(d.log.terminated).toBe(d.created());
    expect(pool.running).toBe(false);
    // a fresh try on working workers succeeds
    const ok = new SweepPool({ createWorker: fakeWorkers(11).createWorker, size: 2 });
    expect(await ok.run(plan.jobs)).toEqual(expected);
  });
});

describe('runOnThisThread', () => {
  it('gives the same results as the pool, yielding between slices', async () => {
    let ticks = 0;
    const seen: SweepProgress[] = [];
    const out = await runOnThisThread(plan.jobs, {
      sliceMs: 0,
      tick: async () => {
        ticks++;
      },
      onProgress: (p) => seen.push(p),
    });
    expect(out).toEqual(expected);
    expect(ticks).toBe(59);
    checkProgress(seen, 60);
  });

  it('stops on abort with the partial runs', async () => {
    const ac = new AbortController();
    const err = await runOnThisThread(plan.jobs, {
      sliceMs: 0,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.done === 4) ac.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SweepCancelled);
    expect((err as SweepCancelled).partial.filter(Boolean)).toHaveLength(4);
  });
});
