import { defineConfig } from '@playwright/test';
import type { E2eBackend } from './e2e/dashboardServer';
import { findBinDir } from './test/k8s/controlPlane';

// End-to-end tests in Debian's Chromium (no browser downloads here) against the dashboard
// started as the README starts it: `npm start` on the embedded cluster, and once more with
// `--kubeconfig` on a real kube-apiserver (when test/k8s/build.sh has built it). One worker:
// the tests share one server per backend, and one of them stops and restarts it.
const backends: E2eBackend[] = findBinDir() && process.env.SKIP_REAL_APISERVER !== '1' ? ['embedded', 'kube-apiserver'] : ['embedded'];
const reporters = (process.env.PW_REPORTERS ?? 'list').split(',').map((r) => [r.trim()] as [string]);

export default defineConfig<object, { backend: E2eBackend }>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: reporters,
  outputDir: 'test-results/e2e',
  projects: backends.map((backend) => ({ name: backend, use: { backend } })),
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
