import { describe, expect, it } from 'vitest';
import { FIXTURE_APP_ID, FIXTURE_NAMESPACE, pendingExecutor, runningExecutor, sparkDriverPod } from '../../lib/spark/testing/podFixtures';
import { appKey } from '../../lib/snapshot/appSummary';
import { createLogger } from '../log';
import { ManualScheduler } from '../scheduling/manualScheduler';
import { CountsHistory } from './countsHistory';
import { StoreCore } from './storeCore';

describe('CountsHistory', () => {
  it('samples executors per state every interval, and forgets an application with its last pod', () => {
    const scheduler = new ManualScheduler(1_700_000_000_000);
    const core = new StoreCore({
      projection: { checkAllContainers: true, executorContainerName: 'spark-kubernetes-executor', driverContainerName: 'spark-kubernetes-driver' },
      batchIntervalMs: 50, retentionMs: 60_000, maxDepartedPerApp: 100, maxTransitions: 8, scheduler,
    }, createLogger({ write: () => {} }));
    const counts = new CountsHistory({ cluster: 'prod', intervalMs: 50, sampleIntervalMs: 10_000, maxSamples: 100 });
    core.addSubscriber(counts);
    core.start();
    const key = appKey('prod', FIXTURE_NAMESPACE, FIXTURE_APP_ID);
    core.updatePod(sparkDriverPod({ phase: 'Running' }), 'ADDED', scheduler.now());
    core.updatePod(runningExecutor(1), 'ADDED', scheduler.now());
    core.updatePod(pendingExecutor(2), 'ADDED', scheduler.now());
    scheduler.advance(10_000);
    const [, running, pending] = counts.forApp(key).at(-1)!;
    expect([running, pending]).toEqual([1, 1]);
    expect(counts.forCluster().at(-1)!.slice(1, 3)).toEqual([1, 1]);
    expect(counts.forNamespaces([FIXTURE_NAMESPACE, 'elsewhere']).map((s) => s.at(-1)!.slice(1, 3))).toEqual([[1, 1]]);
    // Everything leaves; after the retention the core forgets it, and so does the history.
    for (const pod of [sparkDriverPod({ phase: 'Running' }), runningExecutor(1), pendingExecutor(2)]) {
      core.updatePod({ ...pod, metadata: { ...pod.metadata, resourceVersion: '99999999' } }, 'DELETED', scheduler.now());
    }
    scheduler.advance(30_000);
    expect(counts.forApp(key).length).toBeGreaterThan(1);
    scheduler.advance(60_000);
    expect(counts.forApp(key)).toEqual([]);
    expect(counts.runningByApp(0)).toEqual({});
    expect(counts.forNamespaces([FIXTURE_NAMESPACE])).toEqual([]);
  });
});
