// Service-account identities and appliesToUser, including namespace defaulting in RoleBindings.

import { describe, expect, it } from 'vitest';
import { describeSubject, firstMatchingSubject, parseServiceAccountUsername, serviceAccountUser, subjectMatches } from './subjects';

const alice = { name: 'alice', groups: ['devs', 'system:authenticated'] };
const spark = serviceAccountUser('team-a', 'spark');

describe('serviceAccountUser', () => {
  it('acts as the service account user and the service-account groups, authenticated', () => {
    expect(spark).toEqual({
      name: 'system:serviceaccount:team-a:spark',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'],
    });
  });
  it('parses service account user names back, refusing anything else', () => {
    expect(parseServiceAccountUsername('system:serviceaccount:team-a:spark')).toEqual({ namespace: 'team-a', name: 'spark' });
    expect(parseServiceAccountUsername('system:serviceaccount:team-a')).toBeNull();
    expect(parseServiceAccountUsername('system:serviceaccount:a:b:c')).toBeNull();
    expect(parseServiceAccountUsername('alice')).toBeNull();
  });
});

describe('subjectMatches (appliesToUser)', () => {
  it('matches User by exact name and Group by membership', () => {
    expect(subjectMatches({ kind: 'User', name: 'alice' }, alice)).toBe(true);
    expect(subjectMatches({ kind: 'User', name: 'Alice' }, alice)).toBe(false);
    expect(subjectMatches({ kind: 'Group', name: 'devs' }, alice)).toBe(true);
    expect(subjectMatches({ kind: 'Group', name: 'ops' }, alice)).toBe(false);
    // A user whose name equals a group's gets nothing from the group.
    expect(subjectMatches({ kind: 'Group', name: 'alice' }, alice)).toBe(false);
  });

  it('ignores apiGroup, whatever it says', () => {
    expect(subjectMatches({ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }, alice)).toBe(true);
    expect(subjectMatches({ kind: 'User', name: 'alice', apiGroup: 'something.else' }, alice)).toBe(true);
  });

  it('matches a ServiceAccount subject by namespace and name', () => {
    expect(subjectMatches({ kind: 'ServiceAccount', name: 'spark', namespace: 'team-a' }, spark)).toBe(true);
    expect(subjectMatches({ kind: 'ServiceAccount', name: 'spark', namespace: 'team-b' }, spark)).toBe(false);
    expect(subjectMatches({ kind: 'ServiceAccount', name: 'spar', namespace: 'team-a' }, spark)).toBe(false);
    // The user "system:serviceaccount:team-a:spark" written as a User subject also matches.
    expect(subjectMatches({ kind: 'User', name: 'system:serviceaccount:team-a:spark' }, spark)).toBe(true);
  });

  it('defaults a ServiceAccount subject without namespace to the RoleBinding\'s namespace', () => {
    expect(subjectMatches({ kind: 'ServiceAccount', name: 'spark' }, spark, 'team-a')).toBe(true);
    expect(subjectMatches({ kind: 'ServiceAccount', name: 'spark' }, spark, 'team-b')).toBe(false);
    // In a ClusterRoleBinding there is no namespace to default to: it applies to nobody.
    expect(subjectMatches({ kind: 'ServiceAccount', name: 'spark' }, spark, '')).toBe(false);
    // An explicit namespace wins over the binding's.
    expect(subjectMatches({ kind: 'ServiceAccount', name: 'spark', namespace: 'team-a' }, spark, 'team-b')).toBe(true);
  });

  it('gives nothing to unknown kinds', () => {
    expect(subjectMatches({ kind: 'Robot', name: 'alice' }, alice)).toBe(false);
    expect(subjectMatches({ kind: 'user', name: 'alice' }, alice)).toBe(false);
  });

  it('reports the first subject that applies', () => {
    const subjects = [{ kind: 'User', name: 'bob' }, { kind: 'Group', name: 'devs' }, { kind: 'User', name: 'alice' }];
    expect(firstMatchingSubject(subjects, alice)).toBe(1);
    expect(firstMatchingSubject(null, alice)).toBe(-1);
  });
});

describe('describeSubject', () => {
  it('names subjects as RBAC reasons do', () => {
    expect(describeSubject({ kind: 'User', name: 'alice' })).toBe('User "alice"');
    expect(describeSubject({ kind: 'Group', name: 'system:authenticated' })).toBe('Group "system:authenticated"');
    expect(describeSubject({ kind: 'ServiceAccount', name: 'spark', namespace: 'team-a' })).toBe('ServiceAccount "spark/team-a"');
    expect(describeSubject({ kind: 'ServiceAccount', name: 'spark' }, 'team-b')).toBe('ServiceAccount "spark/team-b"');
  });
});
