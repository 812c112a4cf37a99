import { defineConfig } from '@playwright/test';

const CI = Boolean(process.env.CI);
// Two runs on one machine (two engineers at once) can each take their own port and build folder.
const PORT = Number(process.env.PW_PORT ?? 4173);
const OUT_DIR = process.env.PW_OUT_DIR ?? 'dist';
const BASE_URL = `http://127.0.0.1:${PORT}`;

// Drives Debian's Chromium (never `npx playwright install`: there is no browser download here).
// Playwright itself adds --headless, --no-sandbox and a fresh profile.
export default defineConfig({
  testDir: 'tests/e2e',
  // Playwright empties its outputDir at start: keep it apart from the JSON reports and the
  // screenshots other runners write into test-results/.
  outputDir: 'test-results/playwright',
  forbidOnly: CI,
  retries: 0,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1024, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `./node_modules/.bin/vite build --outDir ${OUT_DIR} && ./node_modules/.bin/vite preview --outDir ${OUT_DIR} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !CI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
