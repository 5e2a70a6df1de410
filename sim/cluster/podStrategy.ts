// What kube-apiserver does to a pod beyond storing it: v1 defaulting (SetDefaults_Pod…),
// the admission plugins enabled by default that touch pods (Priority, DefaultTolerationSeconds;
// ServiceAccount is disabled as in the integration control plane), PrepareForCreate/Update
// of the pod strategy, the subset of validation our clients can trip, and CheckGracefulDelete.

import { fieldError, type FieldCause } from './apiErrors';
import type { KubeObject } from './storedObject';
import { sortedMap } from './storedObject';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** SetDefaults_Container: imagePullPolicy follows the tag (":latest" or none → Always). */
function defaultImagePullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const tagAt = image.indexOf(':', lastSlash + 1);
  const tag = tagAt >= 0 ? image.slice(tagAt + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

const CONTAINER_ORDER = [
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy', 'restartPolicyRules',
  'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath',
  'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty',
];
const SPEC_ORDER = [
  'volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds',
  'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'nodeName', 'hostNetwork', 'hostPID',
  'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain', 'affinity', 'schedulerName', 'tolerations',
  'hostAliases', 'priorityClassName', 'priority', 'dnsConfig', 'readinessGates', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy',
  'overhead', 'topologySpreadConstraints', 'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources',
];
const sortKeys = (v: unknown) => (isObj(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v);

/** Field order of the Go structs, and sorted map keys, so stored JSON reads like the real server's. */
function orderPodSpec(spec: Obj): Obj {
  for (const key of ['containers', 'initContainers']) {
    if (!Array.isArray(spec[key])) continue;
    spec[key] = arr(spec[key]).map((c) => {
      const r = isObj(c.resources) ? c.resources : null;
      if (r) c.resources = { ...r, ...(r.limits ? { limits: sortKeys(r.limits) } : {}), ...(r.requests ? { requests: sortKeys(r.requests) } : {}) };
      return ordered(c, CONTAINER_ORDER);
    });
  }
  if (isObj(spec.nodeSelector)) spec.nodeSelector = sortKeys(spec.nodeSelector);
  return ordered(spec, SPEC_ORDER);
}

function defaultContainer(c: Obj): void {
  if (c.terminationMessagePath === undefined) c.terminationMessagePath = '/dev/termination-log';
  if (c.terminationMessagePolicy === undefined) c.terminationMessagePolicy = 'File';
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') c.imagePullPolicy = defaultImagePullPolicy(c.image);
  // ResourceRequirements is a struct in Go: it always marshals, as `"resources":{}` when empty.
  const resources = (isObj(c.resources) ? c.resources : (c.resources = {})) as Obj;
  // SetDefaults_Pod: requests default to limits, resource by resource.
  if (isObj(resources.limits)) {
    const requests = (isObj(resources.requests) ? resources.requests : {}) as Obj;
    for (const [k, v] of Object.entries(resources.limits)) if (requests[k] === undefined) requests[k] = v;
    resources.requests = requests;
  }
  for (const p of arr(c.ports)) if (p.protocol === undefined) p.protocol = 'TCP';
  for (const e of arr(c.env)) {
    const fieldRef = isObj(e.valueFrom) ? e.valueFrom.fieldRef : undefined;
    if (isObj(fieldRef) && fieldRef.apiVersion === undefined) fieldRef.apiVersion = 'v1';
  }
}

function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length === 0) v.emptyDir = {};
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = v[k];
    if (isObj(src) && src.defaultMode === undefined) src.defaultMode = 420;
  }
  if (isObj(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/**
 * SetDefaults_Pod and friends, applied when a request body is decoded (create, update, patch).
 * Fields set here belong to the writer in managedFields; admission's additions do not.
 */
export function defaultPod(pod: KubeObject): void {
  const spec = (isObj(pod.spec) ? pod.spec : (pod.spec = {})) as Obj;
  for (const c of [...arr(spec.containers), ...arr(spec.initContainers)]) defaultContainer(c);
  for (const v of arr(spec.volumes)) defaultVolume(v);
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  spec.schedulerName ??= 'default-scheduler';
  spec.enableServiceLinks ??= true;
  // v1 conversion keeps the deprecated alias in step with serviceAccountName.
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else if (typeof spec.serviceAccount === 'string' && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  pod.spec = orderPodSpec(spec);
  if (isObj(pod.status)) normalizePodStatus(pod.status);
}

/** The default admission chain (Priority, DefaultTolerationSeconds), then PrepareForCreate (status reset to Pending). */
export function preparePodForCreate(pod: KubeObject): void {
  const spec = (isObj(pod.spec) ? pod.spec : (pod.spec = {})) as Obj;
  // Priority admission: no PriorityClass objects exist, so every pod gets priority 0.
  if (!spec.priorityClassName) spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  // DefaultTolerationSeconds admission: tolerate not-ready/unreachable nodes for 300 s.
  const tolerations = arr(spec.tolerations);
  const tolerates = (key: string) => tolerations.some((t) => (t.key === key || (t.key === undefined && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
  for (const key of [NOT_READY, UNREACHABLE]) {
    if (!tolerates(key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
  pod.spec = orderPodSpec(spec);
  pod.status = { phase: 'Pending', qosClass: qosClass(spec) };
}

const timeOrNull = (v: unknown) => (v === undefined || v === '' ? null : v);

function ordered(o: Obj, order: string[]): Obj {
  const out: Obj = {};
  for (const k of order) if (o[k] !== undefined) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out) && o[k] !== undefined) out[k] = o[k];
  return out;
}

function normalizeState(state: unknown): Obj {
  const s = isObj(state) ? state : {};
  const out: Obj = {};
  if (isObj(s.waiting)) out.waiting = s.waiting;
  if (isObj(s.running)) out.running = { ...s.running, startedAt: timeOrNull(s.running.startedAt) };
  if (isObj(s.terminated)) {
    const t = s.terminated;
    out.terminated = ordered({ ...t, exitCode: t.exitCode ?? 0, startedAt: timeOrNull(t.startedAt), finishedAt: timeOrNull(t.finishedAt) }, ['exitCode', 'signal', 'reason', 'message', 'startedAt', 'finishedAt', 'containerID']);
  }
  return out;
}

function normalizeContainerStatus(c: Obj): Obj {
  return ordered(
    { ...c, state: normalizeState(c.state), lastState: normalizeState(c.lastState), ready: c.ready ?? false, restartCount: c.restartCount ?? 0, image: c.image ?? '', imageID: c.imageID ?? '' },
    ['name', 'state', 'lastState', 'ready', 'restartCount', 'image', 'imageID', 'containerID', 'started', 'allocatedResources', 'resources', 'volumeMounts', 'user', 'allocatedResourcesStatus', 'stopSignal'],
  );
}

/**
 * What a round trip through the Go PodStatus does to a status a client wrote: condition
 * times and container states marshal as null/{} rather than vanish, podIPs follows podIP
 * (Convert_v1_PodStatus_To_core_PodStatus: podIP wins when they differ), and fields come in
 * struct order.
 */
export function normalizePodStatus(status: Obj): void {
  const conditions = arr(status.conditions).map((c) =>
    ordered({ ...c, lastProbeTime: timeOrNull(c.lastProbeTime), lastTransitionTime: timeOrNull(c.lastTransitionTime) }, ['type', 'observedGeneration', 'status', 'lastProbeTime', 'lastTransitionTime', 'reason', 'message']),
  );
  if (Array.isArray(status.conditions)) status.conditions = conditions;
  for (const [ip, ips] of [['podIP', 'podIPs'], ['hostIP', 'hostIPs']] as const) {
    const list = arr(status[ips]);
    if (typeof status[ip] === 'string' && status[ip] && (list.length === 0 || list[0]!.ip !== status[ip])) status[ips] = [{ ip: status[ip] }];
    else if (list.length > 0 && !status[ip]) status[ip] = list[0]!.ip;
  }
  for (const key of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
    if (Array.isArray(status[key])) status[key] = arr(status[key]).map(normalizeContainerStatus);
  }
  const order = ['observedGeneration', 'phase', 'conditions', 'message', 'reason', 'nominatedNodeName', 'hostIP', 'hostIPs', 'podIP', 'podIPs', 'startTime', 'initContainerStatuses', 'containerStatuses', 'qosClass', 'ephemeralContainerStatuses', 'resize', 'resourceClaimStatuses'];
  const sorted = ordered(status, order);
  for (const k of Object.keys(status)) delete status[k];
  Object.assign(status, sorted);
}

/** qos.GetPodQOS: BestEffort without any request/limit, Guaranteed when limits = requests for cpu and memory everywhere. */
export function qosClass(spec: Obj): string {
  const containers = [...arr(spec.containers), ...arr(spec.initContainers)];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const r = isObj(c.resources) ? c.resources : {};
    const requests = (isObj(r.requests) ? r.requests : {}) as Obj;
    const limits = (isObj(r.limits) ? r.limits : {}) as Obj;
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const res of ['cpu', 'memory']) {
      if (limits[res] === undefined || requests[res] === undefined || String(limits[res]) !== String(requests[res])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** The parts of ValidatePodCreate a client of ours can trip over. */
export function validatePod(pod: KubeObject): FieldCause[] {
  const errs: FieldCause[] = [];
  const spec = isObj(pod.spec) ? pod.spec : {};
  const volumes = new Set<unknown>();
  // ValidateVolumes: names are DNS labels and unique within the pod.
  arr(spec.volumes).forEach((v, i) => {
    const at = `spec.volumes[${i}].name`;
    if (!v.name) errs.push(fieldError.required(at));
    else if (volumes.has(v.name)) errs.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(v.name)}`, field: at });
    volumes.add(v.name);
  });
  const groups: [string, Obj[]][] = [['spec.initContainers', arr(spec.initContainers)], ['spec.containers', arr(spec.containers)]];
  if (arr(spec.containers).length === 0) errs.push(fieldError.required('spec.containers'));
  const seen = new Set<unknown>();
  for (const [path, list] of groups) {
    list.forEach((c, i) => {
      const at = `${path}[${i}]`;
      if (!c.name) errs.push(fieldError.required(`${at}.name`));
      else if (typeof c.name !== 'string' || !DNS1123_LABEL.test(c.name) || c.name.length > 63) errs.push(fieldError.invalid(`${at}.name`, c.name, LABEL_MSG));
      else if (seen.has(c.name)) errs.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(c.name)}`, field: `${at}.name` });
      seen.add(c.name);
      if (!c.image) errs.push(fieldError.required(`${at}.image`));
      arr(c.volumeMounts).forEach((m, j) => {
        if (!volumes.has(m.name)) errs.push({ reason: 'FieldValueNotFound', message: `Not found: ${JSON.stringify(m.name)}`, field: `${at}.volumeMounts[${j}].name` });
      });
    });
  }
  const policies = ['Always', 'OnFailure', 'Never'];
  if (!policies.includes(String(spec.restartPolicy))) errs.push(fieldError.notSupported('spec.restartPolicy', spec.restartPolicy, policies));
  return errs;
}

const UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** ValidatePodUpdate: the spec is immutable except images, deadlines, added tolerations and removed scheduling gates. */
export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldCause[] {
  const a = structuredClone(isObj(pod.spec) ? pod.spec : {}) as Obj;
  const b = structuredClone(isObj(old.spec) ? old.spec : {}) as Obj;
  for (const key of ['containers', 'initContainers']) {
    const na = arr(a[key]);
    const nb = arr(b[key]);
    na.forEach((c, i) => {
      if (nb[i]) c.image = nb[i]!.image;
    });
  }
  a.activeDeadlineSeconds = b.activeDeadlineSeconds;
  a.terminationGracePeriodSeconds = b.terminationGracePeriodSeconds;
  const oldTolerations = arr(b.tolerations).map((t) => JSON.stringify(t));
  if (oldTolerations.every((t) => arr(a.tolerations).some((x) => JSON.stringify(x) === t))) a.tolerations = b.tolerations;
  if (arr(a.schedulingGates).length <= arr(b.schedulingGates).length) a.schedulingGates = b.schedulingGates;
  // Compare content, not key order: defaulting and merging may order keys differently.
  return JSON.stringify(sortedMap(a)) === JSON.stringify(sortedMap(b)) ? [] : [fieldError.forbidden('spec', UPDATE_FORBIDDEN)];
}

/** podStrategy.PrepareForUpdate: status cannot be changed through the main resource. */
export function preparePodForUpdate(pod: KubeObject, old: KubeObject): void {
  pod.status = old.status;
}

/** podStatusStrategy.PrepareForUpdate: only status (and labels/annotations) change through /status. */
export function preparePodForStatusUpdate(pod: KubeObject, old: KubeObject): void {
  pod.spec = old.spec;
  const meta = (pod.metadata ??= {});
  const oldMeta = old.metadata ?? {};
  meta.ownerReferences = oldMeta.ownerReferences;
  meta.deletionTimestamp = oldMeta.deletionTimestamp;
  meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
}

/** podStrategy.CheckGracefulDelete: the grace period this delete gets (0 = remove now). */
export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = isObj(pod.spec) ? pod.spec : {};
  const status = isObj(pod.status) ? pod.status : {};
  let period = requested ?? (typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 0);
  if (!spec.nodeName) period = 0;
  if (status.phase === 'Failed' || status.phase === 'Succeeded') period = 0;
  return period < 0 ? 1 : period;
}

export function podFields(pod: KubeObject): Record<string, string> {
  const spec = isObj(pod.spec) ? pod.spec : {};
  const status = isObj(pod.status) ? pod.status : {};
  return {
    'spec.nodeName': String(spec.nodeName ?? ''),
    'spec.restartPolicy': String(spec.restartPolicy ?? ''),
    'spec.schedulerName': String(spec.schedulerName ?? ''),
    'spec.serviceAccountName': String(spec.serviceAccountName ?? ''),
    'spec.hostNetwork': String(spec.hostNetwork === true),
    'status.phase': String(status.phase ?? ''),
    'status.podIP': String(status.podIP ?? ''),
    'status.podIPs': String(status.podIP ?? ''),
    'status.nominatedNodeName': String(status.nominatedNodeName ?? ''),
  };
}

/** pods/binding: what assignPod writes (nodeName plus a PodScheduled=True condition). */
export function bindPod(pod: KubeObject, nodeName: string, now: string): void {
  (pod.spec as Obj).nodeName = nodeName;
  const status = (isObj(pod.status) ? pod.status : (pod.status = {})) as Obj;
  const conditions = arr(status.conditions).filter((c) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
  status.conditions = conditions;
}
