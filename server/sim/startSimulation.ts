// Starts the embedded cluster and the Spark workload simulator that drives it through the
// Kubernetes API, as one unit: what `npm start` runs when no kubeconfig is given, and what
// `npm run sim` runs as a process of its own.

import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeTransport } from '../kube/kubeTransport';
import type { Logger } from '../log';
import { createEmbeddedCluster, type EmbeddedCluster } from './cluster/apiServer';
import { createWorkloadSimulator, type WorkloadSimulator } from './workload/workload';

export interface SimulationOptions {
  stateDir: string;
  host?: string;
  port: number;
  seed: number;
  scale: number;
  churn: number;
  log: Logger;
  /** false: the cluster only, no workload (benchmarks drive it themselves). */
  workload?: boolean;
}

export interface RunningSimulation {
  cluster: EmbeddedCluster;
  workload: WorkloadSimulator | null;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

export async function startEmbeddedCluster(options: SimulationOptions): Promise<RunningSimulation> {
  const log = options.log.child('sim');
  const cluster = await createEmbeddedCluster({ stateDir: options.stateDir, host: options.host, port: options.port, seed: options.seed });
  log.info('embedded cluster listening', { url: cluster.url, kubeconfig: path.relative(process.cwd(), cluster.kubeconfigPath) });
  let workload: WorkloadSimulator | null = null;
  if (options.workload !== false) {
    const kc = new KubeConfig();
    kc.loadFromString(cluster.kubeconfigYaml('admin'));
    const sim = createWorkloadSimulator(createKubeTransport(kc), { seed: options.seed, scale: options.scale, churn: options.churn, log: log.child('workload') });
    workload = sim;
    // The dashboard need not wait for the first wave: it shows applications as they arrive.
    sim.start().then(() => {
      const s = sim.stats();
      log.info('Spark workload running', { seed: options.seed, scale: options.scale, churn: options.churn, apps: s.apps.alive, pods: s.pods.created });
    }, (e: unknown) => log.error('the Spark workload failed to start', { error: String(e) }));
  }
  return {
    cluster,
    workload,
    kubeconfigPath: cluster.kubeconfigPath,
    stop: async () => {
      await workload?.stop();
      await cluster.stop();
    },
  };
}
