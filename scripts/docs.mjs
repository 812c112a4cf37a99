#!/usr/bin/env node
// Builds the documentation site: the demo's static build without source maps, copied to
// docs/public/demo/dcoscope/ (so the site serves it at <base>demo/dcoscope/), then VitePress.
// The base path comes from DOCS_BASE (default /docs/); the site lands in docs/.vitepress/dist.
//   npm run docs            build
//   npm run docs -- --serve build, then serve it with the strict CSP on 127.0.0.1:4180
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const demo = 'docs/public/demo/dcoscope';
rmSync(demo, { recursive: true, force: true });
run('node_modules/.bin/vite', ['build', '--outDir', demo, '--emptyOutDir'], {
  DCOSCOPE_SOURCEMAP: '0',
});
run('node_modules/.bin/vitepress', ['build', 'docs']);
if (process.argv.includes('--serve')) run('node', ['scripts/serve-docs.mjs']);
