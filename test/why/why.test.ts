// The why, against the embedded cluster and a real kube-apiserver: an Event about an executor
// is joined to it (by uid, or by name when the reporter gave none) and outlives the API's
// expiry; a pod the scheduler cannot place carries its cause in words, grouped for the
// application; event text is served as text, markup and all; quotas that refuse executors,
// before any executor pod exists (the driver's conf says what they will ask) and after (the
// running driver's log says what the API answered).
//
// A quota's status is kept by kube-controller-manager on a cluster: the embedded cluster keeps
// it itself, a bare kube-apiserver has no controller (the test writes status there).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppWhyResponse, ClustersResponse, LogFollowMessage, PodResponse, WhySummaryResponse } from '../../lib/apiTypes';
import type { KubeEvent, KubePod } from '../../lib/kube/types';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { availableBackends } from '../contract/backends';
import { createNamespace, createPod, expectApiError, MERGE_PATCH, patchPodStatus, podPath, startSparkApp, statusOf } from '../contract/kubeOps';
import { FIXTURE_UNIQUE_ID } from '../../lib/spark/testing/fixtureParts';
import { pendingExecutor, sparkDriverPod } from '../../lib/spark/testing/podFixtures';
import { parseCpuCores } from '../../lib/volumes/quantity';
import { startClusterProcess, startDashboardProcess, waitFor, type ClusterProcess, type DashboardProcess } from '../faults/faultHarness';

const NODE = 'ip-10-0-9-9.ec2.internal';
const NAMESPACE = 'spark-why';
/** Namespaces of their own for the quota stories (a quota governs every pod created after it). */
const CONF_NAMESPACE = 'spark-why-conf';
const REFUSED_NAMESPACE = 'spark-why-refused';
/** The quota finding's way of writing cores. */
const cores = (n: number) => String(Math.round(n * 1000) / 1000);
const MARKUP = '<img src=x onerror="alert(1)"> <b>bold</b>';

describe.each(availableBackends())('the why, against %s', { timeout: 180_000 }, (kind) => {
  let cluster: ClusterProcess;
  let api: KubeTransport;
  let dashboard: DashboardProcess;
  let c = '';

  beforeAll(async () => {
    cluster = await startClusterProcess(kind);
    api = cluster.api();
    for (const ns of [NAMESPACE, CONF_NAMESPACE, REFUSED_NAMESPACE]) await createNamespace(api, ns);
    dashboard = await startDashboardProcess(cluster.kubeconfigPath(), [NAMESPACE, CONF_NAMESPACE, REFUSED_NAMESPACE].join(','));
    c = (await dashboard.getJson<ClustersResponse>('/api/clusters')).clusters[0].id;
  }, 180_000);

  afterAll(async () => {
    await dashboard?.stop();
    await cluster?.stop();
  });

  /**
   * A ResourceQuota `compute` with `roomCores` of requests.cpu left. The embedded cluster counts
   * what is used itself (hard is then set from it); on a bare kube-apiserver the test plays the
   * quota controller and writes `used` as given. Returns the cores used and the hard limit.
   */
  async function quotaWithRoom(ns: string, hard: Record<string, string>, used: Record<string, string>, roomCores: number): Promise<{ used: number; hard: number }> {
    const path = `/api/v1/namespaces/${ns}/resourcequotas`;
    await api.requestJson('POST', path, { body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute' }, spec: { hard } } });
    if (kind !== 'embedded') await api.requestJson('PATCH', `${path}/compute/status`, { body: { status: { hard, used } }, contentType: MERGE_PATCH });
    type Quota = { status?: { hard?: Record<string, string>; used?: Record<string, string> } };
    const { usedCores } = await waitFor('the quota status', async () => {
      const n = parseCpuCores((await api.getJson<Quota>(`${path}/compute`)).status?.used?.['requests.cpu']);
      return n !== null && { usedCores: n };
    });
    if (kind !== 'embedded') return { used: usedCores, hard: parseCpuCores(hard['requests.cpu'])! };
    const limit = usedCores + roomCores;
    await api.requestJson('PATCH', `${path}/compute`, { body: { spec: { hard: { 'requests.cpu': `${Math.round(limit * 1000)}m` } } }, contentType: MERGE_PATCH });
    await waitFor('the quota controller to take the new limit', async () => parseCpuCores((await api.getJson<Quota>(`${path}/compute`)).status?.hard?.['requests.cpu']) === limit);
    return { used: usedCores, hard: limit };
  }

  const postEvent = (pod: KubePod, over: Partial<KubeEvent>, withUid = true) => {
    const now = new Date().toISOString();
    const name = `${pod.metadata!.name}.${Date.now().toString(16)}${Math.floor(Math.random() * 1e6)}`;
    return api.requestJson<KubeEvent>('POST', `/api/v1/namespaces/${NAMESPACE}/events`, {
      body: {
        apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: NAMESPACE },
        involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata!.name, namespace: NAMESPACE, ...(withUid ? { uid: pod.metadata!.uid } : {}) },
        type: 'Warning', count: 1, firstTimestamp: now, lastTimestamp: now, source: { component: 'kubelet', host: NODE }, ...over,
      },
    });
  };

  it('joins an Event to its executor, keeps it after the API deleted it, and serves its text as text', async () => {
    const app = await startSparkApp(api, NAMESPACE, 'events', 2, NODE);
    const pod = await api.getJson<KubePod>(podPath(NAMESPACE, app.executor(1)));
    const event = await postEvent(pod, { reason: 'FailedMount', message: `MountVolume.SetUp failed for volume "data" : ${MARKUP}` });
    const other = await api.getJson<KubePod>(podPath(NAMESPACE, app.executor(2)));
    await postEvent(other, { reason: 'Unhealthy', message: 'Liveness probe failed: connection refused' }, false);

    const podWhy = (name: string) => dashboard.getJson<PodResponse>(`/api/pods/${c}/${NAMESPACE}/${name}`);
    const joined = await waitFor('the event joined to executor 1', async () => (await podWhy(app.executor(1))).why?.events.find((e) => e.reason === 'FailedMount'));
    expect(joined.message).toBe(`MountVolume.SetUp failed for volume "data" : ${MARKUP}`);
    expect(joined.source).toBe('kubelet');
    await waitFor('an event without a uid joined by name', async () => (await podWhy(app.executor(2))).why?.events.some((e) => e.reason === 'Unhealthy'));
    expect((await podWhy(app.executor(2))).why!.events.some((e) => e.reason === 'FailedMount')).toBe(false);

    // The API's --event-ttl deletes it after an hour; the dashboard keeps it with the executor.
    await api.requestJson('DELETE', `/api/v1/namespaces/${NAMESPACE}/events/${event.metadata!.name}`);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await podWhy(app.executor(1))).why!.events.map((e) => e.reason)).toContain('FailedMount');
  });

  it('says in words why a pod cannot be scheduled, grouped for the application', async () => {
    const app = await startSparkApp(api, NAMESPACE, 'pending', 1, NODE);
    const opts = { namespace: NAMESPACE, appId: app.appId, appName: app.appName };
    const message = '0/12 nodes are available: 12 Insufficient cpu. preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod.';
    for (const id of [2, 3]) {
      const p = pendingExecutor(id, opts);
      await createPod(api, NAMESPACE, p);
      await patchPodStatus(api, NAMESPACE, p.metadata!.name!, {
        phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: new Date().toISOString() }],
      });
    }
    const why = await waitFor('two pending executors with their cause', async () => {
      const w = await dashboard.getJson<AppWhyResponse>(`/api/apps/${c}/${NAMESPACE}/${app.appId}/why`);
      return w.groups.some((g) => g.count === 2) && w;
    });
    expect(why.groups[0]).toMatchObject({ state: 'pending', kind: 'scheduling', count: 2, text: '12 of 12 nodes lack cpu' });
    expect(why.causes).toHaveLength(1);
    expect(why.causes[0].message).toBe(message);
    expect(why.causes[0].scheduling?.preemption).toBe('12 No preemption victims found for incoming pod');
    expect(Object.keys(why.pods)).toHaveLength(2);
    expect(why.eventsReadable).toBe(true);
    expect(why.driver?.cause ?? null).toBeNull();
  });

  it('captures a failed executor\'s log tail once and serves it after the pod is gone (no kubelet: says so)', async () => {
    const app = await startSparkApp(api, NAMESPACE, 'logs', 2, NODE);
    await app.fail(2);
    const podWhy = (name: string) => dashboard.getJson<PodResponse>(`/api/pods/${c}/${NAMESPACE}/${name}`);
    const tail = await waitFor('the log tail of the failed executor', async () => (await podWhy(app.executor(2))).why?.logTail);
    if (kind === 'embedded') {
      expect(tail.error).toBeNull();
      expect(tail.container).toBe('spark-kubernetes-executor');
      expect(tail.exception).toMatchObject({ type: 'java.lang.OutOfMemoryError', message: 'Java heap space' });
      expect(tail.text).toMatch(/ERROR Executor: Exception in task/);
    } else {
      // kube-apiserver alone has no kubelet to serve logs: the answer says why there is none.
      expect(tail.text).toBe('');
      expect(tail.error).toMatch(/^The log could not be read: /);
    }
    await app.remove(2);
    await waitFor('the executor gone from the cluster', async () => (await podWhy(app.executor(2))).inCluster === false);
    expect((await podWhy(app.executor(2))).why?.logTail).toEqual(tail);
    expect((await podWhy(app.executor(1))).why?.logTail ?? null).toBeNull();
  });

  it("follows a running executor's log while the client reads, and closes the API's stream when it leaves", async () => {
    const app = await startSparkApp(api, NAMESPACE, 'follow', 1, NODE);
    await waitFor('the executor running in the dashboard', async () => (await dashboard.getJson<PodResponse>(`/api/pods/${c}/${NAMESPACE}/${app.executor(1)}`)).view?.state === 'running');
    const controller = new AbortController();
    const res = await fetch(`${dashboard.origin}/api/pods/${c}/${NAMESPACE}/${app.executor(1)}/log`, { signal: controller.signal });
    if (kind === 'kube-apiserver') {
      // No kubelet behind this API server: refused before any line, in words, nothing left open.
      expect(res.status).toBe(502);
      expect(((await res.json()) as { error: string }).error).toMatch(/^the log could not be read: /);
      expect(await dashboard.metric('spark_dashboard_log_follows_open')).toBe(0);
      return;
    }
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const reader = res.body!.getReader();
    const messages: LogFollowMessage[] = [];
    let buffered = '';
    // The lines so far, then one the container writes while we read (a task line every 5 s):
    // a line stamped after the stream opened (log4j's "yy/MM/dd HH:mm:ss", UTC here).
    const openedAt = Math.floor(Date.now() / 1000) * 1000;
    const stampOf = (text: string) => { const m = /^(\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) /.exec(text); return m ? Date.UTC(2000 + Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : 0; };
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !messages.some((m) => m.kind === 'line' && stampOf(m.text) > openedAt)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += new TextDecoder().decode(value);
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) { messages.push(JSON.parse(buffered.slice(0, nl)) as LogFollowMessage); buffered = buffered.slice(nl + 1); }
    }
    expect(messages[0]).toMatchObject({ kind: 'open', container: 'spark-kubernetes-executor' });
    const lines = messages.filter((m): m is Extract<LogFollowMessage, { kind: 'line' }> => m.kind === 'line').map((m) => m.text);
    expect(lines.some((l) => /INFO Executor: Running task/.test(l) && stampOf(l) > openedAt)).toBe(true);
    expect(await dashboard.metric('spark_dashboard_log_follows_open')).toBe(1);
    const apiFollows = async () => Number(/subresource="log",verb="GET",version="v1"} (\d+)/.exec(await api.getText('/metrics'))?.[1]);
    expect(await apiFollows()).toBe(1);

    // The reader goes away: the dashboard's stream to the API server closes with it.
    controller.abort();
    await waitFor("the dashboard's follow closed", async () => (await dashboard.metric('spark_dashboard_log_follows_open')) === 0);
    await waitFor("the API server's log stream closed", async () => (await apiFollows()) === 0, 10_000);
    expect(await dashboard.metric('spark_dashboard_log_follows_total')).toBe(1);

    // Only a running Spark pod's log can be followed.
    await app.fail(1);
    await waitFor('the executor failed in the dashboard', async () => (await dashboard.getJson<PodResponse>(`/api/pods/${c}/${NAMESPACE}/${app.executor(1)}`)).view?.state === 'failed');
    expect((await fetch(`${dashboard.origin}/api/pods/${c}/${NAMESPACE}/${app.executor(1)}/log`)).status).toBe(409);
    expect((await fetch(`${dashboard.origin}/api/pods/${c}/kube-system/${app.executor(1)}/log`)).status).toBe(404);
  });

  it("says from the driver's conf that executors will be refused before any executor pod exists", async () => {
    // What spark-submit shipped the driver: 4 cores and 8g per executor.
    await api.requestJson('POST', `/api/v1/namespaces/${CONF_NAMESPACE}/configmaps`, {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `spark-drv-${FIXTURE_UNIQUE_ID}-conf-map` }, data: { 'spark.properties': '#Java Properties\nspark.executor.cores=4\nspark.executor.memory=8g\nspark.kubernetes.memoryOverheadFactor=0.1\n' } },
    });
    const app = await startSparkApp(api, CONF_NAMESPACE, 'conf', 0, NODE);
    const quota = await quotaWithRoom(CONF_NAMESPACE, { 'requests.cpu': '10' }, { 'requests.cpu': '8' }, 2);
    const text = `quota \`compute\` in ${CONF_NAMESPACE}: ${cores(quota.used)} of ${cores(quota.hard)} requests.cpu used; one executor asks 4 — no more executors can be created`;
    const why = await waitFor('the refusal from the conf', async () => {
      const w = await dashboard.getJson<AppWhyResponse>(`/api/apps/${c}/${CONF_NAMESPACE}/${app.appId}/why`);
      return w.refusals.length > 0 && w;
    });
    expect(why.askFrom).toBe('driver-conf');
    expect(why.refusals).toEqual([expect.objectContaining({ kind: 'quota', refused: true, fits: 0, resource: 'requests.cpu', text })]);
    const summary = await waitFor('the overview line', async () => (await dashboard.getJson<WhySummaryResponse>(`/api/why?cluster=${c}`)).apps[`${c}/${CONF_NAMESPACE}/${app.appId}`]);
    expect(summary).toMatchObject({ role: 'quota', kind: 'quota', text });
  });

  it("reads the executors the API refused from the running driver's log", async () => {
    // Only the embedded cluster serves logs (a bare kube-apiserver has no kubelet).
    if (kind !== 'embedded') return;
    await quotaWithRoom(REFUSED_NAMESPACE, { 'requests.cpu': '10' }, {}, 1.5);
    const opts = { namespace: REFUSED_NAMESPACE, appId: `spark-refused${Date.now().toString(16)}`, appName: 'refused' };
    const driver = sparkDriverPod({ ...opts, phase: 'Running' });
    await createPod(api, REFUSED_NAMESPACE, driver, { nodeName: NODE });
    // The driver asks for an executor of 1 core with half a core left: the API refuses it, so
    // no pod exists; Spark logs the refusal.
    const executor = pendingExecutor(1, opts);
    expect((await expectApiError(createPod(api, REFUSED_NAMESPACE, executor, { nodeName: NODE }))).status).toBe(403);
    await patchPodStatus(api, REFUSED_NAMESPACE, driver.metadata!.name!, statusOf(driver));
    const message = 'exceeded quota: compute, requested: requests.cpu=1, used: requests.cpu=1, limited: requests.cpu=1500m';
    const why = await waitFor('the refusal read from the driver log', async () => {
      const w = await dashboard.getJson<AppWhyResponse>(`/api/apps/${c}/${REFUSED_NAMESPACE}/${opts.appId}/why`);
      return (w.driverLogRefusals?.failures.length ?? 0) > 0 && w;
    });
    expect(why.driverLogRefusals).toMatchObject({ driver: driver.metadata!.name, error: null });
    expect(why.driverLogRefusals!.failures[0]).toMatchObject({ kind: 'quota', message, pod: executor.metadata!.name });
    expect(why.driverLogRefusals!.failures[0].text).toMatch(/^Exception when notifying snapshot subscriber\. io\.fabric8\.kubernetes\.client\.KubernetesClientException: Failure executing: POST at: https:\/\/kubernetes\.default\.svc\/api\/v1\/namespaces\/spark-why-refused\/pods\./);
    const summary = await waitFor('the overview line', async () => (await dashboard.getJson<WhySummaryResponse>(`/api/why?cluster=${c}`)).apps[`${c}/${REFUSED_NAMESPACE}/${opts.appId}`]);
    expect(summary).toEqual({ state: 'pending', kind: 'quota', text: message, count: 0, example: executor.metadata!.name, role: 'quota', fromLog: true });
  });

  // Last: with a quota in the namespace, the API server's quota admission governs every new pod.
  it('says which quota and limit range refuse one more executor, though no pod shows it', async () => {
    const app = await startSparkApp(api, NAMESPACE, 'quota', 2, NODE);
    const quota = await quotaWithRoom(NAMESPACE, { 'requests.cpu': '10', 'limits.memory': '128Gi', pods: '100' }, { 'requests.cpu': '9500m', 'limits.memory': '10Gi', pods: '12' }, 0.5);
    await api.requestJson('POST', `/api/v1/namespaces/${NAMESPACE}/limitranges`, {
      body: { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'per-container' }, spec: { limits: [{ type: 'Container', max: { cpu: '500m' } }] } },
    });
    const why = await waitFor('the quota and limit range findings', async () => {
      const w = await dashboard.getJson<AppWhyResponse>(`/api/apps/${c}/${NAMESPACE}/${app.appId}/why`);
      return w.refusals.length >= 2 && w;
    });
    expect(why.quotasReadable).toBe(true);
    expect(why.refusals.map((f) => f.text)).toEqual([
      `quota \`compute\` in spark-why: ${cores(quota.used)} of ${cores(quota.hard)} requests.cpu used; one executor asks 1 — no more executors can be created`,
      'LimitRange `per-container` in spark-why allows at most 0.5 cpu per container; container spark-kubernetes-executor of each executor asks 1',
    ]);
    const summary = await waitFor('the overview line', async () => (await dashboard.getJson<WhySummaryResponse>(`/api/why?cluster=${c}`)).apps[`${c}/${NAMESPACE}/${app.appId}`]);
    expect(summary).toMatchObject({ role: 'quota', kind: 'quota' });
  });
});
