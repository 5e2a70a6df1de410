import { describe, expect, it } from 'vitest';
import type { KubePersistentVolumeClaim, KubePod } from '../kube/types';
import { executorIdOf } from '../spark/labels';
import { FIXTURE_BASE_MS, FIXTURE_UNSCHEDULABLE_MESSAGE, runningExecutor } from '../spark/testing/podFixtures';
import { claimView, type ClaimView } from './claimView';
import { extractPodVolumes } from './extractVolumes';
import { APP_ID, claimNameFor, DRIVER_NAME, editPod, EXEC, hostPathExecutor, onDemandClaim, onDemandExecutor, PREFIX, tmpfsExecutor } from './testing/volumePods';
import { volumeFindings, type FindingPod, type FindingsInput } from './volumeFindings';

const NOW = FIXTURE_BASE_MS + 3_600_000;
const BINDING_MESSAGE = '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

function findingPod(pod: KubePod, extra: Partial<FindingPod> = {}): FindingPod {
  const id = executorIdOf(pod);
  return {
    name: pod.metadata!.name!, role: 'executor', state: (pod.status?.phase ?? 'Unknown').toLowerCase(), phase: pod.status?.phase ?? null,
    executorId: id.kind === 'id' ? id.id : null, volumes: extractPodVolumes(pod, { sparkContainerName: EXEC }), ...extra,
  };
}

function view(claim: KubePersistentVolumeClaim, usedBy: string[] = [], appFinished = false): ClaimView {
  return claimView(claim, {
    podsUsing: usedBy.map((name) => ({ name, role: 'executor', state: 'running', executorId: Number(name.split('-').pop()) })),
    appFinished, now: NOW, appId: APP_ID, driverPodName: DRIVER_NAME, prefix: PREFIX,
  });
}

const input = (patch: Partial<FindingsInput>): FindingsInput => ({ appId: APP_ID, appFinished: false, pods: [], claims: [], ...patch });

describe('volumeFindings: hostPath', () => {
  it('states a writable hostPath as a danger, naming path, volume, mounts and pods', () => {
    const pods = [1, 2, 3].map((i) => findingPod(hostPathExecutor(i)));
    const [f] = volumeFindings(input({ pods }));
    expect(f).toMatchObject({ id: 'hostpath:/mnt/nvme0/spark-scratch', severity: 'danger', pods: pods.map((p) => p.name) });
    expect(f.title).toBe('3 executor pods mount the node directory /mnt/nvme0/spark-scratch read-write');
    expect(f.detail).toContain('Volume node-scratch (hostPath /mnt/nvme0/spark-scratch; type unset, so Kubernetes does not check what is at the path before mounting) is mounted at /scratch in spark-kubernetes-executor (read-write).');
    expect(f.detail).toContain('outlive the pod');
  });

  it('states a read-only hostPath as a warning, but a system path as a danger', () => {
    const [ro] = volumeFindings(input({ pods: [findingPod(hostPathExecutor(1, true))] }));
    expect(ro).toMatchObject({ severity: 'warning', title: '1 executor pod mounts the node directory /mnt/nvme0/spark-scratch read-only' });
    expect(ro.detail).toContain('cannot change them');
    const [sock] = volumeFindings(input({ pods: [findingPod(hostPathExecutor(1, true, '/var/run/docker.sock'))] }));
    expect(sock.severity).toBe('danger');
    expect(sock.detail).toContain('system location of the node');
  });
});

describe('volumeFindings: claims', () => {
  it('names the pending claim, its storage class and the scheduler\'s message', () => {
    const pending = findingPod(onDemandExecutor(9, 'Pending'), { pendingReason: 'Unschedulable', pendingMessage: BINDING_MESSAGE });
    const running = findingPod(onDemandExecutor(8));
    const claims = [view(onDemandClaim({ execId: 9, phase: 'Pending' }), [pending.name]), view(onDemandClaim({ execId: 8 }), [running.name])];
    const [f] = volumeFindings(input({ pods: [pending, running], claims }));
    expect(f).toMatchObject({ id: 'pending-claim:gp3', severity: 'warning', pods: [pending.name], claims: [claimNameFor(9)] });
    expect(f.title).toBe('1 executor pod waits for 1 claim that is not bound (storage class gp3)');
    expect(f.detail).toContain(`${pending.name} mounts claim ${claimNameFor(9)} (Pending, requests 100Gi); the scheduler reports Unschedulable: "${BINDING_MESSAGE}".`);
  });

  it('reports a pod whose claim does not exist', () => {
    const pod = findingPod(onDemandExecutor(4, 'Pending'), { pendingMessage: `0/3 nodes are available: persistentvolumeclaim "${claimNameFor(4)}" not found.` });
    const [f] = volumeFindings(input({ pods: [pod] }));
    expect(f).toMatchObject({ id: 'missing-claim', claims: [claimNameFor(4)], pods: [pod.name] });
  });

  it('lists claims left behind by a finished application, with total size and who deletes them', () => {
    const claims = [
      view(onDemandClaim({ execId: 1 }), [], true),
      view(onDemandClaim({ execId: 2 }), [], true),
      view(onDemandClaim({ execId: 3, owner: 'none', size: '50Gi' }), [], true),
      view(onDemandClaim({ name: 'team-shared', owner: 'none', appLabel: false }), [], true),
    ];
    const [f] = volumeFindings(input({ appFinished: true, claims }));
    expect(f).toMatchObject({ id: 'leftover-claims', severity: 'warning', claims: [claimNameFor(1), claimNameFor(2), claimNameFor(3)] });
    expect(f.title).toBe('3 claims (250Gi) remain after the application finished');
    expect(f.detail).toContain(`2 claims are owned by the driver pod ${DRIVER_NAME}`);
    expect(f.detail).toContain(`Spark deletes every claim labelled spark-app-selector=${APP_ID} when the driver stops`);
    expect(f.detail).toContain(`kubectl delete pvc -n spark-jobs -l spark-app-selector=${APP_ID}`);
    expect(volumeFindings(input({ appFinished: false, claims }))).toEqual([]);
  });

  it('says when claims owned by executors remain', () => {
    const [f] = volumeFindings(input({ appFinished: true, claims: [view(onDemandClaim({ execId: 1, owner: 'executor' }), [], true)] }));
    expect(f.detail).toContain('owned by executor pods (ownPersistentVolumeClaim=false), so Spark does not delete them');
  });

  it('flags free claims smaller than a new executor requests, and of another class', () => {
    const claims = [view(onDemandClaim({ execId: 1, size: '50Gi' })), view(onDemandClaim({ execId: 2, size: '200Gi' })), view(onDemandClaim({ execId: 3, size: '100Gi', storageClass: 'gp2' }))];
    expect(claims.every((c) => c.reusableBySpark)).toBe(true);
    const fs = volumeFindings(input({ claims, requestedClaimSize: '100Gi', requestedStorageClass: 'gp3' }));
    expect(fs.map((f) => f.id)).toEqual(['reuse-too-small', 'reuse-other-class']);
    expect(fs[0]).toMatchObject({ claims: [claimNameFor(1)] });
    expect(fs[0].detail).toContain(`${claimNameFor(1)} requests 50Gi`);
    expect(fs[0].detail).toContain('SPARK-55496');
    expect(fs[1]).toMatchObject({ severity: 'info', claims: [claimNameFor(3)] });
    expect(volumeFindings(input({ claims, requestedClaimSize: '10Gi' }))).toEqual([]);
  });
});

describe('volumeFindings: per-volume facts', () => {
  it('reports dangling mounts, unmounted user volumes and tmpfs local dirs, most severe first', () => {
    const odd = editPod(runningExecutor(5), { volumes: [{ name: 'unused', emptyDir: {} }], mounts: [{ name: 'ghost', mountPath: '/ghost' }] });
    const fs = volumeFindings(input({ pods: [findingPod(odd), findingPod(tmpfsExecutor(6))] }));
    expect(fs.map((f) => [f.id, f.severity])).toEqual([
      ['dangling-mount:ghost', 'warning'],
      ['memory-emptydir:spark-local-dir-1', 'info'],
      ['unmounted-volume:unused', 'info'],
    ]);
    expect(fs[0].detail).toContain('The API server rejects such a pod at creation');
    expect(fs[1].title).toBe('1 executor pod keeps Spark local data in memory (emptyDir medium Memory)');
    expect(fs[1].detail).toContain('with a size limit of 16Gi');
  });

  it('finds nothing in plain Spark pods', () => {
    expect(volumeFindings(input({ pods: [findingPod(runningExecutor(1)), findingPod(onDemandExecutor(2))] }))).toEqual([]);
  });
});

describe('volumeFindings with the fixtures\' own unschedulable message', () => {
  it('does not call an unschedulable pod without claims a claim problem', () => {
    const pod = findingPod(editPod(runningExecutor(3), {}), { phase: 'Pending', state: 'pending', pendingMessage: FIXTURE_UNSCHEDULABLE_MESSAGE });
    expect(volumeFindings(input({ pods: [pod] }))).toEqual([]);
  });
});
