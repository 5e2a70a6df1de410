// The composition root and the only owner of the process: reads the settings, picks the
// clusters (kubeconfig contexts, in-cluster, or the embedded simulated clusters with their
// workloads), starts the dashboard with Next.js pages on one port, and shuts everything down
// on a signal. The only place in server/ that knows the simulator.

import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distDirFor, readBuildInfo } from './buildInfo';
import { clusterChoice, ConfigError, helpText, loadConfig, type Config } from './config';
import { pageSecurityHeaders } from './http/securityHeaders';
import { resolveClusters, type ClusterSpec } from './clusterSpecs';
import { HistoryService, HistoryStartError } from './history/historyService';
import { HistorySchemaError } from './history/migrations';
import { realScheduler } from './scheduling/scheduler';
import { startDashboard, type PageHandler, type UpgradeHandler } from './frontDoor';
import { readTokenKey, TokenKeyError } from './access/kioskTokens';
import { createLogger, type Logger } from './log';
import { startEmbeddedClusters, type RunningSimulation } from '../sim/startSimulation';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function loadPages(config: Config, log: Logger): Promise<{ pages: PageHandler; upgrades?: UpgradeHandler; buildId: string; close(): Promise<void> }> {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const { default: next } = await import('next');
  // next.config.mjs reads the base path (and so its build directory) from the environment.
  process.env.BASE_PATH = config.basePath;
  const build = readBuildInfo(root, config.basePath, config.buildId);
  if (!config.dev && build.basePath !== null && build.basePath !== config.basePath) {
    throw new ConfigError(`the pages in ${distDirFor(config.basePath)} were built for base path "${build.basePath}", not "${config.basePath}": start with npm start -- --base-path ${config.basePath || '""'} so they are rebuilt`);
  }
  const app = next({ dev: config.dev, dir: root, hostname: config.host, port: config.port || 3000 });
  await app.prepare();
  const handle = app.getRequestHandler();
  const buildId = config.dev ? `dev-${Date.now()}` : build.buildId;
  log.info('pages ready', { mode: config.dev ? 'development' : 'production', buildId });
  return {
    pages: (req, res) => {
      // A fresh nonce per page: Next reads it from the request's CSP header and puts it on its
      // scripts; the layout reads x-nonce for its own inline script.
      const nonce = crypto.randomBytes(16).toString('base64');
      const headers = pageSecurityHeaders({ nonce, frameAncestors: config.frameAncestors, dev: config.dev });
      req.headers['content-security-policy'] = headers['Content-Security-Policy'];
      req.headers['x-nonce'] = nonce;
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      return handle(req, res);
    },
    upgrades: config.dev ? (req, socket, head) => void app.getUpgradeHandler()(req, socket, head) : undefined,
    buildId,
    close: () => app.close(),
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText() + '\n');
    return;
  }
  const config = loadConfig(argv, process.env);
  // A missing or short token key stops the start before any cluster is touched.
  if (config.tokenKeyFile) readTokenKey(config.tokenKeyFile);
  const log = createLogger({ level: config.logLevel });
  const choice = clusterChoice(config);

  let clusters: ClusterSpec[];
  let simulation: RunningSimulation | null = null;
  if (choice.kind === 'real') {
    clusters = resolveClusters(choice, config.clusterNames);
  } else {
    simulation = await startEmbeddedClusters({
      stateDir: path.resolve(root, config.simDir), port: config.simPort, seed: config.simSeed, scale: config.simScale, churn: config.simChurn,
      clusters: choice.count, log,
    });
    clusters = simulation.clusters.map((c) => ({ id: c.name, name: c.name, kubeConfig: c.kubeConfig() }));
  }

  const history = config.history
    ? await HistoryService.start({ ...config, historyDir: path.resolve(root, config.historyDir) }, realScheduler, log.child('history'))
    : null;
  const pages = config.pages ? await loadPages(config, log.child('next')) : null;
  const dashboard = await startDashboard({ config, clusters, log, buildId: pages?.buildId ?? (config.buildId || 'api-only'), pages: pages?.pages, upgrades: pages?.upgrades, history });
  log.info(`Spark Pod Dashboard is listening on ${dashboard.url}/`, {
    clusters: clusters.map((c) => `${c.id} (${c.kubeConfig.getCurrentCluster()?.server})`).join(', '),
    ...(simulation ? { embedded: `kubeconfig ${path.relative(process.cwd(), simulation.kubeconfigPath)}` } : {}),
    namespaces: config.namespaces.join(','),
    history: history ? `${history.kind} (${history.where})` : 'off',
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await dashboard.close().catch(() => {});
    await pages?.close().catch(() => {});
    await simulation?.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof HistoryStartError || e instanceof HistorySchemaError || e instanceof TokenKeyError) {
    process.stderr.write(`spark-pod-dashboard: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`spark-pod-dashboard failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
