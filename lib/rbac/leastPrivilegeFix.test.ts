// The generated Role and RoleBinding: exact text, exact grant, free names.

import { describe, expect, it } from 'vitest';
import { leastPrivilegeFix, missingNeeds } from './leastPrivilegeFix';
import { authorize } from './resolvePermissions';
import { checkDriverNeeds, SPARK_DRIVER_NEEDS } from './sparkDriverNeeds';
import { serviceAccountUser } from './subjects';
import { role, roleBinding, serviceAccount, snapshot } from './testing/rbacFixtures';

const partial = snapshot({
  roles: [role('team-a', 'limited', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch'] }])],
  roleBindings: [roleBinding('team-a', 'limited', { kind: 'Role', name: 'limited' }, [serviceAccount('spark')])],
});
const options = { namespace: 'team-a', serviceAccount: 'spark', usesOnDemandClaims: false };

describe('leastPrivilegeFix', () => {
  it('writes a commented Role and RoleBinding for exactly what is missing', () => {
    const fix = leastPrivilegeFix({ ...options, missing: missingNeeds(checkDriverNeeds(partial, options)) })!;
    expect(fix.yaml).toBe(`# Least-privilege RBAC for the Spark driver service account team-a/spark.
# It grants only what the driver calls and lacks, in namespace team-a only
# (a Role and a RoleBinding: executors always run in the driver's namespace).
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: spark-driver-spark
  namespace: team-a
rules:
# pods delete: the driver deletes single executors (failed, idle under dynamic allocation, excess pending) and label-selected sets on stop.
# pods deletecollection: fabric8 may send a label-selected delete of executors (stop, timeouts, force-kill) as one collection delete.
- apiGroups:
  - ""
  resources:
  - pods
  verbs:
  - delete
  - deletecollection
# configmaps create: the driver creates the executor config map (spark.properties and files mounted into executors).
# configmaps delete: the driver deletes the executor config map by label when the application stops.
# configmaps list: the config map delete by label goes through fabric8, which may list the labelled config maps to delete them.
- apiGroups:
  - ""
  resources:
  - configmaps
  verbs:
  - create
  - delete
  - list
# services delete: the driver deletes its service by label on stop (spark.kubernetes.driver.service.deleteOnTermination, default true).
- apiGroups:
  - ""
  resources:
  - services
  verbs:
  - delete
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: spark-driver-spark
  namespace: team-a
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: spark-driver-spark
subjects:
- kind: ServiceAccount
  name: spark
  namespace: team-a
`);
  });

  it('grants, once added, every need and nothing else', () => {
    const fix = leastPrivilegeFix({ ...options, missing: missingNeeds(checkDriverNeeds(partial, options)) })!;
    const after = snapshot({ ...partial, roles: [...partial.roles, fix.role], roleBindings: [...partial.roleBindings, fix.roleBinding] });
    expect(checkDriverNeeds(after, options).every((c) => c.allowed)).toBe(true);
    const sa = serviceAccountUser('team-a', 'spark');
    expect(authorize(after, sa, { verb: 'update', apiGroup: '', resource: 'pods', namespace: 'team-a' }).allowed).toBe(false);
    expect(authorize(after, sa, { verb: 'delete', apiGroup: '', resource: 'pods', namespace: 'team-b' }).allowed).toBe(false);
    expect(authorize(after, sa, { verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'team-a' }).allowed).toBe(false);
    expect(fix.role.rules?.some((r) => r.verbs.includes('*') || r.resources?.includes('*'))).toBe(false);
  });

  it('is null when nothing is missing', () => {
    expect(leastPrivilegeFix({ ...options, missing: [] })).toBeNull();
  });

  it('never reuses the name of a Role or RoleBinding already in the namespace', () => {
    const taken = snapshot({
      roles: [role('team-a', 'spark-driver-spark', []), role('team-a', 'spark-driver-spark-2', []), role('team-b', 'spark-driver-spark-3', [])],
      roleBindings: [roleBinding('team-a', 'spark-driver-spark', { kind: 'Role', name: 'x' }, [])],
    });
    const fix = leastPrivilegeFix({ ...options, missing: [SPARK_DRIVER_NEEDS[3]!], snapshot: taken })!;
    expect(fix.role.metadata?.name).toBe('spark-driver-spark-3');
    expect(fix.roleBinding.metadata?.name).toBe('spark-driver-spark-2');
    expect(fix.roleBinding.roleRef.name).toBe('spark-driver-spark-3');
  });

  it('takes a chosen base name', () => {
    const fix = leastPrivilegeFix({ ...options, missing: [SPARK_DRIVER_NEEDS[0]!], name: 'etl-driver' })!;
    expect(fix.yaml).toContain('  name: etl-driver\n');
    expect(fix.role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
  });
});
