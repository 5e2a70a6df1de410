// Which Host and Origin headers the dashboard answers. Pure decisions, no I/O.
// Host: a page on evil.example that its DNS later points at the dashboard's address (DNS
// rebinding) sends `Host: evil.example`; only names the dashboard is known by are served.
// Origin: browsers let any page open a websocket anywhere and send their Origin; only the
// dashboard's own origin, the portals allowed to frame it and the configured origins may.

export interface HostPolicy {
  /** The address the dashboard listens on (--host). */
  bindHost: string;
  /** --allowed-hosts: names, `*.example.com` wildcards, or `*` for any. */
  allowedHosts: readonly string[];
}

export type HostDecision = { ok: true } | { ok: false; message: string };

/** A Host header: a name, an IPv4 address or a bracketed IPv6 address, with an optional port. */
const HOST_HEADER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(:\d{1,5})?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Splits and normalises a Host header (lower case, IPv4 in dotted form) the way browsers do; null when it is not one. */
export function parseHostHeader(value: string): { hostname: string; port: string } | null {
  if (!HOST_HEADER.test(value)) return null;
  try {
    const url = new URL(`http://${value}`);
    return { hostname: url.hostname, port: url.port };
  } catch {
    return null;
  }
}

function isIpLiteral(hostname: string): boolean {
  return IPV4.test(hostname) || hostname.startsWith('[');
}

function isLoopbackName(hostname: string): boolean {
  // *.localhost never reaches DNS in browsers (RFC 6761), so it cannot be rebound.
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Whether the dashboard listens on loopback only. */
export function isLoopbackBind(bindHost: string): boolean {
  const parsed = parseHostHeader(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
  return parsed !== null && isLoopbackName(parsed.hostname);
}

/** `*.example.com` matches any name below example.com (as in CSP), not example.com itself. */
function matchesHostPattern(hostname: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  if (p === '*') return true;
  return p.startsWith('*.') ? hostname.endsWith(p.slice(1)) && hostname.length > p.length - 1 : hostname === p;
}

/** An --allowed-hosts entry: a host name, `*.` followed by one, or `*`. */
export function isHostPattern(value: string): boolean {
  return value === '*' || /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(value);
}

/**
 * Whether a request with this Host header may be served. Listening on loopback, only loopback
 * names and addresses; beyond it, also any IP address (probes use pod IPs), the listen address
 * and --allowed-hosts. No Host header at all (HTTP/1.0 tools) cannot come from a browser page.
 */
export function hostAllowed(hostHeader: string | undefined, policy: HostPolicy): HostDecision {
  if (hostHeader === undefined || hostHeader === '') return { ok: true };
  const parsed = parseHostHeader(hostHeader);
  const shown = JSON.stringify(hostHeader.slice(0, 100));
  if (!parsed) return { ok: false, message: `Misdirected request: ${shown} is not a valid Host header.` };
  const { hostname } = parsed;
  if (isLoopbackName(hostname)) return { ok: true };
  if (isLoopbackBind(policy.bindHost)) {
    return { ok: false, message: `Misdirected request: this dashboard listens on ${policy.bindHost} and answers only to loopback names (localhost, 127.0.0.1, [::1]), not ${shown}. To serve other names, listen beyond loopback (--host) and name them in --allowed-hosts (ALLOWED_HOSTS).` };
  }
  if (isIpLiteral(hostname) || hostname === policy.bindHost.toLowerCase() || policy.allowedHosts.some((p) => matchesHostPattern(hostname, p))) return { ok: true };
  return { ok: false, message: `Misdirected request: this dashboard does not answer to the name ${shown}. If that is its name, start it with --allowed-hosts ${hostname} (ALLOWED_HOSTS; *.example.com wildcards allowed).` };
}

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

function originParts(value: string): { protocol: string; hostname: string; port: string } | null {
  try {
    const url = new URL(value);
    if (!(url.protocol in DEFAULT_PORT)) return null;
    return { protocol: url.protocol, hostname: url.hostname, port: url.port || DEFAULT_PORT[url.protocol] };
  } catch {
    return null;
  }
}

/** `https://*.example.com` (as in CSP frame-ancestors) or an exact origin; the port must match. */
function matchesOriginPattern(origin: { protocol: string; hostname: string; port: string }, pattern: string): boolean {
  const wildcard = pattern.includes('://*.');
  const p = originParts(wildcard ? pattern.replace('://*.', '://wildcard.') : pattern);
  if (!p || p.protocol !== origin.protocol || p.port !== origin.port) return false;
  return wildcard ? matchesHostPattern(origin.hostname, `*.${p.hostname.slice('wildcard.'.length)}`) : p.hostname === origin.hostname;
}

/**
 * Whether a websocket (or socket.io polling) handshake with this Origin may connect: no Origin
 * (not a browser), the dashboard's own origin (its host equals the Host the request was sent
 * to), or one of `allowed` (--frame-ancestors and --allowed-origins). `null` origins (sandboxed
 * frames, local files) are refused.
 */
export function originAllowed(originHeader: string | undefined, hostHeader: string | undefined, allowed: readonly string[]): boolean {
  if (originHeader === undefined) return true;
  const origin = originParts(originHeader);
  if (!origin) return false;
  const host = hostHeader ? parseHostHeader(hostHeader) : null;
  if (host && host.hostname === origin.hostname && (host.port || DEFAULT_PORT[origin.protocol]) === origin.port) return true;
  return allowed.some((pattern) => matchesOriginPattern(origin, pattern));
}
