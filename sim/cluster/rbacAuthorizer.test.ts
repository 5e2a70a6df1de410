// The embedded cluster's default authorizer: RBAC over its own stored objects, with the
// reasons and 403 messages kube-apiserver 1.34 gave for the same requests (recorded).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedCluster, type EmbeddedCluster } from './apiServer';
import { rawRequest } from './testing';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const SAR = '/apis/authorization.k8s.io/v1/subjectaccessreviews';
const sar = (spec: Record<string, unknown>) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec });

describe('embedded cluster RBAC (default authorizer)', () => {
  let cluster: EmbeddedCluster;
  let dir: string;
  const admin = (method: string, p: string, body?: unknown) => rawRequest(cluster, method, p, { body });
  const restricted = (method: string, p: string, body?: unknown) => rawRequest(cluster, method, p, { identity: 'restricted', body });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-rbac-'));
    cluster = await createEmbeddedCluster({ stateDir: dir });
    await admin('POST', '/api/v1/namespaces', { metadata: { name: 'obs' } });
  });
  afterAll(async () => {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('denies a user nothing is bound to', async () => {
    const res = await restricted('GET', '/api/v1/namespaces/obs/pods');
    expect(res.status).toBe(403);
    expect(res.json.message).toBe('pods is forbidden: User "restricted-user" cannot list resource "pods" in API group "" in the namespace "obs"');
  });

  it('allows through a Role and RoleBinding created over the API, with the real server\'s reasons', async () => {
    await admin('POST', `${RBAC}/namespaces/obs/roles`, { metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] });
    await admin('POST', `${RBAC}/namespaces/obs/rolebindings`, {
      metadata: { name: 'restricted-pod-reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'restricted-user' }],
    });
    expect((await restricted('GET', '/api/v1/namespaces/obs/pods')).status).toBe(200);
    const cluster403 = await restricted('GET', '/api/v1/pods');
    expect(cluster403.json.message).toBe('pods is forbidden: User "restricted-user" cannot list resource "pods" in API group "" at the cluster scope');
    const reason = 'RBAC: allowed by RoleBinding "restricted-pod-reader/obs" of Role "pod-reader" to User "restricted-user"';
    const review = await admin('POST', SAR, sar({ user: 'restricted-user', resourceAttributes: { namespace: 'obs', verb: 'list', resource: 'pods' } }));
    expect(review.json.status).toEqual({ allowed: true, reason });
    const self = await restricted('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { spec: { resourceAttributes: { namespace: 'obs', verb: 'list', resource: 'pods' } } });
    expect(self.json.status).toEqual({ allowed: true, reason });
  });

  it('names the bootstrap bindings it stores, as the real server does', async () => {
    const review = await admin('POST', SAR, sar({ user: 'someone', groups: ['system:authenticated'], nonResourceAttributes: { path: '/apis/apps', verb: 'get' } }));
    expect(review.json.status).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"' });
    // Without the group, nothing allows it (the bootstrap policy is RBAC, not a special case).
    expect((await admin('POST', SAR, sar({ user: 'someone', nonResourceAttributes: { path: '/version', verb: 'get' } }))).json.status).toEqual({ allowed: false });
  });

  it('appends the lookup error of a binding whose role is missing to the 403, and follows deletions', async () => {
    await admin('POST', `${RBAC}/namespaces/obs/rolebindings`, {
      metadata: { name: 'dangling' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'gone' },
      subjects: [{ kind: 'User', name: 'restricted-user' }],
    });
    const res = await restricted('DELETE', '/api/v1/namespaces/obs/pods/x');
    expect(res.json.message).toBe('pods "x" is forbidden: User "restricted-user" cannot delete resource "pods" in API group "" in the namespace "obs": RBAC: role.rbac.authorization.k8s.io "gone" not found');
    await admin('DELETE', `${RBAC}/namespaces/obs/rolebindings/restricted-pod-reader`);
    expect((await restricted('GET', '/api/v1/namespaces/obs/pods')).status).toBe(403);
  });
});
