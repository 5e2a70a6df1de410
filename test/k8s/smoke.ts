// Smoke test for the real control plane: `npx tsx test/k8s/smoke.ts`
// (after `bash test/k8s/build.sh`). Prints each step; exits non-zero on failure.
import * as https from 'node:https';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startControlPlane, type ControlPlane, type Identity } from './controlPlane';

let cp: ControlPlane | undefined;

interface Res { status: number; headers: Record<string, unknown>; json: any }

function call(method: string, path: string, opts: { body?: unknown; type?: string; as?: Identity } = {}): Promise<Res> {
  const c = cp!;
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = https.request(c.server + path, {
      method, ca: c.caPem, ...c.clientCerts[opts.as ?? 'admin'],
      headers: { Accept: 'application/json', ...(body ? { 'Content-Type': opts.type ?? 'application/json' } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => {
        let json: unknown = text;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens a watch and collects events until `until` says stop (or times out). */
function watch(path: string, until: (events: any[]) => boolean, ms = 15_000): { events: any[]; done: Promise<any[]> } {
  const c = cp!;
  const events: any[] = [];
  const done = new Promise<any[]>((resolve, reject) => {
    const req = https.get(c.server + path, { ca: c.caPem, ...c.clientCerts.admin }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`watch HTTP ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        buf += d;
        for (let i; (i = buf.indexOf('\n')) >= 0; buf = buf.slice(i + 1)) {
          events.push(JSON.parse(buf.slice(0, i)));
          if (until(events)) { req.destroy(); resolve(events); }
        }
      });
      res.on('end', () => resolve(events)); // the server ended the stream (timeout, shutdown)
    });
    req.on('error', (e) => { if (!until(events)) reject(e); });
    setTimeout(() => { req.destroy(); reject(new Error(`watch timed out; got ${events.map((e) => e.type)}`)); }, ms).unref();
  });
  return { events, done };
}

function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`FAILED: ${what}`);
  console.log(`  ok  ${what}`);
}

const pod = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels },
  spec: { nodeName: 'fake-node', containers: [{ name: 'spark-kubernetes-executor', image: 'spark:3.5' }] },
});

async function main() {
  let t = Date.now();
  cp = await startControlPlane();
  console.log(`control plane up at ${cp.server} in ${Date.now() - t} ms (logs: ${cp.logsDir})`);

  const v = await call('GET', '/version');
  check(v.status === 200 && /^v1\./.test(v.json.gitVersion), `GET /version -> ${v.json.gitVersion}`);

  const ns = 'smoke';
  check((await call('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } })).status === 201, `create namespace ${ns}`);
  const base = `/api/v1/namespaces/${ns}/pods`;

  const list0 = await call('GET', base);
  const w = watch(`${base}?watch=1&resourceVersion=${list0.json.metadata.resourceVersion}`,
    (ev) => ev.some((e) => e.type === 'MODIFIED' && e.object.status.phase === 'Running'));

  const created = await call('POST', base, { body: pod('exec-1', { 'spark-role': 'executor' }) });
  check(created.status === 201 && created.json.status.phase === 'Pending', `create pod exec-1 on fake-node -> 201, phase ${created.json.status.phase}`);

  const patched = await call('PATCH', `${base}/exec-1/status`, {
    type: 'application/merge-patch+json', body: { status: { phase: 'Running', podIP: '10.1.0.5' } },
  });
  check(patched.status === 200 && patched.json.status.phase === 'Running', 'merge-patch pods/status -> Running');

  const events = await w.done;
  check(events[0].type === 'ADDED' && events.at(-1).type === 'MODIFIED', `watch saw ${events.map((e) => e.type).join(',')}`);

  await call('POST', base, { body: pod('exec-2', { 'spark-role': 'executor' }) });
  await call('POST', base, { body: pod('driver', { 'spark-role': 'driver' }) });
  const sel = await call('GET', `${base}?labelSelector=${encodeURIComponent('spark-role=executor')}`);
  check(sel.json.kind === 'PodList' && sel.json.items.length === 2, `labelSelector spark-role=executor -> ${sel.json.items.map((p: any) => p.metadata.name)}`);

  const names: string[] = [];
  let cont = '';
  let pages = 0;
  do {
    const page = await call('GET', `${base}?limit=1${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    names.push(...page.json.items.map((p: any) => p.metadata.name));
    cont = page.json.metadata.continue ?? '';
    pages++;
  } while (cont);
  check(pages === 3 && names.length === 3, `limit=1 + continue: ${pages} pages -> ${names}`);

  const denied = await call('GET', base, { as: 'restricted' });
  check(denied.status === 403 && denied.json.reason === 'Forbidden', 'restricted-user list pods -> 403 Forbidden');

  // The generated kubeconfig works with @kubernetes/client-node (CA data, client cert).
  const kc = new KubeConfig();
  kc.loadFromString(cp.adminKubeconfigYaml);
  const viaClient = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: ns, labelSelector: 'spark-role' });
  check(viaClient.items.length === 3, '@kubernetes/client-node listNamespacedPod via admin kubeconfig');

  // The API goes away and comes back on the same port; etcd keeps the data.
  t = Date.now();
  const open = watch(`${base}?watch=1&resourceVersion=${sel.json.metadata.resourceVersion}`, () => false, 20_000);
  await new Promise((r) => setTimeout(r, 300));
  await cp.stopApiServer();
  await open.done;
  check(true, `open watch ended cleanly when the apiserver stopped (${Date.now() - t} ms)`);
  const down = await call('GET', base).then(() => 'reachable', (e) => e.code);
  check(down === 'ECONNREFUSED', `stopApiServer: requests fail with ${down}`);
  await cp.startApiServer();
  const after = await call('GET', base);
  check(after.status === 200 && after.json.items.length === 3, `startApiServer: same port, 3 pods still there (restart ${Date.now() - t} ms)`);

  await cp.stop();
  await cp.stop(); // idempotent
  console.log('smoke: all checks passed');
}

main().catch(async (err) => {
  console.error(err);
  await cp?.stop();
  process.exit(1);
});
