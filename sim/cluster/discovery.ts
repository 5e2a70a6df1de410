// Legacy (unaggregated) discovery documents and /version, shaped as kube-apiserver 1.34
// serves them. Aggregated discovery (apidiscovery.k8s.io/v2) is not offered: clients that ask
// for it with a fallback in their Accept header (kubectl, client-go) get these instead.
// Custom resources (the served versions of established CRDs) are passed in by the caller:
// their groups follow the built-in ones, by name, as the aggregator orders them.

import { AUTHORIZATION_RESOURCES, STORED_RESOURCES, type ResourceType } from './resources';

type Doc = Record<string, unknown>;

interface GroupVersion {
  group: string;
  version: string;
}

/** In the real server's order (group priority): authorization, rbac, apiextensions. */
export const GROUP_VERSIONS: readonly GroupVersion[] = [
  { group: 'authorization.k8s.io', version: 'v1' },
  { group: 'rbac.authorization.k8s.io', version: 'v1' },
  { group: 'apiextensions.k8s.io', version: 'v1' },
];

/** version.CompareKubeAwareVersionStrings: GA before beta before alpha, higher numbers first, then the rest by name. */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] | null => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return null;
    return [m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0, Number(m[1]), Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  if (!ra || !rb) return ra ? -1 : rb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  if (ra[0] !== rb[0]) return rb[0] - ra[0];
  if (ra[1] !== rb[1]) return rb[1] - ra[1];
  return rb[2] - ra[2];
}

/** Built-in group versions, then each custom group's versions (newest first), groups by name. */
function groupVersions(custom: readonly ResourceType[]): GroupVersion[] {
  const byGroup = new Map<string, Set<string>>();
  for (const r of custom) byGroup.set(r.group, (byGroup.get(r.group) ?? new Set()).add(r.version));
  const extra = [...byGroup.keys()].sort().flatMap((group) => [...byGroup.get(group)!].sort(compareKubeVersions).map((version) => ({ group, version })));
  return [...GROUP_VERSIONS, ...extra];
}

function apiResources(r: ResourceType): Doc[] {
  const main: Doc = { name: r.resource, singularName: r.singularName, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames) main.shortNames = r.shortNames;
  if (r.categories) main.categories = r.categories;
  if (r.storageVersionHash) main.storageVersionHash = r.storageVersionHash;
  const subs = r.subresources.map((s) => ({ name: `${r.resource}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs }));
  return [main, ...subs];
}

const byName = (a: Doc, b: Doc) => (String(a.name) < String(b.name) ? -1 : 1);

export function resourceList(group: string, version: string, custom: readonly ResourceType[] = []): Doc | null {
  const groupVersion = group ? `${group}/${version}` : version;
  if (group === 'authorization.k8s.io' && version === 'v1') {
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: AUTHORIZATION_RESOURCES.map((r) => ({ ...r })) };
  }
  const served = (r: ResourceType) => r.group === group && r.version === version;
  // Built-in kinds by name; custom resources in the order their CRDs were established (as the discovery controller lists them).
  const resources = [...STORED_RESOURCES.filter(served).flatMap(apiResources).sort(byName), ...custom.filter(served).flatMap(apiResources)];
  if (resources.length === 0) return null;
  const doc: Doc = { kind: 'APIResourceList', groupVersion, resources };
  // The core list carries no apiVersion; group lists do.
  return group ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: doc.resources } : doc;
}

export function apiVersions(serverAddress: string): Doc {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(group: string, all: GroupVersion[]): Doc {
  const versions = all.filter((g) => g.group === group).map((g) => ({ groupVersion: `${g.group}/${g.version}`, version: g.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(custom: readonly ResourceType[] = []): Doc {
  const all = groupVersions(custom);
  const groups = [...new Set(all.map((g) => g.group))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => apiGroup(g, all)) };
}

export function apiGroupDoc(group: string, custom: readonly ResourceType[] = []): Doc | null {
  const all = groupVersions(custom);
  if (!all.some((g) => g.group === group)) return null;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, all) };
}

export const VERSION_INFO: Doc = {
  major: '1',
  minor: '34',
  emulationMajor: '1',
  emulationMinor: '34',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '33',
  gitVersion: 'v1.34.0-sparksim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-08-27T00:00:00Z',
  goVersion: 'go1.24.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};
