import { defineConfig } from '@playwright/test';

// End-to-end tests in Debian's Chromium (no browser downloads here) against the dashboard
// started as the README starts it (`npm start`, embedded cluster). One worker: the tests share
// one server, and one of them stops and restarts it.
const reporters = (process.env.PW_REPORTERS ?? 'list').split(',').map((r) => [r.trim()] as [string]);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: reporters,
  outputDir: 'test-results/e2e',
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
