// The RBAC resolver: from a snapshot of Roles, ClusterRoles and their bindings to a decision,
// walking them as kube-apiserver's RBAC authorizer does (pkg/registry/rbac/validation
// DefaultRuleResolver.VisitRulesFor): ClusterRoleBindings, then the request namespace's
// RoleBindings, each role's STORED rules, first allowing rule wins, reasons worded alike.

import type { KubePolicyRule, KubeRole, KubeRoleBinding, KubeSubject } from '../kube/types';
import { aggregationOf, type AggregationView } from './aggregation';
import { firstAllowingRule, type RequestAttributes } from './ruleMatch';
import { describeSubject, firstMatchingSubject, goQuote, MASTERS_GROUP, serviceAccountUser, type RbacUser } from './subjects';

export interface RbacSnapshot {
  roles: readonly KubeRole[];
  clusterRoles: readonly KubeRole[];
  roleBindings: readonly KubeRoleBinding[];
  clusterRoleBindings: readonly KubeRoleBinding[];
}

export interface BindingRef {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  /** Set for RoleBindings only. */
  namespace?: string;
  name: string;
}

export interface RoleRef {
  kind: string;
  name: string;
}

export interface GrantedBy {
  binding: BindingRef;
  role: RoleRef;
  /** Index into the role's stored rules of the first rule that allows the request. */
  ruleIndex: number;
  /** The binding's first subject that applies to the user (the one the reason names). */
  subject: KubeSubject;
}

export interface AuthorizeResult {
  allowed: boolean;
  /**
   * The authorizer's reason, word for word: `RBAC: allowed by …` when allowed; when denied,
   * '' or `RBAC: <errors>` if bindings that apply point at roles that do not exist.
   */
  reason: string;
  grantedBy?: GrantedBy;
  /** Allowed because the user is in system:masters, before RBAC is asked (no reason, like the server). */
  privileged?: boolean;
  /** Role lookups that failed for bindings that apply to the user, in visiting order. */
  errors: string[];
}

export interface ResolvedRole {
  exists: boolean;
  /** Stored rules: what the authorizer uses ([] when the role is missing). */
  rules: KubePolicyRule[];
  /** Why the rules could not be resolved, worded like the authorizer's error. */
  error?: string;
  /** Set for ClusterRoles with an aggregationRule. */
  aggregation?: AggregationView;
}

export interface AppliedBinding {
  binding: BindingRef;
  role: RoleRef;
  subject: KubeSubject;
  roleExists: boolean;
  rules: KubePolicyRule[];
  aggregation?: AggregationView;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const nameOf = (o: { metadata?: { name?: string } }) => o.metadata?.name ?? '';
const namespaceOf = (o: { metadata?: { namespace?: string } }) => o.metadata?.namespace ?? '';

/**
 * GetRoleReferenceRules: a Role is looked up in the binding's namespace, a ClusterRole by name.
 * Missing roles are errors in the lister's words (`role.rbac.authorization.k8s.io "x" not found`).
 */
export function resolveRoleRef(snapshot: RbacSnapshot, roleRef: RoleRef, bindingNamespace: string, options: { aggregation?: boolean } = {}): ResolvedRole {
  if (roleRef.kind === 'Role') {
    const role = snapshot.roles.find((r) => nameOf(r) === roleRef.name && namespaceOf(r) === bindingNamespace);
    if (!role) return { exists: false, rules: [], error: `role.${RBAC_GROUP} ${goQuote(roleRef.name)} not found` };
    return { exists: true, rules: role.rules ?? [] };
  }
  if (roleRef.kind === 'ClusterRole') {
    const role = snapshot.clusterRoles.find((r) => nameOf(r) === roleRef.name);
    if (!role) return { exists: false, rules: [], error: `clusterrole.${RBAC_GROUP} ${goQuote(roleRef.name)} not found` };
    // The aggregation view walks every ClusterRole; deciding a request never needs it.
    const aggregation = options.aggregation === false ? null : aggregationOf(snapshot.clusterRoles, role);
    return { exists: true, rules: role.rules ?? [], ...(aggregation ? { aggregation } : {}) };
  }
  return { exists: false, rules: [], error: `unsupported role reference kind: ${goQuote(roleRef.kind)}` };
}

const bindingRef = (b: KubeRoleBinding, cluster: boolean): BindingRef =>
  cluster ? { kind: 'ClusterRoleBinding', name: nameOf(b) } : { kind: 'RoleBinding', namespace: namespaceOf(b), name: nameOf(b) };

/** `ClusterRoleBinding "x" of ClusterRole "y" to User "u"` / `RoleBinding "rb/ns" of Role "r" to ServiceAccount "sa/ns"`. */
export function describeGrant(g: Pick<GrantedBy, 'binding' | 'role' | 'subject'>): string {
  const bindingName = g.binding.kind === 'RoleBinding' ? `${g.binding.name}/${g.binding.namespace ?? ''}` : g.binding.name;
  return `${g.binding.kind} ${goQuote(bindingName)} of ${g.role.kind} ${goQuote(g.role.name)} to ${describeSubject(g.subject, g.binding.namespace ?? '')}`;
}

export const allowedReason = (g: GrantedBy) => `RBAC: allowed by ${describeGrant(g)}`;

/** utilerrors.NewAggregate(...).Error(): one message as is, several deduplicated inside [a, b]. */
function aggregateErrors(errors: readonly string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

interface Visit {
  binding: BindingRef;
  role: RoleRef;
  subject: KubeSubject;
  resolved: ResolvedRole;
}

/**
 * Every binding that applies to `user` for a request in `namespace`: all ClusterRoleBindings,
 * then (only when namespace is set) that namespace's RoleBindings, in snapshot order.
 * `namespace` undefined: RoleBindings of every namespace (for listing, never for deciding).
 */
function visitBindings(snapshot: RbacSnapshot, user: RbacUser, namespace: string | undefined, aggregation = false): Visit[] {
  const out: Visit[] = [];
  for (const b of snapshot.clusterRoleBindings) {
    const i = firstMatchingSubject(b.subjects, user, '');
    if (i < 0) continue;
    out.push({ binding: bindingRef(b, true), role: { kind: b.roleRef.kind, name: b.roleRef.name }, subject: b.subjects![i]!, resolved: resolveRoleRef(snapshot, b.roleRef, '', { aggregation }) });
  }
  if (namespace === '') return out;
  for (const b of snapshot.roleBindings) {
    const ns = namespaceOf(b);
    if (namespace !== undefined && ns !== namespace) continue;
    const i = firstMatchingSubject(b.subjects, user, ns);
    if (i < 0) continue;
    out.push({ binding: bindingRef(b, false), role: { kind: b.roleRef.kind, name: b.roleRef.name }, subject: b.subjects![i]!, resolved: resolveRoleRef(snapshot, b.roleRef, ns, { aggregation }) });
  }
  return out;
}

/** Every binding that allows the request, each with its first allowing rule, in visiting order. */
export function grantsFor(snapshot: RbacSnapshot, user: RbacUser, attrs: RequestAttributes): GrantedBy[] {
  const out: GrantedBy[] = [];
  for (const v of visitBindings(snapshot, user, attrs.namespace ?? '')) {
    const ruleIndex = firstAllowingRule(v.resolved.rules, attrs);
    if (ruleIndex >= 0) out.push({ binding: v.binding, role: v.role, ruleIndex, subject: v.subject });
  }
  return out;
}

/** The decision kube-apiserver (privileged group authorizer, then RBAC) reaches for this request. */
export function authorize(snapshot: RbacSnapshot, user: RbacUser, attrs: RequestAttributes): AuthorizeResult {
  if (user.groups.includes(MASTERS_GROUP)) return { allowed: true, reason: '', privileged: true, errors: [] };
  const errors: string[] = [];
  for (const v of visitBindings(snapshot, user, attrs.namespace ?? '')) {
    const ruleIndex = firstAllowingRule(v.resolved.rules, attrs);
    if (ruleIndex >= 0) {
      const grantedBy: GrantedBy = { binding: v.binding, role: v.role, ruleIndex, subject: v.subject };
      return { allowed: true, reason: allowedReason(grantedBy), grantedBy, errors };
    }
    if (v.resolved.error) errors.push(v.resolved.error);
  }
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregateErrors(errors)}` : '', errors };
}

const applied = (v: Visit): AppliedBinding => ({
  binding: v.binding,
  role: v.role,
  subject: v.subject,
  roleExists: v.resolved.exists,
  rules: v.resolved.rules,
  ...(v.resolved.aggregation ? { aggregation: v.resolved.aggregation } : {}),
});

/**
 * Every binding that applies to `user`: ClusterRoleBindings, then RoleBindings of `namespace`
 * (of every namespace when omitted), with the role each one grants and its stored rules.
 */
export function bindingsForUser(snapshot: RbacSnapshot, user: RbacUser, options: { namespace?: string } = {}): AppliedBinding[] {
  return visitBindings(snapshot, user, options.namespace, true).map(applied);
}

/** Every binding that applies to service account `namespace/serviceAccount` for requests in its namespace. */
export function bindingsFor(snapshot: RbacSnapshot, namespace: string, serviceAccount: string): AppliedBinding[] {
  return bindingsForUser(snapshot, serviceAccountUser(namespace, serviceAccount), { namespace });
}
