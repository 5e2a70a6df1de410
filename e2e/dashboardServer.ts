// The dashboard as the README starts it (`npm start`, on the embedded cluster), as a process
// the tests can stop and start again. It runs in its own process group so that stopping it
// stops everything npm started.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeTransport, type KubeTransport } from '../server/kube/kubeTransport';
import { freePort, startControlPlane, type ControlPlane } from '../test/k8s/controlPlane';

export type E2eBackend = 'embedded' | 'kube-apiserver';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * On 'embedded' the dashboard runs its own simulated cluster (the default `npm start`); on
 * 'kube-apiserver' a real control plane and the workload simulator (its own process) run
 * beside it and outlive dashboard restarts, and the dashboard gets `--kubeconfig`.
 */
export class DashboardServer {
  private child: ChildProcess | null = null;
  private controlPlane: ControlPlane | null = null;
  private workload: ChildProcess | null = null;
  readonly log: string[] = [];
  port = 0;
  readonly simDir: string;

  constructor(readonly backend: E2eBackend = 'embedded', readonly options: { basePath?: string; args?: string[]; simDir?: string; kubeconfig?: string; context?: string } = {}) {
    this.simDir = path.join(root, options.simDir ?? '.sim-e2e');
  }

  /** The dashboard's own URL, base path included. */
  get url(): string {
    return `http://127.0.0.1:${this.port}${this.options.basePath ?? ''}`;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get kubeconfigPath(): string {
    return this.controlPlane ? this.controlPlane.kubeconfigPath('admin') : path.join(this.simDir, 'kubeconfig');
  }

  /** How a client reaches this cluster as the restricted (non-admin) identity. */
  restrictedAccess(): { kubeconfig: string; context?: string } {
    return this.controlPlane ? { kubeconfig: this.controlPlane.kubeconfigPath('restricted') } : { kubeconfig: this.kubeconfigPath, context: 'prod-restricted' };
  }

  private async startRealCluster(): Promise<void> {
    this.controlPlane = await startControlPlane();
    const workload = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'sim/main.ts'), '--target-kubeconfig', this.kubeconfigPath, '--sim-seed', '11', '--sim-churn', '1'], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.workload = workload;
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        this.log.push(d.toString());
        if (d.toString().includes('Spark workload running')) resolve();
      };
      workload.stdout!.on('data', onData);
      workload.stderr!.on('data', (d: Buffer) => this.log.push(d.toString()));
      workload.once('exit', (code) => reject(new Error(`the workload simulator exited with ${code}:\n${this.log.slice(-20).join('')}`)));
    });
  }

  /** Stops everything this fixture started, the cluster included. */
  async dispose(): Promise<void> {
    await this.stop();
    this.workload?.kill('SIGTERM');
    await this.controlPlane?.stop();
  }

  /** A client of the embedded cluster's Kubernetes API, as kubectl would reach it. */
  api(): KubeTransport {
    const kc = new KubeConfig();
    kc.loadFromFile(this.kubeconfigPath);
    return createKubeTransport(kc);
  }

  /** `env` adds environment variables for this start only (e.g. DASHBOARD_BUILD_ID to simulate an upgrade). */
  async start(env: Record<string, string> = {}): Promise<void> {
    if (!this.port) this.port = await freePort();
    fs.mkdirSync(this.simDir, { recursive: true });
    const external = this.options.kubeconfig;
    if (this.backend === 'kube-apiserver' && !this.controlPlane && !external) await this.startRealCluster();
    const args = external ? ['--kubeconfig', external, ...(this.options.context ? ['--context', this.options.context] : [])]
      : this.backend === 'kube-apiserver' ? ['--kubeconfig', this.kubeconfigPath] : ['--sim-dir', this.simDir, '--sim-seed', '11', '--sim-churn', '1'];
    if (this.options.basePath) args.push('--base-path', this.options.basePath);
    // Each dashboard of the run keeps its own history (by its port, fixed across its restarts).
    args.push('--history-dir', path.join(this.simDir, `history-${this.port}`));
    args.push(...(this.options.args ?? []));
    const child = spawn('npm', ['start', '--', ...args], {
      cwd: root, detached: true, env: { ...process.env, PORT: String(this.port), NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const capture = (d: Buffer) => { for (const line of d.toString().split('\n')) if (line.trim()) this.log.push(line); };
    child.stdout!.on('data', capture);
    child.stderr!.on('data', capture);
    const deadline = Date.now() + 300_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${this.log.slice(-30).join('\n')}`);
      try {
        const res = await fetch(`${this.url}/readyz`);
        if (res.ok) break;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) throw new Error(`the dashboard did not become ready:\n${this.log.slice(-30).join('\n')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
    await exited;
    clearTimeout(timer);
    // npm may exit before its children: wait until the port is free.
    for (let i = 0; i < 100; i++) {
      try { await fetch(`${this.origin}/`); } catch { break; }
      await new Promise((r) => setTimeout(r, 100));
    }
    this.child = null;
  }
}
