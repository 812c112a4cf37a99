/**
 * The element renders in a shadow root, where the stylesheets its views import do not reach:
 * element.tsx adopts each one as text (`?inline`). This keeps that list complete: every
 * stylesheet imported anywhere under EmbedApp must be in it.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
const SRC = resolve(HERE, '..');
const IMPORT =
  /(?:import|export)\s[^'"]*?['"](\.{1,2}\/[^'"]+)['"]|import\s+['"](\.{1,2}\/[^'"]+)['"]/g;

/** The stylesheets (by path under src/) imported by `entry` and everything it imports. */
function stylesheetsUnder(entry: string): Set<string> {
  const seen = new Set<string>();
  const css = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      const target = resolve(dirname(file), spec.replace(/\?.*$/, ''));
      if (spec.endsWith('.css')) css.add(relative(SRC, target));
      else if (/\.tsx?$/.test(target) && !spec.includes('?')) visit(target);
    }
  };
  visit(entry);
  return css;
}

/** Reached only through the views' barrel (index.ts): the embed draws no chart and no log. */
const NOT_RENDERED = new Set(['views/chart/chart.css', 'views/log/eventlog.css']);

describe("the element's stylesheets", () => {
  it('adopt every stylesheet the embedded views import', () => {
    const wanted = stylesheetsUnder(resolve(HERE, 'EmbedApp.tsx'));
    expect(wanted.size).toBeGreaterThan(5);
    const element = readFileSync(resolve(HERE, 'element.tsx'), 'utf8');
    const adopted = new Set(
      [...element.matchAll(/from '(\.{1,2}\/[^']+\.css)\?inline'/g)].map((m) =>
        relative(SRC, resolve(HERE, m[1]!)),
      ),
    );
    expect([...wanted].filter((f) => !adopted.has(f) && !NOT_RENDERED.has(f))).toEqual([]);
  });
});
