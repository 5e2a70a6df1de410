// What the volumes panel states about an application, as facts with the pods and claims they
// concern: hostPath mounts, pods waiting for unbound claims, claims left behind, free claims
// too small to reuse, tmpfs local data, dangling mounts and unmounted volumes. Written for a
// platform engineer; every number and name comes from the input.

import { SPARK_APP_ID_LABEL } from '../spark/labels';
import type { ClaimView } from './claimView';
import { danglingVolumes, isWritableMount, unmountedVolumes, type PodVolume, type VolumeMountUse } from './extractVolumes';
import { compareQuantities, formatBytes, parseQuantity, sumQuantities } from './quantity';

export interface Finding {
  /** Stable across refreshes: kind plus the subject (path, storage class, volume name). */
  id: string;
  severity: 'info' | 'warning' | 'danger';
  title: string;
  detail: string;
  pods: string[];
  claims?: string[];
}

export interface FindingPod {
  name: string;
  role: 'driver' | 'executor';
  /** Spark's state of the pod (lib/spark/podState). */
  state: string;
  phase: string | null;
  executorId: number | null;
  volumes: readonly PodVolume[];
  /** Why the pod is not scheduled (PodScheduled condition), when known. */
  pendingReason?: string;
  pendingMessage?: string;
}

export interface FindingsInput {
  appId: string;
  appFinished: boolean;
  pods: readonly FindingPod[];
  claims: readonly ClaimView[];
  /** The size a new executor's claim asks for: the latest executor's claim request. */
  requestedClaimSize?: string;
  /** The storage class a new executor's claim asks for, from the same claim. */
  requestedStorageClass?: string;
}

const SEVERITY_ORDER = { danger: 0, warning: 1, info: 2 } as const;
// Directories whose exposure hands a pod the node: runtimes, kubelet state, system config.
const SYSTEM_PATHS = ['/etc', '/var/run', '/run', '/var/lib/kubelet', '/var/lib/docker', '/var/lib/containerd', '/proc', '/sys', '/dev', '/root', '/boot', '/usr', '/bin', '/sbin', '/lib'];

function some(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function podsNoun(pods: readonly FindingPod[]): string {
  const roles = new Set(pods.map((p) => p.role));
  const noun = roles.size === 1 ? [...roles][0] : 'pod';
  return plural(pods.length, noun === 'pod' ? 'pod' : `${noun} pod`);
}

function describeMount(m: VolumeMountUse, v: PodVolume): string {
  return `${m.mountPath} in ${m.container} (${isWritableMount(v, m) ? 'read-write' : 'read-only'})`;
}

function isSystemPath(path: string): boolean {
  const p = path.replace(/\/+$/, '') || '/';
  return p === '/' || SYSTEM_PATHS.some((s) => p === s || p.startsWith(`${s}/`)) || p.endsWith('.sock');
}

function hostPathFindings(pods: readonly FindingPod[]): Finding[] {
  const byPath = new Map<string, { pods: FindingPod[]; volumes: { pod: FindingPod; volume: PodVolume }[] }>();
  for (const pod of pods) {
    for (const volume of pod.volumes) {
      if (volume.source.kind !== 'hostPath' || volume.mounts.length === 0) continue;
      const entry = byPath.get(volume.source.path) ?? { pods: [], volumes: [] };
      if (!entry.pods.includes(pod)) entry.pods.push(pod);
      entry.volumes.push({ pod, volume });
      byPath.set(volume.source.path, entry);
    }
  }
  return [...byPath].map(([path, { pods: users, volumes }]) => {
    const writable = volumes.some(({ volume }) => volume.mounts.some((m) => isWritableMount(volume, m)));
    const system = isSystemPath(path);
    const mounts = [...new Set(volumes.flatMap(({ volume }) => volume.mounts.map((m) => describeMount(m, volume))))];
    const types = [...new Set(volumes.map(({ volume }) => (volume.source.kind === 'hostPath' ? volume.source.type : '')))];
    const typeText = types.map((t) => (t === '' ? 'type unset, so Kubernetes does not check what is at the path before mounting' : `type ${t}`)).join('; ');
    const names = [...new Set(volumes.map(({ volume }) => volume.name))];
    const access = writable
      ? 'A process in the container can read, create, change and delete files in that directory of the node\'s filesystem. Files written there outlive the pod and are seen by every other pod that mounts the same path on that node, including pods of other applications.'
      : 'A process in the container can read files in that directory of the node\'s filesystem, including what the node and other pods put there; the mount is read-only, so it cannot change them.';
    const detail = [
      `Volume ${some(names)} (hostPath ${path}; ${typeText}) is mounted at ${some(mounts)}.`,
      access,
      system ? `${path} is a system location of the node; access to it can give control over the node and everything running on it.` : '',
      'The Pod Security Standards baseline and restricted profiles forbid hostPath volumes.',
      writable && !system ? 'For scratch space, an emptyDir or an on-demand claim gives each pod its own storage without sharing the node\'s filesystem.' : '',
    ].filter((s) => s !== '').join(' ');
    return {
      id: `hostpath:${path}`,
      severity: writable || system ? 'danger' : 'warning',
      title: `${podsNoun(users)} mount${users.length === 1 ? 's' : ''} the node directory ${path} ${writable ? 'read-write' : 'read-only'}`,
      detail,
      pods: users.map((p) => p.name),
    } satisfies Finding;
  });
}

function pendingClaimFindings(pods: readonly FindingPod[], claims: ReadonlyMap<string, ClaimView>): Finding[] {
  const byClass = new Map<string, { pod: FindingPod; claim: ClaimView }[]>();
  const missing: { pod: FindingPod; claimName: string }[] = [];
  for (const pod of pods) {
    if (pod.phase !== 'Pending' && pod.state !== 'pending') continue;
    for (const volume of pod.volumes) {
      if (volume.source.kind !== 'persistentVolumeClaim') continue;
      const claim = claims.get(volume.source.claimName);
      if (claim === undefined) {
        if (pod.pendingMessage?.includes(`persistentvolumeclaim "${volume.source.claimName}" not found`)) missing.push({ pod, claimName: volume.source.claimName });
        continue;
      }
      if (claim.phase !== 'Pending') continue;
      const key = claim.storageClass ?? '';
      byClass.set(key, [...(byClass.get(key) ?? []), { pod, claim }]);
    }
  }
  const findings: Finding[] = [...byClass].map(([storageClass, waits]) => {
    const users = [...new Set(waits.map((w) => w.pod))];
    const lines = waits.slice(0, 5).map(({ pod, claim }) => {
      const size = claim.requested ? `, requests ${claim.requested}` : '';
      const says = pod.pendingMessage ? `; the scheduler reports${pod.pendingReason ? ` ${pod.pendingReason}` : ''}: "${pod.pendingMessage}"` : '';
      return `${pod.name} mounts claim ${claim.name} (Pending${size})${says}.`;
    });
    if (waits.length > 5) lines.push(`${waits.length - 5} more pods wait the same way.`);
    const cls = storageClass === '' ? 'no storage class' : `storage class ${storageClass}`;
    return {
      id: `pending-claim:${storageClass}`,
      severity: 'warning',
      title: `${podsNoun(users)} wait${users.length === 1 ? 's' : ''} for ${plural(waits.length, 'claim')} that ${waits.length === 1 ? 'is' : 'are'} not bound (${cls})`,
      detail: [
        ...lines,
        `A pod is not scheduled until every claim it mounts can be bound. The claims use ${cls}; their binding depends on that class's provisioner, and with volumeBindingMode WaitForFirstConsumer a claim binds only once the scheduler has chosen a node for the pod. The claim's events (kubectl describe pvc) show the provisioner's errors.`,
      ].join(' '),
      pods: users.map((p) => p.name),
      claims: [...new Set(waits.map((w) => w.claim.name))],
    };
  });
  if (missing.length > 0) {
    findings.push({
      id: 'missing-claim',
      severity: 'warning',
      title: `${podsNoun([...new Set(missing.map((m) => m.pod))])} mount claims that do not exist`,
      detail: `${some(missing.map((m) => `${m.pod.name} mounts ${m.claimName}`))}; the scheduler reports the claim as not found. Spark creates a claim only when options.storageClass and options.sizeLimit are both set; otherwise the claim must exist before the pod is created.`,
      pods: [...new Set(missing.map((m) => m.pod.name))],
      claims: [...new Set(missing.map((m) => m.claimName))],
    });
  }
  return findings;
}

function leftoverFinding(input: FindingsInput): Finding[] {
  if (!input.appFinished) return [];
  const left = input.claims.filter((c) => c.onDemand.onDemand && (c.appId === undefined || c.appId === input.appId));
  if (left.length === 0) return [];
  const { total, unreadable } = sumQuantities(left.map((c) => c.capacity ?? c.requested));
  const size = `${formatBytes(total)}${unreadable > 0 ? ` plus ${plural(unreadable, 'claim')} of unknown size` : ''}`;
  const byDriver = left.filter((c) => c.owner?.role === 'driver');
  const byExecutor = left.filter((c) => c.owner?.role === 'executor');
  const orphans = left.filter((c) => c.owner === undefined || c.owner.role === undefined);
  const parts = [`Claims: ${some(left.map((c) => c.name))}; together ${size}, which stays provisioned (and billed) until the claims are deleted.`];
  if (byDriver.length > 0) {
    const drivers = some([...new Set(byDriver.map((c) => c.owner!.name))]);
    parts.push(`${plural(byDriver.length, 'claim is', 'claims are')} owned by the driver pod ${drivers} (spark.kubernetes.driver.ownPersistentVolumeClaim=true). Spark deletes every claim labelled ${SPARK_APP_ID_LABEL}=${input.appId} when the driver stops, so these remain because the driver did not complete its shutdown (killed, evicted or out of memory) or is still stopping. Kubernetes deletes them when the driver pod is deleted.`);
  }
  if (byExecutor.length > 0) {
    parts.push(`${plural(byExecutor.length, 'claim is', 'claims are')} owned by executor pods (ownPersistentVolumeClaim=false), so Spark does not delete them at stop; Kubernetes deletes each with its executor pod, and these executor pods still exist (for example with spark.kubernetes.executor.deleteOnTermination=false).`);
  }
  if (orphans.length > 0) {
    const ns = orphans[0].namespace;
    parts.push(`${plural(orphans.length, 'claim has', 'claims have')} no Spark pod as owner, so neither Spark nor garbage collection deletes ${orphans.length === 1 ? 'it' : 'them'}: kubectl delete pvc -n ${ns} -l ${SPARK_APP_ID_LABEL}=${input.appId} removes the application's claims.`);
  }
  return [{
    id: 'leftover-claims',
    severity: 'warning',
    title: `${plural(left.length, 'claim')} (${formatBytes(total)}) remain${left.length === 1 ? 's' : ''} after the application finished`,
    detail: parts.join(' '),
    pods: [...new Set(left.flatMap((c) => c.usedBy))],
    claims: left.map((c) => c.name),
  }];
}

function reuseSizeFinding(input: FindingsInput): Finding[] {
  const wanted = input.requestedClaimSize;
  if (wanted === undefined || parseQuantity(wanted) === null) return [];
  const free = input.claims.filter((c) => c.reusableBySpark);
  const small = free.filter((c) => compareQuantities(c.requested, wanted) === -1);
  const otherClass = input.requestedStorageClass === undefined ? [] : free.filter((c) => c.storageClass !== input.requestedStorageClass && !small.includes(c));
  const findings: Finding[] = [];
  if (small.length > 0) {
    findings.push({
      id: 'reuse-too-small',
      severity: 'warning',
      title: `${plural(small.length, 'free claim is', 'free claims are')} smaller than a new executor requests (${wanted}); Spark will not reuse ${small.length === 1 ? 'it' : 'them'}`,
      detail: `Spark gives a free claim to a new executor only when the storage class matches and the claim requests at least as much as the executor's own claim (SPARK-55496, February 2026; before it the sizes had to be equal). New executors request ${wanted}, taken from the latest executor's claim; ${some(small.map((c) => `${c.name} requests ${c.requested ?? 'no size'}`))}. Spark creates new claims instead, and these stay unused until the application ends.`,
      pods: [],
      claims: small.map((c) => c.name),
    });
  }
  if (otherClass.length > 0) {
    findings.push({
      id: 'reuse-other-class',
      severity: 'info',
      title: `${plural(otherClass.length, 'free claim has', 'free claims have')} another storage class than new executors request (${input.requestedStorageClass})`,
      detail: `Spark reuses a free claim only for an executor whose own claim asks for the same storage class; ${some(otherClass.map((c) => `${c.name} is ${c.storageClass ?? 'without a class'}`))}.`,
      pods: [],
      claims: otherClass.map((c) => c.name),
    });
  }
  return findings;
}

function perVolumeFindings(pods: readonly FindingPod[]): Finding[] {
  const groups = new Map<string, { kind: 'dangling' | 'unmounted' | 'tmpfs'; volume: PodVolume; pods: FindingPod[] }>();
  const add = (kind: 'dangling' | 'unmounted' | 'tmpfs', pod: FindingPod, volume: PodVolume) => {
    const key = `${kind}:${volume.name}`;
    const g = groups.get(key) ?? { kind, volume, pods: [] };
    g.pods.push(pod);
    groups.set(key, g);
  };
  for (const pod of pods) {
    for (const v of danglingVolumes(pod.volumes)) add('dangling', pod, v);
    for (const v of unmountedVolumes(pod.volumes)) if (v.origin === 'user') add('unmounted', pod, v);
    for (const v of pod.volumes) {
      if (v.declared && v.source.kind === 'emptyDir' && v.source.medium === 'Memory' && v.mounts.length > 0) add('tmpfs', pod, v);
    }
  }
  return [...groups].map(([key, g]): Finding => {
    const names = g.pods.map((p) => p.name);
    const mounts = some([...new Set(g.volume.mounts.map((m) => `${m.mountPath} in ${m.container}`))]);
    if (g.kind === 'dangling') {
      return {
        id: `dangling-mount:${g.volume.name}`, severity: 'warning', pods: names,
        title: `${podsNoun(g.pods)} mount${g.pods.length === 1 ? 's' : ''} a volume named ${g.volume.name} that the pod does not declare`,
        detail: `The mount at ${mounts} names volume ${g.volume.name}, but spec.volumes has no volume of that name. The API server rejects such a pod at creation, so the object shown was changed afterwards or did not come from the API server.`,
      };
    }
    if (g.kind === 'unmounted') {
      return {
        id: `unmounted-volume:${g.volume.name}`, severity: 'info', pods: names,
        title: `Volume ${g.volume.name} is declared but no container mounts it`,
        detail: `${podsNoun(g.pods)} declare${g.pods.length === 1 ? 's' : ''} ${g.volume.kind} volume ${g.volume.name} without any container mounting it. The kubelet skips volumes no container uses, but a claim volume still has to exist and be bindable before the scheduler places the pod.`,
      };
    }
    const limit = g.volume.source.kind === 'emptyDir' && g.volume.source.sizeLimit ? ` with a size limit of ${g.volume.source.sizeLimit}` : ' without a size limit';
    return {
      id: key.replace(/^tmpfs:/, 'memory-emptydir:'), severity: 'info', pods: names,
      title: `${podsNoun(g.pods)} keep${g.pods.length === 1 ? 's' : ''} ${g.volume.sparkLocalDir ? 'Spark local data' : `volume ${g.volume.name}`} in memory (emptyDir medium Memory)`,
      detail: `Volume ${g.volume.name} is a tmpfs${limit}, mounted at ${mounts}. Files written there are held in the node's memory and count toward the memory limit of the pod's containers, so shuffle and spill data compete with the JVM heap and overhead for the same limit, and the container is OOM-killed when the total exceeds it. Under node memory pressure, pods using more memory than they request are evicted first.`,
    };
  });
}

/** Every finding for the application, most severe first. */
export function volumeFindings(input: FindingsInput): Finding[] {
  const claims = new Map(input.claims.map((c) => [c.name, c]));
  const findings = [
    ...hostPathFindings(input.pods),
    ...pendingClaimFindings(input.pods, claims),
    ...leftoverFinding(input),
    ...reuseSizeFinding(input),
    ...perVolumeFindings(input.pods),
  ];
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.localeCompare(b.id));
}
