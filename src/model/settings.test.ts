import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  HZ_VALUES,
  effectiveGranuleUs,
  effectiveHogs,
  wheelGranuleUs,
  LOAD_LEVELS,
  SETTING_RANGES,
  describeRange,
  effectiveKernel,
  loadName,
  parseExpire,
  parseLoad,
  resolveSettings,
  settingFromText,
  validateSettings,
  type SimSettings,
} from './settings.ts';
import { SCENARIOS, SCENARIO_NAMES, scenarioSettings } from './scenarios.ts';
import { VARIANT_IDS } from './variants.ts';

type NumericKey = keyof typeof SETTING_RANGES;
const NUMERIC_KEYS = Object.keys(SETTING_RANGES) as NumericKey[];

function problemsOf(input: Record<string, unknown>) {
  return validateSettings(input as Partial<Record<keyof SimSettings, unknown>>).problems;
}

describe('defaults', () => {
  it('an empty input gives the defaults and no problems', () => {
    const { settings, problems } = validateSettings({});
    expect(problems).toEqual([]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  it('the defaults are the facts ARCHITECTURE.md states', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      peers: 1024,
      maxClients: 1024, // --max-clients default
      batch: 'auto',
      seed: 1,
      rcvbufBytes: 425_984, // rmem_max 212,992 doubled
      truesizeBytes: 832, // measured on 6.18
      keepaliveTimeoutS: 120, // keepalive 10 60 on the server
      pingIntervalS: 10,
      pingRestartS: 60,
      kernel: 'auto',
      reconnect: true,
    });
    expect(VARIANT_IDS).toContain(DEFAULT_SETTINGS.variant);
  });

  it('every numeric default lies in its own range', () => {
    for (const key of NUMERIC_KEYS) {
      const { problems } = validateSettings({ [key]: DEFAULT_SETTINGS[key] });
      expect(problems, key).toEqual([]);
    }
  });

  it('resolveSettings returns the merged settings and throws a RangeError on bad input', () => {
    expect(resolveSettings({ peers: 7 }).peers).toBe(7);
    expect(() => resolveSettings({ peers: 0 })).toThrow(RangeError);
    expect(() => resolveSettings({ peers: 0 })).toThrow(/peer count 0/);
  });
});

describe('validateSettings: each bad value is reported with the value and the allowed range', () => {
  for (const key of NUMERIC_KEYS) {
    const r = SETTING_RANGES[key];
    const bad: unknown[] = [r.min - 1, r.max + 1, Number.NaN, Infinity, '5', null];
    if (r.integer) bad.push(r.min + 0.5);
    it(`${key}: ${bad.map(String).join(', ')} are rejected naming ${r.label} and ${r.min}..${r.max}`, () => {
      for (const value of bad) {
        const { settings, problems } = validateSettings({ [key]: value });
        expect(problems, String(value)).toHaveLength(1);
        const p = problems[0]!;
        expect(p.key).toBe(key);
        expect(p.value).toBe(value);
        expect(p.message).toContain(r.label);
        expect(p.message).toContain(typeof value === 'string' ? `"${value}"` : String(value));
        expect(p.message).toContain(`from ${r.min} to ${r.max}`);
        expect(p.message).toContain(r.integer ? 'an integer' : 'a number');
        // a rejected value is never used
        expect(settings[key]).toBe(DEFAULT_SETTINGS[key]);
      }
    });
  }

  for (const key of NUMERIC_KEYS) {
    const r = SETTING_RANGES[key];
    it(`${key}: both ends of ${r.min}..${r.max} are accepted`, () => {
      // pairs checked against each other (firewall times; peers <= max-clients): keep the
      // partner out of the way
      const partner = (value: number) =>
        key === 'unblockAtS'
          ? { blockAtS: 0 }
          : key === 'blockAtS'
            ? { unblockAtS: -1 }
            : key === 'peers'
              ? { maxClients: SETTING_RANGES.maxClients.max }
              : key === 'maxClients'
                ? { peers: Math.min(value, SETTING_RANGES.peers.max) }
                : key === 'cpus'
                  ? { rxCpus: 1 }
                  : key === 'rxCpus'
                    ? { cpus: SETTING_RANGES.cpus.max }
                    : {};
      for (const value of [r.min, r.max]) {
        const { settings, problems } = validateSettings({ ...partner(value), [key]: value });
        expect(problems, String(value)).toEqual([]);
        expect(settings[key]).toBe(value);
      }
    });
  }

  it('max-clients below the peer count is reported with both values and raised to the peer count', () => {
    const { settings, problems } = validateSettings({ peers: 300, maxClients: 200 });
    expect(problems.map((p) => p.message)).toEqual([
      'max-clients 200 is below the peer count 300: use a max-clients from 300 to 10000',
    ]);
    expect(settings.maxClients).toBe(300);
  });

  it('the message reads like a sentence: value, then the range with its unit', () => {
    expect(problemsOf({ peers: 0 })[0]!.message).toBe(
      'peer count 0 is not allowed: use an integer from 1 to 10000 peers',
    );
    expect(problemsOf({ load: 1.5 })[0]!.message).toBe(
      'load 1.5 is not allowed: use a number from 0 to 1',
    );
    expect(describeRange(SETTING_RANGES.rcvbufBytes)).toBe(
      'an integer from 4096 to 268435456 bytes',
    );
  });

  it('variant, kernel and reconnect accept only their listed values', () => {
    expect(problemsOf({ variant: '2.6.15' })[0]!.message).toBe(
      `variant "2.6.15" is not one of ${VARIANT_IDS.join(', ')}`,
    );
    expect(problemsOf({ kernel: 'linux' })[0]!.message).toBe(
      'kernel "linux" is not one of auto, ovpn-dco, mainline',
    );
    expect(problemsOf({ reconnect: 'yes' })[0]!.message).toBe(
      'reconnect "yes" is not true or false',
    );
    for (const v of VARIANT_IDS) expect(problemsOf({ variant: v })).toEqual([]);
    for (const k of ['auto', 'ovpn-dco', 'mainline']) expect(problemsOf({ kernel: k })).toEqual([]);
  });

  it('batch is auto or an integer of at least 1', () => {
    for (const b of [0, -3, 1.5, 'big', null]) {
      const p = problemsOf({ batch: b });
      expect(p).toHaveLength(1);
      expect(p[0]!.message).toContain('use auto or an integer from 1 to the peer count');
    }
    expect(problemsOf({ batch: 'auto' })).toEqual([]);
    expect(problemsOf({ batch: 1, peers: 1 })).toEqual([]);
  });

  it('a batch larger than the peer count is rejected, naming both, and replaced by auto', () => {
    const { settings, problems } = validateSettings({ peers: 10, batch: 11 });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.key).toBe('batch');
    expect(problems[0]!.message).toContain('batch size 11');
    expect(problems[0]!.message).toContain('(10)');
    expect(settings.batch).toBe('auto');
    expect(problemsOf({ peers: 10, batch: 10 })).toEqual([]);
  });

  it('an unblock time before the block time is rejected, naming both', () => {
    const { settings, problems } = validateSettings({ blockAtS: 50, unblockAtS: 20 });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('20 s is before the block at 50 s');
    expect(settings.unblockAtS).toBe(-1);
    expect(problemsOf({ blockAtS: 50, unblockAtS: -1 })).toEqual([]);
    expect(problemsOf({ blockAtS: 50, unblockAtS: 50 })).toEqual([]);
  });

  it('every problem is reported, not only the first', () => {
    const p = problemsOf({ peers: 0, load: 2, variant: 'x', nonsense: 1 });
    expect(p.map((x) => x.key).sort()).toEqual(['load', 'nonsense', 'peers', 'variant']);
  });

  it('undefined values are ignored (an absent option), not reported', () => {
    expect(problemsOf({ peers: undefined })).toEqual([]);
  });
});

describe('validateSettings: what an input left out', () => {
  it('lists the settings taken from the defaults (absent or undefined)', () => {
    const { defaulted, problems } = validateSettings({ seed: 4, peers: undefined });
    expect(problems).toEqual([]);
    expect(defaulted).toContain('peers');
    expect(defaulted).not.toContain('seed');
    expect(defaulted).toHaveLength(Object.keys(DEFAULT_SETTINGS).length - 1);
  });

  it('a value of the wrong kind names it safely: no object text, no megabytes', () => {
    const [p] = problemsOf({ peers: { valueOf: 6 } });
    expect(p!.message).toBe(
      'peer count {…} (an object) is not allowed: use an integer from 1 to 10000 peers',
    );
    const [q] = problemsOf({ kernel: 'x'.repeat(1_000_000) });
    expect(q!.message.length).toBeLessThan(200);
    expect(q!.message).toMatch(/^kernel "x{40}"… \(1000000 characters\) is not one of/);
  });
});

describe('validateSettings: a refused value is reported once', () => {
  it('peers 0 is one problem, not also a max-clients below the default peer count', () => {
    const v = validateSettings({ peers: 0, maxClients: 8, batch: 6 });
    expect(v.problems.map((p) => p.key)).toEqual(['peers']);
    // the settings stay runnable all the same
    expect(v.settings.maxClients).toBeGreaterThanOrEqual(v.settings.peers);
    expect(validateSettings({ cpus: 0, rxCpus: 8 }).problems.map((p) => p.key)).toEqual(['cpus']);
    expect(validateSettings({ blockAtS: -5, unblockAtS: 5 }).problems.map((p) => p.key)).toEqual([
      'blockAtS',
    ]);
    // without a refused value the cross-checks still speak, naming the other setting
    expect(validateSettings({ peers: 10, maxClients: 8 }).problems).toEqual([
      expect.objectContaining({ key: 'maxClients', against: 'peers' }),
    ]);
    expect(validateSettings({ peers: 6, maxClients: 8, expire: '9@1' }).problems).toEqual([
      expect.objectContaining({ key: 'expire', against: 'peers' }),
    ]);
    // a problem of the value alone names no other setting
    const [own] = validateSettings({ expire: '1@-5' }).problems;
    expect(own).toEqual(expect.objectContaining({ key: 'expire' }));
    expect(own).not.toHaveProperty('against');
  });
});

describe('settingFromText: one reading of a setting for links, the CLI and attributes', () => {
  it('numbers in the one syntax, of every numeric setting', () => {
    expect(settingFromText('peers', '1e3')).toEqual({ ok: true, value: 1000 });
    expect(settingFromText('seed', ' -7 ')).toEqual({ ok: true, value: -7 });
    expect(settingFromText('rcuGpSpread', '.25')).toEqual({ ok: true, value: 0.25 });
    // a number of the right syntax out of range is validateSettings' to refuse
    expect(settingFromText('peers', '1e5')).toEqual({ ok: true, value: 100_000 });
    for (const key of NUMERIC_KEYS.filter((k) => k !== 'load')) {
      for (const raw of ['0x10', '0b101', 'Infinity', '', '1_000']) {
        const r = settingFromText(key, raw);
        expect(r.ok, `${key}=${raw}`).toBe(false);
        if (!r.ok) {
          expect(r.problem.key).toBe(key);
          expect(r.problem.message).toContain(
            `${SETTING_RANGES[key].label} ${JSON.stringify(raw)} is not a decimal number: use ${describeRange(SETTING_RANGES[key])}`,
          );
        }
      }
    }
  });

  it('load by name or number; batch auto or a number; reconnect 1/0; kernel and expire as text', () => {
    expect(settingFromText('load', 'high')).toEqual({ ok: true, value: LOAD_LEVELS.high });
    expect(settingFromText('load', '5e-1')).toEqual({ ok: true, value: 0.5 });
    const hot = settingFromText('load', 'hot');
    expect(!hot.ok && hot.problem.message).toBe(
      'load "hot" is not allowed: use idle, low, moderate, high, stress, saturated or a number from 0 to 1',
    );
    expect(settingFromText('load', 'toString').ok).toBe(false);
    expect(settingFromText('batch', 'auto')).toEqual({ ok: true, value: 'auto' });
    expect(settingFromText('batch', '1e1')).toEqual({ ok: true, value: 10 });
    const b = settingFromText('batch', '0x8');
    expect(!b.ok && b.problem.message).toMatch(
      /^batch size "0x8" is not allowed: use auto or an integer/,
    );
    expect(settingFromText('reconnect', 'true')).toEqual({ ok: true, value: true });
    expect(settingFromText('reconnect', '0')).toEqual({ ok: true, value: false });
    const r = settingFromText('reconnect', 'maybe');
    expect(!r.ok && r.problem.message).toBe(
      'reconnect "maybe" is not true or false: use 1 or 0 (or true or false)',
    );
    expect(settingFromText('kernel', ' mainline ')).toEqual({ ok: true, value: 'mainline' });
    expect(settingFromText('expire', '1@2')).toEqual({ ok: true, value: '1@2' });
  });
});

describe('parseExpire: every malformed entry gets a message naming it and both ranges', () => {
  const ranges = 'each with a peer from 0 to 5 and a time from 0 to 86400 s';
  const cases: [string, string][] = [
    ['1@-5', '(the time -5 s is before 0)'],
    ['1@90000', '(the time 90000 s is after 86400 s)'],
    ['6@1', '(there is no peer 6 in a run of 6 peers)'],
    ['-1@3', '(there is no peer -1 in a run of 6 peers)'],
    ['1.5@3', '(the peer "1.5" is not a whole number in range)'],
    ['0x1@3', '(the peer "0x1" is not a whole number in range)'],
    ['@3', '(the peer "" is not a whole number in range)'],
    ['3@', '(the time "" is not a decimal number of seconds)'],
    ['3@ten', '(the time "ten" is not a decimal number of seconds)'],
    ['3@Infinity', '(the time "Infinity" is not a decimal number of seconds)'],
    ['3', '(it has no @ between the peer and the time)'],
    ['3@4@5', '(it has more than one @)'],
  ];
  for (const [text, why] of cases) {
    it(`${JSON.stringify(text)}: ${why}`, () => {
      const m = parseExpire(text, 6);
      expect(m).toBe(
        `expire entry ${JSON.stringify(text)} is not allowed: use peer@seconds entries separated by commas, ${ranges}, e.g. 3@125.5 ${why}`,
      );
    });
  }
  it('an empty entry and too many entries say which', () => {
    expect(parseExpire('1@2,,3@4', 6)).toMatch(
      /^expire entry 2 of 3 is not allowed: use peer@seconds .* \(it is empty: no comma at an end, none twice\)$/,
    );
    expect(parseExpire('1@2,', 6)).toMatch(/^expire entry 2 of 2 is not allowed: .*it is empty/);
    const many = Array.from({ length: 65 }, (_, i) => `0@${i}`).join(',');
    expect(parseExpire(many, 6)).toMatch(
      /^expire with 65 entries is not allowed: use peer@seconds .* \(at most 64 entries\)$/,
    );
  });
  it('the one number syntax: exponents read, the example peer is in range', () => {
    expect(parseExpire('1e0@1.25e2', 6)).toEqual([{ peer: 1, atUs: 125_000_000 }]);
    expect(parseExpire('1@x', 1)).toMatch(/a peer from 0 to 0 .*e\.g\. 0@125\.5/);
  });
});

describe('own-property lookups: inherited names are not settings, loads or scenarios', () => {
  const inherited = ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__'];

  it('validateSettings reports inherited names as unknown settings', () => {
    for (const name of inherited) {
      const input = JSON.parse(`{${JSON.stringify(name)}: 5}`) as Record<string, unknown>;
      const p = problemsOf(input);
      expect(p, name).toHaveLength(1);
      expect(p[0]!.message).toBe(`unknown setting ${JSON.stringify(name)}`);
    }
  });

  it('parseLoad: names of LOAD_LEVELS and numbers 0..1 parse; inherited names and junk do not', () => {
    for (const [name, v] of Object.entries(LOAD_LEVELS)) expect(parseLoad(name)).toBe(v);
    expect(parseLoad('0.3')).toBe(0.3);
    expect(parseLoad('1')).toBe(1);
    expect(parseLoad('.5')).toBe(0.5);
    expect(parseLoad('1e-1')).toBe(0.1); // the one number syntax: exponents are numbers
    expect(parseLoad(' stress ')).toBe(LOAD_LEVELS.stress);
    for (const bad of [...inherited, '1.5', '-0.1', '', 'abc', '0x1', '0b1', 'Infinity'])
      expect(parseLoad(bad), bad).toBeNull();
  });

  it('loadName names the levels and prints other loads as numbers', () => {
    expect(loadName(LOAD_LEVELS.stress)).toBe('stress');
    expect(loadName(0.33)).toBe('0.33');
  });

  it('scenarioSettings: known scenarios resolve, inherited names throw a RangeError listing the scenarios', () => {
    for (const name of inherited) {
      expect(() => scenarioSettings(name)).toThrow(RangeError);
      expect(() => scenarioSettings(name)).toThrow(SCENARIO_NAMES.join(', '));
    }
  });
});

describe('scenarios are valid settings', () => {
  for (const name of SCENARIO_NAMES) {
    it(`${name}: validates without problems for every variant, with its own lanes first`, () => {
      const sc = SCENARIOS[name]!;
      expect(scenarioSettings(name).variant).toBe(sc.lanes[0]);
      for (const v of VARIANT_IDS) {
        const s = scenarioSettings(name, v);
        expect(s.variant).toBe(v);
        expect(validateSettings(s).problems).toEqual([]);
      }
    });
  }
});

describe('effectiveKernel', () => {
  it('auto follows the variant; an explicit flavour overrides it', () => {
    const s = resolveSettings({});
    expect(effectiveKernel(s, 'mainline')).toBe('mainline');
    expect(effectiveKernel({ ...s, kernel: 'ovpn-dco' }, 'mainline')).toBe('ovpn-dco');
  });
});

describe('validateSettings: the rig (CPUs, hogs, HZ, granule)', () => {
  it("HZ must be one of the kernel's choices", () => {
    for (const hz of HZ_VALUES) expect(validateSettings({ hz }).problems).toEqual([]);
    const { settings, problems } = validateSettings({ hz: 500 });
    expect(problems.map((p) => p.message)).toEqual([
      'HZ 500 is not allowed: use one of 100, 250, 300, 1000',
    ]);
    expect(settings.hz).toBe(DEFAULT_SETTINGS.hz);
  });

  it('receive CPUs cannot outnumber the CPUs', () => {
    const { settings, problems } = validateSettings({ cpus: 2, rxCpus: 3 });
    expect(problems.map((p) => p.message)).toEqual([
      'receive CPUs 3 is above the CPU count 2: use an integer from 1 to 2',
    ]);
    expect(settings.rxCpus).toBe(2);
  });

  it('a granule is 0 (from HZ) or at least 1 ms', () => {
    expect(validateSettings({ granuleUs: 0 }).problems).toEqual([]);
    const { problems } = validateSettings({ granuleUs: 999 });
    expect(problems[0]?.message).toBe(
      'timer granule 999 µs is not allowed: use 0 (from HZ) or an integer from 1000 to 16384000 µs',
    );
  });

  it('hogs -1 follow the load: 4 per CPU when saturated (stress-ng --cpu 64 on 16 CPUs)', () => {
    expect(effectiveHogs({ hogs: -1, load: 1, cpus: 16 })).toBe(64);
    expect(effectiveHogs({ hogs: -1, load: 0, cpus: 16 })).toBe(0);
    expect(effectiveHogs({ hogs: -1, load: 0.25, cpus: 8 })).toBe(8);
    expect(effectiveHogs({ hogs: 5, load: 1, cpus: 16 })).toBe(5);
  });

  it('the timer wheel granule for 120 s: 2.048 s at HZ 250, 4.096 s at HZ 1000 (calc_wheel_index)', () => {
    expect(wheelGranuleUs(120, 250)).toBe(2_048_000);
    expect(wheelGranuleUs(120, 1000)).toBe(4_096_000);
    // level boundaries: 62 jiffies is level 0 (1 jiffy), 63 is level 1 (8 jiffies)
    expect(wheelGranuleUs(62 / 1000, 1000)).toBe(1_000);
    expect(wheelGranuleUs(63 / 1000, 1000)).toBe(8_000);
    expect(effectiveGranuleUs({ granuleUs: 0, keepaliveTimeoutS: 120, hz: 250 })).toBe(2_048_000);
    expect(effectiveGranuleUs({ granuleUs: 5_000, keepaliveTimeoutS: 120, hz: 250 })).toBe(5_000);
  });
});
