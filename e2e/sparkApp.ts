// A small Spark application the tests own, written through the embedded cluster's Kubernetes
// API (the simulator never touches pods it did not create): a driver and executors whose
// states the test moves forward as a kubelet would.

import type { KubePod } from '../lib/kube/types';
import { failedExecutor, pendingExecutor, runningExecutor, sparkDriverPod } from '../lib/spark/testing/podFixtures';
import type { KubeTransport } from '../server/kube/kubeTransport';
import { createNamespace, createPod, patchPodStatus, statusOf, uniqueName } from '../test/contract/kubeOps';

export const NODE = 'ip-10-0-9-99.ec2.internal';

export interface TestApp {
  namespace: string;
  appId: string;
  appName: string;
  executorName(id: number): string;
  failExecutor(id: number, exitCode: number, reason: string): Promise<KubePod>;
}

export async function createTestApp(api: KubeTransport, executors: number): Promise<TestApp> {
  const namespace = uniqueName('e2e');
  const appId = `spark-e2e${Date.now().toString(16)}${Math.random().toString(16).slice(2, 10)}`.slice(0, 38);
  const appName = 'E2E Test Job';
  const opts = { namespace, appId, appName };
  await createNamespace(api, namespace);
  const driver = sparkDriverPod({ ...opts, phase: 'Running' });
  await createPod(api, namespace, driver, { nodeName: NODE });
  await patchPodStatus(api, namespace, driver.metadata!.name!, statusOf(driver));
  for (let id = 1; id <= executors; id++) {
    await createPod(api, namespace, pendingExecutor(id, opts), { nodeName: NODE });
    await patchPodStatus(api, namespace, runningExecutor(id, opts).metadata!.name!, statusOf(runningExecutor(id, opts)));
  }
  return {
    namespace, appId, appName,
    executorName: (id) => runningExecutor(id, opts).metadata!.name!,
    failExecutor: (id, exitCode, reason) => patchPodStatus(api, namespace, runningExecutor(id, opts).metadata!.name!, statusOf(failedExecutor(id, { ...opts, exitCode, reason }))),
  };
}
