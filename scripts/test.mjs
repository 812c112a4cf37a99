#!/usr/bin/env node
// Runs every check: typecheck, lint, unit and property tests (Vitest), end-to-end tests in
// Chromium (Playwright). Prints one closing line summed from both runners' JSON reports:
//   tests: N passed, N failed, N skipped
// and exits non-zero on any failure. Typecheck and each lint check (scripts/lint.mjs: eslint,
// prettier, import cycles) count as one test each.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { LINT_CHECKS } from './lint.mjs';

const totals = { passed: 0, failed: 0, skipped: 0 };
mkdirSync('test-results', { recursive: true });

function step(name, cmd, args, env = {}) {
  console.log(`\n== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(name, cmd, args) {
  if (step(name, cmd, args)) totals.passed++;
  else {
    totals.failed++;
    console.log(`!! ${name} failed`);
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

check('typecheck', 'node_modules/.bin/tsc', ['-b']);
for (const { name, cmd, args } of LINT_CHECKS) check(name, cmd, args); // as `npm run lint`

// Vitest: unit, property, fuzz and tools (tshark) tests
const vitestOut = 'test-results/vitest.json';
rmSync(vitestOut, { force: true });
const vOk = step(
  'unit + property + fuzz + tools',
  'node_modules/.bin/vitest',
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestOut}`],
  { NO_COLOR: '1' },
);
const v = readJson(vitestOut);
if (v) {
  totals.passed += v.numPassedTests ?? 0;
  totals.failed += v.numFailedTests ?? 0;
  totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  if (!vOk && (v.numFailedTests ?? 0) === 0) totals.failed++; // suite-level failure
} else if (!vOk) totals.failed++;

// Playwright: end-to-end in Chromium
const pwOut = 'test-results/e2e.json';
if (existsSync('playwright.config.ts')) {
  rmSync(pwOut, { force: true });
  const pOk = step('end-to-end (Chromium)', 'node_modules/.bin/playwright', ['test'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwOut,
  });
  const p = readJson(pwOut);
  if (p?.stats) {
    totals.passed += p.stats.expected ?? 0;
    totals.failed += (p.stats.unexpected ?? 0) + (p.stats.flaky ?? 0);
    totals.skipped += p.stats.skipped ?? 0;
    if (!pOk && (p.stats.unexpected ?? 0) === 0) totals.failed++;
  } else if (!pOk) totals.failed++;
}

console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
