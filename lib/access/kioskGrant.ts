// What a kiosk or portal token grants: read-only viewing of walls and embedded panels, for the
// clusters and namespaces it names, until it expires. A token is not a person (nobody can be
// asked about it), so its claims are the whole grant; the dashboard's key signed them. Pure:
// claims in, decisions out (server/access/kioskTokens signs and verifies).

import type { ReadableNamespaces } from './readableNamespaces';

export interface KioskGrant {
  /** Names the token in /metrics and the audit log, e.g. lobby-wall. */
  label: string;
  /** Null: every cluster of the dashboard. */
  clusters: readonly string[] | null;
  /** '*': every namespace of its clusters. */
  namespaces: readonly string[] | '*';
}

/** The claims a token carries besides iat, exp and the registered ones. */
export interface KioskClaims {
  label: string;
  namespaces: string[];
  clusters?: string[];
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Cluster ids are kubeconfig context names or embedded cluster names. */
const CLUSTER_ID = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,252}$/;

export function labelProblem(label: string): string | null {
  return LABEL.test(label) ? null : `the label "${label}" must be 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit (it names the token in /metrics)`;
}

export function namespacesProblem(namespaces: readonly string[]): string | null {
  if (!namespaces.length) return 'name at least one namespace (or * for every namespace)';
  if (namespaces.includes('*')) return namespaces.length === 1 ? null : '* (every namespace) cannot be combined with names';
  const bad = namespaces.find((n) => !DNS_LABEL.test(n));
  return bad === undefined ? null : `"${bad}" is not a namespace name`;
}

export function clustersProblem(clusters: readonly string[]): string | null {
  if (!clusters.length) return 'name at least one cluster, or leave the clusters out for every cluster';
  const bad = clusters.find((c) => !CLUSTER_ID.test(c));
  return bad === undefined ? null : `"${bad}" is not a cluster id`;
}

/** The grant a verified token's claims describe, or why they describe none. */
export function grantFromClaims(claims: Record<string, unknown>): { ok: true; grant: KioskGrant } | { ok: false; error: string } {
  const { label, namespaces, clusters } = claims;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (typeof label !== 'string' || labelProblem(label)) return { ok: false, error: 'the token has no valid label' };
  if (!strings(namespaces) || namespacesProblem(namespaces)) return { ok: false, error: 'the token names no valid namespaces' };
  if (clusters !== undefined && (!strings(clusters) || clustersProblem(clusters))) return { ok: false, error: 'the token names no valid clusters' };
  return { ok: true, grant: { label, clusters: clusters ?? null, namespaces: namespaces.includes('*') ? '*' : namespaces } };
}

const TTL = /^(\d+)(m|h|d)$/;
const TTL_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
/** At most two years: a token that outlives any rotation plan is a forgotten password. */
export const MAX_TTL_MS = 730 * 86_400_000;

/** "90d", "12h", "30m" in milliseconds, or why not. */
export function parseTtl(text: string): { ok: true; ms: number } | { ok: false; error: string } {
  const m = TTL.exec(text.trim());
  if (!m) return { ok: false, error: `--ttl "${text}" must be a whole number of minutes, hours or days, e.g. 30m, 12h or 90d` };
  const ms = Number(m[1]) * TTL_MS[m[2]];
  if (ms < 60_000) return { ok: false, error: '--ttl must be at least 1m' };
  if (ms > MAX_TTL_MS) return { ok: false, error: '--ttl must be at most 730d (issue a new token before it ends)' };
  return { ok: true, ms };
}

export function grantCoversCluster(grant: KioskGrant, cluster: string): boolean {
  return grant.clusters === null || grant.clusters.includes(cluster);
}

export function grantCovers(grant: KioskGrant, cluster: string, namespace: string): boolean {
  return grantCoversCluster(grant, cluster) && (grant.namespaces === '*' || grant.namespaces.includes(namespace));
}

/** "spark-etl, spark-ml of prod" / "every namespace of every cluster": what refusals say the token shows. */
export function describeGrant(grant: KioskGrant): string {
  const ns = grant.namespaces === '*' ? 'every namespace' : grant.namespaces.join(', ');
  return `${ns} of ${grant.clusters === null ? 'every cluster' : grant.clusters.join(', ')}`;
}

/** What the token may read of the dashboard's clusters (`namespaces` of each: those the dashboard shows). */
export function grantReadable(grant: KioskGrant, clusters: readonly { id: string; namespaces: readonly string[] }[]): ReadableNamespaces {
  const byCluster = new Map<string, ReadonlySet<string>>();
  for (const c of clusters) {
    if (!grantCoversCluster(grant, c.id)) continue;
    byCluster.set(c.id, new Set(grant.namespaces === '*' ? c.namespaces : grant.namespaces));
  }
  return { all: false, byCluster };
}

/** The pages a token opens, and the cluster and namespace a panel page names (checked against the grant). */
export type KioskPage =
  | { kind: 'wall' }
  | { kind: 'embed'; cluster: string | null; namespace: string | null }
  | { kind: 'other' };

export function kioskPage(pathname: string): KioskPage {
  if (pathname === '/wall' || pathname === '/wall/') return { kind: 'wall' };
  if (pathname !== '/embed' && !pathname.startsWith('/embed/')) return { kind: 'other' };
  const parts = pathname.split('/').filter(Boolean);
  // /embed/apps/CLUSTER/NAMESPACE/APP/PANEL names a namespace; an old /embed/apps/NAMESPACE/APP/PANEL is redirected first.
  if (parts[1] === 'apps' && parts.length === 6) {
    try {
      return { kind: 'embed', cluster: decodeURIComponent(parts[2]), namespace: decodeURIComponent(parts[3]) };
    } catch {
      return { kind: 'other' };
    }
  }
  return { kind: 'embed', cluster: null, namespace: null };
}
