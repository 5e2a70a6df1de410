// The peers' way, for bench/scale to measure side by side: what a generic Kubernetes dashboard
// backend does. `@kubernetes/client-node`'s informer keeps every pod as the full object the API
// sent (one informer per namespace, as a namespace-scoped dashboard runs them), and every
// change is pushed to every viewer as that object's JSON over socket.io. No projection, no
// batching, no diff. Controlled over IPC by bench/scale.ts:
//   → { cmd: 'start' }  ← { ev: 'synced', ms, pods }   (the informers' first lists)
//   → { cmd: 'list-timing' } ← { ev: 'list-timing', ms, bytes, pods }   (one full LIST, as a poller would)
//   → { cmd: 'stop' }
// Started as: node --import tsx bench/baselineServer.ts <kubeconfig> <port> <namespace,…>

import http from 'node:http';
import { CoreV1Api, KubeConfig, makeInformer, type Informer, type ObjectCache, type V1Pod } from '@kubernetes/client-node';
import { Server } from 'socket.io';
import { nowMs } from './benchCli';

const [kubeconfig, portText, namespacesText] = process.argv.slice(2);
const namespaces = namespacesText!.split(',');
const LABELS = 'spark-role';

export type ToBaseline = { cmd: 'start' } | { cmd: 'list-timing' } | { cmd: 'stop' };
export type FromBaseline =
  | { ev: 'ready' }
  | { ev: 'synced'; ms: number; pods: number }
  | { ev: 'failed'; message: string }
  | { ev: 'list-timing'; ms: number; bytes: number; pods: number };

const send = (m: FromBaseline) => process.send!(m);

async function main(): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig!);
  const api = kc.makeApiClient(CoreV1Api);
  const httpServer = http.createServer();
  const io = new Server(httpServer, { cors: { origin: '*' }, maxHttpBufferSize: 1e6 });
  await new Promise<void>((r) => httpServer.listen(Number(portText), '127.0.0.1', r));
  const informers: (Informer<V1Pod> & ObjectCache<V1Pod>)[] = [];
  send({ ev: 'ready' });

  process.on('message', async (m: ToBaseline) => {
    if (m.cmd === 'start') {
      const t0 = nowMs();
      try {
        await Promise.all(namespaces.map(async (namespace) => {
          const informer = makeInformer(kc, `/api/v1/namespaces/${namespace}/pods`, () => api.listNamespacedPod({ namespace, labelSelector: LABELS }), LABELS);
          // Every change, the whole object, to every viewer.
          for (const ev of ['add', 'update', 'delete'] as const) informer.on(ev, (pod: V1Pod) => io.emit('pod', { type: ev, pod }));
          informers.push(informer);
          await informer.start();
        }));
        send({ ev: 'synced', ms: nowMs() - t0, pods: informers.reduce((n, i) => n + i.list().length, 0) });
      } catch (e) {
        send({ ev: 'failed', message: e instanceof Error ? e.message : String(e) });
      }
    } else if (m.cmd === 'list-timing') {
      // One full list of Spark pods as a poller reads it: each namespace's answer parsed whole.
      let ms = 0, bytes = 0, pods = 0;
      for (const namespace of namespaces) {
        const t0 = nowMs();
        const list = await api.listNamespacedPod({ namespace, labelSelector: LABELS });
        ms += nowMs() - t0;
        pods += list.items.length;
        // Only sizes the answer; not part of a poller's cost.
        bytes += JSON.stringify(list).length;
      }
      send({ ev: 'list-timing', ms, bytes, pods });
    } else if (m.cmd === 'stop') {
      for (const i of informers) await i.stop();
      io.close();
      process.exit(0);
    }
  });
}

main().catch((e) => { console.error(e); process.exit(1); });
