// What the operator's spark-submit makes of a SparkApplication: the plan the workload's
// application machinery runs (names, image, resources, dynamic allocation from the spec; how
// the job behaves from a run script), the identity Kubeflow's configuration gives it (driver
// pod `<name>-driver`, the operator's labels on every pod, the application as the driver's
// owner), the refusals spark-submit makes before it reaches the API, and the error messages
// the operator records, worded as submission.go and spark-submit word them.

import { defaultMaxFailures, type AppPlan, type ExecutorFate } from '../appPlan';
import type { Prng } from '../prng';
import type { Submitter } from '../sparkApplication';
import {
  driverPodNameOf, LABEL_APP_NAME, LABEL_LAUNCHED_BY_OPERATOR, LABEL_SUBMISSION_ID, ownerReferenceTo, type KubeflowSparkApplication,
} from './kubeflowResources';

/** How one attempt of an operator application behaves once its driver runs (the simulator's part). */
export interface RunScript {
  /** For logs and stats. */
  story: string;
  runtimeMs: number;
  /** The driver's exit code when the job ends. */
  exitCode: number;
  executorFate?: (rng: Prng, execId: number) => ExecutorFate;
}

/** Decides how an application's attempt (1-based) behaves. */
export type RunScriptFor = (app: KubeflowSparkApplication, attempt: number, rng: Prng) => RunScript;

/** Applications nobody scripted (created with kubectl, by a test): a few minutes of work, then success. */
export const defaultRunScript: RunScriptFor = (_app, _attempt, rng) => ({ story: 'spark-operator', runtimeMs: rng.between(3 * 60_000, 8 * 60_000), exitCode: 0 });

/** Spark's memory strings (512m, 4g, 2048) in MiB; `fallback` for what it cannot read. */
export function memoryMiB(text: string | undefined, fallback: number): number {
  const m = /^(\d+(?:\.\d+)?)([kmgt]?)i?b?$/i.exec(text?.trim() ?? '');
  if (!m) return fallback;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  const mib = unit === 'k' ? n / 1024 : unit === 'g' ? n * 1024 : unit === 't' ? n * 1024 * 1024 : unit === 'm' ? n : n / (1024 * 1024);
  return Math.max(1, Math.round(mib));
}

const SPARK_SUBMIT_USAGE = 'Usage: spark-submit [options] <app jar | python file | R file> [app arguments]';

/**
 * What spark-submit refuses before it talks to the API (its stderr), or null. A missing
 * application file and a missing image stop it; an image that cannot be pulled does not (the
 * driver pod is created and waits on the kubelet).
 */
export function sparkSubmitRefusal(app: KubeflowSparkApplication): string | null {
  const spec = app.spec;
  if (!spec.mainApplicationFile) return `Error: Missing application resource.\n\n${SPARK_SUBMIT_USAGE}`;
  if (!spec.driver?.image && !spec.image && !spec.sparkConf?.['spark.kubernetes.container.image']) {
    return 'Exception in thread "main" org.apache.spark.SparkException: Must specify the driver container image';
  }
  return null;
}

/** The message the operator records for a failed spark-submit (submission.go wraps it twice, then the controller once more). */
export function submissionErrorMessage(sparkSubmitStderr: string): string {
  return `failed to submit spark application: failed to run spark-submit: failed to run spark-submit: ${sparkSubmitStderr}`;
}

/** spark-submit's stderr when the API refuses the driver pod (the fabric8 client's exception). */
export function apiRefusalStderr(namespace: string, apiMessage: string): string {
  return `Exception in thread "main" io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://kubernetes.default.svc/api/v1/namespaces/${namespace}/pods. Message: ${apiMessage}.`;
}

export function planFromSpec(app: KubeflowSparkApplication, script: RunScript): AppPlan {
  const spec = app.spec;
  const dyn = spec.dynamicAllocation?.enabled ? spec.dynamicAllocation : undefined;
  const instances = dyn ? dyn.initialExecutors ?? dyn.minExecutors ?? 1 : spec.executor?.instances ?? 2;
  return {
    story: script.story,
    // nameOption: spark-submit --name <resource name>.
    appName: app.metadata.name ?? '',
    namespace: app.metadata.namespace ?? '',
    serviceAccount: spec.driver?.serviceAccount ?? 'default',
    sparkVersion: spec.sparkVersion,
    image: spec.driver?.image ?? spec.image ?? spec.sparkConf?.['spark.kubernetes.container.image'] ?? '',
    mainClass: spec.mainClass ?? '',
    appResource: spec.mainApplicationFile ?? '',
    appArgs: spec.arguments ?? [],
    driver: { cores: spec.driver?.cores ?? 1, memoryMiB: memoryMiB(spec.driver?.memory, 1024) },
    executor: { cores: spec.executor?.cores ?? 1, memoryMiB: memoryMiB(spec.executor?.memory, 1024), ...(spec.executor?.coreLimit ? { limitCores: spec.executor.coreLimit } : {}) },
    instances,
    ...(dyn ? { dynamic: { min: dyn.minExecutors ?? 0, max: dyn.maxExecutors ?? instances, everyMs: 60_000 } } : {}),
    runtimeMs: script.runtimeMs,
    exitCode: script.exitCode,
    maxFailures: defaultMaxFailures(instances),
    deleteOnTermination: true,
    canDeletePods: true,
    volumes: [],
    execIdPlaceholderShare: 0,
    executorFate: script.executorFate ?? (() => ({ kind: 'runs' })),
  };
}

/**
 * driverConfOption/executorConfOption: the operator's labels on both pod roles, the
 * application's own labels on the driver, the driver pod's name, and (from the mutating
 * webhook) the application as the driver's owner.
 */
export function operatorSubmitter(app: KubeflowSparkApplication, submissionId: string): Submitter {
  const name = app.metadata.name ?? '';
  return {
    identity: (derived) => ({
      ...derived,
      driverPodName: driverPodNameOf(app),
      podLabels: {
        ...app.metadata.labels,
        [LABEL_APP_NAME]: name,
        [LABEL_LAUNCHED_BY_OPERATOR]: 'true',
        [LABEL_SUBMISSION_ID]: submissionId,
      },
    }),
    driverOwner: ownerReferenceTo('SparkApplication', app.metadata, true),
    retries: false,
    // The driver stays until the application (its owner) is deleted or rerun.
    keepsDriver: true,
  };
}
