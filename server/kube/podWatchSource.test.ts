import { describe, expect, it } from 'vitest';
import type { KubePod } from '../../lib/kube/types';
import { runningExecutor } from '../../lib/spark/testing/podFixtures';
import { createLogger } from '../log';
import type { KubeTransport, WatchHandlers } from './kubeTransport';
import { KubeApiError } from './kubeTransport';
import { ListWatchSource } from './podWatchSource';
import { PODS } from './resourceListing';
import type { Scheduler } from '../scheduling/scheduler';
import type { ListingOutcome } from '../store/snapshotSink';

/** A transport whose lists answer from `listVersions` in turn and whose watches the test drives by hand. */
function fakeTransport(listVersions: string[]) {
  const lists: string[] = [];
  const watches: { query: Record<string, unknown>; handlers: WatchHandlers; aborted: boolean }[] = [];
  const transport: KubeTransport = {
    server: 'https://fake',
    requestJson: async () => { throw new Error('unused'); },
    getJson: async () => { throw new Error('unused'); },
    getText: async () => { throw new Error('unused'); },
    streamLines: () => { throw new Error('unused'); },
    openRaw: async () => { throw new Error('unused'); },
    listJson: async (_path, _query, handlers) => {
      const rv = listVersions[Math.min(lists.length, listVersions.length - 1)];
      lists.push(rv);
      handlers.onField('metadata', { resourceVersion: rv });
      handlers.onItemsArray?.();
    },
    watch: (_path, query, handlers) => {
      const w = { query, handlers, aborted: false };
      watches.push(w);
      queueMicrotask(() => handlers.onOpen?.());
      return { abort: () => { if (!w.aborted) { w.aborted = true; handlers.onClose(null); } } };
    },
  };
  return { transport, lists, watches };
}

/** Timers that fire on the next microtask, whatever their delay (the backoff is not under test here). */
const immediately: Scheduler = { now: () => 0, after: (_ms, fn) => { queueMicrotask(fn); return () => {}; }, every: () => () => {} };
const settle = () => new Promise((r) => setTimeout(r, 0));
const event = (type: string, rv: string) => JSON.stringify({ type, object: { ...runningExecutor(1), metadata: { ...runningExecutor(1).metadata, resourceVersion: rv } } });

function source(listVersions: string[]) {
  const fake = fakeTransport(listVersions);
  const received: string[] = [];
  const sink = {
    upsert: (pod: KubePod) => { received.push(pod.metadata!.resourceVersion!); },
    beginListing: () => ({ add: () => {}, finish: (): ListingOutcome => 'applied' }),
  };
  const src = new ListWatchSource<KubePod>(fake.transport, PODS, sink, {
    namespace: '*', labelSelector: 'spark-role', pageSize: 500, watchTimeoutSeconds: 300, idleTimeoutMs: 60_000, scheduler: immediately,
  }, createLogger({ write: () => {} }));
  return { ...fake, src, received };
}

describe('ListWatchSource', () => {
  it('resumes the watch from the list, then from the last event', async () => {
    const { src, watches, lists } = source(['100']);
    src.start();
    await settle();
    expect(lists).toEqual(['100']);
    expect(watches[0].query.resourceVersion).toBe('100');
    watches[0].handlers.onLine(event('MODIFIED', '105'));
    watches[0].handlers.onClose(null);
    await settle();
    expect(watches[1].query.resourceVersion).toBe('105');
    expect(lists).toHaveLength(1);
    src.stop();
  });

  it('an event older than the last one on the same stream ends the stream and lists again', async () => {
    const { src, watches, lists, received } = source(['100', '7']);
    src.start();
    await settle();
    watches[0].handlers.onLine(event('MODIFIED', '120'));
    watches[0].handlers.onLine(event('MODIFIED', '3'));
    watches[0].handlers.onLine(event('MODIFIED', '4'));
    await settle();
    expect(received).toEqual(['120']);
    expect(watches[0].aborted).toBe(true);
    expect(lists).toEqual(['100', '7']);
    expect(watches[1].query.resourceVersion).toBe('7');
    src.stop();
  });

  it('a bookmark that goes back in time also lists again', async () => {
    const { src, watches, lists } = source(['100', '9']);
    src.start();
    await settle();
    watches[0].handlers.onLine(JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '50' } } }));
    await settle();
    expect(lists).toEqual(['100', '9']);
    src.stop();
  });

  it('a server that has not reached our resourceVersion makes the source list again instead of retrying it', async () => {
    const { src, watches, lists } = source(['100', '8']);
    src.start();
    await settle();
    watches[0].handlers.onClose(new KubeApiError('Timeout: Too large resource version: 100, current: 8', 504, 'Timeout', {
      kind: 'Status', code: 504, reason: 'Timeout', details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
    }));
    await settle();
    expect(lists).toEqual(['100', '8']);
    expect(src.tracker.health.failures).toBe(0);
    src.stop();
  });

  it('resync() drops the open watch and lists again; the old stream is ignored afterwards', async () => {
    const { src, watches, lists, received } = source(['100', '5']);
    src.start();
    await settle();
    src.resync();
    await settle();
    expect(watches[0].aborted).toBe(true);
    expect(lists).toEqual(['100', '5']);
    watches[0].handlers.onLine(event('MODIFIED', '130'));
    expect(received).toEqual([]);
    expect(watches[1].query.resourceVersion).toBe('5');
    src.stop();
  });
});
