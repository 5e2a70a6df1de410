// authorization.k8s.io/v1 access reviews (SubjectAccessReview, LocalSubjectAccessReview,
// SelfSubjectAccessReview, SelfSubjectRulesReview): never stored, answered by the same
// authorizer that guards requests, echoing the request with a status as the real server does.

import { badRequest, fieldError, invalid, notFound, type AuthzAttributes, type FieldCause } from './apiErrors';
import { reviewAttributes, reviewStatus, rulesReviewStatus, type AuthorizationDecision, type UserInfo } from './authz';
import { updateManagedFields } from './managedFields';
import { parseBody, type Reply } from './objectHandlers';
import { GENERIC_MERGE_SCHEMA } from './patch';
import type { RequestInfo } from './requestInfo';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const KINDS: Record<string, string> = {
  subjectaccessreviews: 'SubjectAccessReview',
  localsubjectaccessreviews: 'LocalSubjectAccessReview',
  selfsubjectaccessreviews: 'SelfSubjectAccessReview',
  selfsubjectrulesreviews: 'SelfSubjectRulesReview',
};

const SPEC_ORDER = ['resourceAttributes', 'nonResourceAttributes', 'user', 'groups', 'extra', 'uid', 'namespace'];
const RESOURCE_ORDER = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name', 'fieldSelector', 'labelSelector'];

function ordered(o: Obj, order: string[]): Obj {
  const out: Obj = {};
  for (const k of order) if (o[k] !== undefined && o[k] !== '') out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out) && o[k] !== undefined && o[k] !== '') out[k] = o[k];
  return out;
}

export function handleReview(
  info: RequestInfo,
  requester: UserInfo,
  body: string,
  decide: (user: UserInfo, a: AuthzAttributes) => AuthorizationDecision,
  writer: { manager: string; time: string },
): Reply {
  const kind = KINDS[info.resource];
  const local = info.resource === 'localsubjectaccessreviews';
  if (!kind || info.apiVersion !== 'v1' || info.parts.length !== 1 || (local ? !info.namespace : !!info.namespace)) {
    throw notFound({ group: 'authorization.k8s.io', resource: info.resource }, '');
  }
  const review = parseBody(body);
  const spec = ordered(isObj(review.spec) ? review.spec : {}, SPEC_ORDER);
  if (isObj(spec.resourceAttributes)) spec.resourceAttributes = ordered(spec.resourceAttributes, RESOURCE_ORDER);
  const qualifiedKind = { group: 'authorization.k8s.io', kind };
  // Never stored, yet the response carries the writer's managedFields entry (observed).
  const managedFields = updateManagedFields(undefined, { spec }, { ...writer, apiVersion: 'authorization.k8s.io/v1', subresource: '', schema: GENERIC_MERGE_SCHEMA });
  const reply = (status: Obj) =>
    ({ status: 201, body: JSON.stringify({ kind, apiVersion: 'authorization.k8s.io/v1', metadata: { managedFields }, spec, status }) }) satisfies Reply;

  if (info.resource === 'selfsubjectrulesreviews') {
    if (!spec.namespace) throw invalid(qualifiedKind, '', [fieldError.required('spec.namespace')]);
    return reply(rulesReviewStatus(requester));
  }
  const hasResource = isObj(spec.resourceAttributes);
  const hasNonResource = isObj(spec.nonResourceAttributes);
  const errs: FieldCause[] = [];
  if (hasResource === hasNonResource) {
    errs.push(fieldError.invalid('spec.resourceAttributes', hasResource ? '{...}' : 'null', 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  }
  let subject: UserInfo;
  if (info.resource === 'selfsubjectaccessreviews') {
    subject = requester;
  } else {
    const user = typeof spec.user === 'string' ? spec.user : '';
    const groups = Array.isArray(spec.groups) ? spec.groups.map(String) : [];
    if (!user && groups.length === 0) errs.push(fieldError.invalid('spec.user', '', 'at least one of user or group must be specified'));
    subject = { name: user, groups };
  }
  if (local) {
    const ns = isObj(spec.resourceAttributes) ? spec.resourceAttributes.namespace : undefined;
    if (hasNonResource) errs.push(fieldError.invalid('spec.nonResourceAttributes', '{...}', 'disallowed on this kind of request'));
    else if (ns !== undefined && ns !== '' && ns !== info.namespace) throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${info.namespace}`);
    if (isObj(spec.resourceAttributes)) spec.resourceAttributes.namespace = info.namespace;
  }
  if (errs.length) throw invalid(qualifiedKind, '', errs);
  return reply(reviewStatus(decide(subject, reviewAttributes(spec))));
}
