// Clusters as the dashboard names them. An id is part of every key, scope and URL (so it is a
// DNS label: lower-case letters, digits and '-'); the name is what people read (a kubeconfig
// context like "arn:aws:eks:eu-west-1:123456789012:cluster/prod" is a fine name, not an id).

export type ClusterStatus = 'starting' | 'healthy' | 'degraded';

export interface ClusterSummary {
  id: string;
  name: string;
  /** The API server's address. */
  server: string;
  /** ['*'] or the namespaces watched. */
  namespaces: string[];
  status: ClusterStatus;
  problems: string[];
  applications: number;
  executors: number;
}

const CLUSTER_ID = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function isClusterId(v: unknown): v is string {
  return typeof v === 'string' && CLUSTER_ID.test(v);
}

/** A cluster id made from a context or file name: lower-cased, other characters to '-', at most 63. */
export function clusterIdFrom(name: string): string {
  // An EKS context name ends with cluster/<name>: that last part says it best.
  const tail = /cluster\/([^/]+)$/.exec(name)?.[1] ?? name;
  const slug = tail.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return slug || 'cluster';
}

/** Ids for several names, made unique by a numeric suffix where two would collide. */
export function uniqueClusterIds(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    const base = clusterIdFrom(n);
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base.slice(0, 60 - String(i).length)}-${i}`;
    used.add(id);
    return id;
  });
}
