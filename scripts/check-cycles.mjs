#!/usr/bin/env node
// Fails on any import cycle among the TypeScript files under src/ (or the folders given as
// arguments). Every relative specifier counts: `import`, `import type`, `export ... from`,
// dynamic `import()` and `import('...')` types, because a type-only cycle still ties the
// modules' meaning together. Cycles are the strongly connected components of the import
// graph (Tarjan); each is printed as its files, with one closed path through them.
//   node scripts/check-cycles.mjs [dir ...]      exit 0: no cycle, 1: cycles, 2: bad input
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['src'];
const SOURCE = /\.(ts|tsx|mts|cts)$/;

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(resolve(p));
  }
  return out;
}

/** The file a relative specifier names: as written, else with a TS extension or /index. */
function resolveSpecifier(from, spec) {
  const base = resolve(dirname(from), spec);
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ];
  // `./x.js` written for `./x.ts` (NodeNext style)
  if (/\.[cm]?js$/.test(base)) candidates.push(base.replace(/\.([cm]?)js$/, '.$1ts'));
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

const files = [];
for (const r of roots) {
  if (!existsSync(r)) {
    console.error(`check-cycles: no such folder: ${r}`);
    process.exit(2);
  }
  walk(r, files);
}
const known = new Set(files);

/** file -> files it imports (within the scanned set). */
const graph = new Map();
for (const f of files) {
  const info = ts.preProcessFile(readFileSync(f, 'utf8'), true, true);
  const deps = new Set();
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const target = resolveSpecifier(f, fileName);
    if (target && known.has(target)) deps.add(target);
  }
  graph.set(f, [...deps].sort());
}

// Tarjan's strongly connected components, iterative (no recursion limit on deep chains).
let counter = 0;
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const components = [];
for (const start of [...graph.keys()].sort()) {
  if (index.has(start)) continue;
  const work = [{ v: start, i: 0 }];
  index.set(start, counter);
  low.set(start, counter++);
  stack.push(start);
  onStack.add(start);
  while (work.length > 0) {
    const frame = work[work.length - 1];
    const deps = graph.get(frame.v);
    if (frame.i < deps.length) {
      const w = deps[frame.i++];
      if (!index.has(w)) {
        index.set(w, counter);
        low.set(w, counter++);
        stack.push(w);
        onStack.add(w);
        work.push({ v: w, i: 0 });
      } else if (onStack.has(w)) {
        low.set(frame.v, Math.min(low.get(frame.v), index.get(w)));
      }
      continue;
    }
    work.pop();
    if (work.length > 0) {
      const parent = work[work.length - 1].v;
      low.set(parent, Math.min(low.get(parent), low.get(frame.v)));
    }
    if (low.get(frame.v) === index.get(frame.v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        comp.push(w);
      } while (w !== frame.v);
      const selfLoop = graph.get(frame.v).includes(frame.v);
      if (comp.length > 1 || selfLoop) components.push(comp.sort());
    }
  }
}

/** One closed path through a component: breadth-first from its first file back to it. */
function closedPath(comp) {
  const inComp = new Set(comp);
  const start = comp[0];
  const prev = new Map();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of graph.get(v)) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = prev.get(x)) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!seen.has(w)) {
        seen.add(w);
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

const rel = (f) => relative(process.cwd(), f);
if (components.length === 0) {
  console.log(`check-cycles: no import cycle among ${files.length} files (${roots.join(', ')})`);
  process.exit(0);
}
for (const comp of components) {
  console.error(`import cycle of ${comp.length} file(s):`);
  for (const f of comp) console.error(`  ${rel(f)}`);
  console.error(`  e.g. ${closedPath(comp).map(rel).join(' -> ')}`);
}
console.error(`check-cycles: ${components.length} import cycle(s)`);
process.exit(1);
