import { describe, expect, it } from 'vitest';
import type { KubePod } from '../kube/types';
import { executorIdOf } from '../spark/labels';
import { runningExecutor, sparkDriverPod } from '../spark/testing/podFixtures';
import { extractPodVolumes } from './extractVolumes';
import { groupVolumes, type PodVolumes } from './groupVolumes';
import { claimNameFor, editPod, EXEC, hostPathExecutor, kubeApiAccess, logShipperExecutor, onDemandExecutor, PREFIX } from './testing/volumePods';

function podVolumes(pod: KubePod): PodVolumes {
  const role = pod.metadata?.labels?.['spark-role'] === 'driver' ? 'driver' : 'executor';
  const id = executorIdOf(pod);
  return {
    name: pod.metadata!.name!, role, executorId: id.kind === 'id' ? id.id : null,
    volumes: extractPodVolumes(pod, { sparkContainerName: role === 'driver' ? 'spark-kubernetes-driver' : EXEC }),
  };
}

const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);

describe('groupVolumes', () => {
  it('groups identical volumes across executors and keeps the driver apart', () => {
    const pods = [sparkDriverPod(), ...ids(3).map((i) => hostPathExecutor(i))].map(podVolumes);
    const groups = groupVolumes(pods);
    expect(groups.map((g) => [g.role, g.name, g.podCount, g.distinctSources])).toEqual([
      ['driver', 'spark-local-dir-1', 1, 1],
      ['driver', 'spark-conf-volume-driver', 1, 1],
      ['executor', 'spark-local-dir-1', 3, 1],
      ['executor', 'spark-conf-volume-exec', 3, 1],
      ['executor', 'node-scratch', 3, 1],
    ]);
    const scratch = groups.find((g) => g.name === 'node-scratch')!;
    expect(scratch).toMatchObject({ variesPerExecutor: false, origin: 'user', source: { kind: 'hostPath', path: '/mnt/nvme0/spark-scratch' } });
    expect(scratch.mounts).toEqual([{ container: EXEC, containerRole: 'spark', mountPath: '/scratch', readOnly: false }]);
    expect(scratch.pods).toEqual(ids(3).map((i) => `${PREFIX}-exec-${i}`));
  });

  it('folds on-demand claims into one group with the OnDemand pattern', () => {
    const groups = groupVolumes(ids(5).map((i) => podVolumes(onDemandExecutor(i))));
    const local = groups.filter((g) => g.name === 'spark-local-dir-1');
    expect(local).toHaveLength(1);
    expect(local[0]).toMatchObject({
      kind: 'persistentVolumeClaim', podCount: 5, distinctSources: 5, sparkLocalDir: true,
      variesPerExecutor: { field: 'claimName', pattern: `${PREFIX}-exec-{id}-pvc-0`, substitution: 'OnDemand', prefix: PREFIX, volumeIndex: 0, reused: [] },
    });
    expect(local[0].source).toEqual({ kind: 'persistentVolumeClaim', claimName: claimNameFor(1), readOnly: false });
  });

  it('names the executors that reuse another executor\'s claim', () => {
    const pods = [onDemandExecutor(1), onDemandExecutor(2), onDemandExecutor(12, 'Running', claimNameFor(3))].map(podVolumes);
    const [group] = groupVolumes(pods).filter((g) => g.name === 'spark-local-dir-1');
    expect(group.variesPerExecutor).toMatchObject({ reused: [{ pod: `${PREFIX}-exec-12`, claimName: claimNameFor(3) }] });
    expect(group.podCount).toBe(3);
  });

  it('recognises a SPARK_EXECUTOR_ID claim template, and a single executor\'s on-demand claim', () => {
    const withClaim = (i: number, claimName: string) => editPod(runningExecutor(i), {
      volumes: [{ name: 'scratch', persistentVolumeClaim: { claimName } }], mounts: [{ name: 'scratch', mountPath: '/scratch' }],
    });
    const groups = groupVolumes([withClaim(10, 'scratch-10-of-app'), withClaim(11, 'scratch-11-of-app')].map(podVolumes));
    expect(groups.find((g) => g.name === 'scratch')!.variesPerExecutor).toMatchObject({ pattern: 'scratch-{id}-of-app', substitution: 'SPARK_EXECUTOR_ID' });
    const single = groupVolumes([podVolumes(onDemandExecutor(4))]).find((g) => g.name === 'spark-local-dir-1')!;
    expect(single.variesPerExecutor).toMatchObject({ substitution: 'OnDemand', pattern: `${PREFIX}-exec-{id}-pvc-0` });
  });

  it('keeps a static claim shared by all executors as one unvarying group', () => {
    const shared = (i: number) => editPod(runningExecutor(i), {
      volumes: [{ name: 'shared', persistentVolumeClaim: { claimName: 'team-2-shared', readOnly: true } }], mounts: [{ name: 'shared', mountPath: '/shared', readOnly: true }],
    });
    const group = groupVolumes([shared(2), shared(3)].map(podVolumes)).find((g) => g.name === 'shared')!;
    expect(group).toMatchObject({ variesPerExecutor: false, podCount: 2, distinctSources: 1 });
    // One executor alone does not show that "2" in the name is its id.
    expect(groupVolumes([podVolumes(shared(2))]).find((g) => g.name === 'shared')!.variesPerExecutor).toBe(false);
  });

  it('splits volumes of the same name whose sources differ otherwise', () => {
    const pods = [hostPathExecutor(1), hostPathExecutor(2, false, '/mnt/nvme1/spark-scratch'), hostPathExecutor(3, true)].map(podVolumes);
    const scratch = groupVolumes(pods).filter((g) => g.name === 'node-scratch');
    expect(scratch.map((g) => [g.podCount, (g.source as { path: string }).path, g.mounts.map((m) => m.readOnly)])).toEqual([
      [2, '/mnt/nvme0/spark-scratch', [false, true]],
      [1, '/mnt/nvme1/spark-scratch', [false]],
    ]);
    expect(new Set(scratch.map((g) => g.key)).size).toBe(2);
  });

  it('groups the API token volumes whatever their random suffix, and caps pod lists', () => {
    const pods = ids(5).map((i) => {
      const pod = logShipperExecutor(i);
      const { volume } = kubeApiAccess(`s${i}`);
      pod.spec!.volumes = pod.spec!.volumes!.map((v) => (v.name.startsWith('kube-api-access-') ? volume : v));
      for (const c of pod.spec!.containers!) for (const m of c.volumeMounts ?? []) if (m.name.startsWith('kube-api-access-')) m.name = volume.name;
      return podVolumes(pod);
    });
    const groups = groupVolumes(pods, { podListCap: 2 });
    const token = groups.find((g) => g.origin === 'kube-api-access')!;
    expect(token).toMatchObject({ name: 'kube-api-access-*', podCount: 5, pods: [`${PREFIX}-exec-1`, `${PREFIX}-exec-2`], podsOmitted: 3 });
    expect(token.mounts.map((m) => m.container)).toEqual(['log-shipper', EXEC]);
  });
});
