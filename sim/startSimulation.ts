// Starts the embedded clusters and the Spark workload simulator that drives each through the
// Kubernetes API, as one unit: what `npm start` runs when no kubeconfig is given, and what
// `npm run sim` runs as a process of its own. Several clusters (--sim-clusters, two by
// default) each get their own API server, certificate authority and workload (a different
// seed and size), and one kubeconfig names them all, a context per cluster.

import fs from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeTransport } from '../server/kube/kubeTransport';
import type { Logger } from '../server/log';
import { createEmbeddedCluster, type EmbeddedCluster } from './cluster/apiServer';
import { multiClusterKubeconfigYaml } from './cluster/kubeconfig';
import { createWorkloadSimulator, type WorkloadSimulator } from './workload/workload';
import { installOperatorCrds } from './crds/operatorCrds';

export interface SimulationOptions {
  stateDir: string;
  host?: string;
  /** The first cluster's API port (0: any free port); the others take the next ones. */
  port: number;
  seed: number;
  scale: number;
  churn: number;
  /** How many clusters (default 1). */
  clusters?: number;
  log: Logger;
  /** false: the clusters only, no workload (benchmarks and fault tests drive them themselves). */
  workload?: boolean;
}

/** The embedded clusters' names (context names and cluster ids), with the share of the workload each runs. */
const CLUSTERS = [
  { name: 'prod', scale: 1 }, { name: 'staging', scale: 0.4 }, { name: 'dev', scale: 0.25 }, { name: 'gpu', scale: 0.3 },
  { name: 'batch', scale: 0.5 }, { name: 'ml', scale: 0.3 }, { name: 'analytics', scale: 0.3 }, { name: 'research', scale: 0.2 },
] as const;

export interface SimulatedCluster {
  name: string;
  cluster: EmbeddedCluster;
  workload: WorkloadSimulator | null;
  /** The admin's kubeconfig of this cluster alone. */
  kubeConfig(): KubeConfig;
}

export interface RunningSimulation {
  clusters: SimulatedCluster[];
  /** One file with a context per cluster (`prod`, `staging`, …; `prod-restricted` for the restricted identity). */
  kubeconfigPath: string;
  stop(): Promise<void>;
}

export async function startEmbeddedClusters(options: SimulationOptions): Promise<RunningSimulation> {
  const log = options.log.child('sim');
  const count = Math.max(1, Math.min(CLUSTERS.length, options.clusters ?? 1));
  const clusters: SimulatedCluster[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const { name, scale } = CLUSTERS[i];
      // Uids are random, as a real API server's are: a cluster started again must never give a
      // new pod the uid of one the dashboard's history recorded. The workload stays seeded.
      const cluster = await createEmbeddedCluster({ stateDir: path.join(options.stateDir, name), host: options.host, port: options.port ? options.port + i : 0 });
      const kubeConfig = () => { const kc = new KubeConfig(); kc.loadFromString(cluster.kubeconfigYaml('admin')); return kc; };
      let workload: WorkloadSimulator | null = null;
      if (options.workload !== false) {
        // The Spark operators' CRDs first: the workload submits part of its applications through them.
        const transport = createKubeTransport(kubeConfig());
        await installOperatorCrds(transport).catch((e: unknown) => log.warn('could not install the Spark operator CRDs; the workload runs without the operator', { cluster: name, error: String(e) }));
        // Each cluster its own story: another seed, another size.
        const sim = createWorkloadSimulator(transport, { seed: options.seed + 1000 * i, scale: options.scale * scale, churn: options.churn, log: log.child(`workload:${name}`) });
        workload = sim;
        // The dashboard need not wait for the first wave: it shows applications as they arrive.
        sim.start().then(() => {
          const s = sim.stats();
          log.info('Spark workload running', { cluster: name, apps: s.apps.alive, pods: s.pods.created });
        }, (e: unknown) => log.error('the Spark workload failed to start', { cluster: name, error: String(e) }));
      }
      clusters.push({ name, cluster, workload, kubeConfig });
      log.info('embedded cluster listening', { cluster: name, url: cluster.url });
    }
  } catch (e) {
    for (const c of clusters) await c.cluster.stop().catch(() => {});
    throw e;
  }
  const kubeconfigPath = path.join(options.stateDir, 'kubeconfig');
  fs.mkdirSync(options.stateDir, { recursive: true });
  fs.writeFileSync(kubeconfigPath, multiClusterKubeconfigYaml(clusters.map((c) => ({ name: c.name, server: c.cluster.url, caPem: c.cluster.caPem, users: c.cluster.kubeconfigUsers() }))), { mode: 0o600 });
  return {
    clusters,
    kubeconfigPath,
    stop: async () => {
      for (const c of clusters) await c.workload?.stop();
      for (const c of clusters) await c.cluster.stop();
    },
  };
}
