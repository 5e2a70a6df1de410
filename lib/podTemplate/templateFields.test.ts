import { describe, expect, it } from 'vitest';
import type { KubePod } from '../kube/types';
import { runningExecutor, sparkDriverPod } from '../spark/testing/podFixtures';
import { editPod, logShipperExecutor } from '../volumes/testing/volumePods';
import type { FieldSource } from './fieldRow';
import { analyzePodTemplate, type PodTemplateAnalysis } from './templateFields';
import { executorFromTemplate, executorTemplate } from './testing/templateFixtures';

const EXEC = 'spark-kubernetes-executor';
const source = (a: PodTemplateAnalysis, path: string): FieldSource | undefined => a.fields.find((f) => f.path === path)?.source;
const row = (a: PodTemplateAnalysis, path: string) => a.fields.find((f) => f.path === path);

function analyze(pod: KubePod, template: KubePod | null, extra: { setting?: string | null; lookFor?: string } = {}): PodTemplateAnalysis {
  return analyzePodTemplate({ role: 'executor', pod, template, sparkContainerName: extra.lookFor ?? EXEC, templateContainerNameSetting: extra.setting });
}

describe('analyzePodTemplate with the template', () => {
  const template = executorTemplate();
  const pod = executorFromTemplate(3, template, EXEC);
  const a = analyze(pod, template, { setting: null });

  it('lists the containers with role, image, resources and origin', () => {
    expect(a.templateAvailable).toBe(true);
    expect(a.sparkContainer).toEqual({ name: EXEC, by: 'configured-name' });
    expect(a.containers.map((c) => [c.name, c.role, c.fromTemplate])).toEqual([['log-shipper', 'sidecar', true], [EXEC, 'spark', true]]);
    const spark = a.containers[1];
    expect(spark).toMatchObject({ image: 'apache/spark:4.1.1', imagePullPolicy: 'IfNotPresent', ports: [{ name: 'blockmanager', containerPort: 7079, protocol: 'TCP' }] });
    expect(spark.resources).toEqual({ requests: { cpu: '1', memory: '4505Mi' }, limits: { 'ephemeral-storage': '20Gi', memory: '4505Mi' } });
    expect(a.containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(a.containerNameTrap).toBeNull();
  });

  it('tells metadata Spark wrote from metadata the template kept', () => {
    expect(source(a, 'metadata.name')).toBe('spark');
    expect(source(a, 'metadata.namespace')).toBe('spark');
    expect(source(a, 'metadata.labels.team')).toBe('template');
    expect(source(a, 'metadata.labels.spark-app-selector')).toBe('spark');
    expect(source(a, 'metadata.labels.spark-role')).toBe('both');
    expect(source(a, 'metadata.annotations.cluster-autoscaler.kubernetes.io/safe-to-evict')).toBe('template');
  });

  it('tells pod spec fields apart: overwritten, kept, added by the cluster', () => {
    expect(row(a, 'spec.restartPolicy')).toMatchObject({ value: 'Never', source: 'both', inferred: false });
    expect(row(a, 'spec.restartPolicy')!.note).toContain('The template said Always.');
    expect(row(a, 'spec.terminationGracePeriodSeconds')).toMatchObject({ value: '30', source: 'both' });
    expect(source(a, 'spec.hostname')).toBe('spark');
    expect(source(a, 'spec.nodeSelector.node-pool')).toBe('template');
    expect(source(a, 'spec.priorityClassName')).toBe('template');
    expect(source(a, 'spec.schedulerName')).toBe('cluster');
    expect(source(a, 'spec.serviceAccountName')).toBe('spark');
    const tolerations = a.fields.filter((f) => f.path.startsWith('spec.tolerations'));
    expect(tolerations.map((f) => f.source)).toEqual(['template', 'cluster', 'cluster']);
    expect(source(a, 'spec.volumes.spark-logs')).toBe('template');
    expect(source(a, 'spec.volumes.fluent-bit-config')).toBe('template');
    expect(source(a, 'spec.volumes.spark-conf-volume-exec')).toBe('spark');
    expect(source(a, 'spec.volumes.spark-local-dir-1')).toBe('spark');
    expect(source(a, 'spec.volumes.kube-api-access-x7k2p')).toBe('cluster');
  });

  it('tells the Spark container\'s fields apart', () => {
    const c = `spec.containers.${EXEC}`;
    expect(source(a, `${c}.name`)).toBe('template');
    expect(source(a, `${c}.image`)).toBe('both');
    expect(source(a, `${c}.imagePullPolicy`)).toBe('spark');
    expect(source(a, `${c}.args`)).toBe('spark');
    expect(source(a, `${c}.resizePolicy`)).toBe('spark');
    expect(source(a, `${c}.env.TZ`)).toBe('template');
    expect(source(a, `${c}.env.SPARK_EXECUTOR_ID`)).toBe('spark');
    expect(source(a, `${c}.env.SPARK_JAVA_OPT_0`)).toBe('spark');
    expect(source(a, `${c}.resources.requests.memory`)).toBe('spark');
    expect(source(a, `${c}.resources.limits.memory`)).toBe('spark');
    expect(source(a, `${c}.resources.limits.ephemeral-storage`)).toBe('template');
    expect(source(a, `${c}.volumeMounts./opt/spark/logs`)).toBe('template');
    expect(source(a, `${c}.volumeMounts./opt/spark/conf`)).toBe('spark');
    expect(source(a, `${c}.volumeMounts./var/run/secrets/kubernetes.io/serviceaccount`)).toBe('cluster');
    expect(source(a, `${c}.securityContext`)).toBe('template');
    expect(a.fields.every((f) => !f.inferred)).toBe(true);
  });

  it('flags a sidecar that is not in the template as added afterwards', () => {
    const withMesh = editPod(pod, { sidecars: [{ name: 'istio-proxy', image: 'istio/proxyv2:1.24.1' }] });
    const mesh = analyze(withMesh, template, { setting: null }).containers.find((c) => c.name === 'istio-proxy')!;
    expect(mesh).toMatchObject({ fromTemplate: false, role: 'sidecar' });
    expect(mesh.note).toContain('mutating admission webhook');
  });
});

describe('analyzePodTemplate without the template', () => {
  const pod = executorFromTemplate(3, executorTemplate(), EXEC);
  const a = analyze(pod, null);

  it('infers what must have come from a template', () => {
    expect(a.templateAvailable).toBe(false);
    expect(a.notes[0]).toContain('inferred from the pod alone');
    expect(a.fields.every((f) => f.inferred)).toBe(true);
    expect(a.containers.map((c) => [c.name, c.fromTemplate])).toEqual([['log-shipper', true], [EXEC, false]]);
    expect(source(a, 'spec.tolerations[0]')).toBe('template');
    expect(source(a, 'spec.tolerations[1]')).toBe('cluster');
    expect(source(a, 'spec.priorityClassName')).toBe('template');
    expect(source(a, `spec.containers.${EXEC}.securityContext`)).toBe('template');
    expect(source(a, 'spec.volumes.fluent-bit-config')).toBe('template');
    expect(row(a, 'spec.volumes.fluent-bit-config')!.note).toContain('cannot produce a configMap volume');
  });

  it('says "unknown" where a Spark setting or the template could have set it', () => {
    expect(source(a, 'metadata.labels.team')).toBe('unknown');
    expect(row(a, 'metadata.labels.team')!.note).toBe('From spark.kubernetes.executor.label.<key> or a pod template.');
    expect(source(a, 'spec.nodeSelector.node-pool')).toBe('unknown');
    expect(source(a, `spec.containers.${EXEC}.env.TZ`)).toBe('unknown');
    expect(source(a, 'spec.volumes.spark-logs')).toBe('unknown');
    expect(source(a, `spec.containers.${EXEC}.resources.limits.ephemeral-storage`)).toBe('unknown');
    expect(source(a, 'spec.restartPolicy')).toBe('spark');
    expect(source(a, 'metadata.labels.spark-exec-id')).toBe('spark');
  });

  it('needs nothing of a template for a plain Spark pod', () => {
    const plain = analyze(runningExecutor(1), null);
    expect(plain.containers).toEqual([expect.objectContaining({ name: EXEC, role: 'spark', fromTemplate: false })]);
    expect(plain.fields.filter((f) => f.source === 'template')).toEqual([]);
    expect(plain.containerNameTrap).toBeNull();
  });

  it('recognises webhook-injected sidecars by name', () => {
    const mesh = editPod(runningExecutor(1), { sidecars: [{ name: 'istio-proxy', image: 'istio/proxyv2:1.24.1' }] });
    expect(analyze(mesh, null).containers[0]).toMatchObject({ name: 'istio-proxy', fromTemplate: false });
  });
});

describe('native sidecars and init containers', () => {
  it('calls an init container with restartPolicy Always a native sidecar', () => {
    const template = executorTemplate({ nativeSidecar: true });
    const pod = editPod(executorFromTemplate(2, template, EXEC), {});
    pod.spec!.initContainers = [...pod.spec!.initContainers!, { name: 'fetch-jars', image: 'busybox:1.37' }];
    const a = analyze(pod, template, { setting: null });
    expect(a.containers.map((c) => [c.name, c.role, c.fromTemplate])).toEqual([
      ['otel-collector', 'native-sidecar', true], ['fetch-jars', 'init', false], ['log-shipper', 'sidecar', true], [EXEC, 'spark', true],
    ]);
    expect(analyze(pod, null).containers[0]).toMatchObject({ role: 'native-sidecar', fromTemplate: true });
  });
});

describe('the container-name trap', () => {
  const template = executorTemplate({ sparkName: 'executor' });
  const pod = executorFromTemplate(4, template, 'executor');

  it('explains the consequence and the fix when the template renamed the container and no setting names it', () => {
    for (const a of [analyze(pod, template, { setting: null }), analyze(pod, null)]) {
      expect(a.sparkContainer).toEqual({ name: 'executor', by: 'spark-env' });
      expect(a.containerNameTrap).toMatchObject({ containerName: 'executor', lookedFor: EXEC, fix: { key: 'spark.kubernetes.executor.podTemplateContainerName', value: 'executor' } });
      const message = a.containerNameTrap!.message;
      expect(message).toContain('looks for a container named spark-kubernetes-executor');
      expect(message).toContain('does not notice when the executor container ends');
      expect(message).toContain('checkAllContainers');
      expect(message).toContain('-1');
      expect(message).toContain('Fix: set spark.kubernetes.executor.podTemplateContainerName=executor.');
    }
    expect(analyze(pod, template, { setting: null }).containers.find((c) => c.name === 'executor')!.role).toBe('spark');
  });

  it('is absent when the setting names the container, and present when it names another', () => {
    expect(analyze(pod, template, { setting: 'executor', lookFor: 'executor' }).containerNameTrap).toBeNull();
    const wrong = analyze(pod, template, { setting: 'spark-exec', lookFor: 'spark-exec' }).containerNameTrap;
    expect(wrong).toMatchObject({ containerName: 'executor', lookedFor: 'spark-exec' });
    expect(wrong!.message).toContain('is set to "spark-exec", but no container of this pod has that name');
  });

  it('is never reported for the driver', () => {
    const driver = sparkDriverPod();
    driver.spec!.containers![0].name = 'driver';
    expect(analyzePodTemplate({ role: 'driver', pod: driver, template: null, sparkContainerName: 'spark-kubernetes-driver' }).containerNameTrap).toBeNull();
  });

  it('notes when Spark took a sidecar as its container (first in the template, no setting)', () => {
    const a = analyze(logShipperExecutor(1), executorTemplate({ shipperFirst: true }), { setting: null });
    expect(a.notes.join(' ')).toContain('Spark took the first one, log-shipper, as its own');
    expect(a.notes.join(' ')).toContain(`log-shipper now runs Spark with Spark's image, while ${EXEC} runs as a sidecar; if ${EXEC} was meant, set spark.kubernetes.executor.podTemplateContainerName=${EXEC} or put it first.`);
    const trap = analyze(executorFromTemplate(4, executorTemplate({ sparkName: 'executor' }), 'executor'), executorTemplate({ sparkName: 'executor' }), { setting: null });
    expect(trap.notes.join(' ')).not.toContain('now runs Spark');
  });
});

describe('analyzePodTemplate for the driver', () => {
  it('takes the driver pod name and service account rules', () => {
    const template: KubePod = { metadata: { name: 'from-template' }, spec: { serviceAccountName: 'spark', containers: [{ name: 'spark-kubernetes-driver' }] } };
    const a = analyzePodTemplate({ role: 'driver', pod: sparkDriverPod(), template, sparkContainerName: 'spark-kubernetes-driver' });
    expect(row(a, 'metadata.name')).toMatchObject({ source: 'both' });
    expect(row(a, 'metadata.name')!.note).toContain('spark.kubernetes.driver.pod.name');
    expect(source(a, 'spec.serviceAccountName')).toBe('template');
    expect(source(a, 'spec.containers.spark-kubernetes-driver.args')).toBe('spark');
    expect(source(a, 'spec.containers.spark-kubernetes-driver.name')).toBe('template');
    expect(source(a, 'spec.terminationGracePeriodSeconds')).toBe('cluster');
    expect(a.fields.find((f) => f.path === 'spec.hostname')).toBeUndefined();
  });
});
