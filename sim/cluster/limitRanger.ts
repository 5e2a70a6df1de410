// The LimitRanger admission plugin for pods (plugin/pkg/admission/limitranger): on create, a
// container without a request or limit gets the LimitRange's defaultRequest/default (and an
// annotation saying so); then every container, init container and the pod as a whole is held
// to min, max and maxLimitRequestRatio, in the plugin's words ("maximum cpu usage per
// Container is 2, but limit is 4"). Also the LimitRange object's own defaulting
// (SetDefaults_LimitRangeItem), which fills default and defaultRequest from max and min.

import { formatQuantity, parseQuantity, type Quantity } from './quantity';
import { podResourceList, resourceList, type ResourceList } from './podUsage';
import type { KubeObject } from './storedObject';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** SetDefaults_LimitRangeItem: a Container item's default limit is its max, its default request its default limit, else its min. */
export function defaultLimitRange(obj: KubeObject): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  for (const item of arr(spec.limits)) {
    if (item.type !== 'Container') continue;
    const def = (isObj(item.default) ? item.default : {}) as Obj;
    const defReq = (isObj(item.defaultRequest) ? item.defaultRequest : {}) as Obj;
    for (const [k, v] of Object.entries(isObj(item.max) ? item.max : {})) if (def[k] === undefined) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (defReq[k] === undefined) defReq[k] = v;
    for (const [k, v] of Object.entries(isObj(item.min) ? item.min : {})) if (defReq[k] === undefined) defReq[k] = v;
    item.default = def;
    item.defaultRequest = defReq;
  }
}

/** PodMutateLimitFunc: each LimitRange's Container defaults, where a container states nothing. */
export function applyLimitRangeDefaults(pod: KubeObject, ranges: readonly Obj[]): void {
  const spec = isObj(pod.spec) ? pod.spec : {};
  for (const range of ranges) {
    const defaults = { requests: {} as Obj, limits: {} as Obj };
    for (const item of arr(isObj(range.spec) ? range.spec.limits : undefined)) {
      if (item.type !== 'Container') continue;
      Object.assign(defaults.requests, isObj(item.defaultRequest) ? item.defaultRequest : {});
      Object.assign(defaults.limits, isObj(item.default) ? item.default : {});
    }
    const notes: string[] = [];
    const merge = (c: Obj, what: string) => {
      const resources = (isObj(c.resources) ? c.resources : (c.resources = {})) as Obj;
      const set = { requests: [] as string[], limits: [] as string[] };
      for (const which of ['limits', 'requests'] as const) {
        const own = (isObj(resources[which]) ? resources[which] : {}) as Obj;
        for (const [k, v] of Object.entries(defaults[which])) if (own[k] === undefined) { own[k] = v; set[which].push(k); }
        if (Object.keys(own).length) resources[which] = own;
      }
      if (set.requests.length) notes.push(`${set.requests.sort().join(', ')} request for ${what} ${String(c.name ?? '')}`);
      if (set.limits.length) notes.push(`${set.limits.sort().join(', ')} limit for ${what} ${String(c.name ?? '')}`);
    };
    for (const c of arr(spec.containers)) merge(c, 'container');
    for (const c of arr(spec.initContainers)) merge(c, 'init container');
    if (notes.length) {
      const meta = (pod.metadata ??= {});
      meta.annotations = { ...(isObj(meta.annotations) ? meta.annotations : {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
    }
  }
}

const show = (q: Quantity) => formatQuantity(q);

function minConstraint(type: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList): string | null {
  const req = requests[name];
  const lim = limits[name];
  if (!req) return `minimum ${name} usage per ${type} is ${show(enforced)}.  No request is specified`;
  if (req.milli < enforced.milli) return `minimum ${name} usage per ${type} is ${show(enforced)}, but request is ${show(req)}`;
  if (lim && lim.milli < enforced.milli) return `minimum ${name} usage per ${type} is ${show(enforced)}, but limit is ${show(lim)}`;
  return null;
}

function maxConstraint(type: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList): string | null {
  const req = requests[name];
  const lim = limits[name];
  if (!lim) return `maximum ${name} usage per ${type} is ${show(enforced)}.  No limit is specified`;
  if (lim.milli > enforced.milli) return `maximum ${name} usage per ${type} is ${show(enforced)}, but limit is ${show(lim)}`;
  if (req && req.milli > enforced.milli) return `maximum ${name} usage per ${type} is ${show(enforced)}, but request is ${show(req)}`;
  return null;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList): string | null {
  const req = requests[name];
  const lim = limits[name];
  if (!req || req.milli === 0n) return `${name} max limit to request ratio per ${type} is ${show(enforced)}, but no request is specified or request is 0`;
  if (!lim || lim.milli === 0n) return `${name} max limit to request ratio per ${type} is ${show(enforced)}, but no limit is specified or limit is 0`;
  const ratio = Number(lim.milli) / Number(req.milli);
  // Go's %f: six decimals.
  return ratio * 1000 > Number(enforced.milli) ? `${name} max limit to request ratio per ${type} is ${show(enforced)}, but provided ratio is ${ratio.toFixed(6)}` : null;
}

/** utilerrors.NewAggregate(errs).Error(): one message alone, several (deduplicated) in brackets. */
function aggregate(errors: string[]): string | null {
  const unique = [...new Set(errors)];
  if (unique.length === 0) return null;
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** PodValidateLimitFunc over each LimitRange in turn: the first one the pod breaks, in its words; null when all allow it. */
export function limitRangeRefusal(pod: KubeObject, ranges: readonly Obj[]): string | null {
  const spec = isObj(pod.spec) ? pod.spec : {};
  for (const range of ranges) {
    const errors: string[] = [];
    for (const item of arr(isObj(range.spec) ? range.spec.limits : undefined)) {
      const type = String(item.type ?? '');
      const check = (requests: ResourceList, limits: ResourceList) => {
        const bound = (key: 'min' | 'max' | 'maxLimitRequestRatio', fn: typeof minConstraint) => {
          for (const [name, raw] of Object.entries(isObj(item[key]) ? item[key] : {}).sort(([a], [b]) => a.localeCompare(b))) {
            const enforced = parseQuantity(raw);
            const err = enforced && fn(type, name, enforced, requests, limits);
            if (err) errors.push(err);
          }
        };
        bound('min', minConstraint);
        bound('max', maxConstraint);
        bound('maxLimitRequestRatio', ratioConstraint);
      };
      if (type === 'Container') {
        for (const c of [...arr(spec.containers), ...arr(spec.initContainers)]) {
          const r = isObj(c.resources) ? c.resources : {};
          check(resourceList(r.requests), resourceList(r.limits));
        }
      } else if (type === 'Pod') {
        check(podResourceList(pod, 'requests', { overhead: false }), podResourceList(pod, 'limits', { overhead: false }));
      }
    }
    const refusal = aggregate(errors);
    if (refusal) return refusal;
  }
  return null;
}
