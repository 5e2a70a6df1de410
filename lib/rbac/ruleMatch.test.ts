// Every rule shape against the requests that tell matchers apart, with the cases of
// Kubernetes' own TestRuleMatches (plugin/pkg/auth/authorizer/rbac/rbac_test.go).

import { describe, expect, it } from 'vitest';
import type { KubePolicyRule } from '../kube/types';
import { combinedResource, firstAllowingRule, isResourceRequest, ruleAllows, type RequestAttributes } from './ruleMatch';

const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): KubePolicyRule => ({
  verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}),
});
const req = (verb: string, apiGroup: string, resource: string, more: Partial<RequestAttributes> = {}): RequestAttributes => ({ verb, apiGroup, resource, namespace: 'ns', ...more });
const urls = (verbs: string[], nonResourceURLs: string[]): KubePolicyRule => ({ verbs, nonResourceURLs });
const path = (verb: string, p: string): RequestAttributes => ({ verb, apiGroup: '', nonResourcePath: p });

describe('ruleAllows, resource requests (as RuleAllows in plugin/pkg/auth/authorizer/rbac)', () => {
  it('matches verbs exactly, or all of them with "*"', () => {
    const r = rule(['get', 'list'], [''], ['pods']);
    expect(ruleAllows(r, req('get', '', 'pods'))).toBe(true);
    expect(ruleAllows(r, req('list', '', 'pods'))).toBe(true);
    expect(ruleAllows(r, req('watch', '', 'pods'))).toBe(false);
    expect(ruleAllows(r, req('GET', '', 'pods'))).toBe(false); // no case folding
    const star = rule(['*'], [''], ['pods']);
    for (const v of ['get', 'create', 'deletecollection', 'escalate', '*']) expect(ruleAllows(star, req(v, '', 'pods'))).toBe(true);
    // A request for the verb "*" is only allowed by a rule that lists "*" itself.
    expect(ruleAllows(r, req('*', '', 'pods'))).toBe(false);
  });

  it('treats "" as the core group and "*" as every group', () => {
    expect(ruleAllows(rule(['get'], [''], ['pods']), req('get', '', 'pods'))).toBe(true);
    expect(ruleAllows(rule(['get'], [''], ['deployments']), req('get', 'apps', 'deployments'))).toBe(false);
    expect(ruleAllows(rule(['get'], ['apps'], ['deployments']), req('get', 'apps', 'deployments'))).toBe(true);
    expect(ruleAllows(rule(['get'], ['apps'], ['pods']), req('get', '', 'pods'))).toBe(false);
    expect(ruleAllows(rule(['get'], ['*'], ['pods']), req('get', '', 'pods'))).toBe(true);
    expect(ruleAllows(rule(['get'], ['*'], ['jobs']), req('get', 'batch', 'jobs'))).toBe(true);
    expect(ruleAllows(rule(['get'], [], ['pods']), req('get', '', 'pods'))).toBe(false);
    expect(ruleAllows({ verbs: ['get'], resources: ['pods'] }, req('get', '', 'pods'))).toBe(false);
  });

  it('matches "*" against every resource and subresource', () => {
    const r = rule(['get'], [''], ['*']);
    expect(ruleAllows(r, req('get', '', 'pods'))).toBe(true);
    expect(ruleAllows(r, req('get', '', 'pods', { subresource: 'status' }))).toBe(true);
    expect(ruleAllows(r, req('get', '', 'secrets'))).toBe(true);
  });

  it('does not let a resource cover its subresources, nor a subresource its resource', () => {
    expect(ruleAllows(rule(['get'], [''], ['pods']), req('get', '', 'pods', { subresource: 'status' }))).toBe(false);
    expect(ruleAllows(rule(['get'], [''], ['pods']), req('get', '', 'pods', { subresource: 'log' }))).toBe(false);
    expect(ruleAllows(rule(['get'], [''], ['pods/status']), req('get', '', 'pods', { subresource: 'status' }))).toBe(true);
    expect(ruleAllows(rule(['get'], [''], ['pods/status']), req('get', '', 'pods'))).toBe(false);
    expect(ruleAllows(rule(['get'], [''], ['pods/status']), req('get', '', 'pods', { subresource: 'log' }))).toBe(false);
  });

  it('matches "*/sub" against that subresource of every resource, and only that', () => {
    const r = rule(['get'], ['*'], ['*/status']);
    expect(ruleAllows(r, req('get', '', 'pods', { subresource: 'status' }))).toBe(true);
    expect(ruleAllows(r, req('get', 'apps', 'deployments', { subresource: 'status' }))).toBe(true);
    expect(ruleAllows(r, req('get', '', 'pods'))).toBe(false);
    expect(ruleAllows(r, req('get', '', 'pods', { subresource: 'statusx' }))).toBe(false);
    expect(ruleAllows(r, req('get', '', 'pods', { subresource: 'tatus' }))).toBe(false);
  });

  it('reads "pods/*" literally: it is no pattern for every subresource of pods', () => {
    const r = rule(['get'], [''], ['pods/*']);
    expect(ruleAllows(r, req('get', '', 'pods', { subresource: 'status' }))).toBe(false);
    expect(ruleAllows(r, req('get', '', 'pods', { subresource: 'log' }))).toBe(false);
    expect(ruleAllows(r, req('get', '', 'pods'))).toBe(false);
    expect(ruleAllows(r, req('get', '', 'pods', { subresource: '*' }))).toBe(true);
  });

  it('takes the cartesian product of verbs, groups and resources', () => {
    const r = rule(['verb1', 'verb2'], ['group1', 'group2'], ['resource1', 'resource2']);
    for (const v of ['verb1', 'verb2']) for (const g of ['group1', 'group2']) for (const res of ['resource1', 'resource2']) expect(ruleAllows(r, req(v, g, res))).toBe(true);
    expect(ruleAllows(r, req('verb3', 'group1', 'resource1'))).toBe(false);
  });

  it('restricts to resourceNames when listed, and an empty list means every name', () => {
    const named = rule(['get', 'list'], [''], ['configmaps'], ['spark-conf']);
    expect(ruleAllows(named, req('get', '', 'configmaps', { name: 'spark-conf' }))).toBe(true);
    expect(ruleAllows(named, req('get', '', 'configmaps', { name: 'other' }))).toBe(false);
    // list (and create) carry no name, so a name-restricted rule never allows them.
    expect(ruleAllows(named, req('list', '', 'configmaps'))).toBe(false);
    const empty = rule(['get'], [''], ['configmaps'], []);
    expect(ruleAllows(empty, req('get', '', 'configmaps', { name: 'anything' }))).toBe(true);
    expect(ruleAllows(empty, req('get', '', 'configmaps'))).toBe(true);
  });

  it('ignores the namespace (scope is the binding\'s business)', () => {
    const r = rule(['get'], [''], ['pods']);
    expect(ruleAllows(r, req('get', '', 'pods', { namespace: '' }))).toBe(true);
    expect(ruleAllows(r, req('get', '', 'pods', { namespace: 'other' }))).toBe(true);
  });

  it('never lets a non-resource rule allow a resource request', () => {
    expect(ruleAllows(urls(['*'], ['*']), req('get', '', 'pods'))).toBe(false);
  });
});

describe('ruleAllows, non-resource requests', () => {
  it('matches "*" against every path', () => {
    const r = urls(['get'], ['*']);
    for (const p of ['/foo', '/foo/bar', '/healthz', '/']) expect(ruleAllows(r, path('get', p))).toBe(true);
    expect(ruleAllows(r, path('post', '/foo'))).toBe(false);
  });

  it('treats a trailing "*" as a prefix match on what precedes it', () => {
    const r = urls(['get'], ['/foo/*']);
    expect(ruleAllows(r, path('get', '/foo'))).toBe(false);
    expect(ruleAllows(r, path('get', '/foo/'))).toBe(true);
    expect(ruleAllows(r, path('get', '/foo/bar/one'))).toBe(true);
    expect(ruleAllows(r, path('get', '/notfoo/bar'))).toBe(false);
    // "/logs*" has no slash: it is a plain string prefix.
    expect(ruleAllows(urls(['get'], ['/logs*']), path('get', '/logsmith'))).toBe(true);
    // Several trailing stars are stripped together (strings.TrimRight).
    expect(ruleAllows(urls(['get'], ['/a**']), path('get', '/ab'))).toBe(true);
  });

  it('matches exact paths only exactly', () => {
    const r = urls(['*'], ['/foo', '/foo/bar/one']);
    expect(ruleAllows(r, path('get', '/foo'))).toBe(true);
    expect(ruleAllows(r, path('post', '/foo/bar/one'))).toBe(true);
    expect(ruleAllows(r, path('get', '/foo/bar'))).toBe(false);
    expect(ruleAllows(r, path('get', '/foo/'))).toBe(false);
  });

  it('never lets a resource rule allow a non-resource request', () => {
    expect(ruleAllows(rule(['*'], ['*'], ['*']), path('get', '/healthz'))).toBe(false);
  });
});

describe('helpers', () => {
  it('combines resource and subresource as the authorizer does', () => {
    expect(combinedResource({ resource: 'pods' })).toBe('pods');
    expect(combinedResource({ resource: 'pods', subresource: 'status' })).toBe('pods/status');
  });
  it('tells resource from non-resource requests by nonResourcePath', () => {
    expect(isResourceRequest(req('get', '', 'pods'))).toBe(true);
    expect(isResourceRequest(path('get', '/healthz'))).toBe(false);
  });
  it('finds the first allowing rule', () => {
    const rules = [rule(['list'], [''], ['pods']), rule(['get'], [''], ['pods']), rule(['*'], ['*'], ['*'])];
    expect(firstAllowingRule(rules, req('get', '', 'pods'))).toBe(1);
    expect(firstAllowingRule(rules, req('delete', 'apps', 'deployments'))).toBe(2);
    expect(firstAllowingRule(rules.slice(0, 2), req('delete', '', 'pods'))).toBe(-1);
  });
});
