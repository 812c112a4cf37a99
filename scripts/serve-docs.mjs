#!/usr/bin/env node
// Serves the built documentation site (docs/.vitepress/dist) under its base path with the
// strict Content-Security-Policy a docs host would send: no eval, no inline script except
// VitePress's own two (the dark-mode and platform checks it writes into every page, allowed by
// their SHA-256 hashes, as a host would), inline styles only because VitePress's theme needs
// them. dcoscope itself needs neither. Usage:
//   node scripts/serve-docs.mjs [port]     (default 4180; DOCS_BASE as for the build)
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

/** The hashes of the inline scripts in the site's pages (VitePress writes the same two). */
function inlineScriptHashes(dir) {
  const hashes = new Set();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.html')) continue;
    const html = readFileSync(join(dir, name), 'utf8');
    for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
      if (m[1].trim()) hashes.add(`'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
    }
  }
  return [...hashes];
}

const root = resolve('docs/.vitepress/dist');
if (!existsSync(root)) {
  console.error('serve-docs: docs/.vitepress/dist is missing: run `npm run docs` first');
  process.exit(2);
}

export const DOCS_CSP = [
  "default-src 'self'",
  ["script-src 'self'", ...inlineScriptHashes(root)].join(' '),
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const base = process.env.DOCS_BASE ?? '/docs/';
const port = Number(process.argv[2] ?? process.env.DOCS_PORT ?? 4180);

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith(base)) {
    res.writeHead(302, { location: base });
    res.end();
    return;
  }
  let file = normalize(join(root, decodeURIComponent(url.pathname.slice(base.length))));
  if (!file.startsWith(root)) {
    res.writeHead(403);
    res.end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
  if (!existsSync(file)) {
    res.writeHead(404, { 'content-type': TYPES['.html'], 'content-security-policy': DOCS_CSP });
    createReadStream(join(root, '404.html')).pipe(res);
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': DOCS_CSP,
    'x-content-type-options': 'nosniff',
  });
  createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1', () => {
  console.log(`docs: http://127.0.0.1:${port}${base}`);
});
