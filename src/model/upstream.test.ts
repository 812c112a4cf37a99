import { beforeAll, describe, expect, it } from 'vitest';
import { runToEnd } from './run.ts';
import { SCENARIO_NAMES, scenarioSettings } from './scenarios.ts';
import { fnSource, upstreamUrl } from './upstream.ts';
import { VARIANTS, VARIANT_IDS, type VariantId } from './variants.ts';

/** Names in the trace that are not C functions, so they have no source link. */
const NOT_FUNCTIONS = new Set(['iptables']);

/** Distinct function names each variant's scenario runs put in the trace. */
const fnsByVariant = new Map<VariantId, Set<string>>();

beforeAll(() => {
  for (const variant of VARIANT_IDS) {
    const fns = new Set<string>();
    for (const sc of SCENARIO_NAMES) {
      runToEnd(scenarioSettings(sc, variant), { onTrace: (e) => fns.add(e.fn) });
      if (sc === 'lesson')
        runToEnd(
          {
            ...scenarioSettings(sc, variant),
            reconnect: true,
            renegSec: 60,
            tranWindowS: 30,
            untilS: 600,
          },
          { onTrace: (e) => fns.add(e.fn) },
        );
    }
    fnsByVariant.set(variant, fns);
  }
});

describe('upstream source links', () => {
  for (const variant of VARIANT_IDS) {
    it(`seed 1: ${variant}: every C function in the trace links to its source at the variant's ref`, () => {
      const v = VARIANTS[variant];
      const kernelRepo = v.kernel === 'mainline' ? 'torvalds/linux' : 'OpenVPN/ovpn-dco';
      const missing: string[] = [];
      for (const fn of fnsByVariant.get(variant)!) {
        if (NOT_FUNCTIONS.has(fn)) {
          expect(fnSource(v, fn), fn).toBeNull();
          continue;
        }
        const src = fnSource(v, fn);
        if (!src) {
          missing.push(fn);
          continue;
        }
        // core netlink (af_netlink.c) and RCU (kernel/rcu) live in Linux whatever the module
        const repos = ['OpenVPN/openvpn', 'thom311/libnl', kernelRepo];
        if (/^(net\/netlink|kernel\/rcu)\//.test(src.file)) repos.push('torvalds/linux');
        expect(repos, fn).toContain(src.repo);
        if (src.repo === 'OpenVPN/openvpn') expect(src.ref, fn).toBe(v.ref);
        if (src.repo === 'thom311/libnl') expect(src.ref, fn).toBe('libnl3_7_0');
        expect(src.url, fn).toBe(
          `https://github.com/${src.repo}/blob/${src.ref}/${src.file}${src.line ? `#L${src.line}` : ''}`,
        );
        expect(src.file, fn).toMatch(/\.[ch]$/);
        expect(upstreamUrl(v, fn)).toBe(src.url);
      }
      expect(missing).toEqual([]);
    });
  }

  it('seed 1: the trace names the variant-specific read function and stats function', () => {
    expect(fnsByVariant.get('2.6.14')).toContain('dco_do_read');
    expect(fnsByVariant.get('2.6.14')).toContain('dco_parse_peer_multi');
    expect(fnsByVariant.get('2.7')).toContain('dco_get_peer');
    expect(fnsByVariant.get('2.7-prefix')).toContain('ovpn_peer_keepalive_work');
    expect(fnsByVariant.get('2.6.20')).toContain('ovpn_peer_expire');
  });

  it('names that are not functions anywhere get no link', () => {
    expect(fnSource(VARIANTS['2.6.14'], 'no_such_function')).toBeNull();
    expect(upstreamUrl(VARIANTS['2.7'], 'iptables')).toBeNull();
  });

  it('a function renamed by 7791f535 links only where it exists', () => {
    expect(fnSource(VARIANTS['2.6.14'], 'dco_read_and_process')).toBeNull();
    expect(fnSource(VARIANTS['2.6.20'], 'dco_read_and_process')?.ref).toBe('v2.6.20');
    expect(fnSource(VARIANTS['2.7'], 'dco_parse_peer_multi')).toBeNull();
  });
});
