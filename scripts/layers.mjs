// Which folder under src/ may import which: the one table, enforced by the `layers/imports`
// rule (scripts/eslint-layers.mjs, run by eslint.config.js). A folder's subfolders count as
// the folder (src/app/share is src/app). Imports inside a folder are always allowed; test
// files (*.test.ts, *.test.tsx) and tests/ are exempt, but nothing else in src/ may import
// from tests/. Taken from the folder READMEs and ARCHITECTURE.md.
//
// LAYERS[from][to] says how `from` may use `to`:
//   'any'      anything `to` lets outsiders import (see ENTRIES)
//   'types'    `import type` only (or every specifier inline `type`)
//   [names]    types, plus only these runtime names
// A folder missing from LAYERS[from] may not be imported by `from` at all.

export const LAYERS = {
  // Pure simulation: depends on nothing else in src/.
  model: {},
  // Messages and the view contract: the model's types, plus its vocabulary lists (data only,
  // no simulation code) that parseRequest / parseResponse validate trace filters against.
  protocol: { model: ['LOSS_OUTCOMES', 'OUTCOMES', 'TRACE_WHATS'] },
  // The simulation truth in the browser; the sweep worker speaks src/sweep/protocol.ts.
  worker: { model: 'any', protocol: 'any', sweep: 'any' },
  machines: { protocol: 'types' },
  store: { model: 'any', protocol: 'types' },
  views: { model: 'any', protocol: 'any' },
  formats: { model: 'any' },
  sweep: { model: 'any', formats: 'any' },
  cli: { model: 'any', formats: 'any' }, // formats: --pcap writes a capture (pcapRun.ts)
  app: {
    model: 'any',
    protocol: 'any',
    machines: 'any',
    store: 'any',
    views: 'any',
    worker: 'any',
    formats: 'any',
  },
  // The iframe page and <dcoscope-demo>: the page's parts, with their styles.
  embed: {
    model: 'any',
    protocol: 'any',
    machines: 'any',
    store: 'any',
    views: 'any',
    app: 'any',
    formats: 'any',
  },
  // The sweeps page: src/sweep, plus the page's and the views' styles.
  sweepApp: { model: 'any', sweep: 'any', formats: 'any', views: 'any', app: 'any' },
};

// The only files of a folder that other folders may import (folders not listed: any file).
export const ENTRIES = {
  model: ['index.ts'], // the public API, never model internals
  worker: ['client.ts'], // the UI's client of the worker; the rest runs inside the worker
};

// Stricter rules for single files, by path under src/: FILES[file][to] replaces its folder's
// LAYERS[from][to] for the folders it lists (the others as the folder).
export const FILES = {
  'worker/client.ts': { model: 'types' }, // runs in the UI bundle
  'sweep/pool.ts': { model: 'types' }, // the model runs in the pool's workers
};
