// Real processes for the fault suite: the cluster (the embedded one as `npm run sim` runs it,
// or a real kube-apiserver + etcd), the dashboard as a user starts it, and what the test
// measures: /readyz over time, and the dashboard's view against a fresh list from the API.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import type { AppDetailResponse, AppsResponse } from '../../lib/apiTypes';
import type { KubeList, KubePod } from '../../lib/kube/types';
import { DEFAULT_PROJECTION_OPTIONS, projectPod } from '../../lib/snapshot/podProjection';
import { createKubeTransport, type KubeTransport } from '../../server/kube/kubeTransport';
import { waitFor as pollUntil } from '../contract/kubeOps';
import { freePort, startControlPlane, type ControlPlane } from '../k8s/controlPlane';
import type { Upstream } from './faultProxy';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ClusterProcess {
  kind: 'embedded' | 'kube-apiserver';
  api(): KubeTransport;
  /** An admin kubeconfig file of the cluster, as the dashboard takes it. */
  kubeconfigPath(): string;
  upstream(): Upstream;
  /** SIGSTOP / SIGCONT of the API server process. */
  freeze(): void;
  thaw(): void;
  /** SIGKILL, then the same process started again on the same address (the embedded cluster's state is in memory: it comes back empty). */
  killAndRestart(): Promise<void>;
  /** The cluster recreated behind the same address: every object gone, resourceVersions start over. */
  recreate(): Promise<void>;
  stop(): Promise<void>;
}

function transportFromYaml(yaml: string): KubeTransport {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  return createKubeTransport(kc, { requestTimeoutMs: 20_000 });
}

/** The contract suites' waitFor with this suite's patience: a restarted API server takes seconds. */
export function waitFor<T>(what: string, probe: () => Promise<T | null | false | undefined> | T | null | false | undefined, timeoutMs = 60_000): Promise<T> {
  return pollUntil(what, probe, timeoutMs, 200);
}

/** The embedded cluster as its own process (`npm run sim -- --no-workload`), on a fixed port. */
async function startEmbeddedProcess(): Promise<ClusterProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-fault-sim-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const launch = async () => {
    const c = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'sim/main.ts'), '--no-workload', '--sim-clusters', '1', '--sim-port', String(port), '--sim-dir', dir, '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let out = '';
    c.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    c.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    await waitFor('the embedded cluster process', () => {
      if (c.exitCode !== null) throw new Error(`the embedded cluster exited: ${out}`);
      return out.includes('Kubeconfig:');
    }, 60_000);
  };
  await launch();
  const yaml = () => fs.readFileSync(path.join(dir, 'kubeconfig'), 'utf8');
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    try { c.kill('SIGCONT'); } catch { /* already running */ }
    c.kill('SIGKILL');
    await gone;
  };
  return {
    kind: 'embedded',
    api: () => transportFromYaml(yaml()),
    kubeconfigPath: () => path.join(dir, 'kubeconfig'),
    upstream: () => {
      const kc = new KubeConfig();
      kc.loadFromString(yaml());
      const user = kc.getCurrentUser()!;
      const b64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');
      return { server: kc.getCurrentCluster()!.server, caPem: b64(kc.getCurrentCluster()!.caData), certPem: b64(user.certData), keyPem: b64(user.keyData) };
    },
    freeze: () => { child?.kill('SIGSTOP'); },
    thaw: () => { child?.kill('SIGCONT'); },
    killAndRestart: async () => { await kill(); await launch(); },
    recreate: async () => { await kill(); await launch(); },
    stop: async () => { await kill(); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

async function startRealProcess(): Promise<ClusterProcess> {
  const cp: ControlPlane = await startControlPlane();
  const signal = (s: NodeJS.Signals) => { const pid = cp.apiServerPid(); if (pid) process.kill(pid, s); };
  return {
    kind: 'kube-apiserver',
    api: () => transportFromYaml(cp.adminKubeconfigYaml),
    kubeconfigPath: () => cp.kubeconfigPath('admin'),
    upstream: () => ({ server: cp.server, caPem: cp.caPem, certPem: cp.clientCerts.admin.cert, keyPem: cp.clientCerts.admin.key }),
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    killAndRestart: async () => {
      signal('SIGCONT');
      await cp.stopApiServer({ signal: 'SIGKILL' });
      await cp.startApiServer();
    },
    recreate: () => cp.wipe(),
    stop: () => cp.stop(),
  };
}

export function startClusterProcess(kind: 'embedded' | 'kube-apiserver'): Promise<ClusterProcess> {
  return kind === 'embedded' ? startEmbeddedProcess() : startRealProcess();
}

export interface ReadyzSample { at: number; status: number; problems: string[]; notices: string[] }

/** The dashboard as a user starts it (`npm start` without pages), as its own process. */
export interface DashboardProcess {
  origin: string;
  logs: string[];
  readyz(): Promise<ReadyzSample>;
  getJson<T>(p: string): Promise<T>;
  /** One metric's value from /metrics (the first series matching the labels), or null. */
  metric(name: string, labels?: Record<string, string>): Promise<number | null>;
  stop(): Promise<void>;
  /** SIGKILL: the process dies without closing anything. */
  kill(): Promise<void>;
}

export async function startDashboardProcess(kubeconfig: string, namespace: string, extra: string[] = []): Promise<DashboardProcess> {
  const port = await freePort();
  // History is its own suite's subject (test/history); elsewhere each process would need a directory of its own.
  const history = extra.some((a) => a === '--history-dir' || a === '--database-url' || a === '--history') ? [] : ['--no-history'];
  const args = ['--import', 'tsx', path.join(root, 'server/main.ts'), '--no-pages', '--port', String(port), '--kubeconfig', kubeconfig, '--namespaces', namespace, ...history, ...extra];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: '' } });
  const logs: string[] = [];
  const keep = (d: Buffer) => { for (const l of d.toString().split('\n')) if (l.trim()) { logs.push(l); if (logs.length > 2000) logs.shift(); } };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const origin = `http://127.0.0.1:${port}`;
  const readyz = async (): Promise<ReadyzSample> => {
    const at = Date.now();
    try {
      const res = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(5000) });
      const body = await res.json() as { problems?: string[]; notices?: string[] };
      return { at, status: res.status, problems: body.problems ?? [], notices: body.notices ?? [] };
    } catch (e) {
      return { at, status: 0, problems: [`no answer: ${String(e)}`], notices: [] };
    }
  };
  await waitFor('the dashboard to be ready', async () => {
    if (child.exitCode !== null) throw new Error(`the dashboard exited ${child.exitCode}:\n${logs.slice(-20).join('\n')}`);
    return (await readyz()).status === 200;
  }, 90_000);
  return {
    origin, logs, readyz,
    getJson: async <T,>(p: string) => {
      const res = await fetch(origin + p, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`${p} answered ${res.status}`);
      return res.json() as Promise<T>;
    },
    metric: async (name, labels = {}) => {
      const text = await (await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
      for (const line of text.split('\n')) {
        if (!line.startsWith(name)) continue;
        const m = /^([a-z_]+)(\{([^}]*)\})?\s+(\S+)$/.exec(line);
        if (!m || m[1] !== name) continue;
        const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
        if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
      }
      return null;
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(t);
    },
  };
}

/** /readyz every 250 ms while a fault lasts. */
export function watchReadyz(dashboard: DashboardProcess): { samples: ReadyzSample[]; stop(): Promise<ReadyzSample[]> } {
  const samples: ReadyzSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await dashboard.readyz());
      await sleep(250);
    }
  })();
  return { samples, stop: async () => { running = false; await loop; return samples; } };
}

export interface PodFact { uid: string; name: string; state: string }

/** What the API lists in `namespace`, in Spark's states as lib decides them. */
export async function apiTruth(api: KubeTransport, namespace: string): Promise<PodFact[]> {
  const list = await api.getJson<KubeList<KubePod>>(`/api/v1/namespaces/${namespace}/pods`, { labelSelector: 'spark-role' });
  return list.items.map((p) => {
    const { projection } = projectPod(p, DEFAULT_PROJECTION_OPTIONS, Date.now());
    return { uid: projection.uid, name: projection.name, state: projection.state };
  }).sort((a, b) => a.uid.localeCompare(b.uid));
}

/** Every pod of `namespace` the dashboard shows as present (not departed), from its JSON API. */
export async function dashboardView(dashboard: DashboardProcess, namespace: string): Promise<PodFact[]> {
  const apps = await dashboard.getJson<AppsResponse>('/api/apps');
  const out: PodFact[] = [];
  for (const app of apps.apps.filter((a) => a.namespace === namespace)) {
    const detail = await dashboard.getJson<AppDetailResponse>(`/api/apps/${app.namespace}/${app.appId}`);
    for (const v of [detail.driver, ...detail.otherDrivers, ...detail.executors]) if (v && !v.gone) out.push({ uid: v.uid, name: v.name, state: v.state });
  }
  return out.sort((a, b) => a.uid.localeCompare(b.uid));
}

export interface Comparison { equal: boolean; lost: number; duplicated: number; wrongState: number }

export function compareViews(truth: readonly PodFact[], shown: readonly PodFact[]): Comparison {
  const inTruth = new Map(truth.map((p) => [p.uid, p]));
  const seen = new Map<string, number>();
  for (const p of shown) seen.set(p.uid, (seen.get(p.uid) ?? 0) + 1);
  const lost = truth.filter((p) => !seen.has(p.uid)).length;
  const duplicated = shown.filter((p) => !inTruth.has(p.uid)).length + [...seen.values()].reduce((n, c) => n + (c - 1), 0);
  const wrongState = shown.filter((p) => inTruth.has(p.uid) && inTruth.get(p.uid)!.state !== p.state).length;
  return { equal: lost === 0 && duplicated === 0 && wrongState === 0, lost, duplicated, wrongState };
}

export interface FaultFigure {
  backend: string;
  scenario: string;
  noticedAfterMs: number | null;
  convergedAfterMs: number;
  lost: number;
  duplicated: number;
  readyzSaid: string;
}

const figures: FaultFigure[] = [];

export function recordFigure(f: FaultFigure): void {
  figures.push(f);
  const dir = path.join(root, 'artifacts', 'faults');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'figures.json');
  const all = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as FaultFigure[]).filter((x) => !(x.backend === f.backend && x.scenario === f.scenario)) : [];
  fs.writeFileSync(file, JSON.stringify([...all, f], null, 2));
}

export function printFigures(): void {
  if (!figures.length) return;
  const rows = figures.map((f) => `${f.backend.padEnd(15)} ${f.scenario.padEnd(28)} ${(f.noticedAfterMs === null ? '–' : `${(f.noticedAfterMs / 1000).toFixed(1)} s`).padStart(9)} ${`${(f.convergedAfterMs / 1000).toFixed(1)} s`.padStart(10)} ${String(f.lost).padStart(5)} ${String(f.duplicated).padStart(5)}  ${f.readyzSaid.slice(0, 90)}`);
  console.log(['fault suite figures:', `${'backend'.padEnd(15)} ${'scenario'.padEnd(28)} ${'noticed'.padStart(9)} ${'converged'.padStart(10)} ${'lost'.padStart(5)} ${'dup'.padStart(5)}  what /readyz said`, ...rows].join('\n'));
}
