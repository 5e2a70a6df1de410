// Spark operator resources the tests own, written through the cluster's API as the Kubeflow
// operator would write them (spec by the user, status through /status), with the pods of each
// attempt moved forward as a kubelet would. A namespace of their own: the simulated operator
// acts only in the workload's namespaces, so nothing else touches them.

import type { KubePod } from '../lib/kube/types';
import { failedExecutor, runningExecutor, sparkDriverPod } from '../lib/spark/testing/podFixtures';
import type { KubeTransport } from '../server/kube/kubeTransport';
import { installOperatorCrds } from '../sim/crds/operatorCrds';
import { createNamespace, createPod, deletePod, MERGE_PATCH, patchPodStatus, statusOf, uniqueName } from '../test/contract/kubeOps';
import { NODE } from './sparkApp';

const KUBEFLOW = '/apis/sparkoperator.k8s.io/v1beta2';

export const STORY_SPEC = {
  type: 'Scala', mode: 'cluster', image: 'registry.example.com/dataplatform/spark:3.5.3', mainClass: 'com.example.dataplatform.JobMain',
  mainApplicationFile: 'local:///opt/spark/jars/dataplatform.jar', sparkVersion: '3.5.3',
  restartPolicy: { type: 'OnFailure', onFailureRetries: 1, onFailureRetryInterval: 30, onSubmissionFailureRetries: 2, onSubmissionFailureRetryInterval: 20 },
  driver: { cores: 1, memory: '2g', serviceAccount: 'spark' },
  executor: { instances: 2, cores: 2, memory: '4g' },
};

export interface OperatorStory {
  namespace: string;
  api: KubeTransport;
  create(plural: 'sparkapplications' | 'scheduledsparkapplications', body: Record<string, unknown>): Promise<void>;
  status(plural: 'sparkapplications' | 'scheduledsparkapplications', name: string, status: Record<string, unknown>): Promise<void>;
  /** A running driver and executors for one attempt (its Spark application id). */
  runAttempt(appId: string, appName: string, executors: number): Promise<{ driver: KubePod }>;
  failDriver(driver: KubePod): Promise<void>;
  /** The operator deletes an attempt's pods before it submits the next (the driver keeps its name). */
  removeAttempt(appId: string, appName: string, executors: number): Promise<void>;
  failExecutor(appId: string, appName: string, id: number): Promise<void>;
}

export async function startOperatorStory(api: KubeTransport): Promise<OperatorStory> {
  await installOperatorCrds(api);
  const namespace = uniqueName('e2e-op');
  await createNamespace(api, namespace);
  const base = `${KUBEFLOW}/namespaces/${namespace}`;
  return {
    namespace, api,
    create: async (plural, body) => { await api.requestJson('POST', `${base}/${plural}`, { body }); },
    status: async (plural, name, status) => { await api.requestJson('PATCH', `${base}/${plural}/${name}/status`, { body: { status }, contentType: MERGE_PATCH }); },
    async runAttempt(appId, appName, executors) {
      const opts = { namespace, appId, appName };
      const driver = sparkDriverPod({ ...opts, phase: 'Running' });
      await createPod(api, namespace, driver, { nodeName: NODE });
      await patchPodStatus(api, namespace, driver.metadata!.name!, statusOf(driver));
      for (let id = 1; id <= executors; id++) {
        const e = runningExecutor(id, opts);
        await createPod(api, namespace, e, { nodeName: NODE });
        await patchPodStatus(api, namespace, e.metadata!.name!, statusOf(e));
      }
      return { driver };
    },
    async failDriver(driver) {
      const labels = driver.metadata!.labels!;
      const failed = sparkDriverPod({ namespace, appId: labels['spark-app-selector'], appName: labels['spark-app-name'], phase: 'Failed', exitCode: 1 });
      await patchPodStatus(api, namespace, driver.metadata!.name!, statusOf(failed));
    },
    async removeAttempt(appId, appName, executors) {
      const opts = { namespace, appId, appName };
      await deletePod(api, namespace, sparkDriverPod(opts).metadata!.name!, 0);
      for (let id = 1; id <= executors; id++) await deletePod(api, namespace, runningExecutor(id, opts).metadata!.name!, 0);
    },
    async failExecutor(appId, appName, id) {
      const failed = failedExecutor(id, { namespace, appId, appName, exitCode: 137, reason: 'OOMKilled' });
      await patchPodStatus(api, namespace, failed.metadata!.name!, statusOf(failed));
    },
  };
}

/** A Spark application id in the shape Spark makes them (spark- and 32 hex digits). */
export function sparkAppId(): string {
  return `spark-${Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`;
}
