import { describe, expect, it } from 'vitest';
import { FIXTURE_APP_ID, FIXTURE_NAMESPACE, runningExecutor, sparkDriverPod } from '../../lib/spark/testing/podFixtures';
import type { KubePod } from '../../lib/kube/types';
import { createLogger } from '../log';
import { ManualScheduler } from '../scheduling/manualScheduler';
import { OperatorLabelIndex } from './operatorLabelIndex';
import { StoreCore } from './storeCore';

const labelled = (pod: KubePod, labels: Record<string, string>): KubePod => ({ ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata!.labels, ...labels } } });

describe('OperatorLabelIndex', () => {
  it('finds the applications an operator\'s app-name label names, and forgets them with their pods', () => {
    const scheduler = new ManualScheduler(1_700_000_000_000);
    const core = new StoreCore({
      projection: { checkAllContainers: true, executorContainerName: 'spark-kubernetes-executor', driverContainerName: 'spark-kubernetes-driver' },
      batchIntervalMs: 50, retentionMs: 60_000, maxDepartedPerApp: 100, maxTransitions: 8, scheduler,
    }, createLogger({ write: () => {} }));
    const index = new OperatorLabelIndex(50);
    const changes: string[] = [];
    index.onChange((ns, name) => changes.push(`${ns}/${name}`));
    core.addSubscriber(index);
    core.start();
    const driver = labelled(sparkDriverPod({ phase: 'Running' }), { 'sparkoperator.k8s.io/app-name': 'etl-daily' });
    core.updatePod(driver, 'ADDED', scheduler.now());
    core.updatePod(labelled(runningExecutor(1), { 'sparkoperator.k8s.io/app-name': 'etl-daily' }), 'ADDED', scheduler.now());
    // A pod no operator launched is not indexed.
    core.updatePod(sparkDriverPod({ phase: 'Running', appId: 'spark-plain' }), 'ADDED', scheduler.now());
    scheduler.advance(100);
    expect(index.appsLabelled(FIXTURE_NAMESPACE, 'etl-daily')).toEqual([FIXTURE_APP_ID]);
    expect(index.labelOf(FIXTURE_NAMESPACE, FIXTURE_APP_ID)).toBe('etl-daily');
    expect(index.labelOf(FIXTURE_NAMESPACE, 'spark-plain')).toBeNull();
    expect(changes).toEqual([`${FIXTURE_NAMESPACE}/etl-daily`]);

    // Apache's label is read too.
    core.updatePod(labelled(sparkDriverPod({ phase: 'Running', appId: 'pi-0' }), { 'spark.operator/spark-app-name': 'pi' }), 'ADDED', scheduler.now());
    scheduler.advance(100);
    expect(index.appsLabelled(FIXTURE_NAMESPACE, 'pi')).toEqual(['pi-0']);

    // Retention forgets the pods; the index forgets the application.
    for (const pod of [driver, labelled(runningExecutor(1), { 'sparkoperator.k8s.io/app-name': 'etl-daily' })]) {
      core.updatePod({ ...pod, metadata: { ...pod.metadata, resourceVersion: '99999999' } }, 'DELETED', scheduler.now());
    }
    scheduler.advance(120_000);
    expect(index.appsLabelled(FIXTURE_NAMESPACE, 'etl-daily')).toEqual([]);
    expect(index.labelOf(FIXTURE_NAMESPACE, FIXTURE_APP_ID)).toBeNull();
  });
});
