// ResourceQuota for pods, as kube-apiserver's quota admission and kube-controller-manager's
// quota controller enforce and keep it. Admission (CheckRequest in
// apiserver/pkg/admission/plugin/resourcequota): each quota whose status.hard tracks a pod
// resource and whose scopes cover the pod first demands that every container state what the
// quota limits ("failed quota: compute: must specify limits.cpu"), then adds the pod's usage to
// status.used and refuses when that passes status.hard, in its words ("exceeded quota: compute,
// requested: requests.cpu=4, used: requests.cpu=38, limited: requests.cpu=40"). The controller:
// status.hard is spec.hard, status.used what the namespace's pods count now (ended pods only
// as objects), rewritten whenever a pod or the quota changes.

import type { ObjectStore } from './objectStore';
import { computeUsage, isPodQuotaResource, podQuotaUsage, resourceList, type ResourceList } from './podUsage';
import { addQuantity, compareQuantity, formatQuantity, parseQuantity, ZERO, type Quantity } from './quantity';
import { POD, RESOURCE_QUOTA } from './resources';
import type { KubeObject } from './storedObject';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** The resources whose absence from a container the quota admission refuses (a compatibility rule of old). */
const MUST_BE_STATED = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

interface Selector { scopeName: string; operator: string; values: string[] }

function selectorsOf(quota: Obj): Selector[] {
  const spec = isObj(quota.spec) ? quota.spec : {};
  const scopes = Array.isArray(spec.scopes) ? spec.scopes.map((s) => ({ scopeName: String(s), operator: 'Exists', values: [] })) : [];
  const expressions = arr(isObj(spec.scopeSelector) ? spec.scopeSelector.matchExpressions : undefined)
    .map((e) => ({ scopeName: String(e.scopeName ?? ''), operator: String(e.operator ?? ''), values: Array.isArray(e.values) ? e.values.map(String) : [] }));
  return [...scopes, ...expressions];
}

function isBestEffort(pod: Obj): boolean {
  const spec = isObj(pod.spec) ? pod.spec : {};
  return [...arr(spec.containers), ...arr(spec.initContainers)].every((c) => {
    const r = isObj(c.resources) ? c.resources : {};
    return ['requests', 'limits'].every((w) => !isObj(r[w]) || ((r[w] as Obj).cpu === undefined && (r[w] as Obj).memory === undefined));
  });
}

/** podMatchesScopeFunc. */
function matchesScope(s: Selector, pod: Obj): boolean {
  const spec = isObj(pod.spec) ? pod.spec : {};
  const terminating = typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0;
  switch (s.scopeName) {
    case 'Terminating': return terminating;
    case 'NotTerminating': return !terminating;
    case 'BestEffort': return isBestEffort(pod);
    case 'NotBestEffort': return !isBestEffort(pod);
    case 'PriorityClass': {
      const pc = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
      if (s.operator === 'Exists') return pc !== '';
      if (s.operator === 'DoesNotExist') return pc === '';
      if (s.operator === 'In') return s.values.includes(pc);
      if (s.operator === 'NotIn') return !s.values.includes(pc);
      return false;
    }
    default: return false;
  }
}

const coversPod = (quota: Obj, pod: Obj) => selectorsOf(quota).every((s) => matchesScope(s, pod));

const statusOf = (quota: Obj) => (isObj(quota.status) ? quota.status : {});
const hardOf = (quota: Obj) => resourceList(statusOf(quota).hard);
const nameOf = (o: Obj) => String(isObj(o.metadata) ? o.metadata.name ?? '' : '');

/** prettyPrint: key=value, sorted, comma-separated. */
function prettyPrint(list: ResourceList, keys: readonly string[]): string {
  return [...keys].sort().filter((k) => list[k]).map((k) => `${k}=${formatQuantity(list[k])}`).join(',');
}

/** Why the quotas refuse this new pod, in the admission's words; null when they admit it. */
export function quotaRefusal(quotas: readonly Obj[], pod: Obj, now: number): string | null {
  const sorted = [...quotas].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const spec = isObj(pod.spec) ? pod.spec : {};
  const interesting: { quota: Obj; hard: ResourceList; keys: string[] }[] = [];
  for (const quota of sorted) {
    if (!coversPod(quota, pod)) continue;
    const hard = hardOf(quota);
    const keys = Object.keys(hard).filter(isPodQuotaResource);
    if (keys.length === 0) continue;
    const required = keys.filter((k) => MUST_BE_STATED.has(k));
    const missing = new Set<string>();
    for (const c of [...arr(spec.containers), ...arr(spec.initContainers)]) {
      const r = isObj(c.resources) ? c.resources : {};
      const stated = computeUsage(resourceList(r.requests), resourceList(r.limits));
      for (const k of required) if (!stated[k]) missing.add(k);
    }
    if (missing.size) return `failed quota: ${nameOf(quota)}: must specify ${[...missing].sort().join(',')}`;
    const used = statusOf(quota).used;
    if (!keys.every((k) => isObj(used) && used[k] !== undefined)) return `status unknown for quota: ${nameOf(quota)}, resources: ${[...keys].sort().join(',')}`;
    interesting.push({ quota, hard, keys });
  }
  const usage = podQuotaUsage(pod, now);
  for (const { quota, hard, keys } of interesting) {
    const requested: ResourceList = {};
    for (const k of keys) if (usage[k] && usage[k].milli !== 0n) requested[k] = usage[k];
    const used = resourceList(statusOf(quota).used);
    const exceeded = Object.keys(requested).filter((k) => compareQuantity(addQuantity(used[k] ?? ZERO, requested[k]), hard[k]) > 0);
    if (exceeded.length) {
      return `exceeded quota: ${nameOf(quota)}, requested: ${prettyPrint(requested, exceeded)}, used: ${prettyPrint(used, exceeded)}, limited: ${prettyPrint(hard, exceeded)}`;
    }
  }
  return null;
}

/** The status the quota controller would write: hard from spec, used from the pods the quota covers. */
export function quotaStatus(quota: Obj, pods: readonly Obj[], now: number): { hard: Record<string, string>; used: Record<string, string> } {
  const specHard = isObj(quota.spec) && isObj(quota.spec.hard) ? (quota.spec.hard as Record<string, unknown>) : {};
  const hard: Record<string, string> = {};
  for (const [k, v] of Object.entries(specHard)) { const q = parseQuantity(v); if (q) hard[k] = formatQuantity(q); }
  const previous = isObj(statusOf(quota).used) ? (statusOf(quota).used as Record<string, unknown>) : {};
  const totals: Record<string, Quantity> = {};
  for (const k of Object.keys(hard)) if (isPodQuotaResource(k)) totals[k] = ZERO;
  for (const pod of pods) {
    if (!coversPod(quota, pod)) continue;
    const usage = podQuotaUsage(pod, now);
    for (const k of Object.keys(totals)) if (usage[k]) totals[k] = addQuantity(totals[k], usage[k]);
  }
  const used: Record<string, string> = {};
  for (const k of Object.keys(hard)) {
    // Other kinds' counts (services, secrets, …) are not kept here: what was written stays.
    used[k] = totals[k] ? formatQuantity(totals[k]) : typeof previous[k] === 'string' ? previous[k] as string : '0';
  }
  return { hard, used };
}

const sameMap = (a: unknown, b: Record<string, string>) => isObj(a) && Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

/**
 * Plays the quota controller inside the embedded cluster: after any pod or quota change in a
 * namespace with quotas, each quota's status is brought up to date (once per namespace per
 * turn of the event loop, however many pods changed in it).
 */
export function startQuotaController(store: ObjectStore, now: () => number): () => void {
  const dirty = new Set<string>();
  const sync = () => {
    const namespaces = [...dirty];
    dirty.clear();
    for (const ns of namespaces) {
      const quotas = store.range(RESOURCE_QUOTA, ns);
      if (quotas.length === 0) continue;
      const pods = store.range(POD, ns).map((p) => JSON.parse(p.json) as Obj);
      for (const stored of quotas) {
        const quota = JSON.parse(stored.json) as KubeObject;
        const status = quotaStatus(quota, pods, now());
        const current = statusOf(quota);
        if (sameMap(current.hard, status.hard) && sameMap(current.used, status.used)) continue;
        store.update(RESOURCE_QUOTA, { ...quota, status }, stored, quota);
      }
    }
  };
  const touch = (namespace: string) => {
    if (dirty.size === 0) queueMicrotask(sync);
    dirty.add(namespace);
  };
  const stops = [
    store.onCommit(POD, (e) => { if (store.range(RESOURCE_QUOTA, e.object.meta.namespace).length) touch(e.object.meta.namespace); }),
    store.onCommit(RESOURCE_QUOTA, (e) => { if (e.type !== 'DELETED') touch(e.object.meta.namespace); }),
  ];
  return () => { for (const s of stops) s(); };
}
