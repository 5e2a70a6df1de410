// What an operator application asks Spark for, in one shape for both operators: the values
// Spark ends up with, where the spec and sparkConf both set one.
//
// Kubeflow (api/v1beta2/sparkapplication_types.go; buildSparkSubmitArgs in
// internal/controller/sparkapplication/submission.go): sparkConf goes to spark-submit before
// the options built from spec.driver / spec.executor / spec.dynamicAllocation, and the last
// --conf of a key wins, so a spec field beats sparkConf and sparkConf fills what the spec leaves
// out. spec.dynamicAllocation adds options only when enabled, so a disabled block leaves
// sparkConf's spark.dynamicAllocation.* in force.
//
// Apache (spark-operator-api spec/ApplicationSpec.java, RestartConfig.java,
// ExecutorInstanceConfig.java; SparkAppSubmissionWorker.buildDriverConf): everything Spark
// gets is sparkConf; `{{SPARK_VERSION}}` in a spark.kubernetes.*container.image is replaced by
// runtimeVersions.sparkVersion; the primary resource is jars, else the first of pyFiles, else
// sparkRFiles.

import type { OperatorSpecSummary } from './operatorApp';
import type { Fields } from './resourceFields';
import { booleanOf, fieldsOf, integerOf, pathOf, stringMapOf, stringOf } from './resourceFields';

// Spark's configuration keys (SparkConf / Kubernetes Config).
const EXECUTOR_INSTANCES = 'spark.executor.instances';
const EXECUTOR_CORES = 'spark.executor.cores';
const EXECUTOR_MEMORY = 'spark.executor.memory';
const DRIVER_CORES = 'spark.driver.cores';
const DRIVER_MEMORY = 'spark.driver.memory';
const DA_ENABLED = 'spark.dynamicAllocation.enabled';
const DA_INITIAL = 'spark.dynamicAllocation.initialExecutors';
const DA_MIN = 'spark.dynamicAllocation.minExecutors';
const DA_MAX = 'spark.dynamicAllocation.maxExecutors';
const CONTAINER_IMAGE = 'spark.kubernetes.container.image';
const DRIVER_CONTAINER_IMAGE = 'spark.kubernetes.driver.container.image';
const DRIVER_SERVICE_ACCOUNT = 'spark.kubernetes.authenticate.driver.serviceAccountName';

/** The main class the Apache operator reads as "run the first of pyFiles with Python". */
const PYTHON_RUNNER = 'org.apache.spark.deploy.PythonRunner';

/** Spark reads booleans with `toBoolean`: "true"/"false" in any case, after trimming. */
function confBoolean(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}

function confString(conf: Record<string, string>, key: string): string | null {
  return stringOf(conf[key]);
}

/** An int32 spec field (cores) as the string Spark receives. */
function intAsString(value: unknown): string | null {
  const n = integerOf(value);
  return typeof value === 'number' && n !== null ? String(n) : stringOf(value);
}

// ---------------------------------------------------------------- Kubeflow

/** The summary of a Kubeflow SparkApplicationSpec (also a ScheduledSparkApplication's spec.template). */
export function kubeflowSpecSummary(spec: unknown): OperatorSpecSummary {
  const s = fieldsOf(spec) ?? {};
  const conf = stringMapOf(s.sparkConf);
  const driver = fieldsOf(s.driver) ?? {};
  const executor = fieldsOf(s.executor) ?? {};
  return {
    type: stringOf(s.type),
    mode: stringOf(s.mode),
    // The driver's image: spec.driver.image, else spec.image, else what sparkConf names.
    image: stringOf(driver.image) ?? stringOf(s.image) ?? confString(conf, DRIVER_CONTAINER_IMAGE) ?? confString(conf, CONTAINER_IMAGE),
    mainClass: stringOf(s.mainClass),
    mainFile: stringOf(s.mainApplicationFile),
    sparkVersion: stringOf(s.sparkVersion),
    driver: {
      cores: intAsString(driver.cores) ?? confString(conf, DRIVER_CORES),
      memory: stringOf(driver.memory) ?? confString(conf, DRIVER_MEMORY),
      serviceAccount: stringOf(driver.serviceAccount) ?? confString(conf, DRIVER_SERVICE_ACCOUNT),
    },
    executor: {
      instances: specInt(executor.instances) ?? integerOf(conf[EXECUTOR_INSTANCES]),
      cores: intAsString(executor.cores) ?? confString(conf, EXECUTOR_CORES),
      memory: stringOf(executor.memory) ?? confString(conf, EXECUTOR_MEMORY),
    },
    dynamicAllocation: kubeflowDynamicAllocation(fieldsOf(s.dynamicAllocation), conf),
    restartPolicy: kubeflowRestartPolicy(fieldsOf(s.restartPolicy)),
  };
}

function kubeflowDynamicAllocation(da: Fields | null, conf: Record<string, string>): OperatorSpecSummary['dynamicAllocation'] {
  if (da !== null && booleanOf(da.enabled) === true) {
    return {
      enabled: true,
      initial: specInt(da.initialExecutors) ?? integerOf(conf[DA_INITIAL]),
      min: specInt(da.minExecutors) ?? integerOf(conf[DA_MIN]),
      max: specInt(da.maxExecutors) ?? integerOf(conf[DA_MAX]),
    };
  }
  return confDynamicAllocation(conf);
}

function confDynamicAllocation(conf: Record<string, string>): OperatorSpecSummary['dynamicAllocation'] {
  if (!confBoolean(conf[DA_ENABLED])) return null;
  return { enabled: true, initial: integerOf(conf[DA_INITIAL]), min: integerOf(conf[DA_MIN]), max: integerOf(conf[DA_MAX]) };
}

/** An integer spec field: a JSON number only (a string there is not what the CRD holds). */
function specInt(value: unknown): number | null {
  return typeof value === 'number' ? integerOf(value) : null;
}

/**
 * Kubeflow's RestartPolicy in words. An absent type retries nothing (util.ShouldRetry matches
 * only Always and OnFailure; the defaulting webhook writes Never). OnFailure without a retry
 * count never retries that kind of failure; without an interval the retry is never due
 * (TimeUntilNextRetryDue fails). The wait is the interval times the attempts made so far.
 */
export function kubeflowRestartPolicy(policy: Fields | null): string {
  const type = stringOf(policy?.type);
  if (policy === null || type === null || type === 'Never') return 'Never';
  const runInterval = specInt(policy.onFailureRetryInterval);
  const submitInterval = specInt(policy.onSubmissionFailureRetryInterval);
  const grows = runInterval !== null || submitInterval !== null ? '; waits grow with each attempt' : '';
  if (type === 'Always') {
    return `Always: reruns without limit, ${apart(runInterval, 's')} after a failure; submission: ${apart(submitInterval, 's')}${grows}`;
  }
  if (type === 'OnFailure') {
    return `OnFailure: ${retries(specInt(policy.onFailureRetries))}, ${apart(runInterval, 's')}; `
      + `submission: ${retries(specInt(policy.onSubmissionFailureRetries))}, ${apart(submitInterval, 's')}${grows}`;
  }
  return type;
}

function retries(n: number | null, noun = 'retry', plural = 'retries'): string {
  if (n === null || n <= 0) return `no ${plural}`;
  return `${n} ${n === 1 ? noun : plural}`;
}

function apart(amount: number | null, unit: 's' | 'ms'): string {
  return amount === null ? 'interval unset' : `${formatDuration(unit === 's' ? amount * 1000 : amount)} apart`;
}

/** 500 ms, 10 s, 2 min, 1 h: the largest unit that divides it exactly. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms > 0 && ms % 60_000 === 0 && ms >= 120_000) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

// ---------------------------------------------------------------- Apache

/**
 * The summary of an Apache ApplicationSpec. Apache has no executor counts outside sparkConf;
 * its applicationTolerations.instanceConfig holds the thresholds its health states judge the
 * executors by (AppRunningStep). With dynamic allocation on they fill the bounds sparkConf
 * leaves out; with it off and thresholds set, they are reported as the bounds of a disabled
 * dynamicAllocation, so they are not lost.
 */
export function apacheSpecSummary(spec: unknown): OperatorSpecSummary {
  const s = fieldsOf(spec) ?? {};
  const conf = stringMapOf(s.sparkConf);
  const sparkVersion = stringOf(pathOf(s, 'runtimeVersions', 'sparkVersion'));
  const image = confString(conf, DRIVER_CONTAINER_IMAGE) ?? confString(conf, CONTAINER_IMAGE);
  const entry = apacheEntryPoint(s);
  return {
    type: entry.type,
    mode: apacheMode(s.deploymentMode),
    image: image !== null && sparkVersion !== null ? image.split('{{SPARK_VERSION}}').join(sparkVersion) : image,
    mainClass: stringOf(s.mainClass),
    mainFile: entry.file,
    sparkVersion,
    driver: {
      cores: confString(conf, DRIVER_CORES),
      memory: confString(conf, DRIVER_MEMORY),
      serviceAccount: confString(conf, DRIVER_SERVICE_ACCOUNT),
    },
    executor: {
      instances: integerOf(conf[EXECUTOR_INSTANCES]),
      cores: confString(conf, EXECUTOR_CORES),
      memory: confString(conf, EXECUTOR_MEMORY),
    },
    dynamicAllocation: apacheDynamicAllocation(conf, fieldsOf(pathOf(s, 'applicationTolerations', 'instanceConfig'))),
    restartPolicy: apacheRestartPolicy(fieldsOf(pathOf(s, 'applicationTolerations', 'restartConfig'))),
  };
}

function apacheEntryPoint(s: Fields): { type: string | null; file: string | null } {
  const jars = stringOf(s.jars);
  if (jars !== null) return { type: null, file: jars };
  const pyFiles = stringOf(s.pyFiles);
  if (pyFiles !== null) {
    const first = s.mainClass === PYTHON_RUNNER ? pyFiles.split(',', 1)[0] : pyFiles;
    return { type: 'Python', file: stringOf(first) };
  }
  const rFiles = stringOf(s.sparkRFiles);
  if (rFiles !== null) return { type: 'R', file: rFiles };
  return { type: null, file: null };
}

/** DeploymentMode ClusterMode / ClientMode in Kubeflow's words (cluster, client). */
function apacheMode(value: unknown): string | null {
  if (value === 'ClusterMode') return 'cluster';
  if (value === 'ClientMode') return 'client';
  return stringOf(value);
}

function apacheDynamicAllocation(conf: Record<string, string>, instances: Fields | null): OperatorSpecSummary['dynamicAllocation'] {
  const threshold = (key: string): number | null => {
    const n = specInt(instances?.[key]);
    return n !== null && n > 0 ? n : null;
  };
  const init = threshold('initExecutors');
  const min = threshold('minExecutors');
  const max = threshold('maxExecutors');
  const fromConf = confDynamicAllocation(conf);
  if (fromConf !== null) return { enabled: true, initial: fromConf.initial ?? init, min: fromConf.min ?? min, max: fromConf.max ?? max };
  if (init === null && min === null && max === null) return null;
  return { enabled: false, initial: init, min, max };
}

/**
 * Apache's RestartConfig in words, with its defaults (Never; 3 attempts; 30 s backoff). The
 * per-failure and per-scheduling-failure limits and backoffs apply only when set.
 */
export function apacheRestartPolicy(config: Fields | null): string {
  const policy = stringOf(config?.restartPolicy) ?? 'Never';
  if (policy === 'Never') return 'Never';
  const c = config ?? {};
  const parts = [`${policy}: ${retries(specInt(c.maxRestartAttempts) ?? 3, 'restart', 'restarts')}, ${apart(specInt(c.restartBackoffMillis) ?? 30_000, 'ms')}`];
  const limited = (label: string, maxKey: string, backoffKey: string): void => {
    const max = specInt(c[maxKey]);
    const backoff = specInt(c[backoffKey]);
    if (max === null && backoff === null) return;
    const words = [max === null ? null : retries(max, 'restart', 'restarts'), backoff === null ? null : apart(backoff, 'ms')];
    parts.push(`${label}: ${words.filter((w) => w !== null).join(', ')}`);
  };
  limited('failures', 'maxRestartOnFailure', 'restartBackoffMillisForFailure');
  limited('scheduling failures', 'maxRestartOnSchedulingFailure', 'restartBackoffMillisForSchedulingFailure');
  const reset = specInt(c.restartCounterResetMillis);
  if (reset !== null && reset >= 0) parts.push(`counter resets after ${formatDuration(reset)}`);
  return parts.join('; ');
}
