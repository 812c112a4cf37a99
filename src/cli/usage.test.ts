import { describe, expect, it } from 'vitest';
import { SCENARIO_NAMES, VARIANT_IDS } from '../model/index.ts';
import { FLAGS } from './args.ts';
import { runCli } from './main.ts';
import { usage } from './usage.ts';

describe('usage', () => {
  it('lists every flag with its default and range, and every scenario', () => {
    const text = usage().join('\n');
    for (const name of Object.keys(FLAGS)) expect(text).toContain(`--${name}`);
    expect(text).toMatch(
      /--peers N\s+connected clients at the start\n\s+default 1024; allowed: an integer from 1 to 10000 peers\n/,
    );
    expect(text).toContain('default auto');
    for (const name of SCENARIO_NAMES) expect(text).toContain(name);
    for (const v of VARIANT_IDS) expect(text).toContain(v);
  });

  it('runCli --help: usage on stdout, exit status 0', () => {
    const out: string[] = [];
    expect(runCli(['--help'], { out: (t) => out.push(t), err: () => {} })).toBe(0);
    expect(out.join('')).toContain('Usage: npm run --silent sim -- [flags]');
  });
});
