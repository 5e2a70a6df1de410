// Reads of the Kubernetes API that the volumes and RBAC panels need, made on demand with the
// dashboard's own identity. A 403 never fails a panel: it becomes a MissingAccess that the
// panel shows ("the dashboard may not list roles in spark-etl"), and the rest goes on.

import pLimit from 'p-limit';
import type { MissingAccess } from '../../lib/apiTypes';
import { redactPod, type RedactionOptions } from '../../lib/kube/redactPod';
import type { KubeList, KubePod } from '../../lib/kube/types';
import { SPARK_APP_ID_LABEL } from '../../lib/spark/labels';
import type { KubeTransport } from '../kube/kubeTransport';
import { KubeApiError } from '../kube/kubeTransport';
import { listAll, PODS } from '../kube/resourceListing';

export interface ReadResult<T> {
  value: T | null;
  missing: MissingAccess | null;
}

/** GET/LIST that turns 403 into a MissingAccess and 404 into null; other errors throw. */
export async function readOrExplain<T>(read: () => Promise<T>, access: Omit<MissingAccess, 'message'>): Promise<ReadResult<T>> {
  try {
    return { value: await read(), missing: null };
  } catch (e) {
    if (e instanceof KubeApiError && e.status === 403) return { value: null, missing: { ...access, message: e.message } };
    if (e instanceof KubeApiError && e.status === 404) return { value: null, missing: null };
    throw e;
  }
}

export function appSelector(appId: string): string {
  // Pods without the label are grouped under an empty app id.
  return appId ? `${SPARK_APP_ID_LABEL}=${appId}` : `spark-role,!${SPARK_APP_ID_LABEL}`;
}

async function listAppPods(transport: KubeTransport, namespace: string, appId: string, redaction: RedactionOptions): Promise<ReadResult<KubePod[]>> {
  return readOrExplain(async () => (await listAll<KubePod>(transport, PODS, { namespace, labelSelector: appSelector(appId), pageSize: 500 })).items.map((p) => redactPod(p, redaction)),
    { what: "the application's pods", verb: 'list', resource: 'pods', namespace });
}

/**
 * Every pod of an application, listed on demand and shared for a moment by the panels that
 * need it (volumes and RBAC load together: one list of thousands of executors, not two).
 * Redacted as it is read (lib/kube/redactPod): nothing downstream can leak an env value.
 */
export function createAppPodsReader(transport: KubeTransport, redaction: RedactionOptions, ttlMs = 2000) {
  const cache = new ShortCache<ReadResult<KubePod[]>>(ttlMs);
  return {
    get: (namespace: string, appId: string) => cache.get(`${namespace}/${appId}`, () => listAppPods(transport, namespace, appId, redaction)),
    invalidate: (namespace: string, appId: string) => cache.invalidate(`${namespace}/${appId}`),
  };
}

export type AppPodsReader = ReturnType<typeof createAppPodsReader>;

export async function listIn<T>(transport: KubeTransport, path: string, access: Omit<MissingAccess, 'message'>, query?: Record<string, string>): Promise<ReadResult<T[]>> {
  return readOrExplain(async () => (await transport.getJson<KubeList<T>>(path, query)).items ?? [], access);
}

/** A small per-key cache so a panel opened by many browsers costs one set of API reads. */
export class ShortCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();
  constructor(private readonly ttlMs: number, private readonly max = 200) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = load();
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * Loads of the volumes and RBAC panels (a dozen or more API reads each) run at most this many
 * at a time across all applications: a client asking for many applications at once waits its
 * turn instead of multiplying the dashboard's load on the API server.
 */
export type PanelLoads = <T>(load: () => Promise<T>) => Promise<T>;

export function createPanelLoads(concurrency = 4): PanelLoads & { pending(): number; active(): number } {
  const limit = pLimit(concurrency);
  return Object.assign(<T,>(load: () => Promise<T>) => limit(load), { pending: () => limit.pendingCount, active: () => limit.activeCount });
}
