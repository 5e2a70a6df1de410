// RequestInfoFactory of k8s.io/apiserver, in TypeScript: which API group, version, namespace,
// resource, name, subresource and verb a URL and method mean. Authorization, faults and
// routing all read this one parse, as on the real server.

import type { AuthzAttributes } from './apiErrors';

export interface RequestInfo extends AuthzAttributes {
  /** "api" or "apis" for resource and discovery paths, "" otherwise. */
  prefix: string;
  /** Parts after group/version (and after a namespace), e.g. ["pods", "x", "status"]. */
  parts: string[];
  /** Watch asked through the legacy /watch/ path prefix. */
  legacyWatch: boolean;
}

const METHOD_VERBS: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** runtime.Convert_Slice_string_To_bool: anything but "0" and "false" is true. */
export function queryBool(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v !== null && v !== '0' && v.toLowerCase() !== 'false';
}

/** fields.Selector.RequiresExactMatch("metadata.name") on the raw fieldSelector text. */
function exactName(fieldSelector: string | null): string {
  if (!fieldSelector) return '';
  for (const term of fieldSelector.split(',')) {
    const m = /^metadata\.name(==?)(.*)$/.exec(term.trim());
    if (m) return m[2]!;
  }
  return '';
}

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    verb: (METHOD_VERBS[method] ?? method).toLowerCase(), apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '',
    resourceRequest: false, path, prefix: '', parts: [], legacyWatch: false,
  };
  let parts = path.split('/').filter((p, i) => i > 0 || p !== '').filter((p) => p !== '');
  if (parts[0] !== 'api' && parts[0] !== 'apis') return info;
  info.prefix = parts[0]!;
  parts = parts.slice(1);
  if (info.prefix === 'apis') {
    if (parts.length < 2) return info; // /apis, /apis/<group>: discovery
    info.apiGroup = parts[0]!;
    parts = parts.slice(1);
  }
  if (parts.length < 2) {
    info.apiVersion = parts[0] ?? '';
    return info; // /api, /api/v1, /apis/g/v: discovery
  }
  info.apiVersion = parts[0]!;
  parts = parts.slice(1);
  info.resourceRequest = true;
  if (parts[0] === 'watch') {
    info.verb = 'watch';
    info.legacyWatch = true;
    parts = parts.slice(1);
  }
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1]!;
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
    }
  }
  info.parts = parts;
  if (parts.length >= 3) info.subresource = parts[2]!;
  if (parts.length >= 2) info.name = parts[1]!;
  if (parts.length >= 1) info.resource = parts[0]!;
  if (!info.name && info.verb === 'get') {
    info.verb = queryBool(query, 'watch') ? 'watch' : 'list';
    const name = exactName(query.get('fieldSelector'));
    if (name && !name.includes('/') && !name.includes('%') && name !== '.' && name !== '..') info.name = name;
  }
  if (!info.name && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}
