// Executors that will never be created: the API refuses a pod whose requests would take a
// ResourceQuota past its hard limit, or that a LimitRange forbids, before any pod exists, so
// no watch ever sees it; Spark's allocator just logs the refusal and tries again. Checked here
// against what one more executor asks (its requests and limits, as an existing executor pod
// of the application states them), with the quota's own usage (status.used, kept by the
// quota controller) and limits, in the words a platform engineer needs:
//   quota `compute` in spark-etl: 38 of 40 cpu used; one executor asks 4 (none fits).

import type { KubeLimitRange, KubeResourceQuota } from '../kube/types';
import type { PodResources, ResourceAmounts } from '../kube/podResources';
import { formatBytes, parseCpuCores, parseQuantity } from '../volumes/quantity';

export interface QuotaFinding {
  kind: 'quota' | 'quota-unspecified' | 'limit-range';
  /** The ResourceQuota or LimitRange. */
  object: string;
  namespace: string;
  /** The quota's key (requests.cpu, limits.memory, pods, count/pods, requests.nvidia.com/gpu) or the resource a LimitRange bounds. */
  resource: string;
  /** True when no more executor can be created; false when a few still fit (`fits`). */
  refused: boolean;
  /** How many more executors fit (quota), null where that is not the question. */
  fits: number | null;
  text: string;
}

/** Executor pods the check judges: what one asks, and its priority class (for quota scopes). */
export interface ExecutorAsk {
  resources: PodResources;
  priorityClassName?: string | null;
  activeDeadlineSeconds?: number | null;
}

const amount = (resource: string, raw: string | undefined): number | null =>
  raw === undefined ? null : /(^|\.)cpu$|^ratio$/.test(resource) ? parseCpuCores(raw) : parseQuantity(raw);

function show(resource: string, n: number): string {
  if (/(^|\.)cpu$/.test(resource)) return String(Math.round(n * 1000) / 1000);
  if (/memory|storage|hugepages/.test(resource)) return formatBytes(n);
  return String(Math.round(n * 1000) / 1000);
}

/** What one executor adds to a quota key; null when the key is not about pods (services, secrets, …). */
function askFor(key: string, ask: ResourceAmounts, limits: ResourceAmounts): number | null {
  if (key === 'pods' || key === 'count/pods') return 1;
  if (key === 'cpu' || key === 'memory' || key === 'ephemeral-storage') return ask[key] ?? 0;
  if (key.startsWith('requests.')) return ask[key.slice('requests.'.length)] ?? 0;
  if (key.startsWith('limits.')) return limits[key.slice('limits.'.length)] ?? 0;
  return null;
}

/** Does the quota's scope cover an executor pod? (Unknown scopes: assume it does, and say so in the text.) */
function inScope(q: KubeResourceQuota, pod: ExecutorAsk): boolean {
  const bestEffort = Object.keys(pod.resources.requests).length === 0 && Object.keys(pod.resources.limits).length === 0;
  const terminating = typeof pod.activeDeadlineSeconds === 'number';
  const scopes = [...(q.spec?.scopes ?? []), ...(q.spec?.scopeSelector?.matchExpressions ?? []).map((e) => e.scopeName ?? '')];
  for (const s of scopes) {
    if (s === 'BestEffort' && !bestEffort) return false;
    if (s === 'NotBestEffort' && bestEffort) return false;
    if (s === 'Terminating' && !terminating) return false;
    if (s === 'NotTerminating' && terminating) return false;
    if (s === 'CrossNamespacePodAffinity') return false;
  }
  for (const e of q.spec?.scopeSelector?.matchExpressions ?? []) {
    if (e.scopeName !== 'PriorityClass') continue;
    const pc = pod.priorityClassName ?? '';
    const values = e.values ?? [];
    if (e.operator === 'In' && !values.includes(pc)) return false;
    if (e.operator === 'NotIn' && values.includes(pc)) return false;
    if (e.operator === 'Exists' && !pc) return false;
    if (e.operator === 'DoesNotExist' && pc) return false;
  }
  return true;
}

export function checkQuotas(quotas: readonly KubeResourceQuota[], pod: ExecutorAsk): QuotaFinding[] {
  const out: QuotaFinding[] = [];
  for (const q of quotas) {
    if (!inScope(q, pod)) continue;
    const name = q.metadata?.name ?? '';
    const namespace = q.metadata?.namespace ?? '';
    const hard = { ...(q.spec?.hard ?? {}), ...(q.status?.hard ?? {}) };
    for (const [key, rawHard] of Object.entries(hard)) {
      const ask = askFor(key, pod.resources.requests, pod.resources.limits);
      if (ask === null) continue;
      const limit = amount(key, rawHard);
      if (limit === null) continue;
      const resource = key.replace(/^(requests|limits)\./, '');
      // A quota on a compute resource makes the API require every pod to state it.
      if (ask === 0 && key !== 'pods' && key !== 'count/pods') {
        const stated = key.startsWith('limits.') ? pod.resources.limits[resource] : pod.resources.requests[resource];
        if (stated === undefined && /^(requests\.|limits\.)?(cpu|memory)$/.test(key)) {
          out.push({ kind: 'quota-unspecified', object: name, namespace, resource: key, refused: true, fits: 0,
            text: `quota \`${name}\` in ${namespace} limits ${key}, and executors state no ${key.startsWith('limits.') ? 'limit' : 'request'} for ${resource}: the API refuses them ("must specify ${key}")` });
        }
        continue;
      }
      const used = amount(key, q.status?.used?.[key]) ?? 0;
      const left = limit - used;
      const fits = Math.max(0, Math.floor((left + 1e-9) / ask));
      if (fits > 3) continue;
      out.push({
        kind: 'quota', object: name, namespace, resource: key, refused: fits === 0, fits,
        text: `quota \`${name}\` in ${namespace}: ${show(key, used)} of ${show(key, limit)} ${key} used; one executor asks ${show(key, ask)}${fits === 0 ? ' — no more executors can be created' : ` — only ${fits} more fit${fits === 1 ? 's' : ''}`}`,
      });
    }
  }
  return out;
}

export function checkLimitRanges(ranges: readonly KubeLimitRange[], pod: ExecutorAsk): QuotaFinding[] {
  const out: QuotaFinding[] = [];
  for (const lr of ranges) {
    const name = lr.metadata?.name ?? '';
    const namespace = lr.metadata?.namespace ?? '';
    for (const item of lr.spec?.limits ?? []) {
      const targets = item.type === 'Pod' ? [{ name: 'the pod', requests: pod.resources.requests, limits: pod.resources.limits }]
        : item.type === 'Container' ? pod.resources.containers.map((c) => ({ name: `container ${c.name}`, requests: c.requests, limits: c.limits })) : [];
      for (const t of targets) {
        for (const [resource, raw] of Object.entries(item.max ?? {})) {
          const max = amount(resource, raw);
          const v = t.limits[resource] ?? t.requests[resource];
          if (max !== null && v !== undefined && v > max) {
            out.push({ kind: 'limit-range', object: name, namespace, resource, refused: true, fits: null,
              text: `LimitRange \`${name}\` in ${namespace} allows at most ${show(resource, max)} ${resource} per ${item.type === 'Pod' ? 'pod' : 'container'}; ${t.name} of each executor asks ${show(resource, v)}` });
          }
        }
        for (const [resource, raw] of Object.entries(item.min ?? {})) {
          const min = amount(resource, raw);
          const v = t.requests[resource];
          if (min !== null && v !== undefined && v < min) {
            out.push({ kind: 'limit-range', object: name, namespace, resource, refused: true, fits: null,
              text: `LimitRange \`${name}\` in ${namespace} requires at least ${show(resource, min)} ${resource} per ${item.type === 'Pod' ? 'pod' : 'container'}; ${t.name} of each executor asks ${show(resource, v)}` });
          }
        }
        for (const [resource, raw] of Object.entries(item.maxLimitRequestRatio ?? {})) {
          const ratio = amount('ratio', raw);
          const req = t.requests[resource];
          const lim = t.limits[resource];
          if (ratio !== null && req && lim && lim / req > ratio + 1e-9) {
            out.push({ kind: 'limit-range', object: name, namespace, resource, refused: true, fits: null,
              text: `LimitRange \`${name}\` in ${namespace} allows a ${resource} limit at most ${ratio}× the request; ${t.name} of each executor has ${show(resource, lim)} for ${show(resource, req)}` });
          }
        }
      }
    }
  }
  return out;
}
