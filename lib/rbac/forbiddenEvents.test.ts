// Reading Forbidden answers out of event messages.

import { describe, expect, it } from 'vitest';
import type { KubeEvent } from '../kube/types';
import { forbiddenEvents, parseForbiddenMessage } from './forbiddenEvents';

describe('parseForbiddenMessage', () => {
  it('reads the API server\'s Forbidden message, namespaced or cluster-wide', () => {
    expect(parseForbiddenMessage('pods "exec-4" is forbidden: User "system:serviceaccount:team-a:spark" cannot delete resource "pods" in API group "" in the namespace "team-a"')).toEqual({
      user: 'system:serviceaccount:team-a:spark', verb: 'delete', resource: 'pods', subresource: '', apiGroup: '', namespace: 'team-a',
    });
    expect(parseForbiddenMessage('pods is forbidden: User "restricted-user" cannot list resource "pods" in API group "" at the cluster scope')).toMatchObject({ verb: 'list', namespace: '' });
    expect(parseForbiddenMessage('deployments.apps "x" is forbidden: User "u" cannot patch resource "deployments/scale" in API group "apps" in the namespace "ns"')).toMatchObject({
      resource: 'deployments', subresource: 'scale', apiGroup: 'apps',
    });
    // The forbidden message with an authorizer reason appended still parses.
    expect(parseForbiddenMessage('pods is forbidden: User "u" cannot create resource "pods" in API group "" in the namespace "ns": RBAC: role.rbac.authorization.k8s.io "x" not found')).toMatchObject({ verb: 'create' });
  });

  it('ignores other text, including admission refusals that are not RBAC', () => {
    expect(parseForbiddenMessage('pods "x" is forbidden: error looking up service account ns/spark: serviceaccount "spark" not found')).toBeNull();
    expect(parseForbiddenMessage('Back-off restarting failed container')).toBeNull();
  });
});

describe('forbiddenEvents', () => {
  const event = (name: string, message: string, extra: Partial<KubeEvent> = {}): KubeEvent => ({ metadata: { name }, type: 'Warning', reason: 'FailedDelete', message, ...extra });
  it('keeps the refusals of the given user, with the event\'s name, reason and count', () => {
    const events = [
      event('a', 'pods "exec-1" is forbidden: User "system:serviceaccount:team-a:spark" cannot delete resource "pods" in API group "" in the namespace "team-a"', { count: 3, lastTimestamp: '2026-11-24T10:00:00Z' }),
      event('b', 'pods "exec-2" is forbidden: User "system:serviceaccount:team-a:other" cannot delete resource "pods" in API group "" in the namespace "team-a"'),
      event('c', 'Scheduled'),
      { metadata: { name: 'd' } },
    ];
    const found = forbiddenEvents(events, 'system:serviceaccount:team-a:spark');
    expect(found).toEqual([{ request: expect.objectContaining({ verb: 'delete', resource: 'pods' }), message: events[0]!.message, name: 'a', reason: 'FailedDelete', count: 3, lastTimestamp: '2026-11-24T10:00:00Z' }]);
    expect(forbiddenEvents(events).map((e) => e.name)).toEqual(['a', 'b']);
  });
});
