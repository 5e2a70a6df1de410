// One PolicyRule against one request, exactly as Kubernetes' RBAC authorizer decides it
// (plugin/pkg/auth/authorizer/rbac `RuleAllows` and pkg/apis/rbac/v1 evaluation_helpers.go).
// Pure string matching: no defaulting, no case folding, no knowledge of which resources exist,
// because the real matcher has none either and we must agree with it on every input.

import type { KubePolicyRule } from '../kube/types';

/**
 * What a request asks for, in the authorizer's terms. A request is a non-resource request
 * exactly when `nonResourcePath` is set (kube-apiserver's `IsResourceRequest() == false`).
 */
export interface RequestAttributes {
  verb: string;
  /** '' is the core group (pods, configmaps, services, …). */
  apiGroup: string;
  resource?: string;
  subresource?: string;
  name?: string;
  /** '' or absent: a cluster-scoped request (or one across all namespaces). */
  namespace?: string;
  nonResourcePath?: string;
}

// The wildcards of k8s.io/api/rbac/v1: VerbAll, APIGroupAll, ResourceAll, NonResourceAll.
export const WILDCARD = '*';

export const isResourceRequest = (attrs: RequestAttributes): boolean => attrs.nonResourcePath === undefined;

/** "pods" or "pods/status": the string rules are compared against. */
export function combinedResource(attrs: Pick<RequestAttributes, 'resource' | 'subresource'>): string {
  const resource = attrs.resource ?? '';
  return attrs.subresource ? `${resource}/${attrs.subresource}` : resource;
}

export function verbMatches(rule: KubePolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === WILDCARD || v === verb);
}

export function apiGroupMatches(rule: KubePolicyRule, apiGroup: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === WILDCARD || g === apiGroup);
}

/**
 * `combined` is "resource" or "resource/subresource". A rule resource matches when it is "*",
 * equal to the combined string, or exactly "*\/<subresource>". Note what does NOT match: "pods"
 * does not cover "pods/status", and "pods/*" is not a pattern (it only equals a request whose
 * subresource is literally "*"), just as in ResourceMatches.
 */
export function resourceMatches(rule: KubePolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === WILDCARD || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

/** An empty (or absent) resourceNames list allows every name, including none (list, create). */
export function resourceNameMatches(rule: KubePolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/**
 * "*" matches every path; a trailing "*" is a prefix match on what precedes it (Go's
 * strings.TrimRight strips every trailing "*", so "/logs**" behaves like "/logs*").
 */
export function nonResourceURLMatches(rule: KubePolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === WILDCARD || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

export function ruleAllows(rule: KubePolicyRule, attrs: RequestAttributes): boolean {
  if (!isResourceRequest(attrs)) return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.nonResourcePath ?? '');
  const subresource = attrs.subresource ?? '';
  return (
    verbMatches(rule, attrs.verb) &&
    apiGroupMatches(rule, attrs.apiGroup) &&
    resourceMatches(rule, combinedResource(attrs), subresource) &&
    resourceNameMatches(rule, attrs.name ?? '')
  );
}

/** Index of the first rule that allows the request, or -1 (RulesAllow, keeping which one). */
export function firstAllowingRule(rules: readonly KubePolicyRule[], attrs: RequestAttributes): number {
  return rules.findIndex((r) => ruleAllows(r, attrs));
}
