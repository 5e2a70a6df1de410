// The resources the embedded cluster serves: names, kinds, verbs and short names exactly as
// kube-apiserver 1.34 lists them in discovery (subresources only where we serve them), plus each kind's strategy hooks (defaults,
// validation, what an update may change). Pods keep their strategy in podStrategy.ts.

import { fieldError, type FieldCause } from './apiErrors';
import { defaultLimitRange } from './limitRanger';
import { GENERIC_MERGE_SCHEMA, POD_MERGE_SCHEMA, type MergeSchema } from './patch';
import { CUSTOM_RESOURCE_DEFINITION } from './crdStrategy';
import type { PodAdmission } from './podAdmission';
import { defaultPod, podFields, podGracePeriod, preparePodForCreate, preparePodForStatusUpdate, preparePodForUpdate, validatePod, validatePodUpdate } from './podStrategy';
import type { KubeObject, StoreKind } from './storedObject';
import type { TablePrinter } from './table';

export interface CreateContext {
  now: string;
  /** Next free ClusterIP for services (10.0.0.0/24, .1 is the kubernetes service). */
  allocateClusterIP(): string;
  /** LimitRanger and ResourceQuota for pod creates (absent: every pod is admitted as it is). */
  podAdmission?: PodAdmission;
}

export interface ResourceType extends StoreKind {
  listKind: string;
  singularName: string;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  storageVersionHash?: string;
  subresources: { name: string; kind: string; verbs: string[] }[];
  /** Store.ReturnDeletedObject: DELETE answers with the object rather than a Success Status. */
  returnDeletedObject?: boolean;
  mergeSchema: MergeSchema;
  /** Has a status subresource: the main resource ignores status changes and /status ignores the rest. */
  hasStatus?: boolean;
  /** SetDefaults_*: runs on every decoded body, before managedFields are computed (the writer owns defaults). */
  defaults?(obj: KubeObject): void;
  /** Strategy PrepareForCreate plus admission: after managedFields (nobody owns what they add). */
  prepareForCreate?(obj: KubeObject, ctx: CreateContext): void;
  validate?(obj: KubeObject): FieldCause[];
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldCause[];
  prepareForStatusUpdate?(obj: KubeObject, old: KubeObject): void;
  /** Validation of a status subresource write (custom resources: the status schema). */
  validateStatus?(obj: KubeObject): FieldCause[];
  /** Graceful deletion (pods only): the grace period a delete gets. */
  gracePeriod?(obj: KubeObject, requested: number | undefined): number;
  /** The custom-resource decoder: checks apiVersion/kind and prunes to the schema, before anything else sees the body. */
  decode?(obj: KubeObject): void;
  /** What the kind's registry does to an object on its first delete (CRDs: cleanup finalizer, Terminating). */
  beforeDelete?(obj: KubeObject, now: string): void;
  /** PATCH media types served (default: all four); others get 415 with this list. */
  patchTypes?: string[];
  /** Field labels for fieldSelector (default: by kind, see selectors.ts). */
  fieldLabels?: string[];
  /** Custom resources: lists carry each item's apiVersion and kind, as unstructured lists do. */
  unstructured?: boolean;
  /** Server-side Table columns (default: by kind, see table.ts). */
  printer?: TablePrinter;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function keepStatus(obj: KubeObject, old: KubeObject): void {
  obj.status = old.status;
}

/** Generic status strategy: spec and owner references come from the stored object. */
function statusOnly(obj: KubeObject, old: KubeObject): void {
  obj.spec = old.spec;
  (obj.metadata ??= {}).ownerReferences = old.metadata?.ownerReferences;
}

function rulesRequired(obj: KubeObject): FieldCause[] {
  const errs: FieldCause[] = [];
  const rules = Array.isArray(obj.rules) ? obj.rules : [];
  rules.forEach((r, i) => {
    if (!isObj(r) || !Array.isArray(r.verbs) || r.verbs.length === 0) errs.push(fieldError.required(`rules[${i}].verbs`));
  });
  return errs;
}

function validateBinding(obj: KubeObject): FieldCause[] {
  const ref = isObj(obj.roleRef) ? obj.roleRef : {};
  const errs: FieldCause[] = [];
  if (!ref.name) errs.push(fieldError.required('roleRef.name'));
  const kinds = obj.kind === 'ClusterRoleBinding' ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!kinds.includes(String(ref.kind))) errs.push(fieldError.notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (ref.apiGroup !== 'rbac.authorization.k8s.io') errs.push(fieldError.notSupported('roleRef.apiGroup', ref.apiGroup ?? '', ['rbac.authorization.k8s.io']));
  return errs;
}

function roleRefImmutable(obj: KubeObject, old: KubeObject): FieldCause[] {
  return JSON.stringify(obj.roleRef) === JSON.stringify(old.roleRef) ? [] : [fieldError.invalid('roleRef', obj.roleRef, 'cannot change roleRef')];
}

const core = (r: Omit<ResourceType, 'group' | 'version' | 'mergeSchema'> & { mergeSchema?: MergeSchema }): ResourceType => ({ group: '', version: 'v1', mergeSchema: GENERIC_MERGE_SCHEMA, ...r });
const rbac = (r: Omit<ResourceType, 'group' | 'version' | 'mergeSchema' | 'verbs' | 'subresources'>): ResourceType => ({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  mergeSchema: GENERIC_MERGE_SCHEMA,
  verbs: CRUD,
  subresources: [],
  ...r,
});

export const POD = core({
  resource: 'pods', kind: 'Pod', listKind: 'PodList', singularName: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'],
  verbs: CRUD, storageVersionHash: 'xPOwRZ+Yhw8=', returnDeletedObject: true, hasStatus: true, generation: true,
  subresources: [{ name: 'binding', kind: 'Binding', verbs: ['create'] }, { name: 'log', kind: 'Pod', verbs: ['get'] }, { name: 'status', kind: 'Pod', verbs: STATUS_VERBS }],
  mergeSchema: POD_MERGE_SCHEMA, bookmarkTail: ',"spec":{"containers":null},"status":{}',
  fieldsOf: podFields,
  defaults: defaultPod,
  prepareForCreate: (o) => preparePodForCreate(o),
  validate: validatePod,
  prepareForUpdate: preparePodForUpdate,
  validateUpdate: validatePodUpdate,
  prepareForStatusUpdate: preparePodForStatusUpdate,
  gracePeriod: podGracePeriod,
});

export const NAMESPACE = core({
  resource: 'namespaces', kind: 'Namespace', listKind: 'NamespaceList', singularName: 'namespace', namespaced: false, shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], storageVersionHash: 'Q3oi5N2YM8M=', returnDeletedObject: true, hasStatus: true,
  subresources: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }, { name: 'status', kind: 'Namespace', verbs: STATUS_VERBS }],
  bookmarkTail: ',"spec":{},"status":{}',
  fieldsOf: (o) => ({ 'status.phase': String((o.status as Obj | undefined)?.phase ?? '') }),
  defaults: (o) => {
    const meta = (o.metadata ??= {});
    // The NamespaceDefaultLabelName feature: every namespace carries its own name as a label.
    if (meta.name) meta.labels = { ...(meta.labels as Obj | undefined), 'kubernetes.io/metadata.name': String(meta.name) };
  },
  prepareForCreate: (o) => {
    const spec = (isObj(o.spec) ? o.spec : {}) as Obj;
    const finalizers = Array.isArray(spec.finalizers) ? (spec.finalizers as string[]) : [];
    o.spec = { ...spec, finalizers: finalizers.includes('kubernetes') ? finalizers : [...finalizers, 'kubernetes'] };
    o.status = { phase: 'Active' };
  },
  prepareForUpdate: (o, old) => {
    keepStatus(o, old);
    o.spec = old.spec;
    const meta = (o.metadata ??= {});
    meta.labels = { ...(meta.labels as Obj | undefined), 'kubernetes.io/metadata.name': String(meta.name) };
  },
  prepareForStatusUpdate: statusOnly,
});

export const PVC = core({
  resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', listKind: 'PersistentVolumeClaimList', singularName: 'persistentvolumeclaim',
  namespaced: true, shortNames: ['pvc'], verbs: CRUD, storageVersionHash: 'QWTyNDq0dC4=', returnDeletedObject: true, hasStatus: true,
  subresources: [{ name: 'status', kind: 'PersistentVolumeClaim', verbs: STATUS_VERBS }],
  bookmarkTail: ',"spec":{},"status":{}',
  defaults: (o) => {
    const spec = (isObj(o.spec) ? o.spec : (o.spec = {})) as Obj;
    spec.volumeMode ??= 'Filesystem';
  },
  prepareForCreate: (o) => {
    o.status = { phase: 'Pending' };
    // StorageObjectInUseProtection admission: deletion waits for a controller that, without
    // kube-controller-manager, never comes (as on the integration control plane).
    const meta = (o.metadata ??= {});
    const finalizers = Array.isArray(meta.finalizers) ? (meta.finalizers as string[]) : [];
    if (!finalizers.includes('kubernetes.io/pvc-protection')) finalizers.push('kubernetes.io/pvc-protection');
    meta.finalizers = finalizers;
  },
  validate: (o) => {
    const spec = isObj(o.spec) ? o.spec : {};
    const errs: FieldCause[] = [];
    if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) errs.push(fieldError.required('spec.accessModes'));
    const requests = isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests : {};
    if (requests.storage === undefined) errs.push(fieldError.required('spec.resources[storage]'));
    return errs;
  },
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: statusOnly,
});

export const SERVICE_ACCOUNT = core({
  resource: 'serviceaccounts', kind: 'ServiceAccount', listKind: 'ServiceAccountList', singularName: 'serviceaccount', namespaced: true,
  shortNames: ['sa'], verbs: CRUD, storageVersionHash: 'pbx9ZvyFpBE=', subresources: [],
});

export const CONFIG_MAP = core({
  resource: 'configmaps', kind: 'ConfigMap', listKind: 'ConfigMapList', singularName: 'configmap', namespaced: true, shortNames: ['cm'],
  verbs: CRUD, storageVersionHash: 'qFsyl6wFWjQ=', subresources: [],
});

export const SERVICE = core({
  resource: 'services', kind: 'Service', listKind: 'ServiceList', singularName: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'],
  verbs: CRUD, storageVersionHash: '0/CO1lhkEBI=', returnDeletedObject: true, hasStatus: true,
  subresources: [{ name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, { name: 'status', kind: 'Service', verbs: STATUS_VERBS }],
  bookmarkTail: ',"spec":{},"status":{"loadBalancer":{}}',
  defaults: (o) => {
    const spec = (isObj(o.spec) ? o.spec : (o.spec = {})) as Obj;
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
    spec.internalTrafficPolicy ??= 'Cluster';
    for (const p of Array.isArray(spec.ports) ? (spec.ports as Obj[]) : []) {
      p.protocol ??= 'TCP';
      p.targetPort ??= p.port;
    }
  },
  prepareForCreate: (o, ctx) => {
    const spec = (isObj(o.spec) ? o.spec : (o.spec = {})) as Obj;
    if (spec.clusterIP === undefined) spec.clusterIP = ctx.allocateClusterIP();
    if (spec.clusterIP !== 'None') spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    o.status = { loadBalancer: {} };
  },
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: statusOnly,
});

export const EVENT = core({
  resource: 'events', kind: 'Event', listKind: 'EventList', singularName: 'event', namespaced: true, shortNames: ['ev'],
  verbs: CRUD, storageVersionHash: 'r2yiGXH7wu8=', subresources: [],
  bookmarkTail: ',"involvedObject":{},"reportingComponent":"","reportingInstance":""',
  fieldsOf: (o) => {
    const io = (isObj(o.involvedObject) ? o.involvedObject : {}) as Obj;
    const out: Record<string, string> = { reason: String(o.reason ?? ''), type: String(o.type ?? ''), reportingComponent: String(o.reportingComponent ?? '') };
    for (const k of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']) out[`involvedObject.${k}`] = String(io[k] ?? '');
    out.source = String((o.source as Obj | undefined)?.component ?? '');
    return out;
  },
});

// Quotas are enforced for pods (podAdmission.ts) and their status is kept by the cluster's
// quota controller (resourceQuotas.ts); a new quota starts without status, as on a cluster.
export const RESOURCE_QUOTA = core({
  resource: 'resourcequotas', kind: 'ResourceQuota', listKind: 'ResourceQuotaList', singularName: 'resourcequota', namespaced: true, shortNames: ['quota'],
  verbs: CRUD, storageVersionHash: '8uhSgffRX6w=', returnDeletedObject: true, hasStatus: true,
  subresources: [{ name: 'status', kind: 'ResourceQuota', verbs: STATUS_VERBS }],
  bookmarkTail: ',"spec":{},"status":{}',
  prepareForCreate: (o) => { o.status = {}; },
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: statusOnly,
});

export const LIMIT_RANGE = core({
  resource: 'limitranges', kind: 'LimitRange', listKind: 'LimitRangeList', singularName: 'limitrange', namespaced: true, shortNames: ['limits'],
  verbs: CRUD, storageVersionHash: 'EBKMFVe6cwo=', subresources: [],
  bookmarkTail: ',"spec":{"limits":null}',
  defaults: defaultLimitRange,
});

export const NODE = core({
  resource: 'nodes', kind: 'Node', listKind: 'NodeList', singularName: 'node', namespaced: false, shortNames: ['no'],
  verbs: CRUD, storageVersionHash: 'XwShjMxG9Fs=', hasStatus: true,
  subresources: [{ name: 'status', kind: 'Node', verbs: STATUS_VERBS }],
  bookmarkTail: ',"spec":{},"status":{"daemonEndpoints":{"kubeletEndpoint":{"Port":0}},"nodeInfo":{"machineID":"","systemUUID":"","bootID":"","kernelVersion":"","osImage":"","containerRuntimeVersion":"","kubeletVersion":"","kubeProxyVersion":"","operatingSystem":"","architecture":""}}',
  fieldsOf: (o) => ({ 'spec.unschedulable': String((o.spec as Obj | undefined)?.unschedulable === true) }),
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: statusOnly,
});

export const ROLE = rbac({ resource: 'roles', kind: 'Role', listKind: 'RoleList', singularName: 'role', namespaced: true, storageVersionHash: '7FuwZcIIItM=', validate: rulesRequired });
export const ROLE_BINDING = rbac({
  resource: 'rolebindings', kind: 'RoleBinding', listKind: 'RoleBindingList', singularName: 'rolebinding', namespaced: true, storageVersionHash: 'eGsCzGH6b1g=',
  bookmarkTail: ',"roleRef":{"apiGroup":"","kind":"","name":""}', validate: validateBinding, validateUpdate: roleRefImmutable,
});
export const CLUSTER_ROLE = rbac({ resource: 'clusterroles', kind: 'ClusterRole', listKind: 'ClusterRoleList', singularName: 'clusterrole', namespaced: false, storageVersionHash: 'bYE5ZWDrJ44=', validate: rulesRequired });
export const CLUSTER_ROLE_BINDING = rbac({
  resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', listKind: 'ClusterRoleBindingList', singularName: 'clusterrolebinding', namespaced: false,
  storageVersionHash: '48tpQ8gZHFc=', bookmarkTail: ',"roleRef":{"apiGroup":"","kind":"","name":""}', validate: validateBinding, validateUpdate: roleRefImmutable,
});

export const STORED_RESOURCES: readonly ResourceType[] = [
  POD, NAMESPACE, PVC, SERVICE_ACCOUNT, CONFIG_MAP, SERVICE, EVENT, RESOURCE_QUOTA, LIMIT_RANGE, NODE, ROLE, ROLE_BINDING, CLUSTER_ROLE, CLUSTER_ROLE_BINDING,
  CUSTOM_RESOURCE_DEFINITION,
];

/** authorization.k8s.io/v1: create-only review resources, answered by the authorizer, never stored. */
export const AUTHORIZATION_RESOURCES = [
  { name: 'localsubjectaccessreviews', singularName: 'localsubjectaccessreview', namespaced: true, kind: 'LocalSubjectAccessReview', verbs: ['create'] },
  { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] },
  { name: 'selfsubjectrulesreviews', singularName: 'selfsubjectrulesreview', namespaced: false, kind: 'SelfSubjectRulesReview', verbs: ['create'] },
  { name: 'subjectaccessreviews', singularName: 'subjectaccessreview', namespaced: false, kind: 'SubjectAccessReview', verbs: ['create'] },
];

export function findResource(group: string, resource: string): ResourceType | undefined {
  return STORED_RESOURCES.find((r) => r.group === group && r.resource === resource);
}
