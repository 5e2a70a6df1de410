// The custom resources an embedded cluster serves, kept in step with its stored
// CustomResourceDefinitions, and the apiextensions controllers that move a CRD along:
// the naming controller (acceptedNames, NamesAccepted), the establishing controller
// (Established), and the finalizer that deletes a terminating CRD's resources and then the CRD.
// Like their real counterparts they react after the write, so a create answers with an empty
// status and clients wait for Established; the definitions are kept in stateDir across restarts.

import type { ChangeEvent } from './watchLog';
import { updateManagedFields } from './managedFields';
import type { ObjectStore } from './objectStore';
import { APPROVAL_ANNOTATION, CLEANUP_FINALIZER, conditionTrue, isProtectedGroup, CUSTOM_RESOURCE_DEFINITION as CRD, type CrdCondition, type CrdNames, type CustomResourceDefinition } from './crdStrategy';
import { loadDefinitions, saveDefinitions } from './crdPersistence';
import { customResourceType } from './customResourceType';
import type { ResourceType } from './resources';
import { apiVersionOf, type KubeObject, type StoredObject } from './storedObject';

export interface CustomResources {
  /** The type serving `group/version/resource`, if an established CRD serves that version. */
  find(group: string, version: string, resource: string): ResourceType | undefined;
  /** Every served custom resource version (discovery, OpenAPI). */
  types(): ResourceType[];
  stop(): void;
}

export interface CustomResourcesOptions {
  /** Where the definitions are kept across restarts. */
  stateDir: string;
  /** Record the controllers' status writes in managedFields (as the cluster's other writes). */
  managedFields: boolean;
}

interface Served {
  types: ResourceType[];
  /** The storage version's type: the store keeps every version's objects under it. */
  storage: ResourceType;
}

const parseCrd = (o: StoredObject) => JSON.parse(o.json) as CustomResourceDefinition & KubeObject;

/** status.acceptedNames in the field order the real server writes. */
function acceptedNamesOf(names: CrdNames): Partial<CrdNames> {
  const out: Partial<CrdNames> = { plural: names.plural, singular: names.singular };
  if (names.shortNames?.length) out.shortNames = names.shortNames;
  out.kind = names.kind;
  out.listKind = names.listKind;
  if (names.categories?.length) out.categories = names.categories;
  return out;
}

/** The naming controller's check: another CRD of the group already accepted this plural or kind. */
function nameConflict(store: ObjectStore, crd: CustomResourceDefinition): CrdCondition | null {
  for (const other of store.range(CRD, '').map(parseCrd)) {
    if (other.metadata.name === crd.metadata.name || other.spec.group !== crd.spec.group) continue;
    const accepted = other.status?.acceptedNames ?? {};
    if (accepted.plural === crd.spec.names.plural) return { type: 'NamesAccepted', status: 'False', reason: 'PluralConflict', message: `"${crd.spec.names.plural}" is already in use` };
    if (accepted.kind === crd.spec.names.kind) return { type: 'NamesAccepted', status: 'False', reason: 'KindConflict', message: `"${crd.spec.names.kind}" is already in use` };
  }
  return null;
}

/** The API approval controller: for protected groups, whether the annotation says approved. */
function approvalCondition(crd: CustomResourceDefinition): CrdCondition | null {
  if (!isProtectedGroup(crd.spec.group)) return null;
  const value = crd.metadata.annotations?.[APPROVAL_ANNOTATION] ?? '';
  if (value.startsWith('unapproved')) return { type: 'KubernetesAPIApprovalPolicyConformant', status: 'False', reason: 'UnapprovedAnnotation', message: `not approved: ${JSON.stringify(value)}` };
  return { type: 'KubernetesAPIApprovalPolicyConformant', status: 'True', reason: 'ApprovedAnnotation', message: `approved in ${value}` };
}

/** A condition keeps its lastTransitionTime while its status does not change. */
function withCondition(conditions: CrdCondition[], next: CrdCondition, now: string): CrdCondition[] {
  const prev = conditions.find((c) => c.type === next.type);
  const stamped = { type: next.type, status: next.status, lastTransitionTime: prev?.status === next.status ? prev.lastTransitionTime : now, reason: next.reason, message: next.message };
  return prev ? conditions.map((c) => (c.type === next.type ? stamped : c)) : [...conditions, stamped];
}

export function startCustomResources(store: ObjectStore, options: CustomResourcesOptions): CustomResources {
  const served = new Map<string, Served>();
  let index = new Map<string, ResourceType>();
  const pending = new Set<string>();
  let stopped = false;

  const reindex = () => {
    index = new Map();
    for (const s of served.values()) for (const t of s.types) index.set(`${t.group}/${t.version}/${t.resource}`, t);
  };

  /** Deletes every object of the CRD's resources (DELETED events to watchers), then forgets the kind. */
  function unserve(name: string): void {
    const s = served.get(name);
    if (!s) return;
    served.delete(name);
    reindex();
    for (const o of store.range(s.storage, '')) store.remove(s.storage, o);
    store.unregister(s.storage);
  }

  function serve(crd: CustomResourceDefinition): void {
    const storageVersion = crd.spec.versions.find((v) => v.storage);
    if (!storageVersion) return;
    const storage = customResourceType(crd, storageVersion);
    const previous = served.get(crd.metadata.name);
    if (previous && (previous.storage.group !== storage.group || previous.storage.resource !== storage.resource)) unserve(crd.metadata.name);
    if (!store.isRegistered(storage)) store.register(storage);
    served.set(crd.metadata.name, { storage, types: crd.spec.versions.filter((v) => v.served).map((v) => customResourceType(crd, v)) });
    reindex();
  }

  /** The naming and establishing controllers in one step: what status this CRD should have now. */
  function desiredStatus(crd: CustomResourceDefinition, now: string): NonNullable<CustomResourceDefinition['status']> {
    const status = crd.status ?? {};
    let conditions = status.conditions ?? [];
    const conflict = nameConflict(store, crd);
    if (conflict) {
      conditions = withCondition(conditions, conflict, now);
      if (!conditionTrue(crd, 'Established')) conditions = withCondition(conditions, { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }, now);
      return { ...status, conditions };
    }
    conditions = withCondition(conditions, { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }, now);
    if (!conditionTrue(crd, 'Established')) conditions = withCondition(conditions, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }, now);
    const approval = approvalCondition(crd);
    if (approval) conditions = withCondition(conditions, approval, now);
    return { conditions, acceptedNames: acceptedNamesOf(crd.spec.names), storedVersions: status.storedVersions };
  }

  function writeStatus(current: StoredObject, crd: CustomResourceDefinition & KubeObject, status: CustomResourceDefinition['status']): void {
    const next: KubeObject = { ...structuredClone(crd), status };
    const time = store.timestamp();
    if (options.managedFields) {
      const entries = updateManagedFields(crd, next, { manager: 'kube-apiserver', apiVersion: apiVersionOf(CRD), time, subresource: 'status', schema: CRD.mergeSchema });
      (next.metadata ??= {}).managedFields = entries;
    }
    store.update(CRD, next, current, crd);
  }

  /** customresourcecleanup: the resources go first, then the finalizer and with it (if it was the last) the CRD. */
  function finalize(current: StoredObject, crd: CustomResourceDefinition & KubeObject): void {
    const finalizers = crd.metadata.finalizers ?? [];
    if (!finalizers.includes(CLEANUP_FINALIZER)) return;
    unserve(crd.metadata.name);
    const rest = finalizers.filter((f) => f !== CLEANUP_FINALIZER);
    if (rest.length === 0) store.remove(CRD, current);
    else store.update(CRD, { ...crd, metadata: { ...crd.metadata, finalizers: rest } }, current, crd);
  }

  function reconcile(name: string): void {
    const current = store.get(CRD, '', name);
    if (stopped || !current) return;
    const crd = parseCrd(current);
    if (crd.metadata.deletionTimestamp) return finalize(current, crd);
    const status = desiredStatus(crd, store.timestamp());
    if (JSON.stringify(status) !== JSON.stringify(crd.status)) writeStatus(current, crd, status);
  }

  const schedule = (name: string) => {
    if (pending.has(name)) return;
    pending.add(name);
    setImmediate(() => {
      pending.delete(name);
      reconcile(name);
    });
  };

  const onCommit = (e: ChangeEvent) => {
    saveDefinitions(options.stateDir, store.range(CRD, '').map((o) => JSON.parse(o.json) as KubeObject));
    const crd = parseCrd(e.object);
    if (e.type === 'DELETED') return unserve(crd.metadata.name);
    if (conditionTrue(crd, 'Established')) serve(crd);
    schedule(crd.metadata.name);
  };
  const unsubscribe = store.onCommit(CRD, onCommit);

  for (const saved of loadDefinitions(options.stateDir)) {
    const meta = (saved.metadata ??= {});
    delete meta.resourceVersion;
    if (!store.get(CRD, '', String(meta.name))) store.restoreObject(CRD, saved);
  }

  return {
    find: (group, version, resource) => index.get(`${group}/${version}/${resource}`),
    types: () => [...index.values()],
    stop: () => {
      stopped = true;
      unsubscribe();
    },
  };
}
