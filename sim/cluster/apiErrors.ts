// Failure `Status` bodies worded exactly as k8s.io/apimachinery's errors package words them
// (NewNotFound, NewAlreadyExists, NewConflict, NewInvalid, NewForbidden, NewResourceExpired,
// …), thrown as ApiError by every layer of the embedded cluster and written by the server.

import type { KubeStatus } from '../../lib/kube/types';

export interface FieldCause {
  reason: string;
  message: string;
  field: string;
}

export class ApiError extends Error {
  constructor(readonly status: KubeStatus & { code: number }) {
    super(status.message);
    this.name = 'ApiError';
  }
  get code(): number {
    return this.status.code;
  }
}

/** A resource as errors name it: "pods", or "roles.rbac.authorization.k8s.io". */
export interface GroupResource {
  group: string;
  resource: string;
}

const qualified = (gr: GroupResource) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);

type Details = NonNullable<KubeStatus['details']>;

// Field order matches metav1.Status and StatusDetails (empty fields omitted), so bodies
// compare equal to the real server's as text too.
export function failure(code: number, reason: string | undefined, message: string, details?: Details): ApiError {
  const status: KubeStatus & { code: number } = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message } as KubeStatus & { code: number };
  if (reason) status.reason = reason;
  if (details) {
    const d: Details = {};
    if (details.name) d.name = details.name;
    if (details.group) d.group = details.group;
    if (details.kind) d.kind = details.kind;
    if (details.uid) d.uid = details.uid;
    if (details.causes?.length) d.causes = details.causes;
    if (details.retryAfterSeconds) d.retryAfterSeconds = details.retryAfterSeconds;
    status.details = d;
  }
  status.code = code;
  return new ApiError(status);
}

export const notFound = (gr: GroupResource, name: string) =>
  failure(404, 'NotFound', `${qualified(gr)} "${name}" not found`, { name, group: gr.group, kind: gr.resource });

export const alreadyExists = (gr: GroupResource, name: string) =>
  failure(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, { name, group: gr.group, kind: gr.resource });

export const conflict = (gr: GroupResource, name: string, why: string) =>
  failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`, { name, group: gr.group, kind: gr.resource });

export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

export const badRequest = (message: string) => failure(400, 'BadRequest', message);

export const methodNotAllowed = (message = 'the server does not allow this method on the requested resource') =>
  failure(405, 'MethodNotAllowed', message);

export const unauthorized = () => failure(401, 'Unauthorized', 'Unauthorized');

export const internalError = (detail: string) =>
  failure(500, 'InternalError', `Internal error occurred: ${detail}`, { causes: [{ message: detail }] });

export const serviceUnavailable = (message = 'the server is currently unable to handle the request') => failure(503, 'ServiceUnavailable', message);

export const expired = (message: string) => failure(410, 'Expired', message);

export const tooLargeResourceVersion = (requested: number, current: number) =>
  failure(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });

// go-restful rejects a Content-Type the route does not consume before the patch handler
// runs, with its own terse text (observed on kube-apiserver 1.34).
export const unsupportedMediaType = () => failure(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {});

export const notAcceptable = (accepted: string[]) =>
  failure(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);

/**
 * apierrors.NewInvalid: `Pod "x" is invalid: <error>` for one error, `[e1, e2]` for more
 * (utilerrors.Aggregate), with one cause per field error.
 */
export function invalid(kind: { group: string; kind: string }, name: string, causes: FieldCause[]): ApiError {
  const texts = causes.map((c) => `${c.field}: ${c.message}`);
  const all = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  const qualifiedKind = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  return failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${all}`, { name, group: kind.group, kind: kind.kind, causes });
}

/** field.Required / field.Invalid / field.Forbidden / field.NotSupported, as causes. */
export const fieldError = {
  required: (field: string, detail = ''): FieldCause => ({ reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value', field }),
  invalid: (field: string, value: unknown, detail: string): FieldCause => ({
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? 'null'}${detail ? `: ${detail}` : ''}`,
    field,
  }),
  forbidden: (field: string, detail: string): FieldCause => ({ reason: 'FieldValueForbidden', message: `Forbidden: ${detail}`, field }),
  notSupported: (field: string, value: unknown, supported: string[]): FieldCause => ({
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
    field,
  }),
};

export interface AuthzAttributes {
  verb: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  resourceRequest: boolean;
  path: string;
}

/** responsewriters.forbiddenMessage + apierrors.NewForbidden, word for word. */
export function forbidden(user: string, a: AuthzAttributes, reason = ''): ApiError {
  let why: string;
  if (!a.resourceRequest) {
    why = `User "${user}" cannot ${a.verb} path "${a.path}"`;
  } else {
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    why = a.namespace
      ? `User "${user}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" in the namespace "${a.namespace}"`
      : `User "${user}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" at the cluster scope`;
  }
  if (reason) why += `: ${reason}`;
  if (!a.resourceRequest || !a.resource) return failure(403, 'Forbidden', `forbidden: ${why}`, {});
  const gr = { group: a.apiGroup, resource: a.resource };
  const message = a.name ? `${qualified(gr)} "${a.name}" is forbidden: ${why}` : `${qualified(gr)} is forbidden: ${why}`;
  return failure(403, 'Forbidden', message, { name: a.name, group: a.apiGroup, kind: a.resource });
}
