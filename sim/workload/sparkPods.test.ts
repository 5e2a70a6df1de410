import { describe, expect, it } from 'vitest';
import type { AppPlan } from './appPlan';
import { createPrng } from './prng';
import { basePlan, logShipperTemplate } from './scenarios/common';
import { buildDriverPod, buildExecutorClaims, buildExecutorPod, newAppIdentity, onDemandClaimName, sparkExecutorContainerName } from './sparkPods';

const SUBMITTED_AT = Date.UTC(2025, 10, 24, 12, 0, 0);

function plan(overrides: Partial<AppPlan> = {}): AppPlan {
  return basePlan(createPrng(1), { story: 'test', appName: 'Daily Sales_ETL', namespace: 'spark-etl', serviceAccount: 'spark-driver', instances: 4, runtimeMs: 60_000 }, {
    sparkVersion: '4.0.1',
    image: 'apache/spark:4.0.1',
    driver: { cores: 2, memoryMiB: 4096 },
    executor: { cores: 4, memoryMiB: 8192 },
    ...overrides,
  });
}

function setup(overrides: Partial<AppPlan> = {}) {
  const p = plan(overrides);
  const rng = createPrng(2);
  const id = newAppIdentity(p, rng, SUBMITTED_AT);
  const driver = buildDriverPod(p, id, rng);
  const exec = buildExecutorPod(p, id, { execId: 7, execIdLabel: '7', driverUid: 'driver-uid-1' }, rng);
  return { p, id, driver, exec };
}

const envNames = (c: { env?: { name: string }[] } | undefined) => (c?.env ?? []).map((e) => e.name);

describe('names', () => {
  it('derives app id, label, prefix and pod names as Spark does', () => {
    const { id, driver, exec } = setup();
    expect(id.appId).toMatch(/^spark-[0-9a-f]{32}$/);
    expect(id.appNameLabel).toBe('daily-sales-etl');
    // 6 random hex characters, then the low 40 bits of the submission time in hex.
    expect(id.uniqueId).toMatch(/^[0-9a-f]{6}[0-9a-f]+$/);
    expect(id.uniqueId.slice(6)).toBe((SUBMITTED_AT % 2 ** 40).toString(16));
    expect(id.prefix).toBe(`daily-sales-etl-${id.uniqueId}`);
    expect(driver.metadata?.name).toBe(`${id.prefix}-driver`);
    expect(exec.metadata?.name).toBe(`${id.prefix}-exec-7`);
    expect(id.driverServiceName).toBe(`${id.prefix}-driver-svc`);
  });

  it('replaces a leading digit of the prefix and keeps hostnames within 63 characters', () => {
    const p = plan({ appName: '2025 backfill of the very long customer lifetime value feature table' });
    const rng = createPrng(3);
    const id = newAppIdentity(p, rng, SUBMITTED_AT);
    expect(id.prefix.startsWith('x025-backfill')).toBe(true);
    const exec = buildExecutorPod(p, id, { execId: 123, execIdLabel: '123', driverUid: 'u' }, rng);
    expect(exec.spec?.hostname?.length).toBeLessThanOrEqual(63);
    expect(exec.metadata!.name!.endsWith(exec.spec!.hostname!)).toBe(true);
    expect(id.appNameLabel.length).toBeLessThanOrEqual(63);
  });
});

describe('driver pod', () => {
  it('has Spark\'s labels, container, ports, resources and volumes', () => {
    const { p, id, driver } = setup();
    expect(driver.metadata?.labels).toEqual({ 'spark-app-name': 'daily-sales-etl', 'spark-app-selector': id.appId, 'spark-role': 'driver', 'spark-version': '4.0.1' });
    const spec = driver.spec!;
    expect(spec.restartPolicy).toBe('Never');
    expect(spec.serviceAccountName).toBe(p.serviceAccount);
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    const [c] = spec.containers!;
    expect(c!.name).toBe('spark-kubernetes-driver');
    expect(c!.args?.slice(0, 3)).toEqual(['driver', '--properties-file', '/opt/spark/conf/spark.properties']);
    expect(c!.ports).toEqual([
      { name: 'driver-rpc-port', containerPort: 7078, protocol: 'TCP' },
      { name: 'blockmanager', containerPort: 7079, protocol: 'TCP' },
      { name: 'spark-ui', containerPort: 4040, protocol: 'TCP' },
    ]);
    // 4096 MiB + max(10 %, 384 MiB) overhead; memory request = limit.
    expect(c!.resources).toEqual({ limits: { memory: '4505Mi' }, requests: { cpu: '2', memory: '4505Mi' } });
    expect(envNames(c)).toEqual(['SPARK_USER', 'SPARK_APPLICATION_ID', 'SPARK_DRIVER_BIND_ADDRESS', 'SPARK_LOCAL_DIRS', 'SPARK_CONF_DIR']);
    expect(c!.env?.find((e) => e.name === 'SPARK_DRIVER_BIND_ADDRESS')?.valueFrom).toEqual({ fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } });
    expect(spec.volumes?.map((v) => v.name)).toEqual(['spark-local-dir-1', 'spark-conf-volume-driver']);
    expect(spec.volumes?.[1]?.configMap?.name).toBe(`spark-drv-${id.uniqueId}-conf-map`);
    expect(c!.volumeMounts?.find((m) => m.name === 'spark-conf-volume-driver')?.mountPath).toBe('/opt/spark/conf');
  });

  it('mounts the executor pod template when the application has one', () => {
    const { id, driver } = setup({ template: logShipperTemplate() });
    const v = driver.spec!.volumes!.find((x) => x.name === 'pod-template-volume');
    expect(v?.configMap?.name).toBe(`${id.prefix}-driver-podspec-conf-map`);
    expect(driver.spec!.containers![0]!.volumeMounts).toContainEqual({ name: 'pod-template-volume', mountPath: '/opt/spark/pod-template' });
  });
});

describe('executor pod', () => {
  it('has Spark\'s labels and a controller owner reference to the driver', () => {
    const { id, exec } = setup();
    expect(exec.metadata?.labels).toEqual({
      'spark-app-name': 'daily-sales-etl',
      'spark-app-selector': id.appId,
      'spark-role': 'executor',
      'spark-version': '4.0.1',
      'spark-exec-id': '7',
      'spark-exec-resourceprofile-id': '0',
    });
    expect(exec.metadata?.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: `${id.prefix}-driver`, uid: 'driver-uid-1', controller: true }]);
  });

  it('has the executor container with Spark\'s env, port, resources and mounts', () => {
    const { id, exec } = setup();
    const spec = exec.spec!;
    expect(spec.restartPolicy).toBe('Never');
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    expect(spec.serviceAccountName).toBe('spark-driver');
    expect(spec.containers?.map((c) => c.name)).toEqual(['spark-kubernetes-executor']);
    const c = spec.containers![0]!;
    expect(c.args).toEqual(['executor']);
    expect(c.ports).toEqual([{ name: 'blockmanager', containerPort: 7079, protocol: 'TCP' }]);
    expect(c.resources).toEqual({ limits: { memory: '9011Mi' }, requests: { cpu: '4', memory: '9011Mi' } });
    const names = envNames(c);
    expect(names.slice(0, 8)).toEqual(['SPARK_USER', 'SPARK_DRIVER_URL', 'SPARK_EXECUTOR_CORES', 'SPARK_EXECUTOR_MEMORY', 'SPARK_APPLICATION_ID', 'SPARK_CONF_DIR', 'SPARK_EXECUTOR_ID', 'SPARK_RESOURCE_PROFILE_ID']);
    expect(names).toEqual(expect.arrayContaining(['SPARK_JAVA_OPT_0', 'SPARK_EXECUTOR_POD_IP', 'SPARK_EXECUTOR_POD_NAME', 'SPARK_LOCAL_DIRS']));
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
    expect(env.SPARK_DRIVER_URL).toBe(`spark://CoarseGrainedScheduler@${id.prefix}-driver-svc.spark-etl.svc:7078`);
    expect(env.SPARK_EXECUTOR_MEMORY).toBe('8192m');
    expect(env.SPARK_EXECUTOR_ID).toBe('7');
    expect(env.SPARK_APPLICATION_ID).toBe(id.appId);
    expect(env.SPARK_CONF_DIR).toBe('/opt/spark/conf');
    expect(spec.volumes?.map((v) => v.name)).toEqual(['spark-conf-volume-exec', 'spark-local-dir-1']);
    expect(spec.volumes?.[0]?.configMap?.name).toBe(`spark-exec-${id.uniqueId}-conf-map`);
    expect(spec.volumes?.[1]?.emptyDir).toEqual({});
    expect(c.volumeMounts?.map((m) => [m.name, m.mountPath])).toEqual([['spark-conf-volume-exec', '/opt/spark/conf'], ['spark-local-dir-1', env.SPARK_LOCAL_DIRS]]);
    expect(env.SPARK_LOCAL_DIRS).toMatch(/^\/var\/data\/spark-[0-9a-f-]{36}$/);
  });

  it('keeps template sidecars before Spark\'s container, which comes last', () => {
    const { exec } = setup({ template: logShipperTemplate() });
    expect(exec.spec?.containers?.map((c) => c.name)).toEqual(['log-shipper', 'spark-kubernetes-executor']);
    expect(exec.spec?.volumes?.map((v) => v.name)).toEqual(['spark-logs', 'fluent-bit-config', 'spark-conf-volume-exec', 'spark-local-dir-1']);
  });

  it('plays the container-name trap: a renamed container and no podTemplateContainerName', () => {
    const overrides = { template: logShipperTemplate({ executorContainerName: 'executor', containerNameConfigured: false }) };
    const { p, exec } = setup(overrides);
    expect(exec.spec?.containers?.map((c) => c.name)).toEqual(['log-shipper', 'executor']);
    expect(sparkExecutorContainerName(p)).toBe('spark-kubernetes-executor');
    expect(sparkExecutorContainerName(plan({ template: logShipperTemplate({ executorContainerName: 'executor', containerNameConfigured: true }) }))).toBe('executor');
  });

  it('uses the EXECID placeholder in label and env when asked', () => {
    const p = plan();
    const rng = createPrng(5);
    const id = newAppIdentity(p, rng, SUBMITTED_AT);
    const exec = buildExecutorPod(p, id, { execId: 3, execIdLabel: 'EXECID', driverUid: 'u' }, rng);
    expect(exec.metadata?.labels?.['spark-exec-id']).toBe('EXECID');
    expect(exec.metadata?.name).toBe(`${id.prefix}-exec-3`);
  });

  it('maps volume configuration to volumes: nfs, writable hostPath, tmpfs local dir', () => {
    const { exec } = setup({
      volumes: [
        { type: 'nfs', name: 'datasets', mountPath: '/mnt/datasets', readOnly: true, options: { server: 'nfs.example', path: '/exports/x' } },
        { type: 'hostPath', name: 'scratch', mountPath: '/scratch', options: { path: '/mnt/nvme0', type: '' } },
        { type: 'emptyDir', name: 'spark-local-dir-1', mountPath: '/tmp/spark-local', options: { medium: 'Memory', sizeLimit: '16Gi' } },
      ],
    });
    const byName = Object.fromEntries(exec.spec!.volumes!.map((v) => [v.name, v]));
    expect(byName.datasets?.nfs).toEqual({ server: 'nfs.example', path: '/exports/x' });
    expect(byName.scratch?.hostPath).toEqual({ path: '/mnt/nvme0', type: '' });
    expect(byName['spark-local-dir-1']?.emptyDir).toEqual({ medium: 'Memory', sizeLimit: '16Gi' });
    const c = exec.spec!.containers![0]!;
    expect(c.volumeMounts).toContainEqual({ name: 'datasets', mountPath: '/mnt/datasets', readOnly: true });
    expect(c.volumeMounts).toContainEqual({ name: 'scratch', mountPath: '/scratch', readOnly: false });
    // A user volume named spark-local-dir-* replaces the default local dir.
    expect(c.env?.find((e) => e.name === 'SPARK_LOCAL_DIRS')?.value).toBe('/tmp/spark-local');
    expect(exec.spec!.volumes!.filter((v) => v.name.startsWith('spark-local-dir-'))).toHaveLength(1);
  });
});

describe('on-demand claims', () => {
  it('are named after the executor, labelled with the app id and owned by the driver', () => {
    const p = plan({ volumes: [{ type: 'persistentVolumeClaim', name: 'spark-local-dir-1', mountPath: '/data', options: { claimName: 'OnDemand', storageClass: 'gp3', sizeLimit: '100Gi' } }] });
    const rng = createPrng(4);
    const id = newAppIdentity(p, rng, SUBMITTED_AT);
    const exec = buildExecutorPod(p, id, { execId: 9, execIdLabel: '9', driverUid: 'driver-uid' }, rng);
    const [claim, ...rest] = buildExecutorClaims(p, id, 9, 'driver-uid');
    expect(rest).toEqual([]);
    expect(claim?.metadata?.name).toBe(`${id.prefix}-exec-9-pvc-0`);
    expect(claim?.metadata?.name).toBe(onDemandClaimName(id, 9, 0));
    expect(claim?.metadata?.labels).toEqual({ 'spark-app-selector': id.appId });
    expect(claim?.metadata?.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: `${id.prefix}-driver`, uid: 'driver-uid', controller: true }]);
    expect(claim?.spec).toEqual({ accessModes: ['ReadWriteOncePod'], storageClassName: 'gp3', resources: { requests: { storage: '100Gi' } } });
    expect(exec.spec?.volumes?.find((v) => v.name === 'spark-local-dir-1')?.persistentVolumeClaim).toEqual({ claimName: `${id.prefix}-exec-9-pvc-0`, readOnly: false });
  });

  it('are not created for a claim without storageClass and sizeLimit', () => {
    const p = plan({ volumes: [{ type: 'persistentVolumeClaim', name: 'shared', mountPath: '/shared', options: { claimName: 'team-shared' } }] });
    const id = newAppIdentity(p, createPrng(1), SUBMITTED_AT);
    expect(buildExecutorClaims(p, id, 1, 'u')).toEqual([]);
  });
});
