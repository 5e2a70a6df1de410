// Findings about one driver service account's RBAC, stated as facts the panel can show: what
// Spark needs and lacks (with the Forbidden events each gap explains), what is granted far
// beyond that (cluster-admin, wildcards, cluster-wide pod creation, secrets, the docs' `edit`
// ClusterRoleBinding), a missing service account, and bindings whose role does not exist.

import type { KubeEvent, KubePolicyRule, KubeServiceAccount } from '../kube/types';
import { forbiddenEvents, type ForbiddenEvent } from './forbiddenEvents';
import { bindingsForUser, type AppliedBinding, type BindingRef, type RbacSnapshot } from './resolvePermissions';
import { combinedResource, ruleAllows, WILDCARD } from './ruleMatch';
import { checkDriverNeeds, type NeedCheck } from './sparkDriverNeeds';
import { describeSubject, serviceAccountUser, serviceAccountUsername } from './subjects';

export type FindingSeverity = 'info' | 'warning' | 'danger';

export interface RbacFinding {
  /** Stable across refreshes: "missing:pods:create", "cluster-admin:ClusterRoleBinding/x", … */
  id: string;
  severity: FindingSeverity;
  title: string;
  detail: string;
  /** Subjects involved, as the authorizer names them (`ServiceAccount "spark/team-a"`). */
  subjects: string[];
  bindings: BindingRef[];
  /** For missing permissions: the DriverNeed ids. */
  needs?: string[];
  /** Forbidden events this finding explains. */
  events?: ForbiddenEvent[];
}

export interface RbacFindingsInput {
  snapshot: RbacSnapshot;
  namespace: string;
  serviceAccount: string;
  usesOnDemandClaims: boolean;
  /** Service accounts of the namespace; omitted when they could not be read (the check is skipped). */
  serviceAccounts?: readonly KubeServiceAccount[];
  /** Needs already checked (e.g. by SubjectAccessReview); omitted: checked against the snapshot. */
  checks?: readonly NeedCheck[];
  /** The application's events; only Forbidden answers to this service account are used. */
  events?: readonly KubeEvent[];
}

/** "RoleBinding <namespace>/<name>" or "ClusterRoleBinding <name>". */
export const bindingLabel = (b: BindingRef) => (b.kind === 'RoleBinding' ? `RoleBinding ${b.namespace}/${b.name}` : `ClusterRoleBinding ${b.name}`);
const bindingId = (b: BindingRef) => (b.kind === 'RoleBinding' ? `RoleBinding/${b.namespace}/${b.name}` : `ClusterRoleBinding/${b.name}`);
const where = (b: BindingRef) => (b.kind === 'ClusterRoleBinding' ? 'in every namespace' : `in namespace ${b.namespace}`);

// Probes for what core-group rules grant, asked exactly as the authorizer would match them.
const allowsCore = (rules: readonly KubePolicyRule[], verb: string, resource: string) => rules.some((r) => ruleAllows(r, { verb, apiGroup: '', resource }));
const isClusterAdminRule = (r: KubePolicyRule) =>
  (r.verbs ?? []).includes(WILDCARD) && (r.apiGroups ?? []).includes(WILDCARD) && (r.resources ?? []).includes(WILDCARD) && !(r.resourceNames ?? []).length;

function missingPermissionFindings(checks: readonly NeedCheck[], events: ForbiddenEvent[], subject: string): RbacFinding[] {
  const out: RbacFinding[] = [];
  for (const c of checks) {
    const n = c.need;
    const explained = events.filter((e) => e.request.verb === n.verb && e.request.resource === n.resource && !e.request.subresource && e.request.apiGroup === n.apiGroup);
    if (c.allowed) {
      if (explained.length) {
        out.push({
          id: `forbidden-resolved:${n.id}`, severity: 'info', title: `${n.verb} ${n.resource} was forbidden earlier and is allowed now`,
          detail: `Events show the driver was refused "${n.verb} ${n.resource}", but its RBAC allows it now: the rule was added since.`,
          subjects: [subject], bindings: c.grantedBy ? [c.grantedBy.binding] : [], needs: [n.id], events: explained,
        });
      }
      continue;
    }
    out.push({
      id: `missing:${n.id}`, severity: n.severity, title: `Cannot ${n.verb} ${n.resource}`,
      detail: `Spark needs it: ${n.why}. Without "${n.verb}" on ${n.resource}, ${n.impact}.`,
      subjects: [subject], bindings: [], needs: [n.id], ...(explained.length ? { events: explained } : {}),
    });
  }
  // Refusals that no need in the table accounts for (an optional plugin, a custom step).
  const known = new Set(checks.map((c) => `${c.need.apiGroup}|${c.need.resource}|${c.need.verb}`));
  const other = new Map<string, ForbiddenEvent[]>();
  for (const e of events) {
    const r = e.request;
    const resource = combinedResource(r);
    if (!r.subresource && known.has(`${r.apiGroup}|${r.resource}|${r.verb}`)) continue;
    const k = `${r.verb} ${resource}${r.apiGroup ? `.${r.apiGroup}` : ''}`;
    other.set(k, [...(other.get(k) ?? []), e]);
  }
  for (const [k, evs] of other) {
    out.push({
      id: `forbidden-other:${k.replace(' ', ':')}`, severity: 'warning', title: `Forbidden: ${k}`,
      detail: `The API server refused "${k}" to the driver. It is not in Spark's usual table (an optional feature such as pods/resize, or a custom step); grant it only if that feature is meant to be used.`,
      subjects: [subject], bindings: [], events: evs,
    });
  }
  return out;
}

function overPrivilegeFindings(applied: AppliedBinding[], subject: string): RbacFinding[] {
  const out: RbacFinding[] = [];
  for (const a of applied) {
    const b = a.binding;
    // The service account, and the subject the binding names when that is a group or a user.
    const named = describeSubject(a.subject, b.namespace ?? '');
    const base = { subjects: named === subject ? [subject] : [subject, named], bindings: [b] };
    const roleLabel = `${a.role.kind} ${a.role.name}`;
    if (!a.roleExists) {
      out.push({ id: `role-missing:${bindingId(b)}`, severity: 'warning', title: `${bindingLabel(b)} refers to ${roleLabel}, which does not exist`, detail: `The binding grants nothing until ${roleLabel} is created; the API server reports the lookup failure in its denial reasons.`, ...base });
      continue;
    }
    const rules = a.rules;
    if (a.aggregation && !a.aggregation.upToDate) {
      out.push({
        id: `aggregation-pending:${bindingId(b)}`, severity: 'info', title: `ClusterRole ${a.role.name} is aggregated, and its stored rules differ from the aggregation`,
        detail: `The API server authorizes with the ${a.aggregation.storedRules.length} stored rules; the aggregation controller (kube-controller-manager) would store ${a.aggregation.wouldAggregate.length}. Without that controller, what the role grants here is the stored rules only.`,
        ...base,
      });
    }
    const docsEdit = b.kind === 'ClusterRoleBinding' && a.role.kind === 'ClusterRole' && a.role.name === 'edit';
    if (docsEdit) {
      const agg = a.aggregation;
      const emptyHere = agg && agg.storedRules.length === 0;
      out.push({
        id: `docs-edit-binding:${bindingId(b)}`, severity: 'warning', title: `${bindingLabel(b)} grants the edit ClusterRole in every namespace`,
        detail:
          'This is the Spark docs\' `kubectl create clusterrolebinding spark-role --clusterrole=edit --serviceaccount=default:spark` example: ' +
          'a ClusterRoleBinding ignores --namespace, so the driver may create, change and delete most namespaced objects (including reading secrets) in every namespace. ' +
          'A Role and RoleBinding in the application namespace with only what Spark calls is enough.' +
          (emptyHere ? ` On this cluster edit's stored rules are empty (no aggregation controller fills them), so it grants nothing here; a normal cluster fills in ${agg!.wouldAggregate.length} rules.` : ''),
        ...base,
      });
    }
    if (a.role.kind === 'ClusterRole' && (a.role.name === 'cluster-admin' || rules.some(isClusterAdminRule))) {
      out.push({ id: `cluster-admin:${bindingId(b)}`, severity: 'danger', title: `${bindingLabel(b)} grants full control ${where(b)}`, detail: `${roleLabel} allows every verb on every resource; a driver compromised through user code could take over ${b.kind === 'ClusterRoleBinding' ? 'the cluster' : 'the namespace'}.`, ...base });
      continue;
    }
    const wildVerbs = rules.some((r) => (r.verbs ?? []).includes(WILDCARD));
    const wildResources = rules.some((r) => (r.resources ?? []).includes(WILDCARD) || (r.apiGroups ?? []).includes(WILDCARD));
    if (wildVerbs || wildResources) {
      const what = [wildVerbs ? 'every verb' : '', wildResources ? 'every resource of a group (or every group)' : ''].filter(Boolean).join(' and ');
      out.push({ id: `wildcard:${bindingId(b)}`, severity: 'warning', title: `${roleLabel} uses wildcards`, detail: `Through ${bindingLabel(b)}, ${roleLabel} grants ${what} ${where(b)}, including verbs and resources Kubernetes adds later.`, ...base });
    }
    if (b.kind === 'ClusterRoleBinding' && !docsEdit && allowsCore(rules, 'create', 'pods')) {
      out.push({ id: `cluster-wide-pod-create:${bindingId(b)}`, severity: 'warning', title: `May create pods in every namespace (${bindingLabel(b)})`, detail: 'A driver only creates executors in its own namespace; pod creation elsewhere lets it run anything, with any service account, in any namespace.', ...base });
    }
    const secrets = ['get', 'list', 'watch'].filter((v) => allowsCore(rules, v, 'secrets'));
    if (secrets.length && !docsEdit) {
      out.push({ id: `secrets:${bindingId(b)}`, severity: b.kind === 'ClusterRoleBinding' ? 'danger' : 'warning', title: `May read secrets ${where(b)}`, detail: `${roleLabel} allows ${secrets.join(', ')} on secrets through ${bindingLabel(b)}; Spark's driver never reads secrets through the API.`, ...base });
    }
  }
  return out;
}

export function rbacFindings(input: RbacFindingsInput): RbacFinding[] {
  const { namespace, serviceAccount } = input;
  const user = serviceAccountUser(namespace, serviceAccount);
  const subject = describeSubject({ kind: 'ServiceAccount', name: serviceAccount, namespace });
  const out: RbacFinding[] = [];
  if (input.serviceAccounts && !input.serviceAccounts.some((sa) => sa.metadata?.name === serviceAccount)) {
    out.push({
      id: 'service-account-missing', severity: 'danger', title: `Service account ${namespace}/${serviceAccount} does not exist`,
      detail: `Pods that name it are refused at admission (error looking up service account ${namespace}/${serviceAccount}): spark-submit cannot create the driver pod, nor a driver its executors. Bindings to it take effect once it is created.`,
      subjects: [subject], bindings: [],
    });
  }
  const checks = input.checks ?? checkDriverNeeds(input.snapshot, { namespace, serviceAccount, usesOnDemandClaims: input.usesOnDemandClaims });
  const events = forbiddenEvents(input.events ?? [], serviceAccountUsername(namespace, serviceAccount));
  out.push(...missingPermissionFindings(checks, events, subject));
  out.push(...overPrivilegeFindings(bindingsForUser(input.snapshot, user), subject));
  const rank: Record<FindingSeverity, number> = { danger: 0, warning: 1, info: 2 };
  // Stable: most severe first, then in the order they were found.
  return out.map((f, i) => ({ f, i })).sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i).map(({ f }) => f);
}
