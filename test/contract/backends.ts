// The two clusters the server's integration suites run against, behind one interface: the
// embedded cluster (always) and a real kube-apiserver + etcd built from Go modules (when
// test/k8s/build.sh has produced the binaries). The same assertions run on both, so the
// embedded cluster cannot drift from the real thing.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeTransport, type KubeTransport } from '../../server/kube/kubeTransport';
import { createEmbeddedCluster, type EmbeddedCluster } from '../../sim/cluster/apiServer';
import { afterAll, beforeAll } from 'vitest';
import { findBinDir, startControlPlane, type ControlPlane } from '../k8s/controlPlane';

export type BackendKind = 'embedded' | 'kube-apiserver';
export type Identity = 'admin' | 'restricted';

export interface Backend {
  kind: BackendKind;
  kubeconfigPath(identity: Identity): string;
  transport(identity: Identity): KubeTransport;
  /** The API goes away (open watches are cut, new connections refused)… */
  apiDown(): Promise<void>;
  /** …and comes back on the same address with its data. */
  apiUp(): Promise<void>;
  /**
   * The API forgets its change history: a watcher resuming from a resourceVersion older than
   * the latest write gets 410 Gone and must relist.
   */
  expireWatchHistory(): Promise<void>;
  embedded: EmbeddedCluster | null;
  close(): Promise<void>;
}

/** The embedded cluster always; the real API server when its binaries were built (CI builds them). */
export function availableBackends(): BackendKind[] {
  const all: BackendKind[] = findBinDir() && process.env.SKIP_REAL_APISERVER !== '1' ? ['embedded', 'kube-apiserver'] : ['embedded'];
  // BACKENDS=kube-apiserver (or embedded) narrows a local run to one backend.
  const only = process.env.BACKENDS?.split(',').filter(Boolean);
  return only?.length ? all.filter((b) => only.includes(b)) : all;
}

function transportFor(kubeconfigPath: string): KubeTransport {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return createKubeTransport(kc, { requestTimeoutMs: 20_000 });
}

/** Compacts etcd's history up to its current revision, through etcd's JSON gateway. */
async function compactEtcd(etcdUrl: string): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${etcdUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`etcd ${path} answered HTTP ${res.status}: ${await res.text()}`);
    return res.json() as Promise<{ header?: { revision?: string } }>;
  };
  const range = await post('/v3/kv/range', { key: Buffer.from('/registry/').toString('base64'), limit: 1 });
  const revision = range.header?.revision;
  if (!revision) throw new Error('etcd did not report its revision');
  await post('/v3/kv/compaction', { revision, physical: true });
}

export async function startBackend(kind: BackendKind): Promise<Backend> {
  if (kind === 'embedded') {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-embedded-'));
    const cluster = await createEmbeddedCluster({ stateDir, seed: 7 });
    const files: Record<Identity, string> = {
      admin: path.join(stateDir, 'admin.kubeconfig'),
      restricted: path.join(stateDir, 'restricted.kubeconfig'),
    };
    for (const id of ['admin', 'restricted'] as const) fs.writeFileSync(files[id], cluster.kubeconfigYaml(id));
    const transports = { admin: transportFor(files.admin), restricted: transportFor(files.restricted) };
    return {
      kind,
      kubeconfigPath: (id) => files[id],
      transport: (id) => transports[id],
      apiDown: () => cluster.faults.setDown(true),
      apiUp: () => cluster.faults.setDown(false),
      expireWatchHistory: async () => cluster.faults.compactHistory(),
      embedded: cluster,
      close: async () => {
        await cluster.stop();
        fs.rmSync(stateDir, { recursive: true, force: true });
      },
    };
  }
  const cp: ControlPlane = await startControlPlane();
  const transports = { admin: transportFor(cp.kubeconfigPath('admin')), restricted: transportFor(cp.kubeconfigPath('restricted')) };
  return {
    kind,
    kubeconfigPath: (id) => cp.kubeconfigPath(id),
    transport: (id) => transports[id],
    apiDown: () => cp.stopApiServer(),
    apiUp: () => cp.startApiServer(),
    // Compaction alone is not enough (the watch cache still serves old revisions), nor is a
    // restart alone (the first watches may reach etcd's history before the cache is up): with
    // etcd compacted while the API server is down, resuming from an older revision gets 410
    // from the rebuilt cache or from etcd alike.
    expireWatchHistory: async () => {
      await cp.stopApiServer();
      await compactEtcd(cp.etcdUrl);
      await cp.startApiServer();
    },
    embedded: null,
    close: () => cp.stop(),
  };
}

/**
 * Starts `kind` before the suite and tears it down after, with every dashboard the suite
 * registered; call inside describe.
 */
export function useBackend(kind: BackendKind): { backend(): Backend; dashboards: { close(): Promise<void> }[] } {
  let backend: Backend | undefined;
  const dashboards: { close(): Promise<void> }[] = [];
  beforeAll(async () => { backend = await startBackend(kind); }, 180_000);
  afterAll(async () => {
    for (const d of dashboards) await d.close().catch(() => {});
    await backend?.close();
  });
  return { backend: () => backend!, dashboards };
}
