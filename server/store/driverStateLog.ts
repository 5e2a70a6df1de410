// A store subscriber: each application's driver state log (what spark-submit's status watcher
// prints, one entry per change of a driver pod), bounded per application and forgotten with
// the application's last pod.

import type { DriverLogEntry } from '../../lib/snapshot/driverLog';
import type { ChangeBatch } from './changeBatch';
import { podAppKey } from './changeBatch';
import type { StoreSubscriber } from './subscriberRunner';

interface AppLog {
  pods: number;
  entries: DriverLogEntry[];
}

export class DriverStateLog implements StoreSubscriber {
  readonly name = 'driver state log';
  private readonly apps = new Map<string, AppLog>();

  constructor(readonly intervalMs: number, private readonly maxEntries: number) {}

  onBatch(batch: ChangeBatch): void {
    for (const c of batch.changes) {
      const from = c.before && podAppKey(c.before), to = c.after && podAppKey(c.after);
      if (to && from !== to) this.app(to).pods++;
      if (to && c.driverLog.length) {
        const log = this.app(to).entries;
        log.push(...c.driverLog);
        if (log.length > this.maxEntries) log.splice(0, log.length - this.maxEntries);
      }
      if (from && from !== to) {
        const app = this.apps.get(from);
        if (app && --app.pods <= 0) this.apps.delete(from);
      }
    }
  }

  private app(key: string): AppLog {
    let app = this.apps.get(key);
    if (!app) {
      app = { pods: 0, entries: [] };
      this.apps.set(key, app);
    }
    return app;
  }

  /** Entries taken back from the record after a restart (before any new one). */
  restore(namespace: string, appId: string, entries: readonly DriverLogEntry[]): void {
    const log = this.app(`${namespace}/${appId}`).entries;
    log.unshift(...entries);
    if (log.length > this.maxEntries) log.splice(0, log.length - this.maxEntries);
  }

  entries(namespace: string, appId: string): DriverLogEntry[] {
    return this.apps.get(`${namespace}/${appId}`)?.entries ?? [];
  }
}
