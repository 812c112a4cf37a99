import { defineConfig, type Plugin } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { SCENARIOS, VARIANTS } from './src/model/index.ts';
import { DEFAULT_PRESET } from './src/store/settingsDraft.ts';
import { posterData } from './src/embed/posterData.ts';

const ELEMENT_APP = fileURLToPath(new URL('./src/embed/element.tsx', import.meta.url));

/**
 * What the <dcoscope-demo> loader (src/embed/loader.ts) needs from the build, as two virtual
 * modules: `virtual:dcoscope-app`, the URL of the app chunk it loads on demand (emitted here as
 * its own content-hashed chunk, assets/dcoscope-app-[hash].js, loaded by URL and not through
 * Vite's preload helper, which would add the app's stylesheets to the host page), and
 * `virtual:dcoscope-poster`, the scenarios' titles from the model for the poster.
 */
function dcoscopeElement(): Plugin {
  let command: 'build' | 'serve' = 'serve';
  let appRef = '';
  return {
    name: 'dcoscope-element',
    configResolved(config) {
      command = config.command;
    },
    buildStart() {
      if (command === 'build') {
        appRef = this.emitFile({
          type: 'chunk',
          id: ELEMENT_APP,
          name: 'dcoscope-app',
          // its mountDemo is what the loader calls (Vite drops entries' exports otherwise)
          preserveSignature: 'exports-only',
        });
      }
    },
    resolveId(id) {
      return id === 'virtual:dcoscope-app' || id === 'virtual:dcoscope-poster' ? `\0${id}` : null;
    },
    load(id) {
      if (id === '\0virtual:dcoscope-poster') {
        return `export default ${JSON.stringify(posterData(SCENARIOS, VARIANTS, DEFAULT_PRESET))};`;
      }
      if (id === '\0virtual:dcoscope-app') {
        return command === 'build'
          ? `export default import.meta.ROLLUP_FILE_URL_${appRef};`
          : `export default new URL('/src/embed/element.tsx', import.meta.url).href;`;
      }
      return null;
    },
  };
}

// base './' keeps every asset URL relative, so the static build works under any sub-path.
// Source maps are on unless DCOSCOPE_SOURCEMAP=0 (a build to ship: README, "Embedding").
export default defineConfig({
  base: './',
  plugins: [react(), dcoscopeElement()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: {
    target: 'es2022',
    sourcemap: process.env.DCOSCOPE_SOURCEMAP !== '0',
    rolldownOptions: {
      // The loader keeps its exports (defineDcoscopeDemo, for a server-rendered docs site that
      // defines the element from a client hook); the pages' entries have none.
      preserveEntrySignatures: 'exports-only',
      // The page, the iframe embed, the sweeps page, and the custom element's small loader
      // under a stable name for hosts (its app chunk is emitted by dcoscopeElement).
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        embed: fileURLToPath(new URL('./embed.html', import.meta.url)),
        // The sweeps page (issue 5).
        sweeps: fileURLToPath(new URL('./sweeps.html', import.meta.url)),
        'dcoscope-demo': fileURLToPath(new URL('./src/embed/loader.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'dcoscope-demo' ? 'dcoscope-demo.js' : 'assets/[name]-[hash].js',
      },
    },
  },
  test: {
    include: [
      'src/**/*.test.ts',
      'tests/unit/**/*.test.ts',
      'tests/property/**/*.test.ts',
      'tests/fuzz/**/*.test.ts',
      'tests/tools/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
  },
});
