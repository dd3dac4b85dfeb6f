import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * E2E tests run against a production build started exactly as `npm start`
 * starts it (embedded Postgres, migrations, demo seed, `next start`, worker),
 * on its own port and data directory so a developer's server on :3000 and
 * its data are never touched. Every run begins with an empty database.
 */
const port = 3100;
const realtimePort = 6101;
const baseURL = `http://localhost:${port}`;
const debianChromium = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium when installed (CI installs it), Playwright's own otherwise.
      executablePath: existsSync(debianChromium) ? debianChromium : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: 'rm -rf .data/e2e && npm start',
    url: `${baseURL}/sign-in`,
    // Its own build folder, so a run never rebuilds under a developer's server (or vice versa).
    env: { DATA_DIR: '.data/e2e', NEXT_DIST_DIR: '.next-e2e', PORT: String(port), REALTIME_PORT: String(realtimePort), NEXTAUTH_URL: baseURL },
    // The first start builds Next.js, about 1.5 minutes on a quiet small machine, several when it is busy.
    timeout: 10 * 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    // `npm start` stops its web server and worker, then Postgres, on SIGTERM.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 40_000 },
  },
});
