// What the integration tests do to a cluster through its API, as a kubelet, a Spark driver
// or a user would: namespaces, Spark pods from the shared fixtures, status writes, deletions.

import crypto from 'node:crypto';
import type { KubeList, KubePod, KubePodStatus } from '../../lib/kube/types';
import { failedExecutor, pendingExecutor, runningExecutor, sparkDriverPod } from '../../lib/spark/testing/podFixtures';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { KubeApiError } from '../../server/kube/kubeTransport';

export const MERGE_PATCH = 'application/merge-patch+json';

export function uniqueName(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(3).toString('hex')}`;
}

export async function createNamespace(api: KubeTransport, name: string): Promise<void> {
  await api.requestJson('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
}

/** A fixture pod as a client would POST it: no server-owned fields; `nodeName` binds it (as the scheduler would). */
export function forCreate(pod: KubePod, namespace: string, options: { nodeName?: string } = {}): KubePod {
  const meta = pod.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: meta.name, namespace, labels: meta.labels, annotations: meta.annotations },
    spec: { ...pod.spec, nodeName: options.nodeName ?? pod.spec?.nodeName },
  };
}

export function podPath(namespace: string, name?: string): string {
  return `/api/v1/namespaces/${namespace}/pods${name ? `/${name}` : ''}`;
}

export async function createPod(api: KubeTransport, namespace: string, pod: KubePod, options?: { nodeName?: string }): Promise<KubePod> {
  return api.requestJson<KubePod>('POST', podPath(namespace), { body: forCreate(pod, namespace, options) });
}

export async function patchPodStatus(api: KubeTransport, namespace: string, name: string, status: KubePodStatus): Promise<KubePod> {
  return api.requestJson<KubePod>('PATCH', `${podPath(namespace, name)}/status`, { body: { status }, contentType: MERGE_PATCH });
}

/** Deletes a pod; `grace` 0 finishes the deletion of a bound pod as its kubelet would. */
export async function deletePod(api: KubeTransport, namespace: string, name: string, grace?: number): Promise<KubePod> {
  return api.requestJson<KubePod>('DELETE', podPath(namespace, name), { query: { gracePeriodSeconds: grace } });
}

export async function listPods(api: KubeTransport, namespace: string, labelSelector = 'spark-role'): Promise<KubePod[]> {
  const list = await api.getJson<KubeList<KubePod>>(podPath(namespace), { labelSelector });
  return list.items;
}

/** Status of a fixture, as its kubelet would write it after the pod was created. */
export function statusOf(pod: KubePod): KubePodStatus {
  return pod.status ?? {};
}

export async function expectApiError(promise: Promise<unknown>): Promise<KubeApiError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof KubeApiError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse the request');
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A small Spark application the test owns and moves on: a running driver and `executors`
 * running executors on `node`; more executors started, failed (OOMKilled), deleted; the driver
 * failed (exit 1).
 */
export async function startSparkApp(api: KubeTransport, namespace: string, name: string, executors: number, node: string) {
  const opts = { namespace, appId: `spark-${name}${Date.now().toString(16)}`.slice(0, 40), appName: name };
  const driver = sparkDriverPod({ ...opts, phase: 'Running' });
  await createPod(api, namespace, driver, { nodeName: node });
  await patchPodStatus(api, namespace, driver.metadata!.name!, statusOf(driver));
  const executor = (id: number) => runningExecutor(id, opts).metadata!.name!;
  const run = async (id: number) => {
    await createPod(api, namespace, pendingExecutor(id, opts), { nodeName: node });
    await patchPodStatus(api, namespace, executor(id), statusOf(runningExecutor(id, opts)));
  };
  for (let id = 1; id <= executors; id++) await run(id);
  return {
    ...opts,
    driverName: driver.metadata!.name!,
    executor,
    run,
    fail: (id: number) => patchPodStatus(api, namespace, executor(id), statusOf(failedExecutor(id, { ...opts, exitCode: 137, reason: 'OOMKilled' }))),
    remove: (id: number) => deletePod(api, namespace, executor(id), 0),
    failDriver: () => patchPodStatus(api, namespace, driver.metadata!.name!, statusOf(sparkDriverPod({ ...opts, phase: 'Failed', exitCode: 1 }))),
  };
}
