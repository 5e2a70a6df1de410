// Decisions, visiting order and reason texts of the resolver; the reasons are the ones
// kube-apiserver 1.34 gave (recorded, and re-checked by test/contract/rbac.contract.test.ts).

import { describe, expect, it } from 'vitest';
import { authorize, bindingsFor, bindingsForUser, grantsFor, resolveRoleRef } from './resolvePermissions';
import type { RequestAttributes } from './ruleMatch';
import { serviceAccountUser } from './subjects';
import {
  aggregatedClusterRole, clusterRole, clusterRoleBinding, group, role, roleBinding, serviceAccount, snapshot, SPARK_DRIVER_RULES, user,
} from './testing/rbacFixtures';

const podReader = role('obs', 'pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
const restricted = { name: 'restricted-user', groups: [] as string[] };
const listPods = (namespace: string): RequestAttributes => ({ verb: 'list', apiGroup: '', resource: 'pods', namespace });

describe('authorize', () => {
  it('allows through a RoleBinding with the reason the real server gives (recorded on kube-apiserver 1.34)', () => {
    const s = snapshot({ roles: [podReader], roleBindings: [roleBinding('obs', 'restricted-pod-reader', { kind: 'Role', name: 'pod-reader' }, [user('restricted-user')])] });
    const r = authorize(s, restricted, listPods('obs'));
    expect(r.allowed).toBe(true);
    expect(r.reason).toBe('RBAC: allowed by RoleBinding "restricted-pod-reader/obs" of Role "pod-reader" to User "restricted-user"');
    expect(r.grantedBy).toEqual({ binding: { kind: 'RoleBinding', namespace: 'obs', name: 'restricted-pod-reader' }, role: { kind: 'Role', name: 'pod-reader' }, ruleIndex: 0, subject: user('restricted-user') });
    // A RoleBinding never reaches other namespaces, nor the cluster scope.
    expect(authorize(s, restricted, listPods('other')).allowed).toBe(false);
    expect(authorize(s, restricted, listPods('')).allowed).toBe(false);
  });

  it('denies with an empty reason when nothing applies (recorded: status {allowed: false})', () => {
    expect(authorize(snapshot({}), restricted, listPods('obs'))).toEqual({ allowed: false, reason: '', errors: [] });
  });

  it('allows system:masters before RBAC, without a reason', () => {
    expect(authorize(snapshot({}), { name: 'someone', groups: ['system:masters'] }, listPods('obs'))).toEqual({ allowed: true, reason: '', privileged: true, errors: [] });
  });

  it('visits ClusterRoleBindings before RoleBindings, and names the first granting one', () => {
    const s = snapshot({
      roles: [podReader],
      clusterRoles: [clusterRole('pods-everywhere', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }])],
      roleBindings: [roleBinding('obs', 'rb', { kind: 'Role', name: 'pod-reader' }, [user('restricted-user')])],
      clusterRoleBindings: [clusterRoleBinding('crb', 'pods-everywhere', [group('devs'), user('restricted-user')])],
    });
    const r = authorize(s, restricted, listPods('obs'));
    expect(r.reason).toBe('RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "pods-everywhere" to User "restricted-user"');
    expect(grantsFor(s, restricted, listPods('obs')).map((g) => g.binding.name)).toEqual(['crb', 'rb']);
    // A ClusterRoleBinding also grants at the cluster scope.
    expect(authorize(s, restricted, listPods('')).allowed).toBe(true);
  });

  it('names the first applying subject and the rule that allowed', () => {
    const s = snapshot({
      clusterRoles: [clusterRole('r', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { apiGroups: [''], resources: ['pods'], verbs: ['list'] }])],
      clusterRoleBindings: [clusterRoleBinding('crb', 'r', [group('system:serviceaccounts:team-a'), serviceAccount('spark', 'team-a')])],
    });
    const r = authorize(s, serviceAccountUser('team-a', 'spark'), listPods('team-a'));
    expect(r.reason).toBe('RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "r" to Group "system:serviceaccounts:team-a"');
    expect(r.grantedBy?.ruleIndex).toBe(1);
  });

  it('lets a RoleBinding grant a ClusterRole inside its namespace only', () => {
    const s = snapshot({
      clusterRoles: [clusterRole('spark-driver', SPARK_DRIVER_RULES)],
      roleBindings: [roleBinding('team-a', 'spark', { kind: 'ClusterRole', name: 'spark-driver' }, [serviceAccount('spark')])],
    });
    const sa = serviceAccountUser('team-a', 'spark');
    const create = (namespace: string): RequestAttributes => ({ verb: 'create', apiGroup: '', resource: 'pods', namespace });
    expect(authorize(s, sa, create('team-a')).reason).toBe('RBAC: allowed by RoleBinding "spark/team-a" of ClusterRole "spark-driver" to ServiceAccount "spark/team-a"');
    expect(authorize(s, sa, create('team-b')).allowed).toBe(false);
    expect(authorize(s, sa, create('')).allowed).toBe(false);
  });

  it('looks a Role up in the binding\'s namespace only', () => {
    const s = snapshot({ roles: [podReader], roleBindings: [roleBinding('team-a', 'rb', { kind: 'Role', name: 'pod-reader' }, [user('restricted-user')])] });
    const r = authorize(s, restricted, listPods('team-a'));
    expect(r).toEqual({ allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "pod-reader" not found', errors: ['role.rbac.authorization.k8s.io "pod-reader" not found'] });
  });

  it('reports every missing role of applying bindings, deduplicated, as utilerrors.Aggregate does', () => {
    const s = snapshot({
      roleBindings: [
        roleBinding('obs', 'a', { kind: 'Role', name: 'gone' }, [user('restricted-user')]),
        roleBinding('obs', 'b', { kind: 'Role', name: 'gone' }, [user('restricted-user')]),
        roleBinding('obs', 'c', { kind: 'Role', name: 'other' }, [user('someone-else')]),
      ],
      clusterRoleBindings: [clusterRoleBinding('d', 'nope', [user('restricted-user')])],
    });
    expect(authorize(s, restricted, listPods('obs')).reason).toBe(
      'RBAC: [clusterrole.rbac.authorization.k8s.io "nope" not found, role.rbac.authorization.k8s.io "gone" not found]',
    );
    // A missing role does not stop an allowing binding visited later.
    const more = snapshot({ ...s, roles: [podReader], roleBindings: [...s.roleBindings, roleBinding('obs', 'e', { kind: 'Role', name: 'pod-reader' }, [user('restricted-user')])] });
    expect(authorize(more, restricted, listPods('obs')).allowed).toBe(true);
  });

  it('authorizes with the STORED rules of an aggregated ClusterRole, never with what aggregation would add', () => {
    const s = snapshot({
      clusterRoles: [
        aggregatedClusterRole('edit', [{ 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }], null),
        clusterRole('edit-pods', [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }], { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }),
      ],
      clusterRoleBindings: [clusterRoleBinding('spark-role', 'edit', [serviceAccount('spark', 'default')])],
    });
    const sa = serviceAccountUser('default', 'spark');
    const create: RequestAttributes = { verb: 'create', apiGroup: '', resource: 'pods', namespace: 'default' };
    expect(authorize(s, sa, create).allowed).toBe(false);
    const [b] = bindingsFor(s, 'default', 'spark');
    expect(b!.rules).toEqual([]);
    expect(b!.aggregation?.wouldAggregate).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }]);
    expect(b!.aggregation?.upToDate).toBe(false);
  });

  it('decides non-resource requests through ClusterRoleBindings only', () => {
    const s = snapshot({
      clusterRoles: [clusterRole('metrics', [{ nonResourceURLs: ['/metrics', '/debug/*'], verbs: ['get'] }])],
      clusterRoleBindings: [clusterRoleBinding('metrics', 'metrics', [group('system:authenticated')])],
    });
    const u = { name: 'x', groups: ['system:authenticated'] };
    expect(authorize(s, u, { verb: 'get', apiGroup: '', nonResourcePath: '/debug/pprof' }).reason).toBe('RBAC: allowed by ClusterRoleBinding "metrics" of ClusterRole "metrics" to Group "system:authenticated"');
    expect(authorize(s, u, { verb: 'get', apiGroup: '', nonResourcePath: '/debug' }).allowed).toBe(false);
    expect(authorize(s, u, { verb: 'post', apiGroup: '', nonResourcePath: '/metrics' }).allowed).toBe(false);
  });

  it('refuses role references of unknown kind with the authorizer\'s words', () => {
    expect(resolveRoleRef(snapshot({}), { kind: 'Policy', name: 'x' }, 'ns').error).toBe('unsupported role reference kind: "Policy"');
  });
});

describe('bindingsFor', () => {
  const s = snapshot({
    roles: [role('team-a', 'driver', SPARK_DRIVER_RULES)],
    clusterRoles: [clusterRole('view-pods', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])],
    roleBindings: [
      roleBinding('team-a', 'driver', { kind: 'Role', name: 'driver' }, [serviceAccount('spark')]),
      roleBinding('team-a', 'dangling', { kind: 'Role', name: 'deleted-role' }, [group('system:serviceaccounts:team-a')]),
      roleBinding('team-a', 'someone-else', { kind: 'Role', name: 'driver' }, [serviceAccount('other')]),
      roleBinding('team-b', 'elsewhere', { kind: 'ClusterRole', name: 'view-pods' }, [serviceAccount('spark', 'team-a')]),
    ],
    clusterRoleBindings: [
      clusterRoleBinding('all-sas', 'view-pods', [group('system:serviceaccounts')]),
      clusterRoleBinding('sa-without-namespace', 'view-pods', [serviceAccount('spark')]),
    ],
  });

  it('lists every binding that applies in the namespace, with its role, rules and whether the role exists', () => {
    const list = bindingsFor(s, 'team-a', 'spark');
    expect(list.map((b) => [b.binding.kind, b.binding.name, b.role.name, b.roleExists, b.rules.length])).toEqual([
      ['ClusterRoleBinding', 'all-sas', 'view-pods', true, 1],
      ['RoleBinding', 'driver', 'driver', true, 3],
      ['RoleBinding', 'dangling', 'deleted-role', false, 0],
    ]);
    expect(list[0]!.subject).toEqual(group('system:serviceaccounts'));
  });

  it('lists RoleBindings of every namespace when asked for no namespace in particular', () => {
    const names = bindingsForUser(s, serviceAccountUser('team-a', 'spark')).map((b) => `${b.binding.namespace ?? '*'}/${b.binding.name}`);
    expect(names).toEqual(['*/all-sas', 'team-a/driver', 'team-a/dangling', 'team-b/elsewhere']);
  });
});
