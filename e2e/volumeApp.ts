// A Spark application whose pods carry every kind of volume a platform engineer meets: an
// on-demand claim (Pending until the test binds it), NFS, a writable hostPath, emptyDir on
// memory, plus a log-shipping sidecar, a native sidecar, and the container-name trap.

import type { KubePod } from '../lib/kube/types';
import { pendingExecutor, runningExecutor, sparkDriverPod } from '../lib/spark/testing/podFixtures';
import type { KubeTransport } from '../server/kube/kubeTransport';
import { createNamespace, createPod, MERGE_PATCH, patchPodStatus, statusOf, uniqueName } from '../test/contract/kubeOps';
import { NODE } from './sparkApp';

export async function createVolumeTestApp(api: KubeTransport) {
  const namespace = uniqueName('e2e-vol');
  const appId = `spark-e2evol${Date.now().toString(16)}`;
  const opts = { namespace, appId, appName: 'Volume Zoo' };
  await createNamespace(api, namespace);
  const driver = sparkDriverPod({ ...opts, phase: 'Running' });
  const prefix = driver.metadata!.name!.replace(/-driver$/, '');
  const claimName = `${prefix}-exec-1-pvc-0`;
  await api.requestJson('POST', `/api/v1/namespaces/${namespace}/persistentvolumeclaims`, {
    body: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claimName, labels: { 'spark-app-selector': appId } }, spec: { accessModes: ['ReadWriteOncePod'], storageClassName: 'gp3', resources: { requests: { storage: '50Gi' } } } },
  });
  await createPod(api, namespace, driver, { nodeName: NODE });
  await patchPodStatus(api, namespace, driver.metadata!.name!, statusOf(driver));
  const withVolumes = (pod: KubePod, claim: boolean): KubePod => {
    const spec = pod.spec!;
    const spark = spec.containers!.find((c) => c.name === 'spark-kubernetes-executor')!;
    spark.name = 'executor';
    spec.volumes = [...(spec.volumes ?? []),
      { name: 'datasets', nfs: { server: 'fs-0a1b2c.efs.internal', path: '/exports/datasets', readOnly: true } },
      { name: 'node-scratch', hostPath: { path: '/mnt/nvme0/spark', type: 'DirectoryOrCreate' } },
      { name: 'shuffle-tmpfs', emptyDir: { medium: 'Memory', sizeLimit: '4Gi' } },
      ...(claim ? [{ name: 'spark-local-dir-2', persistentVolumeClaim: { claimName } }] : [])];
    spark.volumeMounts = [...(spark.volumeMounts ?? []),
      { name: 'datasets', mountPath: '/datasets', readOnly: true },
      { name: 'node-scratch', mountPath: '/scratch' },
      { name: 'shuffle-tmpfs', mountPath: '/shuffle' },
      ...(claim ? [{ name: 'spark-local-dir-2', mountPath: '/data/spark-local' }] : [])];
    spec.containers = [{ name: 'log-shipper', image: 'cr.fluentbit.io/fluent/fluent-bit:3.2.4', volumeMounts: [{ name: 'node-scratch', mountPath: '/var/log/spark', readOnly: true }] }, ...spec.containers!];
    spec.initContainers = [{ name: 'otel-agent', image: 'otel/opentelemetry-collector-contrib:0.112.0', restartPolicy: 'Always' }];
    return pod;
  };
  // Executor 1 waits on its claim; executor 2 runs.
  await createPod(api, namespace, withVolumes(pendingExecutor(1, opts), true));
  await createPod(api, namespace, withVolumes(pendingExecutor(2, opts), false), { nodeName: NODE });
  await patchPodStatus(api, namespace, runningExecutor(2, opts).metadata!.name!, {
    ...statusOf(runningExecutor(2, opts)),
    containerStatuses: statusOf(runningExecutor(2, opts)).containerStatuses!.map((c) => ({ ...c, name: 'executor' })),
  });
  return {
    namespace, appId, claimName,
    bindClaim: async () => {
      await api.requestJson('PATCH', `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${claimName}`, { body: { spec: { volumeName: `pvc-${claimName}` } }, contentType: MERGE_PATCH });
      await api.requestJson('PATCH', `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${claimName}/status`, { body: { status: { phase: 'Bound', accessModes: ['ReadWriteOncePod'], capacity: { storage: '50Gi' } } }, contentType: MERGE_PATCH });
    },
  };
}
