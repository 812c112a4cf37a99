import { describe, expect, it } from 'vitest';
import { resolveSettings, runToEnd, scenarioSettings, type SimSettings } from '../model/index.ts';
import {
  MAX_JOBS_PER_MESSAGE,
  SWEEP_PROTOCOL_VERSION,
  parseSweepResponse,
} from '../sweep/protocol.ts';
import { handleSweepMessage } from './sweepHandler.ts';

const LESSON: SimSettings = resolveSettings(scenarioSettings('lesson', '2.6.14'));

function req(jobs: unknown, extra: Record<string, unknown> = {}): unknown {
  return { v: SWEEP_PROTOCOL_VERSION, id: 7, type: 'runJobs', jobs, ...extra };
}

function errorOf(data: unknown): string {
  const r = handleSweepMessage(data);
  expect(r.type).toBe('error');
  return r.type === 'error' ? r.message : '';
}

describe('sweep handler', () => {
  it('runs lesson seeds 1-3 and answers in request order with the model summaries', () => {
    const jobs = [3, 1, 2].map((seed, i) => ({ key: 10 + i, settings: { ...LESSON, seed } }));
    const r = handleSweepMessage(req(jobs));
    expect(r.type).toBe('results');
    if (r.type !== 'results') return;
    expect(r.id).toBe(7);
    expect(r.results.map((x) => x.key)).toEqual([10, 11, 12]);
    for (const [i, x] of r.results.entries()) {
      expect(x.summary).toEqual(runToEnd(jobs[i]!.settings).summary);
    }
    expect(structuredClone(r)).toEqual(r);
    expect(parseSweepResponse(r)).toEqual({ ok: true, value: r });
  });

  it('rejects malformed messages with a message naming the problem', () => {
    expect(errorOf(null)).toMatch(/request is null, not an object/);
    expect(errorOf({ ...(req([]) as object), v: 9 })).toMatch(/version 9 is not supported/);
    expect(errorOf(req([], { type: 'init' }))).toMatch(/unknown request type "init"/);
    expect(errorOf(req([{ key: 1, settings: LESSON }], { id: -1 }))).toMatch(/id -1 is not/);
    expect(errorOf(req([]))).toMatch(/jobs is an array of 0: expected an array of 1 to 1000/);
    const many = Array.from({ length: MAX_JOBS_PER_MESSAGE + 1 }, (_, key) => ({
      key,
      settings: LESSON,
    }));
    expect(errorOf(req(many))).toMatch(/an array of 1001/);
    expect(errorOf(req([{ key: 'a', settings: LESSON }]))).toMatch(/jobs\[0\]\.key "a"/);
    expect(errorOf(req([{ key: 1 }]))).toMatch(/jobs\[0\] \(key 1\) has no settings object/);
    expect(handleSweepMessage(req([])).id).toBe(7);
  });

  it('names the job whose settings are bad (seed 1)', () => {
    const r = handleSweepMessage(
      req([
        { key: 4, settings: LESSON },
        { key: 5, settings: { ...LESSON, load: 2 } },
      ]),
    );
    expect(r).toMatchObject({ type: 'error', id: 7, key: 5 });
    if (r.type === 'error') expect(r.message).toMatch(/job 5: load 2 is not allowed/);
  });

  it('tells onJobDone after each job that completed, and not for a bad one (the heartbeat)', () => {
    let beats = 0;
    const jobs = [1, 2, 3].map((seed, i) => ({ key: i, settings: { ...LESSON, seed } }));
    expect(handleSweepMessage(req(jobs), () => beats++).type).toBe('results');
    expect(beats).toBe(3);
    beats = 0;
    const bad = [jobs[0], { key: 1, settings: { ...LESSON, load: 3 } }, jobs[2]];
    expect(handleSweepMessage(req(bad), () => beats++).type).toBe('error');
    expect(beats).toBe(1);
  });
});
