import { describe, expect, it } from 'vitest';
import type { KubePod, KubeVolume, KubeVolumeMount } from '../kube/types';
import { mulberry32 } from '../random/mulberry32';
import { runningExecutor, sparkDriverPod } from '../spark/testing/podFixtures';
import { extractPodVolumes, type PodVolume } from './extractVolumes';
import { groupVolumes } from './groupVolumes';
import { parseSparkVolumeConf, type ParsedVolumeSpec } from './parseSparkVolumeConf';
import { entriesToConf, formatSparkConf, renderSparkVolumeConf, type SparkRole } from './sparkVolumeConf';
import { claimNameFor, editPod, EXEC, hostPathExecutor, logShipperExecutor, nfsExecutor, onDemandExecutor, PREFIX, tmpfsExecutor } from './testing/volumePods';
import { volumeFromSpec } from './volumeFromSpec';

const DRIVER = 'spark-kubernetes-driver';
const containerOf = (role: SparkRole) => (role === 'driver' ? DRIVER : EXEC);
const volumeOf = (pod: KubePod, name: string, role: SparkRole = 'executor') => extractPodVolumes(pod, { sparkContainerName: containerOf(role) }).find((v) => v.name === name)!;
const sparkMount = (v: PodVolume) => v.mounts.find((m) => m.containerRole === 'spark')!;

function render(pod: KubePod, name: string, role: SparkRole = 'executor', hints = {}) {
  const v = volumeOf(pod, name, role);
  return renderSparkVolumeConf(role, v, sparkMount(v), hints);
}

describe('renderSparkVolumeConf', () => {
  it('renders a read-only NFS dataset', () => {
    const r = render(nfsExecutor(1), 'datasets');
    expect(r).toEqual({
      supported: true,
      notes: [],
      entries: [
        { key: 'spark.kubernetes.executor.volumes.nfs.datasets.mount.path', value: '/mnt/datasets' },
        { key: 'spark.kubernetes.executor.volumes.nfs.datasets.mount.readOnly', value: 'true' },
        { key: 'spark.kubernetes.executor.volumes.nfs.datasets.options.server', value: 'fs-0a1b2c3d4e5f67890.efs.us-east-1.amazonaws.com' },
        { key: 'spark.kubernetes.executor.volumes.nfs.datasets.options.path', value: '/exports/ml-datasets' },
      ],
    });
  });

  it('renders hostPath and a tmpfs local dir', () => {
    const host = render(hostPathExecutor(1), 'node-scratch');
    expect(host.supported && entriesToConf(host.entries)).toEqual({
      'spark.kubernetes.executor.volumes.hostPath.node-scratch.mount.path': '/scratch',
      'spark.kubernetes.executor.volumes.hostPath.node-scratch.mount.readOnly': 'false',
      'spark.kubernetes.executor.volumes.hostPath.node-scratch.options.path': '/mnt/nvme0/spark-scratch',
    });
    const tmpfs = render(tmpfsExecutor(1), 'spark-local-dir-1');
    expect(tmpfs.supported && entriesToConf(tmpfs.entries)).toMatchObject({
      'spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.options.medium': 'Memory',
      'spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.options.sizeLimit': '16Gi',
    });
    expect(tmpfs.supported && tmpfs.notes.join(' ')).toContain('local dir');
  });

  it('substitutes OnDemand back for an on-demand claim and adds the claim\'s class and size', () => {
    const r = render(onDemandExecutor(7), 'spark-local-dir-1', 'executor', {
      storageClass: 'gp3', sizeLimit: '100Gi', labels: { 'spark-app-selector': 'spark-x', team: 'etl' },
      annotations: { 'pv.kubernetes.io/bind-completed': 'yes', 'cost-center': '42' },
    });
    expect(r.supported && entriesToConf(r.entries)).toEqual({
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.mount.path': '/data/spark-local',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.mount.readOnly': 'false',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.claimName': 'OnDemand',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.storageClass': 'gp3',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.sizeLimit': '100Gi',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.label.team': 'etl',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.annotation.cost-center': '42',
    });
    const bare = render(onDemandExecutor(7), 'spark-local-dir-1');
    expect(bare.supported && bare.notes.join(' ')).toContain('only when options.storageClass and options.sizeLimit are both set');
  });

  it('substitutes SPARK_EXECUTOR_ID back when the claim name embeds the executor id', () => {
    const pod = editPod(runningExecutor(12), { volumes: [{ name: 'ckpt', persistentVolumeClaim: { claimName: 'ckpt-12' } }], mounts: [{ name: 'ckpt', mountPath: '/ckpt' }] });
    const r = render(pod, 'ckpt', 'executor', { executorId: 12 });
    expect(r.supported && entriesToConf(r.entries)['spark.kubernetes.executor.volumes.persistentVolumeClaim.ckpt.options.claimName']).toBe('ckpt-SPARK_EXECUTOR_ID');
    const noId = render(pod, 'ckpt');
    expect(noId.supported && entriesToConf(noId.entries)['spark.kubernetes.executor.volumes.persistentVolumeClaim.ckpt.options.claimName']).toBe('ckpt-12');
  });

  it('says why Spark\'s own volumes, config maps, secrets and sidecar-only mounts cannot be rendered', () => {
    const exec = logShipperExecutor(1);
    const conf = render(exec, 'spark-conf-volume-exec');
    expect(conf).toMatchObject({ supported: false });
    const fluent = volumeOf(exec, 'fluent-bit-config');
    expect(renderSparkVolumeConf('executor', fluent, fluent.mounts[0])).toMatchObject({ supported: false, reason: expect.stringContaining('A config map volume needs a pod template') });
    const logs = volumeOf(exec, 'spark-logs');
    const r = renderSparkVolumeConf('executor', logs, logs.mounts.find((m) => m.container === 'log-shipper')!);
    expect(r.supported).toBe(false);
    expect(!r.supported && r.reason).toContain('mount only into the Spark container; this mount is in log-shipper (sidecar)');
    const token = volumeOf(exec, 'kube-api-access-x7k2p');
    expect(!renderSparkVolumeConf('executor', token, sparkMount(token)).supported).toBe(true);
    const withCm = editPod(runningExecutor(1), { volumes: [{ name: 'jobs', configMap: { name: 'job-defs' } }, { name: 'creds', secret: { secretName: 'db' } }], mounts: [{ name: 'jobs', mountPath: '/jobs' }, { name: 'creds', mountPath: '/creds' }] });
    const cm = render(withCm, 'jobs');
    expect(!cm.supported && cm.reason).toContain('pod template (spark.kubernetes.executor.podTemplateFile)');
    const secret = render(withCm, 'creds');
    expect(!secret.supported && secret.reason).toContain('spark.kubernetes.executor.secrets.db=<mount path>');
    const sparkSecret = editPod(runningExecutor(1), { volumes: [{ name: 'db-volume', secret: { secretName: 'db' } }], mounts: [{ name: 'db-volume', mountPath: '/mnt/db' }] });
    expect(render(sparkSecret, 'db-volume')).toMatchObject({ supported: false, reason: expect.stringContaining('spark.kubernetes.executor.secrets.db=/mnt/db') });
  });

  it('warns that a volume shared with a sidecar is declared by the template', () => {
    const r = render(logShipperExecutor(1), 'spark-logs');
    expect(r.supported && r.notes.join(' ')).toContain('Also mounted by log-shipper');
  });
});

describe('formatSparkConf', () => {
  const entries = [
    { key: 'spark.kubernetes.executor.volumes.nfs.datasets.mount.path', value: '/mnt/datasets' },
    { key: 'spark.kubernetes.executor.volumes.persistentVolumeClaim.x.mount.subPathExpr', value: '$(POD_NAME)' },
    { key: 'spark.kubernetes.executor.volumes.persistentVolumeClaim.x.label.owner', value: "it's me" },
  ];
  it('writes spark-submit flags, quoting what a shell would expand', () => {
    expect(formatSparkConf(entries)).toBe([
      '--conf spark.kubernetes.executor.volumes.nfs.datasets.mount.path=/mnt/datasets \\',
      "--conf 'spark.kubernetes.executor.volumes.persistentVolumeClaim.x.mount.subPathExpr=$(POD_NAME)' \\",
      "--conf 'spark.kubernetes.executor.volumes.persistentVolumeClaim.x.label.owner=it'\\''s me'",
    ].join('\n'));
  });
  it('writes spark-defaults.conf lines', () => {
    expect(formatSparkConf([...entries, { key: 'k', value: ' lead\\' }], 'spark-defaults')).toBe([
      'spark.kubernetes.executor.volumes.nfs.datasets.mount.path /mnt/datasets',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.x.mount.subPathExpr $(POD_NAME)',
      "spark.kubernetes.executor.volumes.persistentVolumeClaim.x.label.owner it's me",
      'k \\ lead\\\\',
    ].join('\n'));
  });
});

// ---------------------------------------------------------------- round trip

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const word = (rng: Rng) => pick(rng, ['data', 'scratch', 'ckpt', 'models', 'spark-local-dir-1', 'spark-local-dir-2', 'tmp', 'cache-2']);
const path = (rng: Rng) => pick(rng, ['/data', '/mnt/a b', '/scratch/x', '/opt/spark/work-dir/in', "/o'dd"]);

interface Generated {
  volume: KubeVolume;
  mount: KubeVolumeMount;
  hints: { storageClass?: string; sizeLimit?: string; executorId?: number };
  volumeIndex: number;
}

function generate(rng: Rng, role: SparkRole, executorId: number): Generated {
  const name = word(rng);
  const mount: KubeVolumeMount = { name, mountPath: path(rng), readOnly: rng() < 0.5 };
  const sub = rng();
  if (sub < 0.25) mount.subPath = pick(rng, ['in', 'a/b']);
  else if (sub < 0.5) mount.subPathExpr = '$(SPARK_EXECUTOR_POD_NAME)';
  const kind = pick(rng, ['hostPath', 'emptyDir', 'nfs', 'persistentVolumeClaim'] as const);
  const hints: Generated['hints'] = { executorId };
  let volumeIndex = 0;
  let volume: KubeVolume;
  if (kind === 'hostPath') volume = { name, hostPath: { path: path(rng), type: pick(rng, ['', 'Directory', 'DirectoryOrCreate', 'FileOrCreate']) } };
  else if (kind === 'emptyDir') {
    const emptyDir: { medium?: string; sizeLimit?: string } = {};
    if (rng() < 0.5) emptyDir.medium = 'Memory';
    // Without a size limit, an emptyDir named spark-local-dir-N is indistinguishable from Spark's own.
    if (rng() < 0.5 || name.startsWith('spark-local-dir-')) emptyDir.sizeLimit = pick(rng, ['16Gi', '512Mi', '2048', '1.5Gi']);
    volume = { name, emptyDir };
  } else if (kind === 'nfs') volume = { name, nfs: { server: pick(rng, ['10.0.0.5', 'fs-1.efs.example.com']), path: path(rng) } };
  else {
    volumeIndex = Math.floor(rng() * 3);
    const style = pick(rng, ['static', 'onDemand', 'onDemandCreated', 'executorId'] as const);
    const onDemandName = role === 'executor' ? `${PREFIX}-exec-${executorId}-pvc-${volumeIndex}` : `${PREFIX}-driver-pvc-${volumeIndex}`;
    const claimName = style === 'static' ? 'team-shared'
      : style === 'executorId' && role === 'executor' ? `ckpt-${executorId}-v2` : onDemandName;
    if (style === 'onDemandCreated') Object.assign(hints, { storageClass: 'gp3', sizeLimit: '100Gi' });
    volume = { name, persistentVolumeClaim: { claimName, readOnly: mount.readOnly } };
  }
  return { volume, mount, hints, volumeIndex };
}

function podWith(role: SparkRole, executorId: number, volumes: KubeVolume[], mounts: KubeVolumeMount[]): KubePod {
  // Generated names may be spark-local-dir-N, which take the place of Spark's own local dir.
  return editPod(role === 'driver' ? sparkDriverPod() : runningExecutor(executorId), { volumes, mounts, replaceLocalDir: true });
}

const comparable = (v: PodVolume) => ({ name: v.name, source: v.source, mount: sparkMount(v) });

describe('round trip: parse(render(volume)) then volumeFromSpec gives the same volume and mount', () => {
  it('holds for 400 generated volumes of every type and option', () => {
    const rng = mulberry32(20260101);
    const seen = new Set<string>();
    for (let n = 0; n < 400; n++) {
      const role: SparkRole = rng() < 0.3 ? 'driver' : 'executor';
      const executorId = 1 + Math.floor(rng() * 40);
      const g = generate(rng, role, executorId);
      const original = volumeOf(podWith(role, executorId, [g.volume], [g.mount]), g.volume.name, role);
      const rendered = renderSparkVolumeConf(role, original, sparkMount(original), g.hints);
      expect(rendered.supported, JSON.stringify(g)).toBe(true);
      if (!rendered.supported) continue;
      const specs = parseSparkVolumeConf(entriesToConf(rendered.entries), role) as ParsedVolumeSpec[];
      expect(Array.isArray(specs), JSON.stringify(specs)).toBe(true);
      expect(specs).toHaveLength(1);
      expect(specs[0].ignoredKeys).toEqual([]);
      const built = volumeFromSpec(specs[0], role, { prefix: PREFIX, executorId, volumeIndex: g.volumeIndex, appId: 'spark-app' });
      const rebuilt = volumeOf(podWith(role, executorId, [built.volume], [built.mount]), g.volume.name, role);
      expect(comparable(rebuilt), JSON.stringify(g)).toEqual(comparable(original));
      expect(built.claim !== null).toBe(g.hints.storageClass !== undefined);
      seen.add(`${role}:${original.kind}`);
      for (const e of rendered.entries) seen.add(e.key.split('.').slice(-2).join('.'));
      const claimName = rendered.entries.find((e) => e.key.endsWith('.options.claimName'))?.value;
      if (claimName !== undefined) seen.add(`${role}:claimName=${claimName.includes('SPARK_EXECUTOR_ID') ? 'SPARK_EXECUTOR_ID' : claimName === 'OnDemand' ? 'OnDemand' : 'literal'}`);
    }
    // The generator reached every type for both roles, every option and every claim-name form.
    for (const role of ['driver', 'executor']) for (const kind of ['hostPath', 'emptyDir', 'nfs', 'persistentVolumeClaim']) expect(seen).toContain(`${role}:${kind}`);
    for (const key of ['mount.subPath', 'mount.subPathExpr', 'options.type', 'options.medium', 'options.sizeLimit', 'options.storageClass', 'options.server', 'options.path']) expect(seen).toContain(key);
    for (const form of ['driver:claimName=OnDemand', 'driver:claimName=literal', 'executor:claimName=OnDemand', 'executor:claimName=literal', 'executor:claimName=SPARK_EXECUTOR_ID']) expect(seen).toContain(form);
  });

  it('holds for several volumes of one pod rendered into one configuration', () => {
    const rng = mulberry32(7);
    for (let n = 0; n < 50; n++) {
      const gs: Generated[] = [];
      for (let k = 0; k < 4; k++) {
        const g = generate(rng, 'executor', 5);
        if (gs.some((x) => x.volume.name === g.volume.name || x.mount.mountPath === g.mount.mountPath)) continue;
        gs.push(g);
      }
      const pod = podWith('executor', 5, gs.map((g) => g.volume), gs.map((g) => g.mount));
      const conf = Object.assign({}, ...gs.map((g) => {
        const v = volumeOf(pod, g.volume.name);
        const r = renderSparkVolumeConf('executor', v, sparkMount(v), g.hints);
        return r.supported ? entriesToConf(r.entries) : {};
      })) as Record<string, string>;
      const specs = parseSparkVolumeConf(conf, 'executor') as ParsedVolumeSpec[];
      expect(specs.map((s) => s.volumeName)).toEqual(gs.map((g) => g.volume.name));
      specs.forEach((spec, i) => {
        const built = volumeFromSpec(spec, 'executor', { prefix: PREFIX, executorId: 5, volumeIndex: gs[i].volumeIndex });
        expect(comparable(volumeOf(podWith('executor', 5, [built.volume], [built.mount]), spec.volumeName))).toEqual(comparable(volumeOf(pod, spec.volumeName)));
      });
    }
  });

  it('holds for a group: one OnDemand setting gives every executor its own claim', () => {
    const pods = [3, 4, 9].map((id) => ({ id, pod: onDemandExecutor(id) }));
    const [group] = groupVolumes(pods.map(({ id, pod }) => ({ name: pod.metadata!.name!, role: 'executor' as const, executorId: id, volumes: extractPodVolumes(pod, { sparkContainerName: EXEC }) })))
      .filter((g) => g.name === 'spark-local-dir-1');
    const r = renderSparkVolumeConf('executor', group, group.mounts[0], { storageClass: 'gp3', sizeLimit: '100Gi' });
    expect(r.supported).toBe(true);
    const [spec] = parseSparkVolumeConf(entriesToConf(r.supported ? r.entries : []), 'executor') as ParsedVolumeSpec[];
    for (const { id } of pods) {
      const built = volumeFromSpec(spec, 'executor', { prefix: PREFIX, executorId: id, volumeIndex: 0, appId: 'spark-app' });
      expect(built.volume.persistentVolumeClaim?.claimName).toBe(claimNameFor(id));
      expect(built.claim).toMatchObject({ metadata: { name: claimNameFor(id), labels: { 'spark-app-selector': 'spark-app' } }, spec: { storageClassName: 'gp3', accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '100Gi' } } } });
    }
  });
});
