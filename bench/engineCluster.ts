// The embedded cluster of bench/engine.ts, in a process of its own so the figures measured
// are the dashboard server's. It seeds Spark pods shaped like real ones (the server's own
// defaults and managedFields, ~6 KB of JSON each) and writes updates at a set rate straight
// into its object store (the "update at the API" is the commit that fans out to watches),
// reporting the commit time of every write to the parent over IPC.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubePod } from '../lib/kube/types';
import { runningExecutor, sparkDriverPod } from '../lib/spark/testing/podFixtures';
import { createKubeTransport } from '../server/kube/kubeTransport';
import { createEmbeddedCluster } from '../sim/cluster/apiServer';
import { POD } from '../sim/cluster/resources';
import type { KubeObject, StoredObject } from '../sim/cluster/storedObject';
import { nowMs } from './benchCli';

export type ToCluster =
  | { cmd: 'seed'; namespace: string; apps: { appId: string; appName: string; executors: number; namespace?: string }[] }
  /** Applications started at a steady pace (a driver and its executors each), the oldest started one removed for each: the world keeps its size. */
  | { cmd: 'starts'; namespace: string; perMinute: number; seconds: number; executors: number }
  | { cmd: 'churn'; rate: number; seconds: number; skip?: string[] }
  | { cmd: 'burst'; appId: string }
  | { cmd: 'probe'; names: string[]; intervalMs: number; count: number }
  | { cmd: 'stop' };

export type FromCluster =
  | { ev: 'ready'; kubeconfig: string; url: string }
  | { ev: 'seeded'; pods: number; bytesPerPod: number }
  | { ev: 'writes'; writes: [name: string, at: number][] }
  | { ev: 'churned'; writes: number; achievedRate: number }
  | { ev: 'burst-started'; at: number; pods: number }
  | { ev: 'burst-done'; at: number }
  | { ev: 'probed'; writes: number }
  | { ev: 'started'; apps: number; pods: number };

const send = (m: FromCluster) => process.send!(m);

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-bench-'));
  const cluster = await createEmbeddedCluster({ stateDir, watchHistorySize: 200_000 });
  const store = cluster.store;
  const kc = new KubeConfig();
  kc.loadFromString(cluster.kubeconfigYaml('admin'));
  const api = createKubeTransport(kc);
  const pods: { namespace: string; name: string; appId: string }[] = [];
  let pending: [string, number][] = [];
  const flushWrites = () => { if (pending.length) { send({ ev: 'writes', writes: pending }); pending = []; } };
  const ticker = setInterval(flushWrites, 50);

  async function template(namespace: string, pod: KubePod): Promise<KubeObject> {
    // One pod through the real request path: the server's defaults and managedFields.
    const created = await api.requestJson<KubePod>('POST', `/api/v1/namespaces/${namespace}/pods`, { body: { metadata: { ...pod.metadata, uid: undefined, resourceVersion: undefined, creationTimestamp: undefined }, spec: pod.spec } });
    const withStatus = await api.requestJson<KubePod>('PATCH', `/api/v1/namespaces/${namespace}/pods/${created.metadata!.name}/status`, { body: { status: pod.status }, contentType: 'application/merge-patch+json' });
    await api.requestJson('DELETE', `/api/v1/namespaces/${namespace}/pods/${created.metadata!.name}`, { query: { gracePeriodSeconds: 0 } });
    return withStatus as unknown as KubeObject;
  }

  function seedPod(base: KubeObject, namespace: string, name: string, labels: Record<string, string>): void {
    const obj = structuredClone(base);
    const meta = obj.metadata as Record<string, unknown>;
    meta.name = name;
    meta.namespace = namespace;
    meta.labels = labels;
    for (const k of ['uid', 'resourceVersion', 'creationTimestamp']) delete meta[k];
    store.create(POD, obj);
  }

  let startSeq = 0;

  /** A driver and `executors` executors of one application, copied from the namespace's templates. Returns their keys. */
  function seedApp(t: { exec: KubeObject; driver: KubeObject }, namespace: string, appId: string, appName: string, executors: number, transient = false): string[] {
    const relabel = (labels: Record<string, string>) => ({ ...labels, 'spark-app-selector': appId, 'spark-app-name': appName });
    const prefix = `${appName}-${appId.slice(-8)}`;
    const keys = [`${namespace}/${prefix}-driver`];
    seedPod(t.driver, namespace, `${prefix}-driver`, relabel((t.driver.metadata as { labels: Record<string, string> }).labels));
    const labels = relabel((t.exec.metadata as { labels: Record<string, string> }).labels);
    for (let id = 1; id <= executors; id++) {
      const name = `${prefix}-exec-${id}`;
      seedPod(t.exec, namespace, name, { ...labels, 'spark-exec-id': String(id) });
      keys.push(`${namespace}/${name}`);
      if (!transient) pods.push({ namespace, name, appId });
    }
    return keys;
  }

  function write(stored: StoredObject, mutate: (o: KubePod) => void): void {
    const obj = JSON.parse(stored.json) as KubePod;
    mutate(obj);
    store.update(POD, obj as unknown as KubeObject, stored, obj as unknown as KubeObject);
    pending.push([`${obj.metadata!.namespace}/${obj.metadata!.name}`, nowMs()]);
  }

  process.on('message', async (m: ToCluster) => {
    if (m.cmd === 'seed') {
      // One template per namespace through the real request path; every pod a copy of it
      // with its application's labels (1,000 applications would otherwise be 6,000 requests).
      const templates = new Map<string, { exec: KubeObject; driver: KubeObject }>();
      let bytes = 0;
      for (const app of m.apps) {
        const namespace = app.namespace ?? m.namespace;
        let t = templates.get(namespace);
        if (!t) {
          await api.requestJson('POST', '/api/v1/namespaces', { body: { metadata: { name: namespace } } });
          const opts = { namespace, appId: app.appId, appName: app.appName };
          t = { exec: await template(namespace, runningExecutor(1, opts)), driver: await template(namespace, sparkDriverPod({ ...opts, phase: 'Running' })) };
          templates.set(namespace, t);
          bytes = JSON.stringify(t.exec).length;
        }
        seedApp(t, namespace, app.appId, app.appName, app.executors);
        if (pods.length % 2000 < app.executors) await new Promise((r) => setImmediate(r));
      }
      send({ ev: 'seeded', pods: pods.length + m.apps.length, bytesPerPod: bytes });
    } else if (m.cmd === 'starts') {
      const t0 = nowMs();
      const t = { exec: await template(m.namespace, runningExecutor(1, { namespace: m.namespace })), driver: await template(m.namespace, sparkDriverPod({ namespace: m.namespace, phase: 'Running' })) };
      const total = Math.round((m.perMinute * m.seconds) / 60);
      const started: { appId: string; keys: string[] }[] = [];
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 60_000) / m.perMinute;
        if (due > nowMs()) await new Promise((r) => setTimeout(r, due - nowMs()));
        const appId = `spark-start${String(startSeq++).padStart(27, '0')}`;
        started.push({ appId, keys: seedApp(t, m.namespace, appId, `started-${startSeq}`, m.executors, true) });
        // The oldest started application ends and is cleaned up: the world keeps its size.
        if (started.length > 20) for (const key of started.shift()!.keys) { const [ns, name] = key.split('/'); const stored = store.get(POD, ns!, name!); if (stored) store.remove(POD, stored); }
      }
      send({ ev: 'started', apps: total, pods: total * (m.executors + 1) });
    } else if (m.cmd === 'churn') {
      // Each write flips one pod between phase Running and Unknown (a node that stops
      // reporting, then comes back): a Spark state change every time. A pod is picked
      // round-robin, so no pod is written twice within a batch interval.
      const total = Math.round(m.rate * m.seconds);
      const skip = new Set(m.skip ?? []);
      const targets = skip.size ? pods.filter((p) => !skip.has(p.name)) : pods;
      const started = nowMs();
      let done = 0, cursor = 0;
      await new Promise<void>((resolve) => {
        const step = () => {
          const due = Math.min(total, Math.floor(((nowMs() - started) / 1000) * m.rate));
          while (done < due) {
            const p = targets[cursor++ % targets.length];
            const stored = store.get(POD, p.namespace, p.name);
            if (stored) write(stored, (o) => { o.status!.phase = o.status!.phase === 'Running' ? 'Unknown' : 'Running'; });
            done++;
          }
          if (done >= total) return resolve();
          setTimeout(step, 5);
        };
        step();
      });
      flushWrites();
      send({ ev: 'churned', writes: done, achievedRate: done / ((nowMs() - started) / 1000) });
    } else if (m.cmd === 'burst') {
      // An application torn down by label with gracePeriodSeconds=0: MODIFIED then DELETED per pod.
      const victims = pods.filter((p) => p.appId === m.appId);
      send({ ev: 'burst-started', at: nowMs(), pods: victims.length });
      for (let i = 0; i < victims.length; i++) {
        const p = victims[i];
        const stored = store.get(POD, p.namespace, p.name);
        if (!stored) continue;
        const obj = JSON.parse(stored.json) as KubePod;
        obj.metadata!.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        obj.metadata!.deletionGracePeriodSeconds = 0;
        const marked = store.update(POD, obj as unknown as KubeObject, stored, obj as unknown as KubeObject);
        store.remove(POD, marked);
        if (i % 500 === 499) await new Promise((r) => setImmediate(r));
      }
      send({ ev: 'burst-done', at: nowMs() });
    } else if (m.cmd === 'probe') {
      // Writes to a few named pods at a steady pace, so a measurer can follow each one.
      const probes = pods.filter((p) => m.names.includes(p.name));
      for (let i = 0; i < m.count; i++) {
        const p = probes[i % probes.length];
        const stored = store.get(POD, p.namespace, p.name);
        if (stored) write(stored, (o) => { o.status!.phase = o.status!.phase === 'Running' ? 'Unknown' : 'Running'; });
        flushWrites();
        await new Promise((r) => setTimeout(r, m.intervalMs));
      }
      send({ ev: 'probed', writes: m.count });
    } else if (m.cmd === 'stop') {
      clearInterval(ticker);
      await cluster.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  send({ ev: 'ready', kubeconfig: cluster.kubeconfigPath, url: cluster.url });
}

void main();
