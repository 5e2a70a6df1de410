// One call for the volumes panel of an application: from its pods and the namespace's claims
// (as the API serves them) to grouped volumes with their Spark settings, claim views with
// Spark's reuse verdict, and findings. The server fetches; this decides. Time comes in as `now`.

import type { KubePersistentVolumeClaim, KubePod } from '../kube/types';
import { executorIdOf, SPARK_APP_ID_LABEL, sparkRoleOf } from '../spark/labels';
import { sparkPodState } from '../spark/podState';
import { DEFAULT_PROJECTION_OPTIONS, stateOptionsFor, type ProjectionOptions } from '../snapshot/podProjection';
import { claimView, type ClaimUser, type ClaimView, type ClaimViewOptions } from './claimView';
import { extractPodVolumes } from './extractVolumes';
import { groupVolumes, type VolumeGroup } from './groupVolumes';
import { parseExecutorPodName, parseOnDemandClaimName } from './onDemandClaims';
import { renderSparkVolumeConf, type ClaimHints, type RenderedVolumeConf } from './sparkVolumeConf';
import { volumeFindings, type Finding, type FindingPod } from './volumeFindings';

export interface ApplicationVolumesInput {
  appId: string;
  /** The application's driver and executor pods (other pods are ignored). */
  pods: readonly KubePod[];
  /** Claims of the application's namespace; those of other applications are left out. */
  claims: readonly KubePersistentVolumeClaim[];
  appFinished: boolean;
  now: number;
}

export interface ApplicationVolumesOptions extends Partial<ProjectionOptions>, ClaimViewOptions {
  /** Pod names listed per group; default 20. */
  podListCap?: number;
}

export interface GroupWithConf {
  group: VolumeGroup;
  /** The settings that produce it (rendered for the Spark container's mount), or why none do. */
  conf: RenderedVolumeConf;
}

export interface ApplicationVolumes {
  /** The resource-name prefix read from the executor pod names, when any. */
  prefix?: string;
  driverPodName?: string;
  groups: GroupWithConf[];
  claims: ClaimView[];
  findings: Finding[];
  /** Storage class and size the latest executor's own claim asked for: what a new executor asks. */
  requestedClaimSize?: string;
  requestedStorageClass?: string;
}

function unscheduled(pod: KubePod): { reason?: string; message?: string } {
  const conditions = Array.isArray(pod.status?.conditions) ? pod.status.conditions : [];
  const c = conditions.find((x) => x?.type === 'PodScheduled' && x.status === 'False');
  const out: { reason?: string; message?: string } = {};
  if (typeof c?.reason === 'string') out.reason = c.reason;
  if (typeof c?.message === 'string') out.message = c.message;
  return out;
}

/** Everything the volumes panel shows for one application. */
export function applicationVolumes(input: ApplicationVolumesInput, options: ApplicationVolumesOptions = {}): ApplicationVolumes {
  const opts: ProjectionOptions = { ...DEFAULT_PROJECTION_OPTIONS, ...options };
  const pods: (FindingPod & { beingDeleted: boolean })[] = [];
  let prefix: string | undefined;
  let driverPodName: string | undefined;
  for (const pod of input.pods) {
    const role = sparkRoleOf(pod);
    const name = pod.metadata?.name;
    if (role === undefined || typeof name !== 'string') continue;
    const stateOptions = stateOptionsFor(role, opts);
    const id = executorIdOf(pod);
    if (role === 'driver') driverPodName = name;
    else prefix ??= parseExecutorPodName(name)?.prefix;
    const { reason, message } = unscheduled(pod);
    pods.push({
      name, role, state: sparkPodState(pod, stateOptions).state, phase: typeof pod.status?.phase === 'string' ? pod.status.phase : null,
      executorId: id.kind === 'id' ? id.id : null, volumes: extractPodVolumes(pod, stateOptions), beingDeleted: pod.metadata?.deletionTimestamp != null,
      ...(reason === undefined ? {} : { pendingReason: reason }), ...(message === undefined ? {} : { pendingMessage: message }),
    });
  }

  const users = new Map<string, ClaimUser[]>();
  for (const p of pods) {
    for (const v of p.volumes) {
      if (v.source.kind !== 'persistentVolumeClaim') continue;
      const list = users.get(v.source.claimName) ?? [];
      list.push({ name: p.name, role: p.role, state: p.state, executorId: p.executorId, beingDeleted: p.beingDeleted });
      users.set(v.source.claimName, list);
    }
  }
  const claims = input.claims.filter((c) => {
    const name = c.metadata?.name ?? '';
    return c.metadata?.labels?.[SPARK_APP_ID_LABEL] === input.appId || users.has(name)
      || (prefix !== undefined && parseOnDemandClaimName(name, prefix) !== null);
  }).map((c) => claimView(c, {
    podsUsing: users.get(c.metadata?.name ?? '') ?? [], appFinished: input.appFinished, now: input.now, appId: input.appId,
    ...(driverPodName === undefined ? {} : { driverPodName }), ...(prefix === undefined ? {} : { prefix }),
  }, options));
  const byName = new Map(claims.map((c) => [c.name, c]));
  const rawByName = new Map(input.claims.map((c) => [c.metadata?.name ?? '', c]));

  // The newest executor's own claim (named for its id, so not a reused one) shows what a new
  // executor asks for.
  let latest: { id: number; claim: ClaimView } | undefined;
  for (const p of pods) {
    if (p.role !== 'executor' || p.executorId === null) continue;
    for (const v of p.volumes) {
      const claim = v.source.kind === 'persistentVolumeClaim' ? byName.get(v.source.claimName) : undefined;
      if (claim === undefined || claim.onDemand.executorId !== p.executorId || claim.requested === undefined) continue;
      if (latest === undefined || p.executorId > latest.id) latest = { id: p.executorId, claim };
    }
  }

  const groups = groupVolumes(pods, { podListCap: options.podListCap }).map((group): GroupWithConf => {
    const mount = group.mounts.find((m) => m.containerRole === 'spark') ?? group.mounts[0];
    const claimName = group.source.kind === 'persistentVolumeClaim' ? group.source.claimName : undefined;
    const claim = claimName === undefined ? undefined : byName.get(claimName);
    // Storage class, size, labels and annotations only for a claim Spark created: with both
    // options set, the settings make Spark create it again.
    const raw = claimName === undefined ? undefined : rawByName.get(claimName)?.metadata;
    const hints: ClaimHints = claim?.onDemand.onDemand && claim.storageClass !== undefined && claim.requested !== undefined
      ? { storageClass: claim.storageClass, sizeLimit: claim.requested, labels: { ...raw?.labels }, annotations: { ...raw?.annotations } } : {};
    const conf: RenderedVolumeConf = mount === undefined
      ? { supported: false, entries: [], reason: 'No container mounts this volume.' }
      : renderSparkVolumeConf(group.role, group, mount, hints);
    return { group, conf };
  });

  const requestedClaimSize = latest?.claim.requested;
  const requestedStorageClass = latest?.claim.storageClass;
  const findings = volumeFindings({
    appId: input.appId, appFinished: input.appFinished, pods, claims,
    ...(requestedClaimSize === undefined ? {} : { requestedClaimSize }),
    ...(requestedStorageClass === undefined ? {} : { requestedStorageClass }),
  });
  const out: ApplicationVolumes = { groups, claims, findings };
  if (prefix !== undefined) out.prefix = prefix;
  if (driverPodName !== undefined) out.driverPodName = driverPodName;
  if (requestedClaimSize !== undefined) out.requestedClaimSize = requestedClaimSize;
  if (requestedStorageClass !== undefined) out.requestedStorageClass = requestedStorageClass;
  return out;
}
