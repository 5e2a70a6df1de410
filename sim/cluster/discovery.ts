// Legacy (unaggregated) discovery documents and /version, shaped as kube-apiserver 1.34
// serves them. Aggregated discovery (apidiscovery.k8s.io/v2) is not offered: clients that ask
// for it with a fallback in their Accept header (kubectl, client-go) get these instead.

import { AUTHORIZATION_RESOURCES, STORED_RESOURCES, type ResourceType } from './resources';

type Doc = Record<string, unknown>;

/** In the real server's order (group priority): authorization before rbac. */
export const GROUP_VERSIONS: { group: string; version: string }[] = [
  { group: 'authorization.k8s.io', version: 'v1' },
  { group: 'rbac.authorization.k8s.io', version: 'v1' },
];

function apiResources(r: ResourceType): Doc[] {
  const main: Doc = { name: r.resource, singularName: r.singularName, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames) main.shortNames = r.shortNames;
  if (r.categories) main.categories = r.categories;
  if (r.storageVersionHash) main.storageVersionHash = r.storageVersionHash;
  const subs = r.subresources.map((s) => ({ name: `${r.resource}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs }));
  return [main, ...subs];
}

const byName = (a: Doc, b: Doc) => (String(a.name) < String(b.name) ? -1 : 1);

export function resourceList(group: string, version: string): Doc | null {
  const groupVersion = group ? `${group}/${version}` : version;
  if (group === 'authorization.k8s.io' && version === 'v1') {
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: AUTHORIZATION_RESOURCES.map((r) => ({ ...r })) };
  }
  const resources = STORED_RESOURCES.filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return null;
  const doc: Doc = { kind: 'APIResourceList', groupVersion, resources: resources.flatMap(apiResources).sort(byName) };
  // The core list carries no apiVersion; group lists do.
  return group ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: doc.resources } : doc;
}

export function apiVersions(serverAddress: string): Doc {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(group: string): Doc {
  const versions = GROUP_VERSIONS.filter((g) => g.group === group).map((g) => ({ groupVersion: `${g.group}/${g.version}`, version: g.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(): Doc {
  const groups = [...new Set(GROUP_VERSIONS.map((g) => g.group))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup) };
}

export function apiGroupDoc(group: string): Doc | null {
  if (!GROUP_VERSIONS.some((g) => g.group === group)) return null;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) };
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
