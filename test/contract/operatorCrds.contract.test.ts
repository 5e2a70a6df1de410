// The operators' CRDs (sim/crds/) on both backends: installed through installOperatorCrds, then
// a SparkApplication of each operator created, its status written through /status with a merge
// patch as the operators write it, read back, listed by label and watched. What each backend
// answers is recorded without what differs by nature (uids, resourceVersions, times, managers),
// and the two backends must answer the same.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { installOperatorCrds, operatorCrdManifests } from '../../sim/crds/operatorCrds';
import { availableBackends, startBackend, type Backend, type BackendKind } from './backends';
import { createNamespace, expectApiError, MERGE_PATCH, waitFor } from './kubeOps';

const NS = 'operator-crds';
const KUBEFLOW = `/apis/sparkoperator.k8s.io/v1beta2/namespaces/${NS}/sparkapplications`;
const APACHE = `/apis/spark.apache.org/v1/namespaces/${NS}/sparkapplications`;
const LABELS = { 'app.kubernetes.io/part-of': 'nightly-etl', team: 'data' };

const kubeflowApp = {
  apiVersion: 'sparkoperator.k8s.io/v1beta2',
  kind: 'SparkApplication',
  metadata: { name: 'etl-daily', labels: LABELS },
  spec: {
    type: 'Scala', mode: 'cluster', sparkVersion: '3.5.3', image: 'registry.example.com/spark:3.5.3',
    mainClass: 'com.example.etl.Daily', mainApplicationFile: 'local:///opt/spark/jars/etl.jar', arguments: ['--date', '2026-12-01'],
    sparkConf: { 'spark.eventLog.enabled': 'true' },
    restartPolicy: { type: 'OnFailure', onFailureRetries: 2, onFailureRetryInterval: 10 },
    dynamicAllocation: { enabled: true, minExecutors: 1, maxExecutors: 4 },
    driver: { cores: 1, coreLimit: '1200m', memory: '2g', serviceAccount: 'spark', labels: { role: 'driver' }, annotations: { owner: 'data' }, template: { spec: { priorityClassName: 'batch' } } },
    executor: { instances: 2, cores: 2, memory: '4g', tolerations: [{ key: 'spot', operator: 'Exists' }] },
    // Not in the schema: pruned by both backends.
    notAField: true,
  },
};

const kubeflowStatus = {
  sparkApplicationId: 'spark-5f1c0e2a9b8d4c7e',
  submissionID: '0b6b0f57-6a29-4f3c-9d5e-3c1f8d2b7a10',
  lastSubmissionAttemptTime: '2026-12-01T02:00:05Z',
  driverInfo: { podName: 'etl-daily-driver', webUIServiceName: 'etl-daily-ui-svc', webUIPort: 4040, webUIAddress: '10.0.0.12:4040' },
  applicationState: { state: 'RUNNING' },
  executorState: { 'etl-daily-exec-1': 'RUNNING', 'etl-daily-exec-2': 'PENDING' },
  executionAttempts: 1,
  submissionAttempts: 1,
};

const apacheApp = {
  apiVersion: 'spark.apache.org/v1',
  kind: 'SparkApplication',
  metadata: { name: 'pi', labels: LABELS },
  spec: {
    mainClass: 'org.apache.spark.examples.SparkPi', jars: 'local:///opt/spark/examples/jars/spark-examples.jar', driverArgs: ['1000'],
    sparkConf: { 'spark.executor.instances': '2' }, runtimeVersions: { sparkVersion: '4.0.0', scalaVersion: '2.13' },
    applicationTolerations: { resourceRetainPolicy: 'OnFailure', restartConfig: { restartPolicy: 'Never' } },
    driverSpec: { podTemplateSpec: { spec: { containers: [{ name: 'driver', resources: { limits: { memory: '2Gi' } } }] } } },
  },
};

const submitted = { currentStateSummary: 'Submitted', lastTransitionTime: '2026-12-01T02:00:00Z', message: 'Spark application has been created on Kubernetes Cluster.' };
const running = { currentStateSummary: 'RunningHealthy', lastTransitionTime: '2026-12-01T02:00:40Z', message: 'Application is running healthy.', lastObservedDriverStatus: { phase: 'Running', podIP: '10.0.0.21' } };
const apacheStatus = {
  currentState: running,
  stateTransitionHistory: { 0: submitted, 1: running },
  currentAttemptSummary: { attemptInfo: { id: 0, restartCounter: 0 } },
};

type Obj = Record<string, any>;

/** What may differ between two clusters answering the same requests. */
function comparable(o: Obj): Obj {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields: _m, ...metadata } = o.metadata ?? {};
  return { ...o, metadata };
}

function collect(api: KubeTransport, path: string, query: Record<string, string | number | boolean>) {
  const events: { type: string; object: Obj }[] = [];
  const handle = api.watch(path, query, { onLine: (l) => events.push(JSON.parse(l)), onClose: () => {} }, 60_000);
  return { events, stop: () => handle.abort() };
}

/** Key order is not part of the comparison (the real server writes custom resources with sorted keys). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Obj)[k])]));
}

const recorded = new Map<BackendKind, Obj>();

describe.each(availableBackends())('operator CRDs on %s', (kind) => {
  let backend: Backend;
  let api: KubeTransport;
  const seen: Obj = {};
  beforeAll(async () => {
    backend = await startBackend(kind);
    api = backend.transport('admin');
    await createNamespace(api, NS);
  }, 180_000);
  afterAll(async () => {
    recorded.set(kind, seen);
    await backend?.close();
  });

  it('installs every CRD until Established, and a second install changes nothing', async () => {
    await installOperatorCrds(api);
    await installOperatorCrds(api);
    for (const manifest of operatorCrdManifests() as Obj[]) {
      const crd = await api.getJson<Obj>(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${manifest.metadata.name}`);
      // Independent controllers write the conditions, in whichever order they get there (sorted below).
      expect(crd.metadata.generation).toBe(1);
      expect(crd.status.acceptedNames.kind).toBe(manifest.spec.names.kind);
      seen[`crd ${manifest.metadata.name}`] = { spec: crd.spec, conditions: crd.status.conditions.map((c: Obj) => [c.type, c.status, c.reason, c.message]).sort(), acceptedNames: crd.status.acceptedNames };
    }
    seen.discovery = {
      kubeflow: await api.getJson('/apis/sparkoperator.k8s.io/v1beta2'),
      apache: await api.getJson('/apis/spark.apache.org/v1'),
      groups: (await api.getJson<Obj>('/apis')).groups.filter((g: Obj) => g.name.includes('spark')),
    };
  });

  it('creates an application of each operator, pruning what the schema does not describe', async () => {
    const created = await api.requestJson<Obj>('POST', KUBEFLOW, { body: kubeflowApp });
    expect(created.spec).not.toHaveProperty('notAField');
    expect(created.spec.driver.template).toEqual({ spec: { priorityClassName: 'batch' } });
    expect(created).not.toHaveProperty('status');
    await api.requestJson('POST', APACHE, { body: apacheApp });
    seen.created = comparable(created);
  });

  it('writes status through /status, reads it back, and a watch sees the change', async () => {
    const list = await api.getJson<Obj>(KUBEFLOW, { labelSelector: 'team=data' });
    const watch = collect(api, KUBEFLOW, { watch: 1, resourceVersion: list.metadata.resourceVersion, labelSelector: 'team=data' });
    try {
      const patched = await api.requestJson<Obj>('PATCH', `${KUBEFLOW}/etl-daily/status`, { body: { status: kubeflowStatus, spec: { sparkVersion: '9.9.9' } }, contentType: MERGE_PATCH });
      expect(patched.status).toEqual(kubeflowStatus);
      expect(patched.spec.sparkVersion).toBe('3.5.3');
      const event = await waitFor('the watch to see the status', () => watch.events.find((e) => e.type === 'MODIFIED' && e.object.status));
      expect(event.object.status).toEqual(kubeflowStatus);
      seen.watched = { type: event.type, object: comparable(event.object) };
    } finally {
      watch.stop();
    }
    const read = await api.getJson<Obj>(`${KUBEFLOW}/etl-daily`);
    expect(read.status).toEqual(kubeflowStatus);
    expect(read.metadata.generation).toBe(1);
    seen.kubeflow = comparable(read);

    const apache = await api.requestJson<Obj>('PATCH', `${APACHE}/pi/status`, { body: { status: apacheStatus }, contentType: MERGE_PATCH });
    expect(apache.status).toEqual(apacheStatus);
    seen.apache = comparable(await api.getJson<Obj>(`${APACHE}/pi`));
  });

  it('lists by label selector, each item with its kind', async () => {
    for (const [base, name] of [[KUBEFLOW, 'other'], [APACHE, 'other']] as const) {
      const body = base === KUBEFLOW ? { ...kubeflowApp, metadata: { name } } : { ...apacheApp, metadata: { name } };
      await api.requestJson('POST', base, { body });
    }
    const kubeflow = await api.getJson<Obj>(KUBEFLOW, { labelSelector: 'team=data' });
    const apache = await api.getJson<Obj>(APACHE, { labelSelector: 'app.kubernetes.io/part-of=nightly-etl' });
    expect(kubeflow.items.map((i: Obj) => i.metadata.name)).toEqual(['etl-daily']);
    expect(apache.items.map((i: Obj) => i.metadata.name)).toEqual(['pi']);
    seen.lists = {
      kubeflow: { kind: kubeflow.kind, apiVersion: kubeflow.apiVersion, items: kubeflow.items.map(comparable) },
      apache: { kind: apache.kind, apiVersion: apache.apiVersion, items: apache.items.map(comparable) },
    };
  });

  it('refuses a strategic merge patch, an identity without rules and what the schema rejects, in the same words', async () => {
    const smp = await expectApiError(api.requestJson('PATCH', `${KUBEFLOW}/etl-daily`, { body: { spec: { sparkVersion: '4.0.0' } }, contentType: 'application/strategic-merge-patch+json' }));
    expect(smp.status).toBe(415);
    const denied = await expectApiError(backend.transport('restricted').getJson(KUBEFLOW));
    expect(denied.body?.message).toBe(`sparkapplications.sparkoperator.k8s.io is forbidden: User "restricted-user" cannot list resource "sparkapplications" in API group "sparkoperator.k8s.io" in the namespace "${NS}"`);
    const invalidApp = { ...kubeflowApp, metadata: { name: 'bad' }, spec: { type: 'Jav', sparkVersion: 3, driver: { cores: 'x' }, executor: { instances: 0 }, arguments: 'one' } };
    const invalid = await expectApiError(api.requestJson('POST', KUBEFLOW, { body: invalidApp }));
    const missing = await expectApiError(api.requestJson('POST', KUBEFLOW, { body: { ...kubeflowApp, metadata: { name: 'bad' }, spec: undefined } }));
    const badStatus = await expectApiError(api.requestJson('PATCH', `${KUBEFLOW}/etl-daily/status`, { body: { status: { executionAttempts: 'one' } }, contentType: MERGE_PATCH }));
    expect([invalid.status, missing.status, badStatus.status]).toEqual([422, 422, 422]);
    // The real validator reports several causes in no fixed order.
    const causes = (e: typeof invalid) => [...(e.body?.details?.causes ?? [])].sort((a, b) => (a.field ?? '').localeCompare(b.field ?? ''));
    seen.refusals = { smp: smp.body, denied: denied.body, invalid: causes(invalid), missing: missing.body, badStatus: badStatus.body };
  });
});

describe.runIf(availableBackends().length > 1)('operator CRDs: both backends', () => {
  it('answered the same', () => {
    const embedded = recorded.get('embedded');
    const real = recorded.get('kube-apiserver');
    expect(embedded && real).toBeTruthy();
    expect(Object.keys(embedded!)).toEqual(Object.keys(real!));
    const differing = Object.keys(real!).filter((key) => JSON.stringify(sortKeys(embedded![key])) !== JSON.stringify(sortKeys(real![key])));
    for (const key of differing) expect({ [key]: embedded![key] }).toEqual({ [key]: real![key] });
    expect(differing).toEqual([]);
  });
});
