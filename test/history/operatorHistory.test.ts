// A Spark operator application that never got a pod is in the record like any other: its
// submission failed, the operator's error is kept with it, and after the resource is deleted
// and the dashboard restarted, History and its page still show it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDetailResponse, ClustersResponse, HistoryAppsResponse } from '../../lib/apiTypes';
import { operatorAppId } from '../../lib/operator/operatorApp';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { installOperatorCrds } from '../../sim/crds/operatorCrds';
import { availableBackends } from '../contract/backends';
import { createNamespace, MERGE_PATCH } from '../contract/kubeOps';
import { startClusterProcess, startDashboardProcess, waitFor, type ClusterProcess, type DashboardProcess } from '../faults/faultHarness';

const NAMESPACE = 'spark-operator-history';
const KUBEFLOW = `/apis/sparkoperator.k8s.io/v1beta2/namespaces/${NAMESPACE}/sparkapplications`;
const ERROR = 'failed to submit spark application: failed to run spark-submit: Exception in thread "main" org.apache.spark.SparkException: Must specify the driver container image';

describe.each(availableBackends())('an operator application without pods in the record, against %s', { timeout: 240_000 }, (kind) => {
  let cluster: ClusterProcess;
  let api: KubeTransport;
  let dashboard: DashboardProcess | null = null;
  const historyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-operator-history-'));
  const start = () => startDashboardProcess(cluster.kubeconfigPath(), NAMESPACE, ['--history-dir', historyDir, '--history-interval', '200ms']);

  beforeAll(async () => {
    cluster = await startClusterProcess(kind);
    api = cluster.api();
    await installOperatorCrds(api);
    await createNamespace(api, NAMESPACE);
  }, 180_000);

  afterAll(async () => {
    await dashboard?.stop();
    await cluster?.stop();
    fs.rmSync(historyDir, { recursive: true, force: true });
  });

  it('records a failed submission with its error, and keeps it after the resource and the process are gone', async () => {
    dashboard = await start();
    const c = (await dashboard.getJson<ClustersResponse>('/api/clusters')).clusters[0].id;
    await api.requestJson('POST', KUBEFLOW, {
      body: { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name: 'no-image' }, spec: {
        type: 'Scala', mode: 'cluster', mainClass: 'com.example.Job', mainApplicationFile: 'local:///job.jar', sparkVersion: '3.5.3',
        driver: { cores: 1, memory: '1g' }, executor: { instances: 1, cores: 1, memory: '1g' },
      } },
    });
    await api.requestJson('PATCH', `${KUBEFLOW}/no-image/status`, { body: { status: { applicationState: { state: 'SUBMISSION_FAILED', errorMessage: ERROR }, submissionAttempts: 1 } }, contentType: MERGE_PATCH });

    const search = () => dashboard!.getJson<HistoryAppsResponse>(`/api/history/apps?q=no-image`);
    const found = await waitFor('the failed submission in History', async () => (await search()).apps.find((a) => a.finalState === 'failed'));
    expect(found.summary).toMatchObject({ appId: operatorAppId('no-image'), executors: 0, operator: { phase: 'submission-failed', errorMessage: ERROR } });

    // The resource deleted, the dashboard restarted: the record still has it.
    await api.requestJson('DELETE', `${KUBEFLOW}/no-image`);
    await dashboard.stop();
    dashboard = await start();
    const again = await waitFor('History after the restart', async () => (await search()).apps[0]);
    expect(again).toMatchObject({ finalState: 'failed', summary: { operator: { errorMessage: ERROR } } });
    const page = await dashboard.getJson<AppDetailResponse>(`/api/apps/${c}/${NAMESPACE}/${encodeURIComponent(operatorAppId('no-image'))}`);
    expect(page.summary?.operator?.errorMessage).toBe(ERROR);
    expect(page.executors).toEqual([]);
  });
});
