// Spark operator applications on both backends: the operators' CRDs installed from the
// manifests the project ships (sim/crds/), resources created and their status written through
// the /status subresource as the operators do, and the dashboard joining each to its pods (by
// the application id the operator recorded, or by its driver pod's name), keeping the state
// history Kubeflow does not, showing a submission that failed as an application with its error
// and no pods, a schedule with its runs, and Apache's operator's own history. A dashboard that
// may not read the kinds says what it lacks and works on.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppOperatorResponse, AppsResponse, WhySummaryResponse } from '../../lib/apiTypes';
import { operatorAppId } from '../../lib/operator/operatorApp';
import { runningExecutor, sparkDriverPod } from '../../lib/spark/testing/podFixtures';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { hasKubectl } from '../../sim/cluster/testing';
import { installOperatorCrds } from '../../sim/crds/operatorCrds';
import { availableBackends, useBackend, type Backend } from './backends';
import { startTestDashboard, TEST_CLUSTER, type TestDashboard } from './dashboardHarness';
import { createNamespace, createPod, MERGE_PATCH, patchPodStatus, statusOf, uniqueName, waitFor } from './kubeOps';

const NODE = 'ip-10-0-7-7.ec2.internal';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const KUBEFLOW = '/apis/sparkoperator.k8s.io/v1beta2';
const APACHE = '/apis/spark.apache.org/v1';
const run = promisify(execFile);
const CRDS = fileURLToPath(new URL('../../sim/crds/', import.meta.url));


const kubeflowSpec = {
  type: 'Scala', mode: 'cluster', image: 'registry.example.com/spark:3.5.3', mainClass: 'com.example.etl.Daily',
  mainApplicationFile: 'local:///opt/spark/jars/etl.jar', sparkVersion: '3.5.3',
  restartPolicy: { type: 'OnFailure', onFailureRetries: 2, onFailureRetryInterval: 10, onSubmissionFailureRetries: 3, onSubmissionFailureRetryInterval: 20 },
  driver: { cores: 1, memory: '2g', serviceAccount: 'spark' },
  executor: { instances: 2, cores: 2, memory: '4g' },
};

async function createResource(api: KubeTransport, base: string, ns: string, plural: string, body: Record<string, unknown>): Promise<void> {
  await api.requestJson('POST', `${base}/namespaces/${ns}/${plural}`, { body });
}

async function patchStatus(api: KubeTransport, base: string, ns: string, plural: string, name: string, status: Record<string, unknown>): Promise<void> {
  await api.requestJson('PATCH', `${base}/namespaces/${ns}/${plural}/${name}/status`, { body: { status }, contentType: MERGE_PATCH });
}

describe.each(availableBackends())('Spark operator applications against %s', (kind) => {
  const ctx = useBackend(kind);
  let backend: Backend;
  let api: KubeTransport;
  let ns = '';
  let t: TestDashboard;
  const operatorOf = (appId: string) => t.getJson<AppOperatorResponse>(`/api/apps/${TEST_CLUSTER}/${ns}/${encodeURIComponent(appId)}/operator`);
  const apps = async () => (await t.getJson<AppsResponse>('/api/apps')).body.apps;

  beforeAll(async () => {
    backend = ctx.backend();
    api = backend.transport('admin');
    await installOperatorCrds(api);
    ns = uniqueName('operator');
    await createNamespace(api, ns);
    // The CRDs are served before the dashboard starts: its first discovery finds them.
    t = await startTestDashboard(backend, { namespaces: [ns] });
    ctx.dashboards.push(t);
    await waitFor('operator kinds discovered', async () => (await operatorOf('spark-none')).body.availability?.served.length >= 3);
  }, 120_000);

  it('joins a SparkApplication to its pods, keeps its state history and the operator\'s executor map', async () => {
    const name = 'etl-daily';
    const appId = `spark-${uniqueName('op').replace(/-/g, '')}`;
    await createResource(api, KUBEFLOW, ns, 'sparkapplications', { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name }, spec: kubeflowSpec });
    // Before it is submitted, it is an application without pods.
    await waitFor('the new application as a row of its own', async () => (await apps()).find((a) => a.appId === operatorAppId(name))?.operator?.phase === 'new');

    const driver = sparkDriverPod({ namespace: ns, appId, appName: name, phase: 'Running' });
    await patchStatus(api, KUBEFLOW, ns, 'sparkapplications', name, {
      sparkApplicationId: appId, submissionID: 'a1b2c3', submissionAttempts: 1, lastSubmissionAttemptTime: new Date().toISOString(),
      applicationState: { state: 'SUBMITTED' }, driverInfo: { podName: driver.metadata!.name, webUIServiceName: `${name}-ui-svc`, webUIPort: 4040 },
    });
    await waitFor('SUBMITTED seen', async () => (await operatorOf(operatorAppId(name))).body.app?.rawState === 'SUBMITTED');
    await createPod(api, ns, driver, { nodeName: NODE });
    await patchPodStatus(api, ns, driver.metadata!.name!, statusOf(driver));
    const executor = runningExecutor(1, { namespace: ns, appId, appName: name });
    await createPod(api, ns, executor, { nodeName: NODE });
    await patchPodStatus(api, ns, executor.metadata!.name!, statusOf(executor));
    // The operator still says PENDING for an executor Spark sees running: a disagreement.
    await patchStatus(api, KUBEFLOW, ns, 'sparkapplications', name, {
      applicationState: { state: 'RUNNING' }, executionAttempts: 1, executorState: { [executor.metadata!.name!]: 'PENDING' },
    });

    const row = await waitFor('the pod row joined to its operator application', async () => {
      const found = (await apps()).find((a) => a.appId === appId);
      return found?.operator?.phase === 'running' && found;
    });
    expect(row.operator).toMatchObject({ operator: 'kubeflow', name, rawState: 'RUNNING' });
    // Joined: no pod-less row of the same resource any more.
    await waitFor('the pod-less row gone', async () => !(await apps()).some((a) => a.appId === operatorAppId(name)));

    const answer = await waitFor('the operator panel', async () => {
      const r = (await operatorOf(appId)).body;
      return r.app?.phase === 'running' && r.disagreements.length > 0 && r;
    });
    expect(answer.app!.history.map((h) => h.raw)).toEqual(['', 'SUBMITTED', 'RUNNING']);
    expect(answer.app!.spec).toMatchObject({ image: 'registry.example.com/spark:3.5.3', mainClass: 'com.example.etl.Daily', sparkVersion: '3.5.3' });
    expect(answer.app!.spec.executor).toMatchObject({ instances: 2 });
    expect(answer.attempts).toEqual([{ appId, key: `${TEST_CLUSTER}/${ns}/${appId}`, current: true }]);
    expect(answer.disagreements).toEqual([{ pod: executor.metadata!.name, operator: 'PENDING', ours: 'running' }]);

    await patchStatus(api, KUBEFLOW, ns, 'sparkapplications', name, { applicationState: { state: 'COMPLETED' }, executorState: { [executor.metadata!.name!]: 'COMPLETED' } });
    await waitFor('COMPLETED on the row', async () => (await apps()).find((a) => a.appId === appId)?.operator?.phase === 'completed');
  });

  it('shows a SparkApplication whose submission failed as an application with its error and no pods', async () => {
    const name = 'bad-submit';
    const error = 'failed to run spark-submit for SparkApplication bad-submit: Exception in thread "main" java.io.FileNotFoundException: /opt/spark/jars/missing.jar';
    await createResource(api, KUBEFLOW, ns, 'sparkapplications', { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name }, spec: kubeflowSpec });
    await patchStatus(api, KUBEFLOW, ns, 'sparkapplications', name, { applicationState: { state: 'SUBMISSION_FAILED', errorMessage: error }, submissionAttempts: 4 });
    const row = await waitFor('the failed submission as a row', async () => (await apps()).find((a) => a.appId === operatorAppId(name) && a.operator?.phase === 'submission-failed'));
    expect(row).toMatchObject({ executors: 0, present: 0, driver: null, appName: name });
    expect(row.operator!.errorMessage).toBe(error);
    const why = await waitFor('its cause', async () => (await t.getJson<WhySummaryResponse>('/api/why')).body.apps[row.key]);
    expect(why).toMatchObject({ role: 'operator', kind: 'submission' });
    expect(why.text).toContain('FileNotFoundException');
    const page = await t.getJson<{ summary: { appId: string } | null; executors: unknown[] }>(`/api/apps/${TEST_CLUSTER}/${ns}/${encodeURIComponent(operatorAppId(name))}`);
    expect(page.status).toBe(200);
    expect(page.body.summary?.appId).toBe(operatorAppId(name));
    expect(page.body.executors).toEqual([]);
    const volumes = await t.getJson<{ error?: string }>(`/api/apps/${TEST_CLUSTER}/${ns}/${encodeURIComponent(operatorAppId(name))}/volumes`);
    expect(volumes.status).toBe(404);
    const panel = (await operatorOf(operatorAppId(name))).body;
    expect(panel.app).toMatchObject({ phase: 'submission-failed', submissionAttempts: 4, errorMessage: error });
    // The overview's live scope carries it too (what the overview page and the wall draw).
    await waitFor('the overview scope', () => t.scopeState('overview')?.apps[row.key]?.operator?.errorMessage === error);
  });

  it('shows a schedule with its runs', async () => {
    const schedule = 'nightly';
    await createResource(api, KUBEFLOW, ns, 'scheduledsparkapplications', {
      apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'ScheduledSparkApplication', metadata: { name: schedule },
      spec: { schedule: '@every 1h', concurrencyPolicy: 'Forbid', successfulRunHistoryLimit: 3, failedRunHistoryLimit: 3, template: kubeflowSpec },
    });
    const next = new Date(Date.now() + 3_600_000).toISOString();
    await patchStatus(api, KUBEFLOW, ns, 'scheduledsparkapplications', schedule, {
      scheduleState: 'Scheduled', lastRun: new Date().toISOString(), nextRun: next, lastRunName: 'nightly-2',
      pastSuccessfulRunNames: ['nightly-2', 'nightly-1'], pastFailedRunNames: ['nightly-0'],
    });
    await createResource(api, KUBEFLOW, ns, 'sparkapplications', {
      apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication',
      metadata: { name: 'nightly-2', labels: { 'sparkoperator.k8s.io/scheduled-app-name': schedule } }, spec: kubeflowSpec,
    });
    await patchStatus(api, KUBEFLOW, ns, 'sparkapplications', 'nightly-2', { applicationState: { state: 'COMPLETED' } });
    const panel = await waitFor('the schedule on its run\'s panel', async () => {
      const r = (await operatorOf(operatorAppId('nightly-2'))).body;
      return r.schedule?.runs.length === 3 && r.app?.phase === 'completed' && r;
    });
    expect(panel.app!.scheduledBy).toBe(schedule);
    expect(panel.schedule).toMatchObject({ name: schedule, schedule: '@every 1h', concurrencyPolicy: 'Forbid', state: 'Scheduled', lastRunName: 'nightly-2', nextRun: Date.parse(next) });
    expect(panel.schedule!.runs.map((r) => [r.name, r.outcome])).toEqual([['nightly-2', 'succeeded'], ['nightly-1', 'succeeded'], ['nightly-0', 'failed']]);
  });

  it('reads an Apache operator application with the history the operator keeps', async () => {
    const name = 'apache-pi';
    await createResource(api, APACHE, ns, 'sparkapplications', {
      apiVersion: 'spark.apache.org/v1', kind: 'SparkApplication', metadata: { name },
      spec: { mainClass: 'org.apache.spark.examples.SparkPi', jars: 'local:///opt/spark/examples/jars/spark-examples.jar', runtimeVersions: { sparkVersion: '4.0.0' }, sparkConf: { 'spark.executor.instances': '3' } },
    });
    // One base time: the current state is the last recorded one, to the millisecond, as the operator writes it.
    const base = Date.now() - 60_000;
    const at = (s: number) => new Date(base + s * 1000).toISOString();
    await patchStatus(api, APACHE, ns, 'sparkapplications', name, {
      currentState: { currentStateSummary: 'SchedulingFailure', lastTransitionTime: at(2), message: 'pods "apache-pi-0-driver" is forbidden: exceeded quota: compute' },
      stateTransitionHistory: {
        0: { currentStateSummary: 'Submitted', lastTransitionTime: at(0), message: 'Spark application has been created on Kubernetes Cluster.' },
        1: { currentStateSummary: 'SchedulingFailure', lastTransitionTime: at(2), message: 'pods "apache-pi-0-driver" is forbidden: exceeded quota: compute' },
      },
    });
    const row = await waitFor('the Apache application as a row', async () => (await apps()).find((a) => a.appId === operatorAppId(name) && a.operator?.rawState === 'SchedulingFailure'));
    expect(row.operator).toMatchObject({ operator: 'apache', name });
    const panel = (await operatorOf(operatorAppId(name))).body;
    expect(panel.app!.history.map((h) => h.raw), JSON.stringify(panel.app!.history)).toEqual(['Submitted', 'SchedulingFailure']);
    expect(panel.app!.spec).toMatchObject({ mainClass: 'org.apache.spark.examples.SparkPi', sparkVersion: '4.0.0' });
    expect(panel.app!.errorMessage).toContain('exceeded quota');
  });

  it('a dashboard that may not read operator resources says so, and the rest works', async () => {
    const role = uniqueName('pods-only');
    await api.requestJson('POST', `${RBAC}/clusterroles`, { body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: role }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] } });
    await api.requestJson('POST', `${RBAC}/clusterrolebindings`, { body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: role }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'restricted-user' }] } });
    const restricted = await startTestDashboard(backend, { namespaces: [ns], identity: 'restricted' });
    ctx.dashboards.push(restricted);
    const answer = await waitFor('the missing access', async () => {
      const r = (await restricted.getJson<AppOperatorResponse>(`/api/apps/${TEST_CLUSTER}/${ns}/spark-none/operator`)).body;
      return r.availability.missingAccess.length >= 2 && r;
    }, 30_000);
    expect(answer.availability.missingAccess.map((m) => `${m.verb} ${m.resource}.${m.group}`).sort()).toEqual(expect.arrayContaining(['list sparkapplications.sparkoperator.k8s.io', 'list sparkapplications.spark.apache.org']));
    expect((await restricted.getJson('/readyz')).status).toBe(200);
    // Pod rows still arrive; none is joined to an operator application.
    await waitFor('pod rows without operators', async () => {
      const rows = (await restricted.getJson<AppsResponse>('/api/apps')).body.apps;
      return rows.length > 0 && rows.every((a) => !a.operator);
    });
  });

  // kubectl is not installed on every machine (CI builds none): installOperatorCrds sends the same server-side apply.
  it.skipIf(!hasKubectl())('the CRD manifests apply with kubectl, and kubectl lists what was created', async () => {
    // Asynchronously: the embedded cluster answers from this very process.
    const kubectl = async (...args: string[]) => (await run('kubectl', ['--kubeconfig', backend.kubeconfigPath('admin'), ...args])).stdout;
    const out = await kubectl('apply', '--server-side', '--force-conflicts', '-f', path.join(CRDS, 'kubeflow-spark-operator.yaml'), '-f', path.join(CRDS, 'apache-spark-operator.yaml'));
    expect(out).toMatch(/sparkapplications\.sparkoperator\.k8s\.io/);
    expect(out).toMatch(/sparkapplications\.spark\.apache\.org/);
    await waitFor('the failed submission listed by kubectl', async () => (await kubectl('get', 'sparkapplications.sparkoperator.k8s.io', '-n', ns, '-o', 'name')).includes('sparkapplication.sparkoperator.k8s.io/bad-submit'), 30_000);
  });
});
