// A first start creates the embedded database in the background: the dashboard does not wait
// the seconds initdb takes, says so in its health, and records once it is there. A later start
// opens the database it finds before anything else, as the restart needs it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryService } from '../../server/history/historyService';
import { createLogger } from '../../server/log';
import { realScheduler } from '../../server/scheduling/scheduler';
import { waitFor } from '../contract/kubeOps';

describe('the embedded history on a first start', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-first-start-'));
  const settings = { databaseUrl: '', historyDir: path.join(dir, 'history'), historyRetention: 14 * 86_400_000, historyInterval: 1000 };
  const log = createLogger({ level: 'error', write: () => {} });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts before the new database exists, says that history starts in a moment, then records', async () => {
    const service = await HistoryService.start(settings, realScheduler, log);
    try {
      expect(service.connected).toBe(false);
      expect(service.starting).toBe(true);
      expect(service.problem()).toMatch(/^History starts in a moment: a new embedded database is being created; changes wait for it\.$/);
      await expect(service.client.query('SELECT 1')).rejects.toThrow(/not connected/);
      await waitFor('the new database', () => service.connected, 120_000, 200);
      expect(service.problem()).toBeNull();
      expect(service.starting).toBe(false);
      expect(await service.client.query<{ n: number }>('SELECT count(*)::int AS n FROM history_pods')).toEqual([{ n: 0 }]);
    } finally {
      await service.close();
    }
    expect(fs.existsSync(path.join(settings.historyDir, 'dashboard.lock'))).toBe(false);
  }, 150_000);

  it('opens the database it finds before it answers', async () => {
    const service = await HistoryService.start(settings, realScheduler, log);
    try {
      expect(service.connected).toBe(true);
      expect(service.problem()).toBeNull();
    } finally {
      await service.close();
    }
  }, 60_000);

  it('a service closed while its new database is being created waits for it and leaves no lock', async () => {
    const fresh = { ...settings, historyDir: path.join(dir, 'closed-early') };
    const service = await HistoryService.start(fresh, realScheduler, log);
    expect(service.connected).toBe(false);
    await service.close();
    expect(fs.existsSync(path.join(fresh.historyDir, 'dashboard.lock'))).toBe(false);
    expect(fs.existsSync(path.join(fresh.historyDir, 'pgdata', 'PG_VERSION'))).toBe(true);
  }, 150_000);

  it('a creation that fails keeps the directory claimed while it is retried', async () => {
    const broken = { ...settings, historyDir: path.join(dir, 'broken') };
    fs.mkdirSync(broken.historyDir, { recursive: true });
    fs.writeFileSync(path.join(broken.historyDir, 'pgdata'), 'not a directory'); // the database cannot be created here
    const lock = path.join(broken.historyDir, 'dashboard.lock');
    const service = await HistoryService.start(broken, realScheduler, log);
    try {
      await waitFor('the creation to fail', () => !service.starting, 60_000, 50);
      expect(service.connected).toBe(false);
      expect(service.problem()).toMatch(/^History is not being recorded: the embedded database does not answer/);
      // A second dashboard on this directory is still refused while this one retries.
      expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    } finally {
      await service.close();
    }
    expect(fs.existsSync(lock)).toBe(false);
  }, 90_000);
});
