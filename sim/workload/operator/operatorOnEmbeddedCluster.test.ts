// The operator on the embedded cluster over real HTTPS, with the operator CRDs installed as the
// demo installs them: the resources and their pods checked through the API alone.

import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeList, KubePod } from '../../../lib/kube/types';
import { createKubeTransport, type KubeTransport } from '../../../server/kube/kubeTransport';
import { silentLogger } from '../../../server/log';
import { createEmbeddedCluster, type EmbeddedCluster } from '../../cluster/apiServer';
import { installOperatorCrds } from '../../crds/operatorCrds';
import { createWorkloadSimulator, type WorkloadSimulator } from '../workload';
import type { KubeflowScheduledSparkApplication, KubeflowSparkApplication } from './kubeflowResources';

const GROUP = '/apis/sparkoperator.k8s.io/v1beta2';
const MINUTE = 60_000;

let cluster: EmbeddedCluster;
let api: KubeTransport;
let sim: WorkloadSimulator;

beforeAll(async () => {
  cluster = await createEmbeddedCluster({ seed: 1 });
  const kc = new KubeConfig();
  kc.loadFromString(cluster.kubeconfigYaml());
  api = createKubeTransport(kc);
  await installOperatorCrds(api);
  sim = createWorkloadSimulator(api, { seed: 4, scale: 1, churn: 0, log: silentLogger, warmupMs: 0, stories: ['spark-operator'] });
  await sim.start();
  await sim.advance(20 * MINUTE);
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await cluster?.stop();
});

const get = <T>(path: string) => api.requestJson<T>('GET', path);
const pods = (ns: string, selector: string) => api.requestJson<KubeList<KubePod>>('GET', `/api/v1/namespaces/${ns}/pods`, { query: { labelSelector: selector } }).then((l) => l.items);

describe('the simulated Kubeflow operator on the embedded cluster', () => {
  it('is on, and completes the plain application with its driver labelled and owned', async () => {
    expect(sim.stats().operator.served).toBe(true);
    const rollup = await get<KubeflowSparkApplication>(`${GROUP}/namespaces/spark-etl/sparkapplications/nightly-revenue-rollup`);
    expect(rollup.status?.applicationState?.state).toBe('COMPLETED');
    const [driver] = await pods('spark-etl', 'sparkoperator.k8s.io/app-name=nightly-revenue-rollup,spark-role=driver');
    expect(driver?.metadata?.name).toBe('nightly-revenue-rollup-driver');
    expect(driver?.metadata?.labels?.['spark-app-selector']).toBe(rollup.status?.sparkApplicationId);
    expect(driver?.metadata?.labels?.['sparkoperator.k8s.io/submission-id']).toBe(rollup.status?.submissionID);
    expect(driver?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'SparkApplication', name: 'nightly-revenue-rollup', uid: rollup.metadata.uid });
    expect(driver?.status?.phase).toBe('Succeeded');
    expect(Object.keys(rollup.status?.executorState ?? {}).length).toBeGreaterThan(0);
  });

  it('reruns the backfill with a new application id, its first attempt gone', async () => {
    const backfill = await get<KubeflowSparkApplication>(`${GROUP}/namespaces/spark-ml/sparkapplications/feature-backfill`);
    expect(backfill.status).toMatchObject({ executionAttempts: 2, applicationState: { state: 'COMPLETED' } });
    const all = await pods('spark-ml', 'sparkoperator.k8s.io/app-name=feature-backfill');
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((p) => p.metadata?.labels?.['spark-app-selector']))).toEqual(new Set([backfill.status?.sparkApplicationId]));
  });

  it('keeps the refused submission in SUBMISSION_FAILED with no pods', async () => {
    const broken = await get<KubeflowSparkApplication>(`${GROUP}/namespaces/spark-adhoc/sparkapplications/adhoc-sessionize`);
    expect(broken.status?.applicationState?.state).toBe('SUBMISSION_FAILED');
    expect(broken.status?.applicationState?.errorMessage).toContain('Missing application resource');
    expect(await pods('spark-adhoc', 'sparkoperator.k8s.io/app-name=adhoc-sessionize')).toEqual([]);
  });

  it('runs the schedule: runs named after it, labelled and owned, within the history limits', async () => {
    const schedule = await get<KubeflowScheduledSparkApplication>(`${GROUP}/namespaces/spark-etl/scheduledsparkapplications/hourly-clickstream-compaction`);
    expect(schedule.status?.scheduleState).toBe('Scheduled');
    const runs = (await api.requestJson<KubeList<KubeflowSparkApplication>>('GET', `${GROUP}/namespaces/spark-etl/sparkapplications`, { query: { labelSelector: 'sparkoperator.k8s.io/scheduled-app-name=hourly-clickstream-compaction' } })).items;
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) {
      expect(run.metadata.name).toMatch(/^hourly-clickstream-compaction-\d{19}$/);
      expect(run.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ScheduledSparkApplication', uid: schedule.metadata.uid });
    }
    expect(runs.map((r) => r.metadata.name)).toContain(schedule.status?.lastRunName);
    expect((schedule.status?.pastSuccessfulRunNames?.length ?? 0) + (schedule.status?.pastFailedRunNames?.length ?? 0)).toBeGreaterThan(0);
  });
});
