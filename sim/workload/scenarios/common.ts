// What the scenarios share: the Scenario contract, Spark builds, the sidecars and template
// volumes teams put in executor pod templates, and a plan with Spark's defaults that each
// story then bends.

import type { KubeContainer } from '../../../lib/kube/types';
// The log shipper and native OpenTelemetry sidecar are lib's, shared with its test fixtures.
import { logShipper, otelCollector } from '../../../lib/podTemplate/commonSidecars';
import { defaultMaxFailures, type AppPlan, type ExecutorFate, type PodTemplatePlan } from '../appPlan';
import type { Prng } from '../prng';
import type { RbacLayout } from '../rbacFixtures';

export interface ScenarioEnv {
  layout: RbacLayout;
  nodeCount: number;
}

export interface Scenario {
  story: string;
  build(rng: Prng, env: ScenarioEnv): AppPlan;
}

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com/data-platform';

export const SPARK_BUILDS = [
  { version: '4.0.1', image: 'apache/spark:4.0.1-scala2.13-java17-python3-ubuntu' },
  { version: '3.5.6', image: 'apache/spark:3.5.6-scala2.12-java17-python3-ubuntu' },
  { version: '4.0.1', image: `${ECR}/spark:4.0.1-py3.11-20250914` },
  { version: '4.1.0', image: `${ECR}/spark:4.1.0-java21-20251130` },
] as const;

const MIN = 60_000;
export const minutes = (rng: Prng, lo: number, hi: number) => rng.between(lo * MIN, hi * MIN);
export const seconds = (rng: Prng, lo: number, hi: number) => rng.between(lo * 1000, hi * 1000);

/** A namespace whose name contains `hint`, else any. */
export function namespaceFor(env: ScenarioEnv, rng: Prng, hint: string): string {
  return env.layout.namespaces.find((n) => n.includes(hint)) ?? rng.pick(env.layout.namespaces);
}

export const RUNS: ExecutorFate = { kind: 'runs' };

export interface PlanBasics {
  story: string;
  appName: string;
  namespace: string;
  serviceAccount: string;
  instances: number;
  runtimeMs: number;
}

/** A plan with Spark's defaults (direct allocator, deleteOnTermination, default failure limit). */
export function basePlan(rng: Prng, basics: PlanBasics, overrides: Partial<AppPlan> = {}): AppPlan {
  const build = rng.pick(SPARK_BUILDS);
  const scala = build.version.startsWith('3') ? '2.12' : '2.13';
  return {
    ...basics,
    sparkVersion: build.version,
    image: build.image,
    mainClass: 'com.example.dataplatform.JobMain',
    appResource: `local:///opt/spark/jobs/dataplatform-jobs_${scala}-2.${rng.int(10, 40)}.${rng.int(0, 9)}.jar`,
    appArgs: ['--job', basics.appName, '--date', '2025-11-24'],
    driver: { cores: rng.pick([1, 2, 4]), memoryMiB: rng.pick([2048, 4096, 8192]) },
    executor: { cores: rng.pick([2, 4]), memoryMiB: rng.pick([4096, 8192]) },
    exitCode: 0,
    maxFailures: defaultMaxFailures(basics.instances),
    deleteOnTermination: true,
    canDeletePods: true,
    volumes: [],
    execIdPlaceholderShare: 0,
    executorFate: () => RUNS,
    ...overrides,
  };
}

const LOGS_VOLUME = { name: 'spark-logs', emptyDir: {} };

export function jmxExporter(): KubeContainer {
  return {
    name: 'metrics-agent',
    image: 'bitnami/jmx-exporter:1.1.0',
    args: ['5556', '/etc/jmx-exporter/spark.yaml'],
    ports: [{ name: 'metrics', containerPort: 5556, protocol: 'TCP' }],
    resources: { limits: { memory: '256Mi' }, requests: { cpu: '50m', memory: '128Mi' } },
    volumeMounts: [{ name: 'jmx-exporter-config', mountPath: '/etc/jmx-exporter' }],
  };
}

/** A template with a log shipper reading the executor's log directory. */
export function logShipperTemplate(extra: Partial<PodTemplatePlan> = {}): PodTemplatePlan {
  return {
    containerNameConfigured: false,
    sidecars: [logShipper()],
    initContainers: [],
    volumes: [LOGS_VOLUME, { name: 'fluent-bit-config', configMap: { name: 'fluent-bit-spark' } }],
    executorMounts: [{ name: 'spark-logs', mountPath: '/opt/spark/logs' }],
    ...extra,
  };
}

export function metricsAgentTemplate(): PodTemplatePlan {
  return {
    containerNameConfigured: false,
    sidecars: [jmxExporter()],
    initContainers: [],
    volumes: [{ name: 'jmx-exporter-config', configMap: { name: 'jmx-exporter-spark' } }],
    executorMounts: [],
  };
}

export function nativeSidecarTemplate(): PodTemplatePlan {
  return {
    containerNameConfigured: false,
    sidecars: [],
    initContainers: [otelCollector()],
    volumes: [{ name: 'otel-config', configMap: { name: 'otel-collector-spark' } }],
    executorMounts: [],
  };
}
