import { describe, expect, it } from 'vitest';
import type { AppRecord, HistoryReader } from './historyReader';
import { HistoryBusyError, HistoryReadGate } from './readGate';

/** A reader whose reads finish when the test says so. */
function slowReader() {
  const waiting: (() => void)[] = [];
  let reads = 0;
  const record: AppRecord = { pods: [], driverLog: [], appName: 'job', summary: null };
  const reader = {
    appRecord: () => { reads++; return new Promise<AppRecord | null>((r) => waiting.push(() => r(record))); },
    searchApps: () => { reads++; return new Promise((r) => waiting.push(() => r({ total: 0, apps: [] }))); },
  } as unknown as HistoryReader;
  return { reader: () => reader, finishAll: () => { while (waiting.length) waiting.shift()!(); }, get reads() { return reads; }, get waiting() { return waiting.length; } };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('HistoryReadGate', () => {
  it('runs a few reads at once and refuses beyond a bounded queue', async () => {
    const slow = slowReader();
    const gate = new HistoryReadGate(slow.reader, { concurrency: 2, maxQueued: 3, recordTtlMs: 1000, maxRecords: 8 });
    const q = { sort: 'started', dir: 'desc', page: 1, pageSize: 10 } as const;
    const accepted = Array.from({ length: 5 }, () => gate.searchApps(q));
    await flush();
    expect(slow.waiting).toBe(2);
    await expect(gate.searchApps(q)).rejects.toBeInstanceOf(HistoryBusyError);
    await expect(gate.searchApps(q)).rejects.toMatchObject({ status: 503 });
    expect(gate.metrics.refused).toBe(2);
    for (let i = 0; i < 5 && slow.waiting; i++) { slow.finishAll(); await flush(); }
    await Promise.all(accepted);
    expect(slow.reads).toBe(5);
  });

  it('reads one application\'s record once for everyone who asks at the same time', async () => {
    const slow = slowReader();
    const gate = new HistoryReadGate(slow.reader, { concurrency: 2, maxQueued: 10, recordTtlMs: 60_000, maxRecords: 8 });
    const asks = [gate.appRecord('c', 'ns', 'a'), gate.appRecord('c', 'ns', 'a'), gate.appRecord('c', 'ns', 'b')];
    await flush();
    slow.finishAll();
    const [a1, a2] = await Promise.all(asks);
    expect(a1).toBe(a2);
    expect(slow.reads).toBe(2);
    expect(gate.metrics.recordHits).toBe(1);
  });

  it('does not keep a read that failed', async () => {
    let calls = 0;
    const reader = { appRecord: async () => { calls++; if (calls === 1) throw new Error('connection reset'); return null; } } as unknown as HistoryReader;
    const gate = new HistoryReadGate(() => reader);
    await expect(gate.appRecord('c', 'ns', 'a')).rejects.toThrow(/reset/);
    await expect(gate.appRecord('c', 'ns', 'a')).resolves.toBeNull();
    expect(calls).toBe(2);
  });
});
