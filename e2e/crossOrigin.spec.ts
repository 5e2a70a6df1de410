// A page on another origin must not open the dashboard's live connection (browsers send any
// page's websocket wherever it points, with the page's Origin): before the fix such a page read
// a snapshot. The portal allowed to frame the dashboard (--frame-ancestors) and the
// dashboard's own pages may; the embed in the portal's iframe keeps working (embed.spec.ts).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// socket.io-client's browser bundle (its package exports do not name it).
const socketIoClient = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/socket.io-client/dist/socket.io.min.js'), 'utf8');

interface Attempt { snapshot: string | null; error: string | null }

/** Loads socket.io's browser client into the page (outside its CSP) and tries to read the overview. */
async function tryToReadSnapshot(page: Page, dashboard: string, transport: 'websocket' | 'polling'): Promise<Attempt> {
  await page.evaluate(socketIoClient);
  return page.evaluate(([url, t]) => new Promise<Attempt>((resolve) => {
    const io = (window as unknown as { io: (url: string, opts: object) => { on(ev: string, cb: (arg: never) => void): void; emit(ev: string, arg: unknown): void; close(): void } }).io;
    const s = io(url, { transports: [t], reconnection: false, timeout: 5000 });
    s.on('connect', () => s.emit('subscribe', { kind: 'overview' }));
    s.on('snapshot', (msg: { state: { scope: string } }) => { resolve({ snapshot: msg.state.scope, error: null }); s.close(); });
    s.on('connect_error', (e: Error) => { resolve({ snapshot: null, error: e.message }); s.close(); });
  }), [dashboard, transport] as const);
}

/** A bare WebSocket to socket.io: what it received before it closed. */
async function rawWebSocket(page: Page, dashboard: string): Promise<{ opened: boolean; messages: string[] }> {
  return page.evaluate((url) => new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const messages: string[] = [];
    let opened = false;
    ws.onopen = () => { opened = true; ws.send('40'); ws.send('42["subscribe",{"kind":"overview"}]'); };
    ws.onmessage = (e) => { messages.push(String(e.data).slice(0, 40)); if (String(e.data).includes('"snapshot"')) ws.close(); };
    ws.onclose = () => resolve({ opened, messages });
  }), dashboard);
}

test('a page on another origin cannot open the live connection nor read a snapshot', async ({ page, server, portal }) => {
  // The portal page at http://127.0.0.1:<portal port>: not the dashboard's origin, not a frame ancestor.
  await page.goto(portal.pageUrl('127.0.0.1', 'about:blank'));
  for (const transport of ['websocket', 'polling'] as const) {
    const attempt = await tryToReadSnapshot(page, server.origin, transport);
    expect(attempt.snapshot, transport).toBeNull();
    expect(attempt.error, transport).not.toBeNull();
  }
  const raw = await rawWebSocket(page, server.origin);
  expect(raw.opened).toBe(false);
  expect(raw.messages).toEqual([]);
  const metrics = await (await page.request.get(`${server.url}/metrics`)).text();
  expect(metrics).toMatch(/spark_dashboard_refusals_total\{reason="origin"\} [1-9]/);
});

test('the dashboard\'s own pages and the allowed portal may', async ({ page, server, portal }) => {
  // A page of the dashboard itself (its policy allows connections to its own origin; the JSON
  // endpoints' policy allows none, so they are no place to open one from).
  await page.goto(`${server.url}/`);
  expect(await tryToReadSnapshot(page, server.origin, 'websocket')).toEqual({ snapshot: 'overview', error: null });
  // http://localhost:<portal port> is in --frame-ancestors (see fixtures.ts).
  await page.goto(portal.pageUrl('localhost', 'about:blank'));
  expect(await tryToReadSnapshot(page, server.origin, 'websocket')).toEqual({ snapshot: 'overview', error: null });
});
