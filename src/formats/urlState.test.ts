import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, MODEL_VERSION, SCENARIOS, type SimSettings } from '../model/index.ts';
import {
  PARAMS,
  decodeLink,
  encodeLink,
  parseStep,
  pastEndProblem,
  positionProblem,
  type LinkState,
} from './urlState.ts';

const { variant: _v, ...defaults } = DEFAULT_SETTINGS;

function state(over: Partial<Omit<SimSettings, 'variant'>> = {}, step = 0): LinkState {
  return { settings: { ...defaults, ...over }, lanes: ['2.6.14', '2.6.20'], step };
}

describe('encodeLink / decodeLink', () => {
  it('seed 7: a link round-trips every setting, the lanes and the step', () => {
    const s = state(
      {
        ...SCENARIOS.reporter!.settings,
        seed: 7,
        statusIntervalS: 3,
        reconnect: false,
        kernel: 'mainline',
        batch: 40,
      },
      1234,
    );
    const d = decodeLink(encodeLink(s));
    expect(d.ignored).toEqual([]);
    expect({ ...defaults, ...d.settings }).toEqual(s.settings);
    expect(d.lanes).toEqual(['2.6.14', '2.6.20']);
    expect(d.step).toBe(1234);
    expect(d.modelVersion).toBe(MODEL_VERSION);
  });

  it('seed 1: default settings are left out, the seed and the version are always written', () => {
    const q = new URLSearchParams(encodeLink(state()));
    expect([...q.keys()].sort()).toEqual(['lanes', 'mv', 'seed', 'step']);
  });

  it('every setting has its own parameter name', () => {
    expect(new Set(Object.values(PARAMS)).size).toBe(Object.keys(PARAMS).length);
    expect(Object.keys(PARAMS).sort()).toEqual(Object.keys(defaults).sort());
  });

  it('each bad parameter is ignored with the value and the allowed range; the rest applies', () => {
    const d = decodeLink(
      '?peers=0&load=hot&lanes=2.6.14&step=-3&zoom=2&seed=5&batch=9999&reconnect=maybe',
    );
    const byParam = Object.fromEntries(d.ignored.map((x) => [x.param, x]));
    expect(byParam.peers?.reason).toBe(
      'peer count 0 is not allowed: use an integer from 1 to 10000 peers',
    );
    expect(byParam.load?.reason).toMatch(/^load "hot" is not allowed/);
    expect(byParam.lanes?.reason).toMatch(/two variants/);
    expect(byParam.step?.reason).toMatch(/step "-3" is not allowed/);
    expect(byParam.zoom?.reason).toBe('unknown parameter "zoom"');
    expect(byParam.reconnect?.reason).toBe(
      'reconnect "maybe" is not true or false: use 1 or 0 (or true or false)',
    );
    // batch 9999 is a batch size; whether the run's peers hold it is for the page to judge
    // against the settings the link applies over (bootFromQuery)
    expect(byParam.batch).toBeUndefined();
    expect(d.settings).toEqual({ seed: 5, batch: 9999 });
    // beside the link's own peer count, it is refused here
    expect(decodeLink('peers=10&batch=11').ignored).toEqual([
      {
        param: 'batch',
        value: '11',
        reason:
          'batch size 11 is not allowed: use auto or an integer from 1 to the peer count (10)',
      },
    ]);
  });

  it('a repeated parameter uses the first value and says so', () => {
    const d = decodeLink('seed=3&seed=4');
    expect(d.settings.seed).toBe(3);
    expect(d.ignored).toEqual([
      {
        param: 'seed',
        value: '4',
        reason: 'seed is given more than once: the first value is used',
      },
    ]);
  });

  it('never throws on garbage', () => {
    for (const q of [
      '',
      '?',
      '%%%',
      '&&&=&',
      'peers',
      'peers=',
      'mv=abc',
      'lanes=,,',
      'step=1e309',
    ]) {
      expect(() => decodeLink(q)).not.toThrow();
    }
  });
});

describe('the expire parameter (peers expired by hand)', () => {
  it('seed 1: a link carries the hand expiries in their canonical form and reads them back', () => {
    const settings = { ...DEFAULT_SETTINGS, peers: 6, maxClients: 8, expire: '0@20,3@125.5' };
    const { variant: _v, ...rest } = settings;
    const query = encodeLink({ settings: rest, lanes: ['2.7-prefix', '2.7'], step: 4 });
    expect(new URLSearchParams(query).get('expire')).toBe('0@20,3@125.5');
    const back = decodeLink(query);
    expect(back.ignored).toEqual([]);
    expect(back.settings.expire).toBe('0@20,3@125.5');
  });

  it('a bad expire is ignored with the value and the allowed form', () => {
    const back = decodeLink('peers=6&max-clients=8&expire=9@1');
    expect(back.settings.expire).toBeUndefined();
    expect(back.ignored).toEqual([
      {
        param: 'expire',
        value: '9@1',
        reason:
          'expire entry "9@1" is not allowed: use peer@seconds entries separated by commas, each with a peer from 0 to 5 and a time from 0 to 86400 s, e.g. 3@125.5 (there is no peer 9 in a run of 6 peers)',
      },
    ]);
  });
});

describe('decodeLink: steps beyond the safe integers', () => {
  for (const raw of ['1e21', '9007199254740993']) {
    it(`step=${raw} is ignored, naming the allowed range`, () => {
      const d = decodeLink(`?step=${raw}`);
      expect(d.step).toBeNull();
      expect(d.ignored).toEqual([
        {
          param: 'step',
          value: raw,
          reason: `step "${raw}" is not allowed: use an integer from 0 to 9007199254740991`,
        },
      ]);
    });
  }
});

describe('decodeLink: the one number syntax', () => {
  it('1e3, 0.5 and .5 are numbers; hexadecimal, binary, octal, Infinity and separators are not', () => {
    const d = decodeLink('peers=1e3&max-clients=1.5e3&load=.5&rcu-gp-spread=2.5e-1&step=1e2');
    expect(d.ignored).toEqual([]);
    expect(d.settings).toEqual({ peers: 1000, maxClients: 1500, load: 0.5, rcuGpSpread: 0.25 });
    expect(d.step).toBe(100);
    const bad = decodeLink('peers=0x10&seed=0b101&cpus=0o7&until=Infinity&rcvbuf=1_000');
    expect(bad.settings).toEqual({});
    expect(bad.ignored.map((x) => x.reason)).toEqual([
      'peer count "0x10" is not a decimal number: use an integer from 1 to 10000 peers, written like 1024 or 1e3',
      'seed "0b101" is not a decimal number: use an integer from -2147483648 to 2147483647, written like 1024 or 1e3',
      'CPU count "0o7" is not a decimal number: use an integer from 1 to 256 CPUs, written like 1024 or 1e3',
      'run length "Infinity" is not a decimal number: use a number from 1 to 86400 s, written like 0.5, 1024 or 2.5e4',
      'receive buffer "1_000" is not a decimal number: use an integer from 4096 to 268435456 bytes, written like 1024 or 1e3',
    ]);
  });

  it('a step or a model version in hexadecimal is ignored, naming the value', () => {
    const d = decodeLink('step=0x10&mv=0x4');
    expect(d.step).toBeNull();
    expect(d.modelVersion).toBeNull();
    expect(d.ignored).toEqual([
      {
        param: 'step',
        value: '0x10',
        reason: 'step "0x10" is not allowed: use an integer from 0 to 9007199254740991',
      },
      { param: 'mv', value: '0x4', reason: 'model version "0x4" is not a positive integer' },
    ]);
  });

  it("a step past the end of the run names the step and the run's range", () => {
    expect(pastEndProblem('step', 500, 120)).toBe(
      "step 500 is past the end of the run: use an integer from 0 to 120 (the run's events); the view shows its end",
    );
    expect(parseStep(' 42 ')).toBe(42);
    expect(parseStep('-1')).toBe(positionProblem('step', '"-1"'));
  });
});
