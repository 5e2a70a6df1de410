// What Spark drivers print when the API refuses one of their executors, kept for pods/log.
// The embedded cluster synthesises container logs from the pods (podLogs.ts); a refusal leaves
// no trace on any pod, so it is written here when admission refuses an executor pod, against
// the driver that owns it (its controller ownerReference, else the running driver with its
// spark-app-selector): the lines Spark's snapshot store logs when ExecutorPodsAllocator's pod
// create throws fabric8's KubernetesClientException. Bounded: the last few refusals per
// driver, for the most recent drivers.

import type { KubePod } from '../../lib/kube/types';
import type { ObjectStore } from './objectStore';
import type { Line } from './podLogs';
import { POD } from './resources';
import type { KubeObject } from './storedObject';

/** Spark's in-cluster master URL, the one fabric8 names in its failures. */
const IN_CLUSTER_MASTER = 'https://kubernetes.default.svc';
/** fabric8's Config.errorMessages for 403, put before the API's message. */
const FABRIC8_FORBIDDEN = "Forbidden!Configured service account doesn't have access. Service account may have been revoked.";

const pad = (n: number) => String(n).padStart(2, '0');
/** Log4j's default Spark layout: "yy/MM/dd HH:mm:ss". */
const stamp = (t: number) => { const d = new Date(t); return `${pad(d.getUTCFullYear() % 100)}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The lines one refused executor create leaves in its driver's log. */
export function refusalLines(namespace: string, message: string, at: number): Line[] {
  const frames = [
    'io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:642)',
    'io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:622)',
    'io.fabric8.kubernetes.client.dsl.internal.OperationSupport.assertResponseCode(OperationSupport.java:582)',
    'io.fabric8.kubernetes.client.dsl.internal.BaseOperation.create(BaseOperation.java:1160)',
    'org.apache.spark.scheduler.cluster.k8s.ExecutorPodsAllocator.$anonfun$requestNewExecutors$1(ExecutorPodsAllocator.scala:440)',
    'org.apache.spark.scheduler.cluster.k8s.ExecutorPodsAllocator.requestNewExecutors(ExecutorPodsAllocator.scala:417)',
    'org.apache.spark.scheduler.cluster.k8s.ExecutorPodsSnapshotsStoreImpl$SnapshotsSubscriber.processSnapshotsInternal(ExecutorPodsSnapshotsStoreImpl.scala:143)',
  ];
  return [
    { at, text: `${stamp(at)} WARN ExecutorPodsSnapshotsStoreImpl: Exception when notifying snapshot subscriber.` },
    { at, text: `io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: ${IN_CLUSTER_MASTER}/api/v1/namespaces/${namespace}/pods. Message: ${FABRIC8_FORBIDDEN} ${message}.` },
    ...frames.map((f) => ({ at, text: `\tat ${f}` })),
  ];
}

export interface DriverLogBookOptions {
  /** Lines kept per driver (the newest). */
  maxLines?: number;
  /** Drivers kept (the most recently written). */
  maxDrivers?: number;
}

export class DriverLogBook {
  /** By driver pod uid; Map order = least recently written first. */
  private readonly lines = new Map<string, Line[]>();

  constructor(private readonly store: ObjectStore, private readonly options: DriverLogBookOptions = {}) {}

  /** The driver of a refused executor pod logs the refusal (a pod that is no Spark executor is not logged anywhere). */
  executorRefused(pod: KubeObject, namespace: string, message: string, at: number): void {
    const meta = isObj(pod.metadata) ? pod.metadata : {};
    const labels = (isObj(meta.labels) ? meta.labels : {}) as Record<string, string>;
    if (labels['spark-role'] !== 'executor') return;
    const driver = this.driverOf(namespace, meta, labels['spark-app-selector']);
    if (!driver) return;
    const kept = [...(this.lines.get(driver) ?? []), ...refusalLines(namespace, message, at)].slice(-(this.options.maxLines ?? 60));
    this.lines.delete(driver);
    this.lines.set(driver, kept);
    while (this.lines.size > (this.options.maxDrivers ?? 500)) this.lines.delete(this.lines.keys().next().value!);
  }

  private driverOf(namespace: string, meta: Obj, appId: string | undefined): string | null {
    const owners = Array.isArray(meta.ownerReferences) ? meta.ownerReferences.filter(isObj) : [];
    const ownerUid = owners.find((o) => o.controller === true && o.kind === 'Pod')?.uid;
    const pods = this.store.range(POD, namespace);
    if (typeof ownerUid === 'string' && pods.some((p) => p.meta.uid === ownerUid)) return ownerUid;
    const drivers = pods.filter((p) => p.meta.labels?.['spark-role'] === 'driver' && appId !== undefined && p.meta.labels?.['spark-app-selector'] === appId);
    return drivers.length ? drivers[drivers.length - 1]!.meta.uid : null;
  }

  /** The refusals a driver logged, for pods/log to merge among its own lines (none for any other pod). */
  linesOf(pod: KubePod): readonly Line[] {
    return this.lines.get(pod.metadata?.uid ?? '') ?? [];
  }
}
