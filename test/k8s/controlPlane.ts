// A real Kubernetes control plane (etcd + kube-apiserver, built by ./build.sh) on
// 127.0.0.1 for integration tests. Node built-ins only; certificates via `openssl`.
//
//   const cp = await startControlPlane();           // ~5-10 s
//   process.env.KUBECONFIG = cp.kubeconfigPath('admin');
//   ... await cp.stopApiServer(); await cp.startApiServer();  // API goes away and comes back
//   await cp.stop();
//
// Nothing else runs: no controller-manager, scheduler or kubelet. Pods stay Pending
// until a test writes pods/status; a bound pod (spec.nodeName set) deleted gracefully
// keeps a deletionTimestamp until someone deletes it with gracePeriodSeconds=0.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Identity = 'admin' | 'restricted';

export interface ControlPlane {
  /** https://127.0.0.1:PORT */
  server: string;
  /** PEM of the CA that signed the serving cert and both client certs. */
  caPem: string;
  kubeconfigPath(identity: Identity): string;
  adminKubeconfigYaml: string;
  /** PEM client cert/key pairs, for raw https requests. */
  clientCerts: Record<Identity, { cert: string; key: string }>;
  /** Stop only kube-apiserver (etcd keeps the data). SIGKILL simulates a crash. */
  stopApiServer(opts?: { signal?: 'SIGTERM' | 'SIGKILL' }): Promise<void>;
  /** Start kube-apiserver again on the same port and wait for /readyz. */
  startApiServer(): Promise<void>;
  /** The running kube-apiserver's process id (to freeze it with SIGSTOP in fault tests). */
  apiServerPid(): number | undefined;
  /**
   * The cluster recreated behind the same address: kube-apiserver and etcd stop, etcd's data is
   * wiped, both start again on the same ports with the same certificates. Every object is
   * gone (namespaces included) and resourceVersions start over.
   */
  wipe(): Promise<void>;
  /** Stop everything and remove the run dir. Safe to call more than once. */
  stop(): Promise<void>;
  logsDir: string;
  etcdUrl: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where build.sh put the binaries (same version-keyed path), or $K8S_TEST_BIN. */
export function findBinDir(): string | undefined {
  const has = (d: string) => ['etcd', 'kube-apiserver'].every((b) => fs.existsSync(path.join(d, b)));
  if (process.env.K8S_TEST_BIN) return has(process.env.K8S_TEST_BIN) ? process.env.K8S_TEST_BIN : undefined;
  // Must match build.sh: versions as pinned in the wrapper go.mod files.
  const ver = (mod: string, re: RegExp) => re.exec(fs.readFileSync(path.join(here, 'build', mod, 'go.mod'), 'utf8'))?.[1];
  const k8s = ver('kube-apiserver', /^\s*k8s\.io\/kubernetes\s+v(\S+)/m);
  const etcd = ver('etcd', /^\s*go\.etcd\.io\/etcd\/server\/v3\s+v(\S+)/m);
  const dir = path.join(os.homedir(), '.cache/spark-pod-dashboard/k8s-bin', `${k8s}-etcd${etcd}`);
  return k8s && etcd && has(dir) ? dir : undefined;
}

/** A TCP port free on 127.0.0.1 right now (rejects when none can be bound). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// One self-signed CA signs everything: the serving cert (so clients verify with
// certificate-authority-data) and the client certs (--client-ca-file). EC P-256 is fast.
export function makeCert(dir: string, name: string, subject: string, ext: string[], ca?: string): void {
  const cnf = path.join(dir, `${name}.cnf`);
  const dn = subject.split('/').filter(Boolean).join('\n');
  fs.writeFileSync(cnf, `[req]\ndistinguished_name=dn\nprompt=no\n[dn]\n${dn}\n[ext]\n${ext.join('\n')}\n`);
  execFileSync('openssl', ['req', '-new', '-x509', '-config', cnf, '-extensions', 'ext', '-days', '7',
    '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', path.join(dir, `${name}.key`), '-out', path.join(dir, `${name}.crt`),
    ...(ca ? ['-CA', path.join(dir, `${ca}.crt`), '-CAkey', path.join(dir, `${ca}.key`)] : [])], { stdio: 'pipe' });
}

function kubeconfig(server: string, caPem: string, user: string, cert: string, key: string): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: ${server}
    certificate-authority-data: ${b64(caPem)}
users:
- name: ${user}
  user:
    client-certificate-data: ${b64(cert)}
    client-key-data: ${b64(key)}
contexts:
- name: ${user}
  context: {cluster: test, user: ${user}}
current-context: ${user}
`;
}

/** GET url; resolves with the status code (0 when the connection fails). */
function probe(url: string, tls: https.RequestOptions): Promise<number> {
  return new Promise((resolve) => {
    const req = https.get(url, { ...tls, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Start a binary with output to logsDir/<name>.log; record its pid for the watchdog.
function launch(bin: string, args: string[], logsDir: string, runDir: string, name: string): ChildProcess {
  const log = fs.openSync(path.join(logsDir, `${name}.log`), 'a');
  const child = spawn(bin, args, { stdio: ['ignore', log, log] });
  fs.closeSync(log); // the child holds its own copy of the fd
  if (child.pid) fs.writeFileSync(path.join(runDir, `${name}.pid`), String(child.pid));
  return child;
}

async function waitUntil(what: string, child: ChildProcess, logFile: string, ok: () => Promise<boolean>, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await ok()) return;
    await sleep(200);
  }
  const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
  throw new Error(`${what} did not become ready (exit=${child.exitCode ?? child.signalCode ?? 'still running'})\n${tail}`);
}

async function terminate(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function startControlPlane(): Promise<ControlPlane> {
  const binDir = findBinDir();
  if (!binDir) throw new Error('kube-apiserver/etcd not built: run `bash test/k8s/build.sh` (or set K8S_TEST_BIN)');
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-k8s-'));
  const pki = path.join(runDir, 'pki');
  const logsDir = path.join(runDir, 'logs');
  fs.mkdirSync(pki);
  fs.mkdirSync(logsDir);
  let etcd: ChildProcess | undefined;
  let api: ChildProcess | undefined;
  let stopped = false;

  // Synchronous last-resort cleanup when the test process exits without stop().
  const onExit = () => {
    for (const c of [api, etcd]) if (c?.pid && c.exitCode === null && c.signalCode === null) try { c.kill('SIGKILL'); } catch { /* gone */ }
    if (!process.env.K8S_TEST_KEEP_RUN_DIR) fs.rmSync(runDir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  // 'exit' does not run when the test process is SIGKILLed (e.g. a worker killed on
  // timeout), so a detached watchdog kills the recorded pids once our pid is gone.
  const rmRunDir = process.env.K8S_TEST_KEEP_RUN_DIR ? '' : 'rm -rf "$0"';
  const watchdog = spawn('sh', ['-c',
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; for f in "$0"/*.pid; do kill -9 "$(cat "$f")" 2>/dev/null; done; ${rmRunDir}`, runDir],
  { detached: true, stdio: 'ignore' });
  watchdog.unref();

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await terminate(api);
    await terminate(etcd);
    watchdog.kill('SIGKILL');
    process.removeListener('exit', onExit);
    if (!process.env.K8S_TEST_KEEP_RUN_DIR) fs.rmSync(runDir, { recursive: true, force: true });
  };

  try {
    makeCert(pki, 'ca', '/CN=spark-pod-dashboard-test-ca', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
    const leaf = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment'];
    makeCert(pki, 'serving', '/CN=localhost', [...leaf, 'extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], 'ca');
    makeCert(pki, 'admin', '/O=system:masters/CN=admin', [...leaf, 'extendedKeyUsage=clientAuth'], 'ca');
    makeCert(pki, 'restricted', '/CN=restricted-user', [...leaf, 'extendedKeyUsage=clientAuth'], 'ca');
    // Service-account token signing key (no controller mints tokens, but TokenRequest works).
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path.join(pki, 'sa.key')], { stdio: 'pipe' });
    execFileSync('openssl', ['pkey', '-in', path.join(pki, 'sa.key'), '-pubout', '-out', path.join(pki, 'sa.pub')], { stdio: 'pipe' });
    const read = (f: string) => fs.readFileSync(path.join(pki, f), 'utf8');
    const caPem = read('ca.crt');
    const clientCerts = {
      admin: { cert: read('admin.crt'), key: read('admin.key') },
      restricted: { cert: read('restricted.crt'), key: read('restricted.key') },
    };

    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    // Explicit peer/cluster flags so nothing defaults to :2380; no fsync: throwaway data.
    const etcdData = path.join(runDir, 'etcd-data');
    const startEtcd = async () => {
      etcd = launch(path.join(binDir, 'etcd'), [
        '--name=test', `--data-dir=${etcdData}`,
        `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=test=${peerUrl}`,
        '--unsafe-no-fsync=true', '--log-level=warn',
      ], logsDir, runDir, 'etcd');
      await waitUntil('etcd', etcd, path.join(logsDir, 'etcd.log'), async () => {
        try { return (await fetch(`${etcdUrl}/health`)).ok; } catch { return false; }
      });
    };
    await startEtcd();

    const server = `https://127.0.0.1:${apiPort}`;
    const p = (f: string) => path.join(pki, f);
    const apiArgs = [
      `--etcd-servers=${etcdUrl}`,
      `--secure-port=${apiPort}`, '--bind-address=127.0.0.1',
      // Without an explicit address it looks for a default-route interface (absent in
      // sandboxes); with 127.0.0.1 the Endpoints reconciler would fail, so turn it off.
      '--advertise-address=127.0.0.1', '--endpoint-reconciler-type=none',
      `--tls-cert-file=${p('serving.crt')}`, `--tls-private-key-file=${p('serving.key')}`,
      `--client-ca-file=${p('ca.crt')}`, `--cert-dir=${path.join(runDir, 'apiserver-certs')}`,
      '--authorization-mode=RBAC',
      `--service-account-issuer=${server}`, `--service-account-key-file=${p('sa.pub')}`,
      `--service-account-signing-key-file=${p('sa.key')}`, '--service-cluster-ip-range=10.0.0.0/24',
      // No controller-manager creates the "default" ServiceAccount, so pod creates would fail.
      '--disable-admission-plugins=ServiceAccount', '--allow-privileged=true',
      // On SIGTERM, end open watches at once (clean end of the chunked stream) and exit in
      // ~1 s; without it the apiserver stops listening but keeps open watches up to 60 s.
      '--shutdown-watch-termination-grace-period=2s',
    ];
    const tls = { ca: caPem, ...clientCerts.admin };
    let apiStopping: Promise<void> | undefined;
    const stopApiServer = (signal: NodeJS.Signals = 'SIGTERM') => (apiStopping = terminate(api, signal));
    const startApiServer = async () => {
      if (stopped) throw new Error('control plane already stopped');
      await apiStopping; // a stop still in progress must finish first, or we'd see the old process
      if (api && api.exitCode === null && api.signalCode === null) return;
      api = launch(path.join(binDir, 'kube-apiserver'), apiArgs, logsDir, runDir, 'kube-apiserver');
      // /readyz includes the RBAC bootstrap post-start hooks, so roles exist when it is 200.
      await waitUntil('kube-apiserver', api, path.join(logsDir, 'kube-apiserver.log'),
        async () => (await probe(`${server}/readyz`, tls)) === 200);
    };
    await startApiServer();

    const adminKubeconfigYaml = kubeconfig(server, caPem, 'admin', clientCerts.admin.cert, clientCerts.admin.key);
    const restrictedKubeconfigYaml = kubeconfig(server, caPem, 'restricted-user', clientCerts.restricted.cert, clientCerts.restricted.key);
    fs.writeFileSync(path.join(runDir, 'admin.kubeconfig'), adminKubeconfigYaml, { mode: 0o600 });
    fs.writeFileSync(path.join(runDir, 'restricted.kubeconfig'), restrictedKubeconfigYaml, { mode: 0o600 });

    return {
      server, caPem, clientCerts, logsDir, etcdUrl, adminKubeconfigYaml,
      kubeconfigPath: (id) => path.join(runDir, `${id}.kubeconfig`),
      stopApiServer: (o) => stopApiServer(o?.signal),
      startApiServer,
      apiServerPid: () => (api && api.exitCode === null && api.signalCode === null ? api.pid : undefined),
      wipe: async () => {
        // A frozen process ignores SIGTERM until it is continued.
        if (api?.pid) try { process.kill(api.pid, 'SIGCONT'); } catch { /* gone */ }
        await stopApiServer('SIGKILL');
        await terminate(etcd);
        fs.rmSync(etcdData, { recursive: true, force: true });
        await startEtcd();
        await startApiServer();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
