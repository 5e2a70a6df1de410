import { describe, expect, it } from 'vitest';
import { readApacheApp } from './apacheStatus';
import { readKubeflowApp } from './kubeflowStatus';
import type { OperatorApp } from './operatorApp';
import type { PodAppIdentity } from './operatorJoin';
import { joinApps, operatorRef, podBelongsToOperatorApp } from './operatorJoin';
import {
  FIXTURE_CLUSTER, FIXTURE_NAMESPACE, KUBEFLOW_RETRIED_SPARK_APP_ID, KUBEFLOW_SPARK_APP_ID, apacheRestartedApp, kubeflowApp, kubeflowRetriedApp,
  kubeflowSubmissionFailedApp, scheduledRun,
} from './testing/fixtures';

const kubeflow = (obj: unknown): OperatorApp => {
  const app = readKubeflowApp(obj, FIXTURE_CLUSTER);
  if (app === null) throw new Error('not read');
  return app;
};
const apache = (obj: unknown): OperatorApp => {
  const app = readApacheApp(obj, FIXTURE_CLUSTER);
  if (app === null) throw new Error('not read');
  return app;
};
const podApp = (appId: string, rest: Partial<PodAppIdentity> = {}): PodAppIdentity => ({
  cluster: FIXTURE_CLUSTER, namespace: FIXTURE_NAMESPACE, appId, driverPodNames: [], operatorApp: null, ...rest,
});
const sparkKey = (appId: string, namespace = FIXTURE_NAMESPACE): string => `${FIXTURE_CLUSTER}/${namespace}/${appId}`;

describe('podBelongsToOperatorApp', () => {
  const app = kubeflow(kubeflowApp('RUNNING'));
  const pod = { namespace: FIXTURE_NAMESPACE, name: 'x', appId: null, operatorApp: null };

  it('joins by the recorded app id, the driver pod name or the app-name label', () => {
    expect(podBelongsToOperatorApp(app, { ...pod, appId: KUBEFLOW_SPARK_APP_ID })).toBe(true);
    expect(podBelongsToOperatorApp(app, { ...pod, name: 'spark-pi-driver' })).toBe(true);
    expect(podBelongsToOperatorApp(app, { ...pod, operatorApp: { operator: 'kubeflow', name: 'spark-pi' } })).toBe(true);
    expect(podBelongsToOperatorApp(app, { ...pod, appId: 'spark-other' })).toBe(false);
  });

  it('never across namespaces or clusters, nor on the other operator\'s label', () => {
    expect(podBelongsToOperatorApp(app, { ...pod, namespace: 'other', appId: KUBEFLOW_SPARK_APP_ID })).toBe(false);
    expect(podBelongsToOperatorApp(app, { ...pod, cluster: 'other', appId: KUBEFLOW_SPARK_APP_ID })).toBe(false);
    expect(podBelongsToOperatorApp(app, { ...pod, cluster: FIXTURE_CLUSTER, appId: KUBEFLOW_SPARK_APP_ID })).toBe(true);
    expect(podBelongsToOperatorApp(app, { ...pod, operatorApp: { operator: 'apache', name: 'spark-pi' } })).toBe(false);
  });

  it('does not join on an app id the operator has not recorded', () => {
    const failed = kubeflow(kubeflowSubmissionFailedApp());
    expect(failed.appId).toBeNull();
    expect(podBelongsToOperatorApp(failed, { ...pod, appId: null })).toBe(false);
  });
});

describe('joinApps', () => {
  it('lists every attempt of a retried Kubeflow app, the current one last', () => {
    const app = kubeflow(kubeflowRetriedApp());
    const label = { operator: 'kubeflow' as const, name: 'spark-pi' };
    const join = joinApps([app], [
      podApp(KUBEFLOW_RETRIED_SPARK_APP_ID, { operatorApp: label, driverPodNames: ['spark-pi-driver'], createdAt: 1000 }),
      podApp(KUBEFLOW_SPARK_APP_ID, { operatorApp: label, driverPodNames: ['spark-pi-driver'], createdAt: 2000 }),
      podApp('spark-unrelated', { driverPodNames: ['unrelated-driver'] }),
    ]);
    expect(join.sparkAppIdsByOperatorApp.get(app.key)).toEqual([KUBEFLOW_SPARK_APP_ID, KUBEFLOW_RETRIED_SPARK_APP_ID]);
    expect(join.operatorAppBySparkApp).toEqual(new Map([[sparkKey(KUBEFLOW_RETRIED_SPARK_APP_ID), app.key], [sparkKey(KUBEFLOW_SPARK_APP_ID), app.key]]));
  });

  it('orders earlier attempts by when they began, then by id', () => {
    const app = kubeflow(kubeflowRetriedApp());
    const label = { operator: 'kubeflow' as const, name: 'spark-pi' };
    const join = joinApps([app], [
      podApp('spark-c', { operatorApp: label }), podApp('spark-b', { operatorApp: label, createdAt: 5 }), podApp('spark-a', { operatorApp: label }),
      podApp(KUBEFLOW_RETRIED_SPARK_APP_ID, { createdAt: 1 }),
    ]);
    expect(join.sparkAppIdsByOperatorApp.get(app.key)).toEqual(['spark-b', 'spark-a', 'spark-c', KUBEFLOW_RETRIED_SPARK_APP_ID]);
  });

  it('joins Apache attempts by their spark.operator/spark-app-name label and deterministic ids', () => {
    const app = apache(apacheRestartedApp());
    const label = { operator: 'apache' as const, name: 'pi' };
    const join = joinApps([app], [podApp('pi-1', { driverPodNames: ['pi-1-driver'] }), podApp('pi-0', { operatorApp: label, driverPodNames: ['pi-0-driver'] })]);
    expect(join.sparkAppIdsByOperatorApp.get(app.key)).toEqual(['pi-0', 'pi-1']);
  });

  it('gives a contested Spark app to the strongest evidence, then the newer resource', () => {
    const byId = kubeflow(kubeflowApp('RUNNING', 'etl'));
    const byLabel = apache(apacheRestartedApp());
    const contested = podApp(KUBEFLOW_SPARK_APP_ID, { operatorApp: { operator: 'apache', name: 'pi' } });
    for (const apps of [[byId, byLabel], [byLabel, byId]]) {
      expect(joinApps(apps, [contested]).operatorAppBySparkApp.get(sparkKey(KUBEFLOW_SPARK_APP_ID))).toBe(byId.key);
    }
    const older = { ...kubeflow(kubeflowApp('FAILED', 'job-a')), driverPodName: 'shared-driver', createdAt: 100 };
    const newer = { ...kubeflow(kubeflowApp('RUNNING', 'job-b')), driverPodName: 'shared-driver', appId: null, createdAt: 200 };
    const byName = podApp('spark-x', { driverPodNames: ['shared-driver'] });
    for (const apps of [[older, newer], [newer, older]]) {
      const join = joinApps(apps, [byName]);
      expect(join.operatorAppBySparkApp.get(sparkKey('spark-x'))).toBe(newer.key);
      expect(join.sparkAppIdsByOperatorApp.has(older.key)).toBe(false);
    }
    const twin = { ...newer, key: `${newer.key}-twin`, name: 'job-c' };
    expect(joinApps([twin, newer], [byName]).operatorAppBySparkApp.get(sparkKey('spark-x'))).toBe(newer.key);
  });

  it('joins nothing across namespaces or clusters, and leaves apps without pods out', () => {
    const app = kubeflow(kubeflowApp('RUNNING'));
    const lonely = kubeflow(scheduledRun(0, 'SUBMITTED'));
    const join = joinApps([app, lonely], [
      podApp(KUBEFLOW_SPARK_APP_ID, { namespace: 'other' }),
      podApp(KUBEFLOW_SPARK_APP_ID, { cluster: 'other' }),
    ]);
    expect(join.sparkAppIdsByOperatorApp.size).toBe(0);
    expect(join.operatorAppBySparkApp.size).toBe(0);
  });
});

describe('operatorRef', () => {
  it('carries what an application summary shows', () => {
    const run = kubeflow(scheduledRun(0, 'FAILED'));
    expect(operatorRef(run)).toEqual({
      operator: 'kubeflow', name: run.name, phase: 'failed', rawState: 'FAILED', errorMessage: 'driver container failed with ExitCode: 1, Reason: Error', scheduledBy: 'nightly-report',
    });
  });
});
