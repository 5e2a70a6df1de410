// The operator inside the workload, against the in-memory fake API (with the operator's API
// group announced by discovery): the scenario's applications driven through Kubeflow's states,
// their pods as the operator's spark-submit makes them, and the schedule's runs.

import { describe, expect, it } from 'vitest';
import type { KubePod } from '../../../lib/kube/types';
import { silentLogger } from '../../../server/log';
import { createFakeKubeApi, type FakeKubeApi } from '../fakeKubeApi';
import { BASE_TIME, MINUTE } from '../testHarness';
import { createWorkloadSimulator, type WorkloadSimulator } from '../workload';
import type { KubeflowScheduledSparkApplication, KubeflowSparkApplication } from './kubeflowResources';

const GROUP = '/apis/sparkoperator.k8s.io/v1beta2';

/** The fake, plus the discovery document a cluster with the operator's CRDs serves. */
function operatorHarness(seed = 3): { fake: FakeKubeApi; sim: WorkloadSimulator } {
  let sim: WorkloadSimulator | undefined;
  const now = () => BASE_TIME + (sim ? sim.stats().simulatedMs : 0);
  const fake = createFakeKubeApi({ now });
  const api = {
    requestJson<T>(method: string, path: string, opts?: Parameters<FakeKubeApi['requestJson']>[2]): Promise<T> {
      if (method === 'GET' && path === GROUP) return Promise.resolve({ kind: 'APIResourceList', groupVersion: 'sparkoperator.k8s.io/v1beta2', resources: [{ name: 'sparkapplications' }, { name: 'sparkapplications/status' }, { name: 'scheduledsparkapplications' }] } as T);
      return fake.requestJson<T>(method, path, opts);
    },
  };
  sim = createWorkloadSimulator(api, { seed, scale: 1, churn: 0, log: silentLogger, warmupMs: 0, now, stories: ['spark-operator'] });
  return { fake, sim };
}

const apps = (fake: FakeKubeApi, ns: string) => fake.list(`${GROUP}/namespaces/${ns}/sparkapplications`) as unknown as KubeflowSparkApplication[];
const app = (fake: FakeKubeApi, ns: string, name: string) => fake.get(`${GROUP}/namespaces/${ns}/sparkapplications/${name}`) as unknown as KubeflowSparkApplication;
const podCreates = (fake: FakeKubeApi, appName: string) => fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/pods') && (c.body as KubePod).metadata?.labels?.['sparkoperator.k8s.io/app-name'] === appName).map((c) => c.body as KubePod);

describe('the simulated Kubeflow operator in the workload', () => {
  it('drives the scenario applications through Kubeflow states, with the operator pods and status subresource writes', async () => {
    const { fake, sim } = operatorHarness();
    await sim.start();
    await sim.advance(2 * MINUTE);
    const rollup = app(fake, 'spark-etl', 'nightly-revenue-rollup');
    expect(rollup.status?.applicationState?.state).toBe('RUNNING');
    const drivers = podCreates(fake, 'nightly-revenue-rollup').filter((p) => p.metadata?.labels?.['spark-role'] === 'driver');
    expect(drivers).toHaveLength(1);
    const driver = drivers[0]!;
    expect(driver.metadata?.name).toBe('nightly-revenue-rollup-driver');
    expect(driver.metadata?.labels).toMatchObject({
      'spark-app-selector': rollup.status?.sparkApplicationId, 'spark-role': 'driver', 'spark-app-name': 'nightly-revenue-rollup',
      'sparkoperator.k8s.io/app-name': 'nightly-revenue-rollup', 'sparkoperator.k8s.io/launched-by-spark-operator': 'true',
      'sparkoperator.k8s.io/submission-id': rollup.status?.submissionID, team: 'data-platform',
    });
    expect(driver.metadata?.ownerReferences).toEqual([{ apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', name: 'nightly-revenue-rollup', uid: rollup.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rollup.status?.submissionID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rollup.status?.driverInfo).toEqual({ podName: 'nightly-revenue-rollup-driver', webUIServiceName: 'nightly-revenue-rollup-ui-svc', webUIPort: 4040 });
    const executors = podCreates(fake, 'nightly-revenue-rollup').filter((p) => p.metadata?.labels?.['spark-role'] === 'executor');
    expect(executors.length).toBeGreaterThan(0);
    expect(executors[0]!.metadata?.labels?.['sparkoperator.k8s.io/submission-id']).toBe(rollup.status?.submissionID);
    expect(Object.keys(rollup.status?.executorState ?? {}).sort()).toEqual(executors.map((p) => p.metadata!.name!).sort());
    expect(fake.get('/api/v1/namespaces/spark-etl/services/nightly-revenue-rollup-ui-svc')).toBeDefined();

    // Status only ever through the subresource, as a merge patch.
    const writes = fake.calls.filter((c) => c.path.includes('/sparkapplications/') && c.method !== 'GET' && c.method !== 'DELETE');
    expect(writes.length).toBeGreaterThan(2);
    expect(writes.every((c) => c.method === 'PATCH' && c.path.endsWith('/status') && c.contentType === 'application/merge-patch+json')).toBe(true);

    await sim.advance(12 * MINUTE);
    const done = app(fake, 'spark-etl', 'nightly-revenue-rollup');
    expect(done.status?.applicationState?.state).toBe('COMPLETED');
    expect(done.status?.terminationTime).toBeTruthy();
    expect(done.status?.executionAttempts).toBe(1);
    // The finished driver stays, as it does under Kubeflow until the application goes.
    expect(fake.get('/api/v1/namespaces/spark-etl/pods/nightly-revenue-rollup-driver')).toBeDefined();
    await sim.stop();
  }, 30_000);

  it('reruns a failed first attempt with a new application id and driver, then completes', async () => {
    const { fake, sim } = operatorHarness();
    await sim.start();
    await sim.advance(15 * MINUTE);
    const backfill = app(fake, 'spark-ml', 'feature-backfill');
    expect(backfill.status?.applicationState?.state).toBe('COMPLETED');
    const written = fake.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith('/sparkapplications/feature-backfill/status'))
      .map((c) => (c.body as { status: { applicationState?: { state?: string; errorMessage?: string } } }).status.applicationState).filter(Boolean);
    expect(written.map((s) => s!.state)).toEqual(['SUBMITTED', 'RUNNING', 'FAILING', 'PENDING_RERUN', 'SUBMITTED', 'RUNNING', 'SUCCEEDING', 'COMPLETED']);
    expect(written[2]!.errorMessage).toBe('driver container failed with ExitCode: 1, Reason: Error');
    expect(backfill.status).toMatchObject({ executionAttempts: 2, submissionAttempts: 2 });
    const drivers = podCreates(fake, 'feature-backfill').filter((p) => p.metadata?.labels?.['spark-role'] === 'driver');
    expect(drivers.map((d) => d.metadata?.name)).toEqual(['feature-backfill-driver', 'feature-backfill-driver']);
    const [first, second] = drivers.map((d) => d.metadata!.labels!['spark-app-selector']);
    expect(first).not.toBe(second);
    expect(backfill.status?.sparkApplicationId).toBe(second);
    // The first attempt's pods were deleted before the second driver was created.
    const live = (fake.list('/api/v1/namespaces/spark-ml/pods') as unknown as KubePod[]).filter((p) => p.metadata?.labels?.['sparkoperator.k8s.io/app-name'] === 'feature-backfill');
    expect(live.every((p) => p.metadata?.labels?.['spark-app-selector'] === second)).toBe(true);
    const deleteOfFirst = fake.calls.findIndex((c) => c.method === 'DELETE' && c.path === '/api/v1/namespaces/spark-ml/pods/feature-backfill-driver');
    const secondCreate = fake.calls.findIndex((c) => c.method === 'POST' && (c.body as KubePod | undefined)?.metadata?.labels?.['spark-app-selector'] === second && (c.body as KubePod).metadata?.name === 'feature-backfill-driver');
    expect(deleteOfFirst).toBeGreaterThan(-1);
    expect(deleteOfFirst).toBeLessThan(secondCreate);
    await sim.stop();
  }, 30_000);

  it('leaves a submission spark-submit refuses in SUBMISSION_FAILED, with the error and no pods', async () => {
    const { fake, sim } = operatorHarness();
    await sim.start();
    await sim.advance(10 * MINUTE);
    const broken = app(fake, 'spark-adhoc', 'adhoc-sessionize');
    expect(broken.status?.applicationState?.state).toBe('SUBMISSION_FAILED');
    expect(broken.status?.applicationState?.errorMessage).toMatch(/^failed to submit spark application: failed to run spark-submit: .*Missing application resource/);
    expect(broken.status?.submissionAttempts).toBe(1);
    expect(broken.status?.executionAttempts).toBeUndefined();
    expect(podCreates(fake, 'adhoc-sessionize')).toHaveLength(0);
    // Retried 20 minutes after the first attempt (onSubmissionFailureRetryInterval × attempts), failing the same way.
    await sim.advance(15 * MINUTE);
    expect(app(fake, 'spark-adhoc', 'adhoc-sessionize').status).toMatchObject({ submissionAttempts: 2, applicationState: { state: 'SUBMISSION_FAILED' } });
    expect(podCreates(fake, 'adhoc-sessionize')).toHaveLength(0);
    await sim.stop();
  }, 30_000);

  it('runs the schedule every five simulated minutes, one at a time, with bounded histories', async () => {
    const { fake, sim } = operatorHarness();
    await sim.start();
    await sim.advance(60 * MINUTE);
    const schedule = fake.get(`${GROUP}/namespaces/spark-etl/scheduledsparkapplications/hourly-clickstream-compaction`) as unknown as KubeflowScheduledSparkApplication;
    expect(schedule.status?.scheduleState).toBe('Scheduled');
    const runs = apps(fake, 'spark-etl').filter((a) => a.metadata.labels?.['sparkoperator.k8s.io/scheduled-app-name'] === 'hourly-clickstream-compaction');
    const created = fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/sparkapplications') && (c.body as KubeflowSparkApplication).metadata.labels?.['sparkoperator.k8s.io/scheduled-app-name']);
    expect(created.length).toBeGreaterThanOrEqual(9);
    for (const c of created) expect((c.body as KubeflowSparkApplication).metadata.name).toMatch(/^hourly-clickstream-compaction-\d{19}$/);
    expect(schedule.status?.lastRunName).toBe((created.at(-1)!.body as KubeflowSparkApplication).metadata.name);
    expect(schedule.status?.pastSuccessfulRunNames?.length).toBeLessThanOrEqual(3);
    expect(schedule.status?.pastFailedRunNames?.length).toBeLessThanOrEqual(3);
    // Old runs are deleted: what is left is the kept history plus at most the run under way.
    expect(runs.length).toBeLessThanOrEqual(7);
    // Forbid: never two unfinished runs at once.
    expect(runs.filter((r) => !['COMPLETED', 'FAILED'].includes(r.status?.applicationState?.state ?? '')).length).toBeLessThanOrEqual(1);
    expect(Date.parse(schedule.status!.nextRun!)).toBeGreaterThan(BASE_TIME + 55 * MINUTE);
    await sim.stop();
  }, 60_000);

  it('is off, and the workload unchanged, where the API does not serve the operator group', async () => {
    const fake = createFakeKubeApi();
    const sim = createWorkloadSimulator(fake, { seed: 3, scale: 1, churn: 0, log: silentLogger, warmupMs: 0, stories: ['batch-etl', 'spark-operator'] });
    await sim.start();
    await sim.advance(MINUTE);
    expect(sim.stats().operator.served).toBe(false);
    expect(fake.calls.filter((c) => c.path.includes('sparkoperator')).map((c) => `${c.method} ${c.path}`)).toEqual([`GET ${GROUP}`]);
    expect(sim.stats().apps.submitted).toBe(1);
    await sim.stop();
  });
});
