#!/usr/bin/env node
// The lint checks, one list for both `npm run lint` (this file) and `npm test`
// (scripts/test.mjs counts each as one test), so the two never drift apart:
// ESLint with no warnings allowed (including the layer table, scripts/layers.mjs), Prettier,
// and the import-cycle check. Runs every check, then exits non-zero if any failed.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const LINT_CHECKS = [
  { name: 'lint', cmd: 'node_modules/.bin/eslint', args: ['.', '--max-warnings', '0'] },
  { name: 'format', cmd: 'node_modules/.bin/prettier', args: ['--check', '.'] },
  { name: 'import cycles', cmd: process.execPath, args: ['scripts/check-cycles.mjs'] },
];

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const failed = [];
  for (const { name, cmd, args } of LINT_CHECKS) {
    console.log(`\n== ${name}: ${cmd} ${args.join(' ')}`);
    if (spawnSync(cmd, args, { stdio: 'inherit' }).status !== 0) failed.push(name);
  }
  console.log(failed.length ? `\nlint: failed: ${failed.join(', ')}` : '\nlint: all checks passed');
  process.exit(failed.length ? 1 : 0);
}
