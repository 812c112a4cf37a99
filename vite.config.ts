import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';

// base './' keeps every asset URL relative, so the static build works under any sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      // The page, the iframe embed, and the custom element as one stable script for hosts.
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        embed: fileURLToPath(new URL('./embed.html', import.meta.url)),
        // The sweeps page (issue 5).
        sweeps: fileURLToPath(new URL('./sweeps.html', import.meta.url)),
        'dcoscope-demo': fileURLToPath(new URL('./src/embed/element.tsx', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'dcoscope-demo' ? 'dcoscope-demo.js' : 'assets/[name]-[hash].js',
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/property/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
