// Reads the API server's Forbidden message out of Kubernetes event text (responsewriters
// forbiddenMessage: `<res> is forbidden: User "<u>" cannot <verb> resource "<res>[/<sub>]" in
// API group "<g>" in the namespace "<ns>"`), so a finding can point at the events that a
// missing permission explains.

import type { KubeEvent } from '../kube/types';

export interface ForbiddenRequest {
  user: string;
  verb: string;
  resource: string;
  subresource: string;
  apiGroup: string;
  /** '' when the message says "at the cluster scope" (or names no scope). */
  namespace: string;
}

export interface ForbiddenEvent {
  request: ForbiddenRequest;
  name?: string;
  reason?: string;
  message: string;
  count?: number;
  lastTimestamp?: string;
}

const FORBIDDEN =
  /is forbidden: User "([^"]*)" cannot ([^\s"]+) resource "([^"]*)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]*)"| at the cluster scope)?/;

export function parseForbiddenMessage(message: string): ForbiddenRequest | null {
  const m = FORBIDDEN.exec(message);
  if (!m) return null;
  const [resource = '', subresource = ''] = m[3]!.split('/', 2);
  return { user: m[1]!, verb: m[2]!, resource, subresource, apiGroup: m[4] ?? '', namespace: m[5] ?? '' };
}

/** Events whose message is a Forbidden answer to `user` (when given), newest information kept as the event has it. */
export function forbiddenEvents(events: readonly KubeEvent[], user?: string): ForbiddenEvent[] {
  const out: ForbiddenEvent[] = [];
  for (const e of events) {
    const request = e.message ? parseForbiddenMessage(e.message) : null;
    if (!request || (user !== undefined && request.user !== user)) continue;
    out.push({
      request,
      message: e.message!,
      ...(e.metadata?.name ? { name: e.metadata.name } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.count !== undefined ? { count: e.count } : {}),
      ...(e.lastTimestamp ? { lastTimestamp: e.lastTimestamp } : {}),
    });
  }
  return out;
}
