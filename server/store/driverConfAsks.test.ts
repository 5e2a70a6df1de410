import { describe, expect, it } from 'vitest';
import type { KubePod } from '../../lib/kube/types';
import { KubeApiError, type KubeTransport } from '../kube/kubeTransport';
import { silentLogger } from '../log';
import { DriverConfAsks } from './driverConfAsks';

const DRIVER: KubePod = {
  metadata: { name: 'adhoc-driver', uid: 'd-1' },
  spec: { containers: [], volumes: [{ name: 'spark-conf-volume-driver', configMap: { name: 'spark-drv-abc-conf-map' } }] },
};
const PROPS = '#Java Properties\nspark.executor.cores=4\nspark.executor.memory=8192m\nspark.kubernetes.memoryOverheadFactor=0.1\n';

function fakeTransport(objects: Record<string, unknown>): KubeTransport & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    getJson: async (path: string) => {
      paths.push(path);
      const o = objects[path];
      if (o instanceof Error) throw o;
      if (o === undefined) throw new KubeApiError(`${path} not found`, 404, 'NotFound');
      return o;
    },
  } as unknown as KubeTransport & { paths: string[] };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('DriverConfAsks', () => {
  it("reads the driver's spark.properties once, in the background, and says when the ask is known", async () => {
    const transport = fakeTransport({
      '/api/v1/namespaces/spark-adhoc/pods/adhoc-driver': DRIVER,
      '/api/v1/namespaces/spark-adhoc/configmaps/spark-drv-abc-conf-map': { data: { 'spark.properties': PROPS } },
    });
    const asks = new DriverConfAsks({ transport, now: () => 0, executorContainerName: 'spark-kubernetes-executor' }, silentLogger);
    const changed: string[] = [];
    asks.onChange((ns, uid) => changed.push(`${ns}/${uid}`));
    expect(asks.get('spark-adhoc', { uid: 'd-1', name: 'adhoc-driver' })).toBeUndefined();
    await settle();
    await settle();
    const ask = asks.get('spark-adhoc', { uid: 'd-1', name: 'adhoc-driver' })!;
    expect(ask.resources.requests).toEqual({ cpu: 4, memory: 9011 * 2 ** 20 });
    expect(ask.resources.containers.map((c) => c.name)).toEqual(['spark-kubernetes-executor']);
    expect(ask.problems).toEqual([]);
    expect(changed).toEqual(['spark-adhoc/d-1']);
    expect(transport.paths).toHaveLength(2);
  });

  it('a config map that is missing or forbidden gives no ask, and is not asked for again', async () => {
    const transport = fakeTransport({
      '/api/v1/namespaces/a/pods/adhoc-driver': DRIVER,
      '/api/v1/namespaces/a/configmaps/spark-drv-abc-conf-map': new KubeApiError('configmaps is forbidden', 403, 'Forbidden'),
    });
    const asks = new DriverConfAsks({ transport, now: () => 0, executorContainerName: 'spark-kubernetes-executor' }, silentLogger);
    asks.get('a', { uid: 'd-1', name: 'adhoc-driver' });
    await settle();
    await settle();
    expect(asks.get('a', { uid: 'd-1', name: 'adhoc-driver' })).toBeNull();
    // A pod of that name that is another driver (recreated): not its conf.
    asks.get('a', { uid: 'd-2', name: 'adhoc-driver' });
    await settle();
    expect(asks.get('a', { uid: 'd-2', name: 'adhoc-driver' })).toBeNull();
    expect(transport.paths).toHaveLength(3);
  });
});
