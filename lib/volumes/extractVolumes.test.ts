import { describe, expect, it } from 'vitest';
import type { KubePod } from '../kube/types';
import { runningExecutor, sparkDriverPod } from '../spark/testing/podFixtures';
import { identifySparkContainer, podContainers } from './containerRoles';
import { danglingVolumes, extractPodVolumes, isWritableMount, unmountedVolumes, volumeOriginOf, volumeSourceOf, type PodVolume } from './extractVolumes';
import {
  claimNameFor, editPod, EXEC, hostPathExecutor, logShipperExecutor, NFS_SERVER, nfsExecutor, onDemandExecutor, tmpfsExecutor,
} from './testing/volumePods';

const opts = { sparkContainerName: EXEC };
const byName = (vs: PodVolume[], name: string) => vs.find((v) => v.name === name)!;

describe('extractPodVolumes: Spark\'s own volumes', () => {
  it('recognises the local dir and the executor conf volume of a plain executor', () => {
    const vs = extractPodVolumes(runningExecutor(1), opts);
    expect(vs.map((v) => [v.name, v.kind, v.origin])).toEqual([
      ['spark-local-dir-1', 'emptyDir', 'spark-local-dir'],
      ['spark-conf-volume-exec', 'configMap', 'spark-conf'],
    ]);
    expect(byName(vs, 'spark-local-dir-1')).toMatchObject({ source: { kind: 'emptyDir', medium: '' }, sparkLocalDir: true, declared: true });
    expect(byName(vs, 'spark-conf-volume-exec').mounts).toEqual([
      { container: EXEC, containerRole: 'spark', mountPath: '/opt/spark/conf', readOnly: false },
    ]);
    expect(byName(vs, 'spark-conf-volume-exec').source).toEqual({ kind: 'configMap', name: 'spark-exec-3fa2c19b76daa800-conf-map', optional: false });
  });

  it('recognises the driver conf volume and the executor pod-template volume on the driver', () => {
    const driver = editPod(sparkDriverPod(), {
      volumes: [{ name: 'pod-template-volume', configMap: { name: 'x-driver-podspec-conf-map', items: [{ key: 'pod-spec-template.yml', path: 'pod-spec-template.yml' }] } }],
      mounts: [{ name: 'pod-template-volume', mountPath: '/opt/spark/pod-template' }],
    });
    const vs = extractPodVolumes(driver, { sparkContainerName: 'spark-kubernetes-driver' });
    expect(byName(vs, 'spark-conf-volume-driver').origin).toBe('spark-conf');
    expect(byName(vs, 'pod-template-volume').origin).toBe('spark-pod-template');
    expect(byName(vs, 'pod-template-volume').mounts[0]).toMatchObject({ container: 'spark-kubernetes-driver', containerRole: 'spark' });
  });

  it('recognises secrets, Hadoop and Kerberos volumes by name and type only', () => {
    const origin = (name: string, v: Parameters<typeof volumeSourceOf>[0]) => volumeOriginOf(name, volumeSourceOf(v));
    expect(origin('db-creds-volume', { name: 'db-creds-volume', secret: { secretName: 'db-creds' } })).toBe('spark-secret');
    expect(origin('db-creds', { name: 'db-creds', secret: { secretName: 'db-creds' } })).toBe('user');
    expect(origin('kubernetes-credentials', { name: 'kubernetes-credentials', secret: { secretName: 'app-kubernetes-credentials' } })).toBe('spark-secret');
    expect(origin('hadoop-properties', { name: 'hadoop-properties', configMap: { name: 'app-hadoop-config' } })).toBe('spark-hadoop');
    expect(origin('krb5-file', { name: 'krb5-file', configMap: { name: 'krb5' } })).toBe('spark-kerberos');
    expect(origin('kerberos-keytab', { name: 'kerberos-keytab', secret: { secretName: 'kt' } })).toBe('spark-kerberos');
    expect(origin('hadoop-secret', { name: 'hadoop-secret', secret: { secretName: 'dt' } })).toBe('spark-kerberos');
    // The same names with another type are not Spark's.
    expect(origin('hadoop-properties', { name: 'hadoop-properties', emptyDir: {} })).toBe('user');
    expect(origin('spark-conf-volume-exec', { name: 'spark-conf-volume-exec', emptyDir: {} })).toBe('user');
  });

  it('recognises the API server\'s token volume and its mount in every container', () => {
    const vs = extractPodVolumes(logShipperExecutor(2), opts);
    const token = byName(vs, 'kube-api-access-x7k2p');
    expect(token.origin).toBe('kube-api-access');
    expect(token.source).toEqual({ kind: 'projected', sources: ['serviceAccountToken', 'configMap:kube-root-ca.crt', 'downwardAPI'] });
    expect(token.mounts.map((m) => [m.container, m.containerRole, m.readOnly])).toEqual([['log-shipper', 'sidecar', true], [EXEC, 'spark', true]]);
  });
});

describe('extractPodVolumes: user volumes of every type', () => {
  it('reads an on-demand claim that replaced the default local dir', () => {
    const vs = extractPodVolumes(onDemandExecutor(7), opts);
    const local = byName(vs, 'spark-local-dir-1');
    expect(local).toMatchObject({ kind: 'persistentVolumeClaim', origin: 'user', sparkLocalDir: true });
    expect(local.source).toEqual({ kind: 'persistentVolumeClaim', claimName: claimNameFor(7), readOnly: false });
    expect(local.mounts).toEqual([{ container: EXEC, containerRole: 'spark', mountPath: '/data/spark-local', readOnly: false }]);
  });

  it('reads a read-only NFS mount and a native sidecar\'s config map', () => {
    const vs = extractPodVolumes(nfsExecutor(3), opts);
    expect(byName(vs, 'datasets').source).toEqual({ kind: 'nfs', server: NFS_SERVER, path: '/exports/ml-datasets', readOnly: false });
    expect(byName(vs, 'datasets').mounts[0]).toMatchObject({ readOnly: true, containerRole: 'spark' });
    expect(byName(vs, 'otel-config').mounts).toEqual([{ container: 'otel-collector', containerRole: 'native-sidecar', mountPath: '/etc/otelcol', readOnly: false }]);
    expect(isWritableMount(byName(vs, 'datasets'), byName(vs, 'datasets').mounts[0])).toBe(false);
  });

  it('reads a writable hostPath with the empty type (no check before mounting)', () => {
    const v = byName(extractPodVolumes(hostPathExecutor(4), opts), 'node-scratch');
    expect(v.source).toEqual({ kind: 'hostPath', path: '/mnt/nvme0/spark-scratch', type: '' });
    expect(isWritableMount(v, v.mounts[0])).toBe(true);
  });

  it('treats a tmpfs local dir with a size limit as configured by the user', () => {
    const v = byName(extractPodVolumes(tmpfsExecutor(5), opts), 'spark-local-dir-1');
    expect(v).toMatchObject({ origin: 'user', sparkLocalDir: true, source: { kind: 'emptyDir', medium: 'Memory', sizeLimit: '16Gi' } });
    // Spark's own tmpfs local dir (spark.kubernetes.local.dirs.tmpfs=true) has no size limit.
    expect(volumeOriginOf('spark-local-dir-1', { kind: 'emptyDir', medium: 'Memory' })).toBe('spark-local-dir');
  });

  it('reads subPath, subPathExpr, a read-only claim source and unknown volume types', () => {
    const pod = editPod(runningExecutor(6), {
      volumes: [
        { name: 'shared', persistentVolumeClaim: { claimName: 'team-shared', readOnly: true } },
        { name: 'scratch', csi: { driver: 'scratch.csi.example.com' } },
      ],
      mounts: [
        { name: 'shared', mountPath: '/shared/in', subPath: 'inputs' },
        { name: 'shared', mountPath: '/shared/me', subPathExpr: '$(SPARK_EXECUTOR_POD_NAME)' },
        { name: 'scratch', mountPath: '/scratch' },
      ],
    });
    const vs = extractPodVolumes(pod, opts);
    const shared = byName(vs, 'shared');
    expect(shared.mounts.map((m) => [m.mountPath, m.subPath, m.subPathExpr])).toEqual([
      ['/shared/in', 'inputs', undefined], ['/shared/me', undefined, '$(SPARK_EXECUTOR_POD_NAME)'],
    ]);
    expect(isWritableMount(shared, shared.mounts[0])).toBe(false);
    expect(byName(vs, 'scratch')).toMatchObject({ kind: 'other', source: { kind: 'other', type: 'csi' }, origin: 'user' });
  });
});

describe('extractPodVolumes: dangling and unmounted', () => {
  it('reports a mount naming no volume and a volume nobody mounts', () => {
    const pod = editPod(runningExecutor(8), {
      volumes: [{ name: 'orphan', emptyDir: {} }],
      mounts: [{ name: 'missing-vol', mountPath: '/missing' }],
    });
    const vs = extractPodVolumes(pod, opts);
    expect(danglingVolumes(vs)).toEqual([{
      name: 'missing-vol', kind: 'other', source: { kind: 'other', type: null }, origin: 'user', sparkLocalDir: false, declared: false,
      mounts: [{ container: EXEC, containerRole: 'spark', mountPath: '/missing', readOnly: false }],
    }]);
    expect(unmountedVolumes(vs).map((v) => v.name)).toEqual(['orphan']);
    expect(vs[vs.length - 1].name).toBe('missing-vol');
  });

  it('survives malformed pods', () => {
    expect(extractPodVolumes({}, opts)).toEqual([]);
    const broken = { spec: { volumes: [null, { name: 7 }, { name: 'ok', hostPath: { path: 5 } }], containers: [{ name: 'c', volumeMounts: [null, { name: 'ok' }] }] } } as unknown as KubePod;
    const vs = extractPodVolumes(broken, opts);
    expect(vs).toHaveLength(1);
    expect(vs[0]).toMatchObject({ name: 'ok', source: { kind: 'hostPath', path: '', type: '' }, mounts: [{ container: 'c', containerRole: 'sidecar', mountPath: '' }] });
  });
});

describe('container roles', () => {
  it('finds a renamed Spark container by its environment and calls init containers by their kind', () => {
    const pod = editPod(logShipperExecutor(9, 'executor'), { initContainers: [{ name: 'setup', image: 'busybox' }, { name: 'otel', image: 'otel', restartPolicy: 'Always' }] });
    expect(identifySparkContainer(pod, EXEC)).toEqual({ name: 'executor', by: 'spark-env' });
    expect(identifySparkContainer(pod, 'executor')).toEqual({ name: 'executor', by: 'configured-name' });
    expect(podContainers(pod, EXEC).map((c) => [c.container.name, c.role])).toEqual([
      ['setup', 'init'], ['otel', 'native-sidecar'], ['log-shipper', 'sidecar'], ['executor', 'spark'],
    ]);
    expect(identifySparkContainer(runningExecutor(1), 'something-else')).toEqual({ name: EXEC, by: 'default-name' });
    expect(identifySparkContainer({ spec: { containers: [{ name: 'nginx' }] } }, EXEC)).toBeNull();
  });
});
