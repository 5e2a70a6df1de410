// Links out of an application page, against the embedded cluster and a real kube-apiserver:
// the Spark UI while the driver runs ({driverService} read from an executor's
// SPARK_DRIVER_URL), the History Server once it ended, neither where it cannot work; a bad
// template stops the start with a message naming the setting.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDriverResponse, ClustersResponse } from '../../lib/apiTypes';
import type { KubePod } from '../../lib/kube/types';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { availableBackends } from '../contract/backends';
import { createNamespace, podPath, startSparkApp } from '../contract/kubeOps';
import { startClusterProcess, startDashboardProcess, waitFor, type ClusterProcess, type DashboardProcess } from '../faults/faultHarness';

const NODE = 'ip-10-0-9-8.ec2.internal';
const NAMESPACE = 'spark-links';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe.each(availableBackends())('links to the Spark UI and the History Server, against %s', { timeout: 180_000 }, (kind) => {
  let cluster: ClusterProcess;
  let api: KubeTransport;
  let dashboard: DashboardProcess;
  let c = '';

  beforeAll(async () => {
    cluster = await startClusterProcess(kind);
    api = cluster.api();
    await createNamespace(api, NAMESPACE);
    dashboard = await startDashboardProcess(cluster.kubeconfigPath(), NAMESPACE, [
      '--spark-ui-url', 'https://spark-ui.example.com/{cluster}/{namespace}/{driverService}/?app={appName}',
      '--history-server-url', 'https://spark-history.example.com/history/{appId}/',
    ]);
    c = (await dashboard.getJson<ClustersResponse>('/api/clusters')).clusters[0].id;
  }, 180_000);

  afterAll(async () => {
    await dashboard?.stop();
    await cluster?.stop();
  });

  it("links a running driver to its Spark UI through its Service, and an ended one to the History Server", async () => {
    const app = await startSparkApp(api, NAMESPACE, 'linked-job', 1, NODE);
    const executor = await api.getJson<KubePod>(podPath(NAMESPACE, app.executor(1)));
    const driverUrl = executor.spec!.containers!.find((x) => x.name === 'spark-kubernetes-executor')!.env!.find((e) => e.name === 'SPARK_DRIVER_URL')!.value!;
    const service = /@([^.]+)\./.exec(driverUrl)![1];
    const driverOf = () => dashboard.getJson<AppDriverResponse>(`/api/apps/${c}/${NAMESPACE}/${app.appId}/driver`);
    const running = await waitFor('the running driver with its links', async () => { const d = await driverOf(); return d.summary?.driver?.state === 'running' && d; });
    expect(running.links).toEqual({ sparkUi: `https://spark-ui.example.com/${c}/${NAMESPACE}/${service}/?app=linked-job`, historyServer: null, sparkUiProxy: null });

    await app.failDriver();
    const ended = await waitFor('the failed driver with its links', async () => { const d = await driverOf(); return d.summary?.driver?.state === 'failed' && d; });
    expect(ended.links).toEqual({ sparkUi: null, historyServer: `https://spark-history.example.com/history/${app.appId}/`, sparkUiProxy: null });
  });
});

describe('a URL template the dashboard cannot use', () => {
  it('stops the start with a message naming the setting', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts'), '--spark-ui-url', 'https://{appName}.example.com/'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr + run.stdout).toMatch(/--spark-ui-url.*only \{cluster\} and \{namespace\} may be part of the host name/);
  });
});
