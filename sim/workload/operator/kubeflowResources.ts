// The Kubeflow Spark operator's resources (sparkoperator.k8s.io/v1beta2) as far as the simulated
// operator reads and writes them: SparkApplication and ScheduledSparkApplication with the JSON
// names of api/v1beta2/*_types.go, the label keys of pkg/common, and the API paths.

import type { KubeObjectMeta, KubeOwnerReference } from '../../../lib/kube/types';

export const KUBEFLOW_GROUP = 'sparkoperator.k8s.io';
export const KUBEFLOW_API_VERSION = `${KUBEFLOW_GROUP}/v1beta2`;

export const LABEL_APP_NAME = 'sparkoperator.k8s.io/app-name';
export const LABEL_LAUNCHED_BY_OPERATOR = 'sparkoperator.k8s.io/launched-by-spark-operator';
export const LABEL_SUBMISSION_ID = 'sparkoperator.k8s.io/submission-id';
export const LABEL_SCHEDULED_APP_NAME = 'sparkoperator.k8s.io/scheduled-app-name';

/** ApplicationStateType; '' is a new application nobody has looked at yet. */
export type ApplicationStateType =
  | '' | 'SUBMITTED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'SUBMISSION_FAILED' | 'PENDING_RERUN'
  | 'INVALIDATING' | 'SUCCEEDING' | 'FAILING' | 'SUSPENDING' | 'SUSPENDED' | 'RESUMING' | 'UNKNOWN';

export type ExecutorState = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'UNKNOWN';
export type DriverState = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'UNKNOWN';

export interface RestartPolicy {
  type?: 'Never' | 'OnFailure' | 'Always';
  onSubmissionFailureRetries?: number;
  onFailureRetries?: number;
  /** Seconds. */
  onSubmissionFailureRetryInterval?: number;
  /** Seconds. */
  onFailureRetryInterval?: number;
}

export interface SparkPodSpec {
  cores?: number;
  coreLimit?: string;
  memory?: string;
  memoryOverhead?: string;
  image?: string;
  serviceAccount?: string;
  labels?: Record<string, string>;
  podName?: string;
}

export interface SparkApplicationSpec {
  type: 'Java' | 'Scala' | 'Python' | 'R';
  sparkVersion: string;
  mode?: 'cluster' | 'client';
  image?: string;
  imagePullPolicy?: string;
  mainClass?: string;
  mainApplicationFile?: string;
  arguments?: string[];
  sparkConf?: Record<string, string>;
  driver: SparkPodSpec;
  executor: SparkPodSpec & { instances?: number };
  restartPolicy?: RestartPolicy;
  timeToLiveSeconds?: number;
  dynamicAllocation?: { enabled?: boolean; initialExecutors?: number; minExecutors?: number; maxExecutors?: number };
  suspend?: boolean;
}

export interface SparkApplicationStatus {
  sparkApplicationId?: string;
  submissionID?: string;
  lastSubmissionAttemptTime?: string | null;
  terminationTime?: string | null;
  driverInfo?: { podName?: string; webUIServiceName?: string; webUIPort?: number; webUIAddress?: string };
  applicationState?: { state?: ApplicationStateType; errorMessage?: string };
  executorState?: Record<string, ExecutorState>;
  executionAttempts?: number;
  submissionAttempts?: number;
}

export interface KubeflowSparkApplication {
  apiVersion?: string;
  kind?: string;
  metadata: KubeObjectMeta;
  spec: SparkApplicationSpec;
  status?: SparkApplicationStatus;
}

export interface ScheduledSparkApplicationSpec {
  schedule: string;
  timeZone?: string;
  template: SparkApplicationSpec;
  suspend?: boolean;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  successfulRunHistoryLimit?: number;
  failedRunHistoryLimit?: number;
}

export interface ScheduledSparkApplicationStatus {
  lastRun?: string | null;
  nextRun?: string | null;
  lastRunName?: string;
  pastSuccessfulRunNames?: string[];
  pastFailedRunNames?: string[];
  /** '' (new), Scheduled, FailedValidation. */
  scheduleState?: '' | 'Scheduled' | 'FailedValidation';
  reason?: string;
}

export interface KubeflowScheduledSparkApplication {
  apiVersion?: string;
  kind?: string;
  metadata: KubeObjectMeta;
  spec: ScheduledSparkApplicationSpec;
  status?: ScheduledSparkApplicationStatus;
}

export const sparkApplicationsPath = (namespace: string) => `/apis/${KUBEFLOW_API_VERSION}/namespaces/${namespace}/sparkapplications`;
export const scheduledSparkApplicationsPath = (namespace: string) => `/apis/${KUBEFLOW_API_VERSION}/namespaces/${namespace}/scheduledsparkapplications`;

/** util.GetOwnerReference: the controller reference Kubeflow puts on what it creates for an application. */
export function ownerReferenceTo(kind: 'SparkApplication' | 'ScheduledSparkApplication', meta: KubeObjectMeta, controller: boolean): KubeOwnerReference {
  return { apiVersion: KUBEFLOW_API_VERSION, kind, name: meta.name ?? '', uid: meta.uid ?? '', ...(controller ? { controller: true } : {}), blockOwnerDeletion: true };
}

/** util.GetDriverPodName: spec.driver.podName, else spark.kubernetes.driver.pod.name, else `<name>-driver`. */
export function driverPodNameOf(app: KubeflowSparkApplication): string {
  return app.spec.driver?.podName || app.spec.sparkConf?.['spark.kubernetes.driver.pod.name'] || `${app.metadata.name}-driver`;
}

/** util.GetDefaultUIServiceName (names past 63 characters get a hash in Kubeflow; ours stay short). */
export function uiServiceNameOf(app: KubeflowSparkApplication): string {
  return `${app.metadata.name}-ui-svc`;
}

export const SPARK_UI_PORT = 4040;
