import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SCENARIOS, runToEnd } from '../model/index.ts';
import { SUMMARY_COLUMNS, markdownSnippet, summariesCsv, summariesJson } from './exports.ts';

const { variant: _v, ...settings } = { ...DEFAULT_SETTINGS, ...SCENARIOS.lesson!.settings };
const a = runToEnd({ ...settings, variant: '2.6.14' }).summary;
const b = runToEnd({ ...settings, variant: '2.6.20' }).summary;

describe('summaries', () => {
  it('CSV: a header and one row per lane with every column', () => {
    const lines = summariesCsv([a, b]).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]!.split(',')).toHaveLength(SUMMARY_COLUMNS.length + 2);
    expect(lines[1]!.split(',')[SUMMARY_COLUMNS.indexOf('swallowed')]).toBe(String(a.swallowed));
  });

  it('CSV: commas, quotes and formula prefixes cannot break or inject cells', () => {
    const evil = { ...a, exited: { atUs: 1, reason: '=HYPERLINK("x"), "quoted"' } };
    const row = summariesCsv([evil]).trim().split('\n')[1]!;
    expect(row.endsWith(`"'=HYPERLINK(""x""), ""quoted"""`)).toBe(true);
  });

  it('JSON: the settings and both runs, with the model version', () => {
    const j = JSON.parse(summariesJson(settings, [a, b]));
    expect(j.runs.map((r: { variant: string }) => r.variant)).toEqual(['2.6.14', '2.6.20']);
    expect(j.settings.peers).toBe(settings.peers);
    expect(typeof j.modelVersion).toBe('number');
  });

  it('Markdown: the link, the settings and a row per count for both lanes', () => {
    const md = markdownSnippet('https://example.test/?seed=1', settings, [a, b], 42);
    expect(md).toContain('(https://example.test/?seed=1)');
    expect(md).toContain(`| swallowed | ${a.swallowed} | ${b.swallowed} |`);
    expect(md).toContain(`${settings.peers} peers`);
    expect(md).toContain('step 42');
  });
});
