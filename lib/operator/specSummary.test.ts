import { describe, expect, it } from 'vitest';
import { apacheRestartPolicy, apacheSpecSummary, formatDuration, kubeflowRestartPolicy, kubeflowSpecSummary } from './specSummary';

describe('kubeflowSpecSummary', () => {
  it('fills from sparkConf what the spec leaves out', () => {
    const s = kubeflowSpecSummary({
      type: 'Python', mode: 'cluster', mainApplicationFile: 'local:///opt/spark/examples/src/main/python/pi.py', sparkVersion: '3.5.5',
      sparkConf: {
        'spark.executor.instances': '4', 'spark.executor.cores': '2', 'spark.executor.memory': '4g', 'spark.driver.cores': '1',
        'spark.driver.memory': '2g', 'spark.kubernetes.container.image': 'spark-py:3.5.5',
        'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark-sa',
      },
      driver: {},
      executor: {},
    });
    expect(s).toEqual({
      type: 'Python', mode: 'cluster', image: 'spark-py:3.5.5', mainClass: null, mainFile: 'local:///opt/spark/examples/src/main/python/pi.py', sparkVersion: '3.5.5',
      driver: { cores: '1', memory: '2g', serviceAccount: 'spark-sa' },
      executor: { instances: 4, cores: '2', memory: '4g' },
      dynamicAllocation: null,
      restartPolicy: 'Never',
    });
  });

  it('lets the spec win over sparkConf, as the later --conf does', () => {
    const s = kubeflowSpecSummary({
      image: 'spark:4.0.0',
      sparkConf: { 'spark.executor.instances': '4', 'spark.driver.memory': '2g', 'spark.kubernetes.container.image': 'old:1' },
      driver: { memory: '1g', image: 'driver-only:4.0.0' },
      executor: { instances: 8 },
    });
    expect(s.executor.instances).toBe(8);
    expect(s.driver.memory).toBe('1g');
    expect(s.image).toBe('driver-only:4.0.0');
  });

  it('reads dynamic allocation from the spec, falling back to sparkConf', () => {
    expect(kubeflowSpecSummary({ dynamicAllocation: { enabled: true, initialExecutors: 2, maxExecutors: 10 }, sparkConf: { 'spark.dynamicAllocation.minExecutors': '1' } })
      .dynamicAllocation).toEqual({ enabled: true, initial: 2, min: 1, max: 10 });
    expect(kubeflowSpecSummary({ sparkConf: { 'spark.dynamicAllocation.enabled': ' TRUE ', 'spark.dynamicAllocation.maxExecutors': '6' } }).dynamicAllocation)
      .toEqual({ enabled: true, initial: null, min: null, max: 6 });
    // A disabled block adds no options: sparkConf's setting is what Spark gets.
    expect(kubeflowSpecSummary({ dynamicAllocation: { enabled: false }, sparkConf: { 'spark.dynamicAllocation.enabled': 'true' } }).dynamicAllocation?.enabled).toBe(true);
    expect(kubeflowSpecSummary({ dynamicAllocation: { enabled: false } }).dynamicAllocation).toBeNull();
  });

  it('never throws on a malformed spec', () => {
    for (const spec of [null, undefined, 'x', [], { driver: 'x', executor: [], sparkConf: 'a=b', dynamicAllocation: 'yes', restartPolicy: 'OnFailure', type: 3 }]) {
      const s = kubeflowSpecSummary(spec);
      expect(s.type).toBeNull();
      expect(s.executor).toEqual({ instances: null, cores: null, memory: null });
      expect(s.restartPolicy).toBe('Never');
    }
    expect(kubeflowSpecSummary({ executor: { instances: '3', cores: 1.5 } }).executor).toEqual({ instances: null, cores: null, memory: null });
  });
});

describe('kubeflowRestartPolicy', () => {
  it('says Never for Never and for no policy', () => {
    expect(kubeflowRestartPolicy({ type: 'Never' })).toBe('Never');
    expect(kubeflowRestartPolicy({})).toBe('Never');
    expect(kubeflowRestartPolicy(null)).toBe('Never');
  });

  it('words OnFailure with its counts and intervals', () => {
    expect(kubeflowRestartPolicy({ type: 'OnFailure', onFailureRetries: 3, onFailureRetryInterval: 10, onSubmissionFailureRetries: 2, onSubmissionFailureRetryInterval: 20 }))
      .toBe('OnFailure: 3 retries, 10 s apart; submission: 2 retries, 20 s apart; waits grow with each attempt');
    expect(kubeflowRestartPolicy({ type: 'OnFailure', onFailureRetries: 1, onFailureRetryInterval: 300 }))
      .toBe('OnFailure: 1 retry, 5 min apart; submission: no retries, interval unset; waits grow with each attempt');
    expect(kubeflowRestartPolicy({ type: 'OnFailure' })).toBe('OnFailure: no retries, interval unset; submission: no retries, interval unset');
  });

  it('words Always, and keeps a type it does not know', () => {
    expect(kubeflowRestartPolicy({ type: 'Always', onFailureRetryInterval: 5, onSubmissionFailureRetryInterval: 5 }))
      .toBe('Always: reruns without limit, 5 s apart after a failure; submission: 5 s apart; waits grow with each attempt');
    expect(kubeflowRestartPolicy({ type: 'Sometimes' })).toBe('Sometimes');
  });
});

describe('apacheSpecSummary', () => {
  it('reads everything from sparkConf and the entry point from jars', () => {
    const s = apacheSpecSummary({
      mainClass: 'org.apache.spark.examples.SparkPi',
      jars: 'local:///opt/spark/examples/jars/spark-examples.jar',
      deploymentMode: 'ClusterMode',
      sparkConf: {
        'spark.executor.instances': '3', 'spark.executor.cores': '1', 'spark.executor.memory': '1g', 'spark.driver.cores': '1', 'spark.driver.memory': '1g',
        'spark.kubernetes.container.image': 'apache/spark:{{SPARK_VERSION}}', 'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark',
      },
      runtimeVersions: { sparkVersion: '4.0.1' },
    });
    expect(s).toEqual({
      type: null, mode: 'cluster', image: 'apache/spark:4.0.1', mainClass: 'org.apache.spark.examples.SparkPi',
      mainFile: 'local:///opt/spark/examples/jars/spark-examples.jar', sparkVersion: '4.0.1',
      driver: { cores: '1', memory: '1g', serviceAccount: 'spark' },
      executor: { instances: 3, cores: '1', memory: '1g' },
      dynamicAllocation: null,
      restartPolicy: 'Never',
    });
  });

  it('finds a Python or R entry point as the submission worker does', () => {
    expect(apacheSpecSummary({ mainClass: 'org.apache.spark.deploy.PythonRunner', pyFiles: 'local:///opt/app/main.py,local:///opt/app/lib.zip' }))
      .toMatchObject({ type: 'Python', mainFile: 'local:///opt/app/main.py' });
    expect(apacheSpecSummary({ pyFiles: 'local:///opt/spark/examples/src/main/python/pi.py' })).toMatchObject({ type: 'Python', mainFile: 'local:///opt/spark/examples/src/main/python/pi.py' });
    expect(apacheSpecSummary({ sparkRFiles: 'local:///opt/app/main.R' })).toMatchObject({ type: 'R', mainFile: 'local:///opt/app/main.R' });
    expect(apacheSpecSummary({ deploymentMode: 'ClientMode' }).mode).toBe('client');
  });

  it('takes dynamic allocation from sparkConf, bounds missing there from instanceConfig', () => {
    expect(apacheSpecSummary({
      sparkConf: { 'spark.dynamicAllocation.enabled': 'true', 'spark.dynamicAllocation.maxExecutors': '3' },
      applicationTolerations: { instanceConfig: { initExecutors: 1, minExecutors: 1, maxExecutors: 5 } },
    }).dynamicAllocation).toEqual({ enabled: true, initial: 1, min: 1, max: 3 });
  });

  it('reports instanceConfig thresholds without dynamic allocation as a disabled one', () => {
    expect(apacheSpecSummary({ applicationTolerations: { instanceConfig: { initExecutors: 2, minExecutors: 1, maxExecutors: 0 } } }).dynamicAllocation)
      .toEqual({ enabled: false, initial: 2, min: 1, max: null });
    expect(apacheSpecSummary({ applicationTolerations: { instanceConfig: { initExecutors: 0, minExecutors: 0, maxExecutors: 0 } } }).dynamicAllocation).toBeNull();
  });

  it('never throws on a malformed spec', () => {
    for (const spec of [null, 'x', [], { sparkConf: [], applicationTolerations: 'x', runtimeVersions: 4, jars: 5 }]) {
      const s = apacheSpecSummary(spec);
      expect(s.mainFile).toBeNull();
      expect(s.restartPolicy).toBe('Never');
      expect(s.dynamicAllocation).toBeNull();
    }
  });
});

describe('apacheRestartPolicy', () => {
  it('applies RestartConfig\'s defaults', () => {
    expect(apacheRestartPolicy(null)).toBe('Never');
    expect(apacheRestartPolicy({ restartPolicy: 'Never', maxRestartAttempts: 5 })).toBe('Never');
    expect(apacheRestartPolicy({ restartPolicy: 'Always' })).toBe('Always: 3 restarts, 30 s apart');
  });

  it('adds the per-failure limits and the counter reset when set', () => {
    expect(apacheRestartPolicy({
      restartPolicy: 'OnFailure', maxRestartAttempts: 1, restartBackoffMillis: 1500, maxRestartOnFailure: 2, restartBackoffMillisForFailure: 60_000,
      maxRestartOnSchedulingFailure: 1, restartCounterResetMillis: 3_600_000,
    })).toBe('OnFailure: 1 restart, 1500 ms apart; failures: 2 restarts, 60 s apart; scheduling failures: 1 restart; counter resets after 1 h');
    expect(apacheRestartPolicy({ restartPolicy: 'OnInfrastructureFailure', restartCounterResetMillis: -1 })).toBe('OnInfrastructureFailure: 3 restarts, 30 s apart');
  });
});

describe('formatDuration', () => {
  it('uses the largest unit that divides exactly', () => {
    expect([0, 500, 1000, 60_000, 120_000, 90_000, 7_200_000].map(formatDuration)).toEqual(['0 s', '500 ms', '1 s', '60 s', '2 min', '90 s', '2 h']);
  });
});
