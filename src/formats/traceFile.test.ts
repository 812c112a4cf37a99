import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SCENARIOS,
  runToEnd,
  type TraceEvent,
  type VariantId,
} from '../model/index.ts';
import {
  MAX_FIELD_CHARS,
  buildTraceFile,
  parseTraceFile,
  replayTraceFile,
  summaryDifferences,
} from './traceFile.ts';
import { decodeLink } from './urlState.ts';

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
    expect(parsed.filled).toEqual([]);
    expect(parsed.ignored).toEqual([]);
    const report = replayTraceFile(parsed.file);
    expect(report.identical).toBe(true);
    expect(report.versionNote).toBeNull();
    expect(report.lanes.map((l) => l.firstDifference)).toEqual([null, null]);
    expect(report.lanes.map((l) => l.summaryDifferences)).toEqual([[], []]);
  });

  it('seed 3: a file names the merge order of its position; one without it (older files) still reads', () => {
    const file = exportLesson();
    expect(file.align).toBe('notification');
    const old: Record<string, unknown> = { ...file };
    delete old.align;
    const parsed = parseTraceFile(JSON.stringify(old));
    expect(parsed.ok && parsed.file.align).toBeUndefined();
    const bad = parseTraceFile(JSON.stringify({ ...file, align: 'sideways' }));
    expect(bad).toEqual({
      ok: false,
      message: 'align "sideways" is not allowed: use "notification" or "time"',
    });
  });

  it("seed 3: a position no run has is ignored with the link's step's words; the file imports at 0", () => {
    const file = exportLesson();
    for (const [position, shown] of [
      [1e21, '1e+21'],
      [2 ** 53, '9007199254740992'],
      [-1, '-1'],
      [1.5, '1.5'],
    ] as const) {
      const parsed = parseTraceFile(JSON.stringify({ ...file, position }));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.file.position).toBe(0);
      const link = decodeLink(`step=${encodeURIComponent(shown)}`).ignored[0]!.reason;
      expect(parsed.ignored).toEqual([
        {
          param: 'position',
          value: shown,
          reason: link.replace(`step "${shown}"`, `position ${shown}`),
        },
      ]);
      expect(parsed.ignored[0]!.reason).toBe(
        `position ${shown} is not allowed: use an integer from 0 to 9007199254740991`,
      );
    }
    const text = parseTraceFile(JSON.stringify({ ...file, position: '<b>7</b>' }));
    expect(text.ok && text.ignored[0]!.reason).toBe(
      'position "<b>7</b>" is not allowed: use an integer from 0 to 9007199254740991',
    );
  });

  it('seed 3: settings the file leaves out are filled from the defaults and listed', () => {
    const file = exportLesson();
    const empty = parseTraceFile(JSON.stringify({ ...file, settings: {} }));
    expect(empty.ok).toBe(true);
    if (!empty.ok) return;
    const { variant: _x, ...defaults } = DEFAULT_SETTINGS;
    expect(empty.file.settings).toEqual(defaults);
    expect(empty.filled.sort()).toEqual(Object.keys(defaults).sort());
    // a run of the defaults is not the lesson's: the replay says so
    expect(replayTraceFile(empty.file).identical).toBe(false);

    const { seed: _s, untilS: _u, ...rest } = file.settings;
    const partial = parseTraceFile(JSON.stringify({ ...file, settings: rest }));
    expect(partial.ok && partial.filled).toEqual(['seed', 'untilS']);
    expect(partial.ok && partial.file.settings.seed).toBe(DEFAULT_SETTINGS.seed);
  });

  it("seed 3: a wrong-typed or out-of-range setting refuses the file with the link's message", () => {
    const file = exportLesson();
    const cases: [string, unknown, string][] = [
      ['peers', 0, 'peers=0'],
      ['load', 7, 'load=7'],
      ['hz', 123, 'hz=123'],
    ];
    for (const [key, value, query] of cases) {
      const parsed = parseTraceFile(
        JSON.stringify({ ...file, settings: { ...file.settings, [key]: value } }),
      );
      const link = decodeLink(query).ignored[0]!.reason;
      expect(parsed).toEqual({ ok: false, message: `settings: ${link}` });
    }
    const typed = parseTraceFile(
      JSON.stringify({ ...file, settings: { ...file.settings, peers: '6', seed: { n: 1 } } }),
    );
    expect(typed).toEqual({
      ok: false,
      message:
        'settings: seed {…} (an object) is not allowed: use an integer from -2147483648 to 2147483647; peer count "6" is not allowed: use an integer from 1 to 10000 peers',
    });
  });

  it('seed 3: every summary field is checked for its type and range', () => {
    const file = exportLesson();
    const withSummary = (over: Record<string, unknown>) =>
      parseTraceFile(
        JSON.stringify({
          ...file,
          lanes: [
            { ...file.lanes[0], summary: { ...file.lanes[0].summary, ...over } },
            file.lanes[1],
          ],
        }),
      );
    const huge = 'x'.repeat(50 * 1024 * 1024);
    const cases: [Record<string, unknown>, string][] = [
      [
        { emitted: { n: 1 } },
        'lanes[0].summary.emitted {…} (an object) is not allowed: use an integer from 0 to 9007199254740991',
      ],
      [{ emitted: -1 }, 'lanes[0].summary.emitted -1 is not allowed'],
      [{ ghosts: 1.5 }, 'lanes[0].summary.ghosts 1.5 is not allowed'],
      [
        { variant: '<img src=x onerror=alert(1)>' },
        'lanes[0].summary.variant "<img src=x onerror=alert(1)>" is not allowed: use a known variant',
      ],
      [
        { kernel: huge },
        `lanes[0].summary.kernel "${'x'.repeat(40)}"… (52428800 characters) is not allowed`,
      ],
      [
        { exited: { atUs: 1, reason: huge } },
        'lanes[0].summary.exited {…} (an object) is not allowed',
      ],
      [
        { swallowedBy: { none: '1' } },
        'lanes[0].summary.swallowedBy {…} (an object) is not allowed',
      ],
      [{ drainUs: 'soon' }, 'lanes[0].summary.drainUs "soon" is not allowed: use null or a number'],
      [{ load: 2 }, 'lanes[0].summary.load 2 is not allowed: use a number from 0 to 1'],
      [
        { traceHash: 'zz' },
        'lanes[0].summary.traceHash "zz" is not allowed: use 8 hexadecimal digits',
      ],
      [{ budgetCut: 'no' }, 'lanes[0].summary.budgetCut "no" is not allowed: use true or false'],
      [{ extra: 1 }, 'lanes[0].summary has an unknown field "extra"'],
    ];
    for (const [over, message] of cases) {
      const parsed = withSummary(over);
      expect(parsed.ok, JSON.stringify(over).slice(0, 60)).toBe(false);
      if (!parsed.ok) {
        expect(parsed.message.startsWith(message), parsed.message.slice(0, 200)).toBe(true);
        expect(parsed.message.length).toBeLessThan(400);
      }
    }
    const { emitted: _e, ...missing } = file.lanes[0].summary;
    const noEmitted = parseTraceFile(
      JSON.stringify({ ...file, lanes: [{ ...file.lanes[0], summary: missing }, file.lanes[1]] }),
    );
    expect(noEmitted).toEqual({ ok: false, message: 'lanes[0].summary has no "emitted"' });
  });

  it('seed 3: a summary that differs from the replay is a difference, never "identical"', () => {
    const file = exportLesson();
    file.lanes[1].summary = {
      ...file.lanes[1].summary,
      emitted: file.lanes[1].summary.emitted + 1,
    };
    const parsed = parseTraceFile(JSON.stringify(file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const report = replayTraceFile(parsed.file);
    expect(report.identical).toBe(false);
    expect(report.lanes.map((l) => l.firstDifference)).toEqual([null, null]);
    expect(report.lanes.map((l) => l.summaryDifferences)).toEqual([[], ['emitted']]);
    // a lane's traceHash that is not its trace's
    const other = exportLesson();
    expect(summaryDifferences(other.lanes[0].summary, other.lanes[0].summary, 'deadbeef')).toEqual([
      'traceHash',
    ]);
  });

  it('seed 3: a file from before the event budget (no budgetCut) reads as never cut', () => {
    const file = exportLesson();
    const { budgetCut: _b, ...older } = file.lanes[0].summary;
    const parsed = parseTraceFile(
      JSON.stringify({ ...file, lanes: [{ ...file.lanes[0], summary: older }, file.lanes[1]] }),
    );
    expect(parsed.ok && parsed.file.lanes[0].summary.budgetCut).toBe(false);
    expect(parsed.ok && replayTraceFile(parsed.file).identical).toBe(true);
  });

  it('seed 3: event texts are short', () => {
    const file = exportLesson();
    const long = 'f'.repeat(MAX_FIELD_CHARS + 1);
    file.lanes[0].events[2] = { ...file.lanes[0].events[2]!, fn: long };
    const parsed = parseTraceFile(JSON.stringify(file));
    expect(parsed).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^lanes\[0\]\.events\[2\]\.fn "f{40}"… \(201 characters\) is not allowed: use text of at most 200 characters$/,
      ),
    });
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
      [
        JSON.stringify({ ...good, lanes: [{ ...good.lanes[0], extra: 1 }, good.lanes[1]] }),
        /lanes\[0\] has an unknown field "extra"/,
      ],
    ];
    for (const [text, message] of cases) {
      const r = parseTraceFile(text);
      expect(r.ok, text.slice(0, 40)).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
    }
  });
});
