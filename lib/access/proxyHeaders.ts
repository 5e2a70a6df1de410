// The identity an authenticating reverse proxy (oauth2-proxy and the like) passes in request
// headers. Only called for requests from a trusted proxy address (lib/access/cidr): anyone else
// could send the same headers.

import type { Identity } from './identity';

export interface ProxyHeaderNames {
  user: string;
  email: string;
  groups: string;
}

/** oauth2-proxy's names (with --pass-user-headers / --set-xauthrequest behind nginx's auth_request alike). */
export const OAUTH2_PROXY_HEADERS: ProxyHeaderNames = { user: 'X-Forwarded-User', email: 'X-Forwarded-Email', groups: 'X-Forwarded-Groups' };

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string[] {
  const v = headers[name.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/**
 * The user header names the person (the email header when there is no user header); groups
 * are comma-separated, in one header or several. Null when neither names anyone.
 */
export function identityFromProxyHeaders(headers: Headers, names: ProxyHeaderNames): Identity | null {
  const user = header(headers, names.user)[0]?.trim() ?? '';
  const email = header(headers, names.email)[0]?.trim() ?? '';
  const name = user || email;
  if (!name) return null;
  const groups = [...new Set(header(headers, names.groups).flatMap((v) => v.split(',')).map((g) => g.trim()).filter(Boolean))];
  return { user: name, groups, ...(email ? { email } : {}) };
}
