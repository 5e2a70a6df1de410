// One served version of a CustomResourceDefinition as a ResourceType, so the generic handlers
// serve it like a built-in kind, with the custom-resource registry's rules
// (apiextensions-apiserver/pkg/registry/customresource): apiVersion/kind checked and the body
// pruned by the decoder, status reset on create and kept apart by the status subresource, no
// strategic merge patch, the schema validated (schemaValidation.ts), only metadata.name/namespace
// as field labels, and the server-side Table built from additionalPrinterColumns.

import crypto from 'node:crypto';
import { badRequest, fieldError, invalid } from './apiErrors';
import type { CrdColumn, CrdVersion, CustomResourceDefinition } from './crdStrategy';
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, type MergeSchema } from './patch';
import type { ResourceType } from './resources';
import { pruneCustomResource } from './schemaPruning';
import { validateCustomResource, validateCustomResourceStatus } from './schemaValidation';
import type { KubeObject } from './storedObject';
import { col, CREATED_DOC, humanDuration, NAME_DOC, type TablePrinter } from './table';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Custom resources have no strategic merge keys; lists are atomic unless a schema says otherwise. */
const CUSTOM_RESOURCE_MERGE_SCHEMA: MergeSchema = { keys: { 'metadata.ownerReferences': 'uid' }, primitiveMerge: new Set(['metadata.finalizers']) };

/** The crdHandler's discovery verbs, in its order. */
const CUSTOM_RESOURCE_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

/** discovery.StorageVersionHash: the first 8 bytes of sha256("group/version/kind"), base64. */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return crypto.createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

/** The simple JSONPath of printer columns: `.a.b`, `.a[0].b`, `.a['x.y']`. */
function lookup(obj: unknown, jsonPath: string): unknown {
  const path = jsonPath.replace(/^\{|\}$/g, '');
  const tokens = [...path.matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']+)'\]/g)].map((m) => m[1] ?? m[3] ?? Number(m[2]));
  let cur: unknown = obj;
  for (const t of tokens) {
    if (typeof t === 'number') cur = Array.isArray(cur) ? cur[t] : undefined;
    else cur = isObj(cur) ? cur[t] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** tableconvertor's cell rules: strings printed, dates as an age, numbers and booleans kept when they match. */
function cell(column: CrdColumn, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case 'string':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? humanDuration(now - Date.parse(value)) : null;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? value : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    default:
      return null;
  }
}

const AGE_COLUMN: CrdColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

function printerOf(version: CrdVersion): TablePrinter {
  const custom = version.additionalPrinterColumns ?? [];
  const columns = custom.length ? custom : [AGE_COLUMN];
  return {
    columns: [
      col('Name', 'string', NAME_DOC, 0, 'name'),
      ...columns.map((c) => {
        const doc = c.description || (custom.length ? `Custom resource definition column (in JSONPath format): ${c.jsonPath}` : CREATED_DOC);
        return col(c.name, c.type, doc, c.priority ?? 0, c.format ?? '');
      }),
    ],
    cells: (obj, now) => [obj.metadata?.name, ...columns.map((c) => cell(c, lookup(obj, c.jsonPath), now))],
  };
}

/** The decoder's type check: 400 for a missing kind or another apiVersion, 422 for another kind. */
function checkTypeMeta(obj: KubeObject, apiVersion: string, kind: string, group: string): void {
  if (!obj.kind) {
    const text = JSON.stringify(obj);
    throw badRequest(`the object provided is unrecognized (must be of type ${kind}): Object 'Kind' is missing in '${text}' (${text})`);
  }
  if (obj.apiVersion !== apiVersion) throw badRequest(`the API version in the data (${String(obj.apiVersion ?? '')}) does not match the expected API version (${apiVersion})`);
  if (obj.kind !== kind) throw invalid({ group, kind: String(obj.kind) }, String(obj.metadata?.name ?? ''), [fieldError.invalid('kind', obj.kind, `must be ${kind}`)]);
}

/** customResourceStatusStrategy.PrepareForUpdate: the stored object with only the new status. */
function statusOnly(obj: KubeObject, old: KubeObject): void {
  const status = obj.status;
  const meta = (obj.metadata ??= {});
  for (const k of Object.keys(obj)) if (k !== 'metadata') delete obj[k];
  for (const k of Object.keys(meta)) delete meta[k];
  const { metadata: oldMeta, ...rest } = structuredClone(old);
  Object.assign(meta, oldMeta);
  Object.assign(obj, rest);
  if (status === undefined) delete obj.status;
  else obj.status = status;
}

export function customResourceType(crd: CustomResourceDefinition, version: CrdVersion): ResourceType {
  const { group, names, scope } = crd.spec;
  const storage = crd.spec.versions.find((v) => v.storage)?.name ?? version.name;
  const apiVersion = `${group}/${version.name}`;
  const hasStatus = isObj(version.subresources?.status);
  const schema = version.schema?.openAPIV3Schema ?? { type: 'object' };
  return {
    group,
    version: version.name,
    resource: names.plural,
    kind: names.kind,
    listKind: names.listKind,
    singularName: names.singular,
    namespaced: scope === 'Namespaced',
    ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
    ...(names.categories?.length ? { categories: names.categories } : {}),
    verbs: CUSTOM_RESOURCE_VERBS,
    storageVersionHash: storageVersionHash(group, storage, names.kind),
    subresources: hasStatus ? [{ name: 'status', kind: names.kind, verbs: ['get', 'patch', 'update'] }] : [],
    mergeSchema: CUSTOM_RESOURCE_MERGE_SCHEMA,
    hasStatus,
    generation: true,
    unstructured: true,
    patchTypes: [JSON_PATCH, MERGE_PATCH, APPLY_PATCH],
    fieldLabels: ['metadata.name', 'metadata.namespace'],
    printer: printerOf(version),
    decode: (obj) => {
      checkTypeMeta(obj, apiVersion, names.kind, group);
      pruneCustomResource(obj, schema);
    },
    validate: (obj) => validateCustomResource(obj, schema),
    validateStatus: (obj) => validateCustomResourceStatus(obj, schema),
    ...(hasStatus
      ? {
          prepareForCreate: (obj: KubeObject) => void delete obj.status,
          prepareForUpdate: (obj: KubeObject, old: KubeObject) => {
            if (old.status === undefined) delete obj.status;
            else obj.status = old.status;
          },
          prepareForStatusUpdate: statusOnly,
        }
      : {}),
  };
}
