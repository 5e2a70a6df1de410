// The embedded cluster and its Spark workload as a process of their own (`npm run sim`), so
// that kubectl, a dashboard started with --kubeconfig, or a benchmark can reach it like any
// cluster. Settings are the dashboard's --sim-* settings. With --target-kubeconfig FILE the
// workload drives that cluster instead (it speaks only the Kubernetes API), e.g. a real
// kube-apiserver in the tests; the Spark operator CRDs are installed there if absent, for the
// simulated operator.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, helpText, loadConfig } from '../server/config';
import { createKubeTransport } from '../server/kube/kubeTransport';
import { kubeConfigFromFile } from '../server/kube/kubeClient';
import { createLogger } from '../server/log';
import { installOperatorCrds } from './crds/operatorCrds';
import { parseSimArguments } from './simArguments';
import { startEmbeddedClusters } from './startSimulation';
import { createWorkloadSimulator } from './workload/workload';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const { noWorkload, target, settings: args } = parseSimArguments(process.argv.slice(2));
  if (args.includes('--help')) {
    process.stdout.write(`npm run sim -- [--sim-clusters N] [--sim-port N] [--sim-seed N] [--sim-scale X] [--sim-churn X] [--sim-dir DIR] [--no-workload]\n\n${helpText()}\n`);
    return;
  }
  const config = loadConfig(args, process.env);
  const log = createLogger({ level: config.logLevel });
  if (target) {
    const api = createKubeTransport(kubeConfigFromFile(target));
    // The simulated Spark operator needs its CRDs: installed where absent (never changed where present).
    await installOperatorCrds(api).catch((e: unknown) => log.warn('could not install the Spark operator CRDs; the workload runs without the operator', { error: String(e) }));
    const workload = createWorkloadSimulator(api, { seed: config.simSeed, scale: config.simScale, churn: config.simChurn, log: log.child('workload') });
    await workload.start();
    process.stdout.write(`Spark workload running against ${target}\n`);
    const stopTarget = async () => { await workload.stop().catch(() => {}); process.exit(0); };
    process.on('SIGINT', () => void stopTarget());
    process.on('SIGTERM', () => void stopTarget());
    return;
  }
  const sim = await startEmbeddedClusters({
    stateDir: path.resolve(root, config.simDir), host: config.host, port: config.simPort, seed: config.simSeed,
    scale: config.simScale, churn: config.simChurn, clusters: config.simClusters, log, workload: !noWorkload,
  });
  const kubeconfig = path.relative(process.cwd(), sim.kubeconfigPath);
  const lines = sim.clusters.map((c) => `Embedded cluster ${c.name}: ${c.cluster.url} (kubeconfig context ${c.name})`);
  process.stdout.write(`${lines.join('\n')}\nKubeconfig: ${sim.kubeconfigPath}\n  kubectl --kubeconfig ${kubeconfig} --context ${sim.clusters[0].name} get pods -A -l spark-role\n  npm start -- --kubeconfig ${kubeconfig} --contexts ${sim.clusters.map((c) => c.name).join(",")}\n`);
  const stop = async () => {
    await sim.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e) => {
  process.stderr.write(e instanceof ConfigError ? `spark-pod-dashboard sim: ${e.message}\n` : `sim failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(e instanceof ConfigError ? 2 : 1);
});
