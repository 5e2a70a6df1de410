// What a pod counts against a ResourceQuota, as the pod quota evaluator counts it
// (pkg/quota/v1/evaluator/core/pods.go): requests and limits summed over the containers the
// way resourcehelper.PodRequests/PodLimits sum them (sidecars added, the largest init
// container's moment, the pod's overhead), then named as quota keys (cpu and requests.cpu,
// limits.cpu, memory, …, requests.<extended>, pods, count/pods). A pod that ended (Succeeded,
// Failed, or deleted past its grace period) counts only as an object (count/pods).

import { addQuantity, compareQuantity, parseQuantity, type Quantity } from './quantity';

export type ResourceList = Record<string, Quantity>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** A container's requests or limits, read as quantities (unreadable values are skipped: validation refused them). */
export function resourceList(v: unknown): ResourceList {
  const out: ResourceList = {};
  if (!isObj(v)) return out;
  for (const [k, raw] of Object.entries(v)) {
    const q = parseQuantity(raw);
    if (q) out[k] = q;
  }
  return out;
}

const containerList = (c: Obj, which: 'requests' | 'limits') => resourceList(isObj(c.resources) ? c.resources[which] : undefined);

function addInto(list: ResourceList, more: ResourceList): void {
  for (const [k, q] of Object.entries(more)) list[k] = list[k] ? addQuantity(list[k], q) : q;
}

function maxInto(list: ResourceList, other: ResourceList): void {
  for (const [k, q] of Object.entries(other)) if (!list[k] || compareQuantity(q, list[k]) > 0) list[k] = q;
}

/** resourcehelper.PodRequests / PodLimits over the pod's spec. */
export function podResourceList(pod: Obj, which: 'requests' | 'limits', options: { overhead: boolean } = { overhead: true }): ResourceList {
  const spec = isObj(pod.spec) ? pod.spec : {};
  const total: ResourceList = {};
  for (const c of arr(spec.containers)) addInto(total, containerList(c, which));
  const sidecars: ResourceList = {};
  const initPeak: ResourceList = {};
  for (const c of arr(spec.initContainers)) {
    const own = containerList(c, which);
    let moment: ResourceList;
    if (c.restartPolicy === 'Always') {
      addInto(total, own);
      addInto(sidecars, own);
      moment = { ...sidecars };
    } else {
      moment = { ...own };
      addInto(moment, sidecars);
    }
    maxInto(initPeak, moment);
  }
  maxInto(total, initPeak);
  if (options.overhead) {
    const overhead = resourceList(spec.overhead);
    // Limits take the overhead only for what they already limit.
    for (const [k, q] of Object.entries(overhead)) if (which === 'requests' || total[k]) total[k] = total[k] ? addQuantity(total[k], q) : q;
  }
  return total;
}

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);
const isExtended = (name: string) => name.includes('/') && !name.startsWith('kubernetes.io/') && !name.startsWith('requests.') && !name.startsWith('limits.');

/** podComputeUsageHelper: requests and limits as quota keys. */
export function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = { pods: { milli: 1000n, format: 'DecimalSI' } };
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    if (requests[r]) { out[r] = requests[r]; out[`requests.${r}`] = requests[r]; }
    if (limits[r]) out[`limits.${r}`] = limits[r];
  }
  for (const [k, q] of Object.entries(requests)) {
    if (k.startsWith('hugepages-')) { out[`requests.${k}`] = q; out[k] = q; }
    else if (!STANDARD.has(k) && isExtended(k)) out[`requests.${k}`] = q;
  }
  for (const [k, q] of Object.entries(limits)) if (k.startsWith('hugepages-')) out[`limits.${k}`] = q;
  return out;
}

/** QuotaV1Pod: compute resources count until the pod ends or its deletion grace runs out. */
export function podCountsCompute(pod: Obj, now: number): boolean {
  const status = isObj(pod.status) ? pod.status : {};
  if (status.phase === 'Succeeded' || status.phase === 'Failed') return false;
  const meta = isObj(pod.metadata) ? pod.metadata : {};
  if (typeof meta.deletionTimestamp === 'string' && typeof meta.deletionGracePeriodSeconds === 'number') {
    return now <= Date.parse(meta.deletionTimestamp) + meta.deletionGracePeriodSeconds * 1000;
  }
  return true;
}

/** PodUsageFunc: everything the pod counts against a quota now. */
export function podQuotaUsage(pod: Obj, now: number): ResourceList {
  const objectCount: ResourceList = { 'count/pods': { milli: 1000n, format: 'DecimalSI' } };
  if (!podCountsCompute(pod, now)) return objectCount;
  return { ...objectCount, ...computeUsage(podResourceList(pod, 'requests'), podResourceList(pod, 'limits')) };
}

/** Every key a pod quota can track (MatchingResources): compute keys, pods, count/pods, requests.<extended>. */
export function isPodQuotaResource(key: string): boolean {
  if (['cpu', 'memory', 'ephemeral-storage', 'pods', 'count/pods'].includes(key)) return true;
  if (/^(requests|limits)\.(cpu|memory|ephemeral-storage)$/.test(key)) return true;
  if (/^(requests\.|limits\.)?hugepages-/.test(key)) return true;
  return key.startsWith('requests.') && isExtended(key.slice('requests.'.length));
}
