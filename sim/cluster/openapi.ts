// A deliberately thin OpenAPI v3 surface: the /openapi/v3 index and one document per group
// version listing each kind's PATCH operation with its `fieldValidation` parameter. That is
// all kubectl reads before create/apply (QueryParamVerifierV3, to send fieldValidation=Strict
// instead of validating client-side); schemas are not served. Custom resources are listed
// like built-in kinds (kube-apiserver publishes each CRD version under its group version).

import { STORED_RESOURCES, type ResourceType } from './resources';

type Doc = Record<string, unknown>;

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);
const HASH = '5EB2B1C2A1F0D3E4';

export function openapiIndex(resources: readonly ResourceType[] = STORED_RESOURCES): Doc {
  const paths: Doc = {};
  for (const r of resources) {
    const p = gvPath(r.group, r.version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${HASH}` };
  }
  return { paths };
}

/** The document for `/openapi/v3/<api/v1 | apis/g/v>`, or null when no such group version is served. */
export function openapiGroupVersion(relative: string, all: readonly ResourceType[] = STORED_RESOURCES): Doc | null {
  const resources = all.filter((r) => gvPath(r.group, r.version) === relative);
  if (resources.length === 0) return null;
  const paths: Doc = {};
  const parameters = [
    { name: 'dryRun', in: 'query', description: 'When present, indicates that modifications should not be persisted.', schema: { type: 'string', uniqueItems: true } },
    { name: 'fieldManager', in: 'query', description: 'fieldManager is a name associated with the actor or entity that is making these changes.', schema: { type: 'string', uniqueItems: true } },
    { name: 'fieldValidation', in: 'query', description: 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.', schema: { type: 'string', uniqueItems: true } },
  ];
  for (const r of resources) {
    const base = `/${relative}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}/{name}`;
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    paths[base] = { patch: { operationId: `patch${r.kind}`, 'x-kubernetes-action': 'patch', 'x-kubernetes-group-version-kind': gvk, parameters } };
    const collection = `/${relative}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}`;
    paths[collection] = { post: { operationId: `create${r.kind}`, 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': gvk, parameters } };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.34.0' }, paths, components: {} };
}
