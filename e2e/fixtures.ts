// Shared fixtures: one dashboard server for the whole run (started as the README starts it),
// a Kubernetes API client of its embedded cluster, and a screenshot helper that saves every
// screenshot as an artifact under artifacts/e2e/.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { KubeTransport } from '../server/kube/kubeTransport';
import { DashboardServer, type E2eBackend } from './dashboardServer';
import { startPortal, type Portal } from './portal';

export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', 'e2e');

interface WorkerFixtures { backend: E2eBackend; portal: Portal; server: DashboardServer }
interface TestFixtures { api: KubeTransport; shot: (page: Page, name: string, options?: { fullPage?: boolean; locator?: Locator }) => Promise<void> }

export const test = base.extend<TestFixtures, WorkerFixtures>({
  backend: ['embedded', { option: true, scope: 'worker' }],
  portal: [async ({}, use) => {
    const portal = await startPortal();
    await use(portal);
    await portal.close();
  }, { scope: 'worker' }],
  // The portal at http://localhost:<port> may frame the dashboard; the same page at
  // http://127.0.0.1:<port> is another origin and may not.
  server: [async ({ backend, portal }, use) => {
    const server = new DashboardServer(backend, { args: ['--frame-ancestors', `http://localhost:${portal.port}`] });
    await server.start();
    await use(server);
    await server.dispose();
  }, { scope: 'worker', timeout: 300_000 }],
  api: async ({ server }, use) => { await use(server.api()); },
  // Every page of every test runs under the dashboard's Content-Security-Policy: a script or
  // style it blocks is a bug (a refused frame of another origin is the policy working).
  page: async ({ page }, use, testInfo) => {
    const violations: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text()) && !/frame-ancestors/.test(m.text())) violations.push(m.text()); });
    await use(page);
    if (testInfo.status === testInfo.expectedStatus) expect(violations, 'Content-Security-Policy violations').toEqual([]);
  },
  shot: async ({}, use, testInfo) => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await use(async (page, name, options) => {
      const backend = testInfo.project.name === 'kube-apiserver' ? '-kube-apiserver' : '';
      const file = path.join(ARTIFACTS, `${name}${backend}.png`);
      if (options?.locator) await options.locator.screenshot({ path: file });
      else await page.screenshot({ path: file, fullPage: options?.fullPage ?? true });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
    });
  },
  baseURL: async ({ server }, use) => { await use(server.url); },
});

export { expect };
