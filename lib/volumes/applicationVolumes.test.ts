import { describe, expect, it } from 'vitest';
import type { KubePod } from '../kube/types';
import { FIXTURE_BASE_MS, sparkDriverPod } from '../spark/testing/podFixtures';
import { applicationVolumes } from './applicationVolumes';
import { APP_ID, claimNameFor, DRIVER_NAME, onDemandClaim, onDemandExecutor, PREFIX } from './testing/volumePods';

const NOW = FIXTURE_BASE_MS + 3_600_000;
const MESSAGE = '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

function pendingOnClaim(id: number): KubePod {
  const pod = onDemandExecutor(id, 'Pending');
  pod.status!.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: MESSAGE }];
  return pod;
}

function app(appFinished = false) {
  const pods = [sparkDriverPod(), onDemandExecutor(1), onDemandExecutor(3), pendingOnClaim(4), onDemandExecutor(5, 'Running', claimNameFor(2))];
  const claims = [
    onDemandClaim({ execId: 1 }), onDemandClaim({ execId: 2 }), onDemandClaim({ execId: 3 }), onDemandClaim({ execId: 4, phase: 'Pending' }),
    onDemandClaim({ execId: 6, size: '50Gi', createdAt: 30_000 }),
    { ...onDemandClaim({ name: 'someone-else-exec-1-pvc-0' }), metadata: { name: 'someone-else-exec-1-pvc-0', labels: { 'spark-app-selector': 'spark-other' } } },
  ];
  return applicationVolumes({ appId: APP_ID, pods, claims, appFinished, now: NOW });
}

describe('applicationVolumes', () => {
  it('reads prefix, driver and the size a new executor asks for', () => {
    const r = app();
    expect(r).toMatchObject({ prefix: PREFIX, driverPodName: DRIVER_NAME, requestedClaimSize: '100Gi', requestedStorageClass: 'gp3' });
  });

  it('keeps the application\'s claims only, with users and reuse verdicts', () => {
    const r = app();
    expect(r.claims.map((c) => [c.name, c.phase, c.usedBy, c.reusableBySpark])).toEqual([
      [claimNameFor(1), 'Bound', [`${PREFIX}-exec-1`], false],
      [claimNameFor(2), 'Bound', [`${PREFIX}-exec-5`], false],
      [claimNameFor(3), 'Bound', [`${PREFIX}-exec-3`], false],
      [claimNameFor(4), 'Pending', [`${PREFIX}-exec-4`], false],
      [claimNameFor(6), 'Bound', [], true],
    ]);
  });

  it('groups the on-demand local dir, notes the reuse and renders its settings', () => {
    const r = app();
    const local = r.groups.find((g) => g.group.role === 'executor' && g.group.name === 'spark-local-dir-1')!;
    expect(local.group.podCount).toBe(4);
    expect(local.group.variesPerExecutor).toMatchObject({ substitution: 'OnDemand', reused: [{ pod: `${PREFIX}-exec-5`, claimName: claimNameFor(2) }] });
    expect(local.conf.supported && local.conf.entries.map((e) => `${e.key}=${e.value}`)).toEqual([
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.mount.path=/data/spark-local',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.mount.readOnly=false',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.claimName=OnDemand',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.storageClass=gp3',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.sizeLimit=100Gi',
    ]);
    const conf = r.groups.find((g) => g.group.name === 'spark-conf-volume-exec')!;
    expect(conf.conf.supported).toBe(false);
  });

  it('finds the pending executor and the free claim too small to reuse', () => {
    const r = app();
    expect(r.findings.map((f) => f.id)).toEqual(['pending-claim:gp3', 'reuse-too-small']);
    expect(r.findings[0]).toMatchObject({ pods: [`${PREFIX}-exec-4`], claims: [claimNameFor(4)] });
    expect(r.findings[0].detail).toContain(MESSAGE);
    expect(r.findings[1].claims).toEqual([claimNameFor(6)]);
  });

  it('lists the claims left behind once the application has finished', () => {
    const r = app(true);
    expect(r.claims.every((c) => !c.reusableBySpark)).toBe(true);
    const left = r.findings.find((f) => f.id === 'leftover-claims')!;
    expect(left.title).toBe('5 claims (450Gi) remain after the application finished');
  });
});
