import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SCENARIOS,
  runToEnd,
  type TraceEvent,
  type VariantId,
} from '../model/index.ts';
import { buildTraceFile, parseTraceFile, replayTraceFile } from './traceFile.ts';

const { variant: _v, ...base } = { ...DEFAULT_SETTINGS, ...SCENARIOS.lesson!.settings, seed: 3 };

function exportLesson() {
  const lanes = (['2.6.14', '2.6.20'] as VariantId[]).map((variant) => {
    const events: TraceEvent[] = [];
    const { summary } = runToEnd({ ...base, variant }, { onTrace: (e) => events.push(e) });
    return { variant, summary, events };
  });
  return buildTraceFile(base, lanes, 10);
}

describe('trace files', () => {
  it('seed 3: export then import replays identically', () => {
    const text = JSON.stringify(exportLesson());
    const parsed = parseTraceFile(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const report = replayTraceFile(parsed.file);
    expect(report.identical).toBe(true);
    expect(report.versionNote).toBeNull();
    expect(report.lanes.map((l) => l.firstDifference)).toEqual([null, null]);
  });

  it('seed 3: a file names the merge order of its position; one without it (older files) still reads', () => {
    const file = exportLesson();
    expect(file.align).toBe('notification');
    const old: Record<string, unknown> = { ...file };
    delete old.align;
    const parsed = parseTraceFile(JSON.stringify(old));
    expect(parsed.ok && parsed.file.align).toBeUndefined();
    const bad = parseTraceFile(JSON.stringify({ ...file, align: 'sideways' }));
    expect(bad).toEqual({ ok: false, message: expect.stringMatching(/align should be/) });
  });

  it('seed 3: a position beyond the safe integers is refused, naming the range', () => {
    const file = exportLesson();
    for (const position of [1e21, 2 ** 53]) {
      expect(parseTraceFile(JSON.stringify({ ...file, position }))).toEqual({
        ok: false,
        message: expect.stringContaining(
          'position should be an integer from 0 to 9007199254740991',
        ),
      });
    }
  });

  it('seed 3: a tampered event is found at its index', () => {
    const file = exportLesson();
    file.lanes[0].events[5] = { ...file.lanes[0].events[5]!, outcome: 'processed' };
    const report = replayTraceFile(file);
    expect(report.identical).toBe(false);
    expect(report.lanes[0]!.firstDifference).toBe(5);
  });

  it('a file from another model version replays with a note', () => {
    const file = { ...exportLesson(), modelVersion: 1 };
    expect(replayTraceFile(file).versionNote).toMatch(/model version 1/);
  });

  it('foreign and malformed files get a message saying what is wrong', () => {
    const good = exportLesson();
    const cases: [string, RegExp][] = [
      ['not json', /not JSON/],
      ['[1,2]', /not a JSON object/],
      [JSON.stringify({ format: 'har' }), /not a dcoscope trace/],
      [JSON.stringify({ ...good, schemaVersion: 9 }), /schema version 9/],
      [JSON.stringify({ ...good, lanes: [good.lanes[0]] }), /exactly two lanes/],
      [JSON.stringify({ ...good, settings: { ...good.settings, peers: -1 } }), /peer count -1/],
      [
        JSON.stringify({
          ...good,
          lanes: [{ ...good.lanes[0], variant: '<img src=x>' }, good.lanes[1]],
        }),
        /not a known variant/,
      ],
      [
        JSON.stringify({
          ...good,
          lanes: [{ ...good.lanes[0], events: [{ i: 0 }] }, good.lanes[1]],
        }),
        /has no "t"/,
      ],
      [
        JSON.stringify({
          ...good,
          lanes: [
            { ...good.lanes[0], events: [{ ...good.lanes[0].events[0], onload: 'x' }] },
            good.lanes[1],
          ],
        }),
        /unknown field "onload"/,
      ],
    ];
    for (const [text, message] of cases) {
      const r = parseTraceFile(text);
      expect(r.ok, text.slice(0, 40)).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
    }
  });
});
