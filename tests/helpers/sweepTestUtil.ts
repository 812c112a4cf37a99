/**
 * Test helpers (imported by tests only): summaries with chosen counts, and in-process fake
 * sweep workers around handleSweepMessage with seeded random delays.
 */
import { runToEnd, scenarioSettings, type RunSummary } from '../../src/model/index.ts';
import { handleSweepMessage } from '../../src/worker/sweepHandler.ts';
import type { SweepWorker } from '../../src/sweep/pool.ts';

let template: RunSummary | null = null;

/** A real summary (lesson, seed 1) with the given fields replaced. */
export function fakeSummary(over: Partial<RunSummary>): RunSummary {
  template ??= runToEnd({ ...scenarioSettings('lesson', '2.6.14'), seed: 1 }).summary;
  return { ...structuredClone(template), ...over };
}

/** A small deterministic PRNG (mulberry32) for delays. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FakeWorkerLog {
  created: number;
  terminated: number;
  /** Messages posted to workers, and answers delivered. */
  posted: number;
  answered: number;
}

/**
 * Fake workers: each message is answered by handleSweepMessage after a random 0-`maxDelayMs`
 * delay (so chunks finish out of order), through a structured clone like postMessage.
 * `intercept` may replace an answer (to simulate broken workers).
 */
export function fakeWorkers(
  seed: number,
  maxDelayMs = 5,
  intercept?: (answer: unknown, msg: unknown) => unknown,
): { createWorker: () => SweepWorker; log: FakeWorkerLog } {
  const rnd = prng(seed);
  const log: FakeWorkerLog = { created: 0, terminated: 0, posted: 0, answered: 0 };
  const createWorker = (): SweepWorker => {
    log.created++;
    let dead = false;
    const w: SweepWorker = {
      onmessage: null,
      onerror: null,
      postMessage(message: unknown) {
        if (dead) throw new Error('posted to a terminated worker');
        log.posted++;
        const msg = structuredClone(message);
        setTimeout(
          () => {
            if (dead) return;
            let answer: unknown = handleSweepMessage(msg);
            if (intercept) answer = intercept(answer, msg);
            log.answered++;
            w.onmessage?.({ data: structuredClone(answer) });
          },
          Math.floor(rnd() * maxDelayMs),
        );
      },
      terminate() {
        if (!dead) log.terminated++;
        dead = true;
      },
    };
    return w;
  };
  return { createWorker, log };
}
