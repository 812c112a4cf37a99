import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../model/index.ts';
import { presetDraft } from '../../store/settingsDraft.ts';
import { firstDifference, replayReportLines } from './compareTrace.ts';
import { bootFromQuery, linkQuery, stepPastEnd } from './linkBoot.ts';
import { assembleSvg, xmlEscape } from './viewImage.ts';

describe('bootFromQuery', () => {
  it('round-trips a link to the same settings, lanes, step and preset', () => {
    const lesson = presetDraft('lesson')!;
    const boot = bootFromQuery(linkQuery(lesson.draft, lesson.variants, 40));
    expect(boot.draft).toEqual(lesson.draft);
    expect(boot.variants).toEqual(lesson.variants);
    expect(boot.step).toBe(40);
    expect(boot.preset).toBe('lesson');
    expect(boot.ignored).toEqual([]);
    expect(boot.otherModelVersion).toBeNull();
  });
  it('uses a scenario as the base; explicit parameters override it', () => {
    const boot = bootFromQuery('?scenario=lesson&seed=9');
    expect(boot.draft.peers).toBe(6);
    expect(boot.draft.seed).toBe(9);
    expect(boot.preset).toBeNull();
  });
  it('lists every ignored parameter with its value and reason', () => {
    const boot = bootFromQuery('scenario=nope&peers=abc&lanes=x&step=-1&foo=1&autoplay=maybe', {
      autoplay: true,
    });
    expect(boot.ignored.map((x) => x.param).sort()).toEqual(
      ['autoplay', 'foo', 'lanes', 'peers', 'scenario', 'step'].sort(),
    );
    for (const x of boot.ignored) expect(x.reason.length).toBeGreaterThan(5);
    expect(boot.autoplay).toBe(false);
  });
  it("a base value that clashes with the link's gives way and says so: the link's value is used", () => {
    const boot = bootFromQuery('scenario=lesson&peers=100');
    expect(boot.ignored).toEqual([]);
    expect(boot.draft).toMatchObject({ peers: 100, maxClients: 100 });
    expect(boot.adjusted).toEqual([
      'max-clients is 100 instead of 8, to fit the link: max-clients 8 is below the peer count 100: use a max-clients from 100 to 10000',
    ]);
    const cpus = bootFromQuery('scenario=reporter&cpus=2');
    expect(cpus.draft).toMatchObject({ cpus: 2, rxCpus: 2 });
    expect(cpus.adjusted).toHaveLength(1);
    // a generated link over the defaults: peers above the default max-clients
    const big = bootFromQuery('mv=5&lanes=2.6.14,2.6.20&peers=2000');
    expect(big.draft).toMatchObject({ peers: 2000, maxClients: 2000 });
    // a link made by the page needs nothing adjusted
    const lesson = presetDraft('lesson')!;
    expect(bootFromQuery(linkQuery(lesson.draft, lesson.variants, 0)).adjusted).toEqual([]);
  });
  it('judges a value against the base it applies over, not against the defaults', () => {
    // max-clients 10 is below the default 1024 peers, but not the lesson's 6
    expect(bootFromQuery('scenario=lesson&max-clients=1e1')).toMatchObject({
      ignored: [],
      adjusted: [],
      draft: { peers: 6, maxClients: 10 },
    });
    const big = bootFromQuery('scenario=lesson&batch=9999');
    expect(big.ignored).toEqual([
      {
        param: 'batch',
        value: '9999',
        reason:
          'batch size 9999 is not allowed: use auto or an integer from 1 to the peer count (6)',
      },
    ]);
  });
  it('drops a value that clashes with the base, keeping the rest', () => {
    const boot = bootFromQuery('scenario=lesson&batch=50');
    expect(boot.ignored.map((x) => x.param)).toEqual(['batch']);
    expect(boot.draft.batch).toBe(presetDraft('lesson')!.draft.batch);
  });
  it('flags another model version', () => {
    expect(bootFromQuery(`mv=${MODEL_VERSION + 1}`).otherModelVersion).toBe(MODEL_VERSION + 1);
  });
  it('reads speed and align; writes them only when not the defaults (1×, by notification)', () => {
    const lesson = presetDraft('lesson')!;
    expect(linkQuery(lesson.draft, lesson.variants, 0, { speed: 1, align: 'notification' })).toBe(
      linkQuery(lesson.draft, lesson.variants, 0),
    );
    const q = linkQuery(lesson.draft, lesson.variants, 12, { speed: 4, align: 'time' });
    expect(q).toMatch(/&speed=4&align=time$/);
    const boot = bootFromQuery(q);
    expect(boot).toMatchObject({ speed: 4, align: 'time', step: 12, ignored: [] });
    expect(bootFromQuery('scenario=lesson&speed=0.5x')).toMatchObject({ speed: 0.5, align: null });
    expect(bootFromQuery('scenario=lesson')).toMatchObject({ speed: null, align: null });
  });
  it('a link with a step always names its merge order; a generated one without it is from before alignment (time order)', () => {
    const lesson = presetDraft('lesson')!;
    expect(linkQuery(lesson.draft, lesson.variants, 40)).toMatch(/&step=40&align=notification$/);
    expect(linkQuery(lesson.draft, lesson.variants, 0)).not.toMatch(/align=/);
    const legacy = linkQuery(lesson.draft, lesson.variants, 40).replace('&align=notification', '');
    expect(bootFromQuery(legacy)).toMatchObject({ step: 40, align: 'time' });
    // hand-written (no mv): the page's default order
    expect(bootFromQuery('scenario=lesson&step=40')).toMatchObject({ step: 40, align: null });
  });
  it('ignores a bad speed or align, naming the value and what is allowed', () => {
    const boot = bootFromQuery('scenario=lesson&speed=fast&align=vibes');
    expect(boot.speed).toBeNull();
    expect(boot.align).toBeNull();
    expect(boot.ignored).toEqual([
      {
        param: 'align',
        value: 'vibes',
        reason: 'align "vibes" is not allowed: use notification or time',
      },
      {
        param: 'speed',
        value: 'fast',
        reason:
          'speed "fast" is not allowed: use a multiplier from 0.1× to 10,000× (1 = one notification read a second)',
      },
    ]);
    expect(bootFromQuery('speed=50000').ignored[0]).toMatchObject({
      param: 'speed',
      value: '50000',
    });
  });
  it("reads speed in the one number syntax (with its x), not in JavaScript's", () => {
    expect(bootFromQuery('scenario=lesson&speed=2.5e1x')).toMatchObject({ speed: 25, ignored: [] });
    for (const raw of ['0x10', '0b11', 'Infinity', '1_0']) {
      const boot = bootFromQuery(`scenario=lesson&speed=${raw}`);
      expect(boot.speed, raw).toBeNull();
      expect(boot.ignored).toEqual([
        {
          param: 'speed',
          value: raw,
          reason: `speed "${raw}" is not allowed: use a multiplier from 0.1× to 10,000× (1 = one notification read a second)`,
        },
      ]);
    }
  });
  it('a step past the end is listed with the same words on the page, in embeds and for a file', () => {
    expect(stepPastEnd(900, 120)).toEqual({
      param: 'step',
      value: '900',
      reason:
        "step 900 is past the end of the run: use an integer from 0 to 120 (the run's events); the view shows its end",
    });
    expect(stepPastEnd(900, 120, 'position').reason).toMatch(/^position 900 is past the end/);
  });
  it('names parameters as the element does', () => {
    const boot = bootFromQuery('lanes=2.6.14', { rename: { lanes: 'variants' } });
    expect(boot.ignored[0]!.param).toBe('variants');
    expect(boot.ignored[0]!.reason).toMatch(/^variants must be/);
  });
});

describe('replay comparison', () => {
  const e = (i: number, fn = 'f') =>
    ({ i, t: i, actor: 'kernel', fn, what: 'read', outcome: 'info', rmem: 0 }) as never;
  it('finds the first difference, or none', () => {
    expect(firstDifference([e(0), e(1)], [e(0), e(1)])).toBeNull();
    expect(firstDifference([e(0), e(1)], [e(0), e(1, 'g')])).toBe(1);
    expect(firstDifference([e(0)], [e(0), e(1)])).toBe(1);
    const lines = replayReportLines(
      [
        {
          variant: 'a',
          fileEvents: 2,
          replayEvents: 2,
          firstDifference: null,
          summaryDifferences: [],
        },
      ],
      { versionNote: null },
    );
    expect(lines[0]).toMatch(/^Replayed identically/);
  });
  it('a summary that differs is a difference, and the filled and ignored are listed', () => {
    const lines = replayReportLines(
      [
        {
          variant: '2.6.14',
          fileEvents: 9,
          replayEvents: 9,
          firstDifference: null,
          summaryDifferences: ['emitted'],
        },
        {
          variant: '2.6.20',
          fileEvents: 9,
          replayEvents: 9,
          firstDifference: null,
          summaryDifferences: [],
        },
      ],
      {
        versionNote: null,
        filled: ['seed', 'peers'],
        ignored: [stepPastEnd(900, 120, 'position')],
      },
    );
    expect(lines).toEqual([
      'The replay differs from the file.',
      "Lane A (2.6.14): the file's summary differs from the replay's in emitted (the events match).",
      'Lane B (2.6.20): identical.',
      'The file left settings out; filled from defaults: seed, peers.',
      "Ignored position: position 900 is past the end of the run: use an integer from 0 to 120 (the run's events); the view shows its end.",
    ]);
  });
});

describe('SVG export', () => {
  it('puts the CSS inside the file and escapes text', () => {
    const svg = assembleSvg({
      width: 10,
      height: 10,
      css: '.a { fill: red; } </style><script>',
      variables: '--v-fg: #000;',
      body: [],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<style><![CDATA[');
    expect(svg).not.toContain('</style><script>');
    expect(xmlEscape('<img onerror="x">')).not.toMatch(/[<>"]/);
  });
});
