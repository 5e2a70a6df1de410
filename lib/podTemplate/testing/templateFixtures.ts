// Pod templates as teams write them (a log shipper, a native OpenTelemetry sidecar, the
// renamed-container trap) and the executor pods Spark builds from them: the template's
// labels, tolerations and sidecars kept, Spark's container taken from the template and
// appended last, Spark's fields written over, and what the API server adds on top.

import type { KubeContainer, KubePod } from '../../kube/types';
import { runningExecutor } from '../../spark/testing/podFixtures';
import { DEFAULT_EXECUTOR_CONTAINER_NAME } from '../../spark/podState';
import { logShipper, otelCollector } from '../commonSidecars';
import { clone, kubeApiAccess } from '../../volumes/testing/volumePods';

export const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function sparkTemplateContainer(name: string): KubeContainer {
  return {
    name,
    image: 'will-be-replaced:latest',
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
    resources: { limits: { 'ephemeral-storage': '20Gi' } },
    env: [{ name: 'TZ', value: 'UTC' }],
    volumeMounts: [{ name: 'spark-logs', mountPath: '/opt/spark/logs' }],
  };
}

export interface TemplateOptions {
  /** The Spark container's name in the template. */
  sparkName?: string;
  /** Put the log shipper first (Spark then takes it as its container when no name is set). */
  shipperFirst?: boolean;
  nativeSidecar?: boolean;
}

/** An executor pod template with a log shipper, a toleration, a node selector and a priority class. */
export function executorTemplate(opts: TemplateOptions = {}): KubePod {
  const spark = sparkTemplateContainer(opts.sparkName ?? DEFAULT_EXECUTOR_CONTAINER_NAME);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels: { team: 'data-platform', 'spark-role': 'template-says-so' }, annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } },
    spec: {
      containers: opts.shipperFirst ? [logShipper(), spark] : [spark, logShipper()],
      ...(opts.nativeSidecar ? { initContainers: [otelCollector()] } : {}),
      volumes: [
        { name: 'spark-logs', emptyDir: {} },
        { name: 'fluent-bit-config', configMap: { name: 'fluent-bit-spark' } },
        ...(opts.nativeSidecar ? [{ name: 'otel-config', configMap: { name: 'otel-collector-spark' } }] : []),
      ],
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'spark', effect: 'NoSchedule' }],
      nodeSelector: { 'node-pool': 'spark' },
      priorityClassName: 'batch-low',
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 60,
    },
  };
}

/**
 * The executor pod Spark builds from `template` (as the template took the container named
 * `sparkName`), with the API server's token volume and default tolerations.
 */
export function executorFromTemplate(id: number, template: KubePod, sparkName: string): KubePod {
  const pod = runningExecutor(id);
  const spec = pod.spec!;
  const tspec = clone(template.spec!);
  const taken = tspec.containers!.find((c) => c.name === sparkName)!;
  const spark = spec.containers![0];
  spark.name = sparkName;
  for (const s of pod.status?.containerStatuses ?? []) s.name = sparkName;
  spark.securityContext = taken.securityContext;
  spark.resources = { requests: { ...spark.resources!.requests }, limits: { ...taken.resources!.limits, ...spark.resources!.limits } };
  spark.env = [...(taken.env ?? []), ...spark.env!];
  spark.volumeMounts = [...(taken.volumeMounts ?? []), ...spark.volumeMounts!];
  const token = kubeApiAccess();
  pod.metadata!.labels = { ...template.metadata!.labels, ...pod.metadata!.labels };
  pod.metadata!.annotations = { ...template.metadata!.annotations };
  spec.containers = [...tspec.containers!.filter((c) => c !== taken), spark];
  if (tspec.initContainers) spec.initContainers = tspec.initContainers;
  spec.volumes = [...tspec.volumes!, ...spec.volumes!, token.volume];
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) c.volumeMounts = [...(c.volumeMounts ?? []), { ...token.mount }];
  spec.tolerations = [...tspec.tolerations!, ...DEFAULT_TOLERATIONS];
  spec.nodeSelector = tspec.nodeSelector;
  spec.priorityClassName = tspec.priorityClassName;
  spec.securityContext = {};
  return pod;
}
