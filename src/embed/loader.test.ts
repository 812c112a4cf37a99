/**
 * The element's loader on a server: importing it (as a server-side render of a docs page does)
 * neither throws nor defines anything, and it carries the scenarios' titles for its poster.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS, VARIANTS } from '../model/index.ts';
import { DEFAULT_PRESET } from '../store/settingsDraft.ts';
import { parseHeadingLevel } from './options.ts';

interface LoaderModule {
  ELEMENT_NAME: string;
  defineDcoscopeDemo(): boolean;
  attributesQuery(get: (name: string) => string | null): string;
  headingLevelOf(raw: string | null): number | null;
  posterText(get: (name: string) => string | null): {
    title: string;
    lanes: [string, string];
    label: string;
  };
}

// Not a static import: the loader is checked against the DOM (tsconfig.app.json), this test
// against Node's types.
const LOADER = './loader.ts';

describe('the <dcoscope-demo> loader', () => {
  it('imports in Node without DOM globals, and defines nothing there', async () => {
    expect(typeof (globalThis as { HTMLElement?: unknown }).HTMLElement).toBe('undefined');
    const mod = (await import(/* @vite-ignore */ LOADER)) as LoaderModule;
    expect(mod.ELEMENT_NAME).toBe('dcoscope-demo');
    expect(mod.defineDcoscopeDemo()).toBe(false);
  });

  it("names itself after its scenario's title, from the model", async () => {
    const mod = (await import(/* @vite-ignore */ LOADER)) as LoaderModule;
    const attrs =
      (a: Record<string, string>) =>
      (name: string): string | null =>
        a[name] ?? null;
    const lesson = mod.posterText(attrs({ scenario: 'lesson' }));
    expect(lesson.title).toBe(SCENARIOS.lesson!.title);
    expect(lesson.label).toBe(`dcoscope: ${SCENARIOS.lesson!.title}`);
    expect(lesson.lanes).toEqual([VARIANTS['2.6.14'].title, VARIANTS['2.6.20'].title]);
    expect(mod.posterText(attrs({})).title).toBe(SCENARIOS[DEFAULT_PRESET]!.title);
    expect(mod.posterText(attrs({ scenario: 'nope' })).title).toBe(
      SCENARIOS[DEFAULT_PRESET]!.title,
    );
    expect(mod.posterText(attrs({ label: 'Lost notifications' })).label).toBe('Lost notifications');
    expect(mod.posterText(attrs({ variants: '2.7-prefix,2.7' })).lanes).toEqual([
      VARIANTS['2.7-prefix'].title,
      VARIANTS['2.7'].title,
    ]);
    expect(mod.attributesQuery(attrs({ variants: 'a,b', seed: '2', theme: 'dark' }))).toBe(
      'lanes=a%2Cb&seed=2',
    );
  });

  it('its poster reads heading-level as the app does (the one number syntax)', async () => {
    const mod = (await import(/* @vite-ignore */ LOADER)) as LoaderModule;
    for (const raw of [
      null,
      '',
      '3',
      ' 3 ',
      '3.0',
      '3e0',
      '30e-1',
      '.3e1',
      '0',
      '7',
      '2.5',
      '-3',
      '0x3',
      '3x',
      'h3',
      'Infinity',
      '1e400',
    ]) {
      expect(mod.headingLevelOf(raw), String(raw)).toBe(parseHeadingLevel(raw).level);
    }
  });
});
