// apiextensions.k8s.io/v1 CustomResourceDefinition as the kind itself: its defaults, the parts
// of ValidateCustomResourceDefinition a manifest can trip over (names, scope, one storage
// version, structural schemas), the status reset on create and the cleanup finalizer a delete
// adds. Serving the resources a CRD defines is customResources.ts's job.

import { fieldError, type FieldCause } from './apiErrors';
import { GENERIC_MERGE_SCHEMA } from './patch';
import type { ResourceType } from './resources';
import type { StructuralSchema } from './schemaPruning';
import type { KubeObject } from './storedObject';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

export const CRD_GROUP = 'apiextensions.k8s.io';
/** What the CRD registry adds on delete; the finalizing controller removes it once the resources are gone. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

export interface CrdNames {
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CrdColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: StructuralSchema };
  subresources?: { status?: Obj; scale?: Obj };
  additionalPrinterColumns?: CrdColumn[];
}

export interface CrdCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The parts of a stored CRD the cluster reads. */
export interface CustomResourceDefinition {
  metadata: { name: string; deletionTimestamp?: string; finalizers?: string[]; annotations?: Record<string, string> };
  spec: { group: string; names: CrdNames; scope: 'Namespaced' | 'Cluster'; versions: CrdVersion[] };
  status?: { conditions?: CrdCondition[] | null; acceptedNames?: Partial<CrdNames>; storedVersions?: string[] };
}

/** The approval annotation protected groups (k8s.io, kubernetes.io and their subdomains) need. */
export const APPROVAL_ANNOTATION = 'api-approved.kubernetes.io';

export const isProtectedGroup = (group: string) => ['k8s.io', 'kubernetes.io'].some((d) => group === d || group.endsWith(`.${d}`));

export const conditionTrue = (crd: CustomResourceDefinition, type: string) => (crd.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

function defaultCrd(obj: KubeObject): void {
  const spec = (isObj(obj.spec) ? obj.spec : (obj.spec = {})) as Obj;
  const names = (isObj(spec.names) ? spec.names : (spec.names = {})) as Obj;
  if (typeof names.kind === 'string' && names.kind) {
    names.singular ??= names.kind.toLowerCase();
    names.listKind ??= `${names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
}

const storageVersionOf = (spec: Obj) => arr(spec.versions).find((v) => v.storage === true)?.name as string | undefined;

// ---------------------------------------------------------------- structural schemas

/** The structural rules the real validator reports most: every specified node has a type, arrays have items. */
function structuralErrors(schema: StructuralSchema, path: string, where: 'root' | 'property' | 'items' | 'additional'): FieldCause[] {
  const errs: FieldCause[] = [];
  const open = schema['x-kubernetes-preserve-unknown-fields'] === true || schema['x-kubernetes-int-or-string'] === true;
  if (!schema.type && !open) {
    const detail = where === 'items' ? 'must not be empty for specified array items' : where === 'root' ? 'must not be empty at the root' : 'must not be empty for specified object fields';
    errs.push(fieldError.required(`${path}.type`, detail));
  }
  if (schema.type === 'array' && !isObj(schema.items)) errs.push(fieldError.required(`${path}.items`, 'must be specified'));
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (isObj(child)) errs.push(...structuralErrors(child, `${path}.properties[${key}]`, 'property'));
  }
  if (isObj(schema.items)) errs.push(...structuralErrors(schema.items, `${path}.items`, 'items'));
  if (isObj(schema.additionalProperties)) errs.push(...structuralErrors(schema.additionalProperties as StructuralSchema, `${path}.additionalProperties`, 'additional'));
  return errs;
}

// ---------------------------------------------------------------- validation

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function validateNames(names: Obj): FieldCause[] {
  const errs: FieldCause[] = [];
  for (const key of ['plural', 'singular']) {
    const v = names[key];
    if (key === 'plural' && !v) errs.push(fieldError.required('spec.names.plural'));
    else if (typeof v === 'string' && v && !DNS1035_LABEL.test(v)) errs.push(fieldError.invalid(`spec.names.${key}`, v, "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"));
  }
  if (!names.kind) errs.push(fieldError.required('spec.names.kind'));
  if (!names.listKind) errs.push(fieldError.required('spec.names.listKind'));
  return errs;
}

function validateVersions(spec: Obj): FieldCause[] {
  const versions = arr(spec.versions);
  const errs: FieldCause[] = [];
  if (versions.length === 0) return [fieldError.required('spec.versions', 'must have exactly one version marked as storage version')];
  const seen = new Set<unknown>();
  versions.forEach((v, i) => {
    const at = `spec.versions[${i}]`;
    if (!v.name) errs.push(fieldError.required(`${at}.name`));
    else if (seen.has(v.name)) errs.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(v.name)}`, field: `${at}.name` });
    seen.add(v.name);
    const schema = isObj(v.schema) && isObj(v.schema.openAPIV3Schema) ? (v.schema.openAPIV3Schema as StructuralSchema) : null;
    if (!schema) errs.push(fieldError.required(`${at}.schema.openAPIV3Schema`));
    else errs.push(...structuralErrors(schema, `${at}.schema.openAPIV3Schema`, 'root'));
  });
  if (versions.filter((v) => v.storage === true).length !== 1) {
    errs.push(fieldError.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  }
  return errs;
}

/** ValidateCustomResourceDefinition, for the parts that matter to a manifest. */
export function validateCrd(obj: KubeObject): FieldCause[] {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const names = isObj(spec.names) ? spec.names : {};
  const errs: FieldCause[] = [];
  const name = String(obj.metadata?.name ?? '');
  if (name && name !== `${String(names.plural ?? '')}.${String(spec.group ?? '')}`) errs.push(fieldError.invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  const group = spec.group;
  if (!group) errs.push(fieldError.required('spec.group'));
  else if (typeof group !== 'string' || !DNS1123_SUBDOMAIN.test(group)) errs.push(fieldError.invalid('spec.group', group, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
  else if (!group.includes('.')) errs.push(fieldError.invalid('spec.group', group, 'should be a domain with at least one dot'));
  const annotations = isObj(obj.metadata?.annotations) ? obj.metadata.annotations : {};
  if (typeof group === 'string' && isProtectedGroup(group) && !annotations[APPROVAL_ANNOTATION]) {
    errs.push(fieldError.required(`metadata.annotations[${APPROVAL_ANNOTATION}]`, `protected groups must have approval annotation "${APPROVAL_ANNOTATION}", see https://github.com/kubernetes/enhancements/pull/1111`));
  }
  errs.push(...validateNames(names));
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') errs.push(fieldError.notSupported('spec.scope', spec.scope ?? '', ['Cluster', 'Namespaced']));
  errs.push(...validateVersions(spec));
  const stored = isObj(obj.status) && Array.isArray(obj.status.storedVersions) ? obj.status.storedVersions : [];
  if (stored.length === 0) errs.push(fieldError.invalid('status.storedVersions', null, 'must have at least one stored version'));
  return errs;
}

function validateCrdUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const oldSpec = isObj(old.spec) ? old.spec : {};
  const errs: FieldCause[] = [];
  if (spec.group !== oldSpec.group) errs.push(fieldError.invalid('spec.group', spec.group, 'field is immutable'));
  if (spec.scope !== oldSpec.scope) errs.push(fieldError.invalid('spec.scope', spec.scope, 'field is immutable'));
  return errs;
}

// ---------------------------------------------------------------- strategy

/** strategy.PrepareForCreate: status starts empty but for the storage version (the controllers fill in the rest). */
function prepareCrdForCreate(obj: KubeObject): void {
  const storage = storageVersionOf(isObj(obj.spec) ? obj.spec : {});
  obj.status = { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: storage ? [storage] : [] };
}

/** strategy.PrepareForUpdate: status is kept, and a new storage version joins storedVersions. */
function prepareCrdForUpdate(obj: KubeObject, old: KubeObject): void {
  const status = (isObj(old.status) ? structuredClone(old.status) : {}) as Obj;
  const storage = storageVersionOf(isObj(obj.spec) ? obj.spec : {});
  const stored = Array.isArray(status.storedVersions) ? (status.storedVersions as string[]) : [];
  if (storage && !stored.includes(storage)) status.storedVersions = [...stored, storage];
  obj.status = status;
}

function prepareCrdForStatusUpdate(obj: KubeObject, old: KubeObject): void {
  obj.spec = old.spec;
}

/** The CRD registry's Delete: finalizer and Terminating condition first; resources go, then the CRD. */
function markCrdTerminating(obj: KubeObject, now: string): void {
  const meta = (obj.metadata ??= {});
  if (meta.deletionTimestamp) return;
  const finalizers = Array.isArray(meta.finalizers) ? (meta.finalizers as string[]) : [];
  if (!finalizers.includes(CLEANUP_FINALIZER)) meta.finalizers = [...finalizers, CLEANUP_FINALIZER];
  const status = (isObj(obj.status) ? obj.status : (obj.status = {})) as Obj;
  const conditions = arr(status.conditions).filter((c) => c.type !== 'Terminating');
  conditions.push({ type: 'Terminating', status: 'True', lastTransitionTime: now, reason: 'InstanceDeletionPending', message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon' });
  status.conditions = conditions;
}

export const CUSTOM_RESOURCE_DEFINITION: ResourceType = {
  group: CRD_GROUP,
  version: 'v1',
  resource: 'customresourcedefinitions',
  kind: 'CustomResourceDefinition',
  listKind: 'CustomResourceDefinitionList',
  singularName: 'customresourcedefinition',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  storageVersionHash: 'jfWCUB31mvA=',
  subresources: [{ name: 'status', kind: 'CustomResourceDefinition', verbs: ['get', 'patch', 'update'] }],
  mergeSchema: GENERIC_MERGE_SCHEMA,
  returnDeletedObject: true,
  hasStatus: true,
  generation: true,
  defaults: defaultCrd,
  prepareForCreate: prepareCrdForCreate,
  validate: validateCrd,
  prepareForUpdate: prepareCrdForUpdate,
  validateUpdate: validateCrdUpdate,
  prepareForStatusUpdate: prepareCrdForStatusUpdate,
  beforeDelete: markCrdTerminating,
};
