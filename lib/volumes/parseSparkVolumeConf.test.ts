import { describe, expect, it } from 'vitest';
import { parseSparkVolumeConf, type ParsedVolumeSpec } from './parseSparkVolumeConf';
import { resolveClaimName, volumeFromSpec } from './volumeFromSpec';

const E = 'spark.kubernetes.executor.volumes.';
const D = 'spark.kubernetes.driver.volumes.';

function ok(conf: Record<string, string>, role: 'driver' | 'executor' = 'executor'): ParsedVolumeSpec[] {
  const r = parseSparkVolumeConf(conf, role);
  if (!Array.isArray(r)) throw new Error(r.error);
  return r;
}

function fails(conf: Record<string, string>, role: 'driver' | 'executor' = 'executor'): string {
  const r = parseSparkVolumeConf(conf, role);
  if (Array.isArray(r)) throw new Error('expected an error');
  return r.error;
}

describe('parseSparkVolumeConf: the grammar', () => {
  it('reads every type with its options and Spark\'s defaults', () => {
    expect(ok({
      [`${E}hostPath.scratch.mount.path`]: '/scratch',
      [`${E}hostPath.scratch.options.path`]: '/mnt/nvme0',
      [`${E}emptyDir.tmp.mount.path`]: '/tmp/x',
      [`${E}emptyDir.tmp.mount.readOnly`]: 'TRUE',
      [`${E}emptyDir.tmp.options.medium`]: 'Memory',
      [`${E}emptyDir.tmp.options.sizeLimit`]: '1024',
      [`${E}nfs.data.mount.path`]: '/data',
      [`${E}nfs.data.mount.subPath`]: 'in',
      [`${E}nfs.data.options.server`]: 'nfs.example.com',
      [`${E}nfs.data.options.path`]: '/exports',
      [`${E}persistentVolumeClaim.spark-local-dir-1.mount.path`]: '/local',
      [`${E}persistentVolumeClaim.spark-local-dir-1.mount.subPathExpr`]: '$(POD_NAME)',
      [`${E}persistentVolumeClaim.spark-local-dir-1.options.claimName`]: 'OnDemand',
      [`${E}persistentVolumeClaim.spark-local-dir-1.options.storageClass`]: 'gp3',
      [`${E}persistentVolumeClaim.spark-local-dir-1.options.sizeLimit`]: '100Gi',
      [`${E}persistentVolumeClaim.spark-local-dir-1.label.team`]: 'etl',
      [`${E}persistentVolumeClaim.spark-local-dir-1.label.app.kubernetes.io/part-of`]: 'etl',
      [`${E}persistentVolumeClaim.spark-local-dir-1.annotation.cost-center`]: '42',
      [`${D}hostPath.ignored-for-executors.mount.path`]: '/x',
      'spark.executor.instances': '4',
    })).toEqual([
      { volumeName: 'scratch', mountPath: '/scratch', mountSubPath: '', mountSubPathExpr: '', mountReadOnly: false, volumeConf: { type: 'hostPath', path: '/mnt/nvme0', hostPathType: '' }, ignoredKeys: [] },
      { volumeName: 'tmp', mountPath: '/tmp/x', mountSubPath: '', mountSubPathExpr: '', mountReadOnly: true, volumeConf: { type: 'emptyDir', medium: 'Memory', sizeLimit: '1024' }, ignoredKeys: [] },
      { volumeName: 'data', mountPath: '/data', mountSubPath: 'in', mountSubPathExpr: '', mountReadOnly: false, volumeConf: { type: 'nfs', path: '/exports', server: 'nfs.example.com' }, ignoredKeys: [] },
      {
        volumeName: 'spark-local-dir-1', mountPath: '/local', mountSubPath: '', mountSubPathExpr: '$(POD_NAME)', mountReadOnly: false,
        volumeConf: { type: 'persistentVolumeClaim', claimNameTemplate: 'OnDemand', storageClass: 'gp3', sizeLimit: '100Gi', labels: { team: 'etl', 'app.kubernetes.io/part-of': 'etl' }, annotations: { 'cost-center': '42' } },
        ignoredKeys: [],
      },
    ]);
  });

  it('lists keys Spark reads past', () => {
    const [spec] = ok({
      [`${E}hostPath.s.mount.path`]: '/s', [`${E}hostPath.s.options.path`]: '/n', [`${E}hostPath.s.options.sizeLimit`]: '1Gi',
      [`${E}hostPath.s.mount.propagation`]: 'Bidirectional', [`${E}hostPath.s.label.team`]: 'etl',
    });
    expect(spec.ignoredKeys).toEqual([`${E}hostPath.s.options.sizeLimit`, `${E}hostPath.s.mount.propagation`, `${E}hostPath.s.label.team`]);
  });

  it('ignores keys with fewer than two segments, as Java\'s split does', () => {
    expect(ok({ [`${E}hostPath`]: 'x', [`${E}hostPath.`]: 'y' })).toEqual([]);
  });
});

describe('parseSparkVolumeConf: Spark\'s errors to the character', () => {
  it('rejects subPath with subPathExpr', () => {
    expect(fails({ [`${E}nfs.d.mount.path`]: '/d', [`${E}nfs.d.mount.subPath`]: 'a', [`${E}nfs.d.mount.subPathExpr`]: 'b', [`${E}nfs.d.options.path`]: '/', [`${E}nfs.d.options.server`]: 's' }))
      .toBe('These config options are mutually exclusive: nfs.d.mount.subPath, nfs.d.mount.subPathExpr');
  });

  it('rejects an unknown type, after the mount path check', () => {
    expect(fails({ [`${E}configMap.c.mount.path`]: '/c' })).toBe('Kubernetes Volume type `configMap` is not supported');
    expect(fails({ [`${E}csi.c.options.driver`]: 'x' })).toBe('key not found: csi.c.mount.path');
  });

  it('requires the mount path and each type\'s options', () => {
    expect(fails({ [`${E}hostPath.h.options.path`]: '/h' })).toBe('key not found: hostPath.h.mount.path');
    expect(fails({ [`${E}hostPath.h.mount.path`]: '/h' })).toBe('hostPath.h.options.path is required for hostPath');
    expect(fails({ [`${E}nfs.n.mount.path`]: '/n', [`${E}nfs.n.options.server`]: 's' })).toBe('nfs.n.options.path is required for nfs');
    expect(fails({ [`${E}nfs.n.mount.path`]: '/n', [`${E}nfs.n.options.path`]: '/' })).toBe('nfs.n.options.server is required for nfs');
    expect(fails({ [`${E}persistentVolumeClaim.p.mount.path`]: '/p' })).toBe('persistentVolumeClaim.p.options.claimName is required for persistentVolumeClaim');
  });

  it('rejects digit-only sizes below 1 KiB, and what Long.parseLong cannot read', () => {
    const pvc = (size: string) => ({ [`${E}persistentVolumeClaim.p.mount.path`]: '/p', [`${E}persistentVolumeClaim.p.options.claimName`]: 'OnDemand', [`${E}persistentVolumeClaim.p.options.sizeLimit`]: size });
    expect(fails(pvc('500'))).toBe('Volume size `500` is smaller than 1KiB. Missing units?');
    expect(fails({ [`${E}emptyDir.e.mount.path`]: '/e', [`${E}emptyDir.e.options.sizeLimit`]: '1023' })).toBe('Volume size `1023` is smaller than 1KiB. Missing units?');
    expect(fails(pvc(''))).toBe('For input string: ""');
    expect(fails(pvc('99999999999999999999'))).toBe('For input string: "99999999999999999999"');
    expect(ok(pvc('1024'))[0].volumeConf).toMatchObject({ sizeLimit: '1024' });
    expect(ok(pvc('500Mi'))[0].volumeConf).toMatchObject({ sizeLimit: '500Mi' });
    expect(ok(pvc('-5'))[0].volumeConf).toMatchObject({ sizeLimit: '-5' });
  });

  it('rejects a readOnly that is not a boolean', () => {
    expect(fails({ [`${E}emptyDir.e.mount.path`]: '/e', [`${E}emptyDir.e.mount.readOnly`]: 'yes' })).toBe('For input string: "yes"');
  });

  it('rejects duplicate mount paths as MountVolumesFeatureStep does, and reports every error', () => {
    const r = parseSparkVolumeConf({
      [`${E}emptyDir.a.mount.path`]: '/x', [`${E}emptyDir.b.mount.path`]: '/x', [`${E}hostPath.c.mount.path`]: '/c',
    }, 'executor');
    expect(r).toEqual({
      error: 'hostPath.c.options.path is required for hostPath',
      errors: ['hostPath.c.options.path is required for hostPath', "requirement failed: Found duplicated mountPath: '/x'"],
    });
  });
});

describe('volumeFromSpec', () => {
  const pvcSpec = (claimNameTemplate: string, extra: object = {}): ParsedVolumeSpec => ({
    volumeName: 'data', mountPath: '/data', mountSubPath: '', mountSubPathExpr: '', mountReadOnly: true,
    volumeConf: { type: 'persistentVolumeClaim', claimNameTemplate, labels: {}, annotations: {}, ...extra }, ignoredKeys: [],
  });

  it('substitutes OnDemand and SPARK_EXECUTOR_ID for executors, only OnDemand for the driver', () => {
    const ctx = { prefix: 'app-1a2b', executorId: 7, volumeIndex: 2 };
    expect(resolveClaimName('OnDemand', 'executor', ctx)).toBe('app-1a2b-exec-7-pvc-2');
    expect(resolveClaimName('ckpt-SPARK_EXECUTOR_ID', 'executor', ctx)).toBe('ckpt-7');
    expect(resolveClaimName('OnDemand-SPARK_EXECUTOR_ID', 'executor', ctx)).toBe('app-1a2b-exec-7-pvc-2-7');
    expect(resolveClaimName('OnDemand', 'driver', ctx)).toBe('app-1a2b-driver-pvc-2');
    expect(resolveClaimName('ckpt-SPARK_EXECUTOR_ID', 'driver', ctx)).toBe('ckpt-SPARK_EXECUTOR_ID');
  });

  it('builds the volume, the read-only mount and no claim without both storage class and size', () => {
    expect(volumeFromSpec(pvcSpec('team-shared'), 'executor', { prefix: 'p', executorId: 1, volumeIndex: 0 })).toEqual({
      volume: { name: 'data', persistentVolumeClaim: { claimName: 'team-shared', readOnly: true } },
      mount: { name: 'data', mountPath: '/data', readOnly: true },
      claim: null,
    });
    expect(volumeFromSpec(pvcSpec('OnDemand', { storageClass: 'gp3' }), 'executor', { prefix: 'p', executorId: 1, volumeIndex: 0 }).claim).toBeNull();
  });

  it('builds the claim Spark creates, the application label winning over a user label', () => {
    const built = volumeFromSpec(pvcSpec('OnDemand', { storageClass: 'gp3', sizeLimit: '50Gi', labels: { 'spark-app-selector': 'mine', team: 'etl' }, annotations: { a: 'b' } }), 'driver', { prefix: 'p', volumeIndex: 0, appId: 'spark-1' });
    expect(built.claim).toEqual({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: { name: 'p-driver-pvc-0', labels: { 'spark-app-selector': 'spark-1', team: 'etl' }, annotations: { a: 'b' } },
      spec: { storageClassName: 'gp3', accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '50Gi' } } },
    });
  });

  it('builds the other types as the API returns them', () => {
    const spec = (volumeConf: ParsedVolumeSpec['volumeConf']): ParsedVolumeSpec => ({ volumeName: 'v', mountPath: '/v', mountSubPath: 's', mountSubPathExpr: '', mountReadOnly: false, volumeConf, ignoredKeys: [] });
    const ctx = { prefix: 'p', executorId: 1, volumeIndex: 0 };
    expect(volumeFromSpec(spec({ type: 'hostPath', path: '/n', hostPathType: '' }), 'executor', ctx)).toMatchObject({ volume: { hostPath: { path: '/n', type: '' } }, mount: { name: 'v', mountPath: '/v', subPath: 's' } });
    expect(volumeFromSpec(spec({ type: 'emptyDir', medium: '' }), 'executor', ctx).volume).toEqual({ name: 'v', emptyDir: {} });
    expect(volumeFromSpec(spec({ type: 'nfs', path: '/e', server: 's' }), 'executor', ctx).volume).toEqual({ name: 'v', nfs: { server: 's', path: '/e' } });
  });
});
