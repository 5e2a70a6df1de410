import { describe, expect, it } from 'vitest';
import { apiMessageOf, readSparkLog } from './sparkLog';

describe('readSparkLog', () => {
  it('finds the first exception of a failed driver and its Caused-by chain, skipping frames', () => {
    const log = [
      '26/03/01 11:59:58 INFO DAGScheduler: Job 3 failed: save at Job.scala:42, took 12.3 s',
      '26/03/01 11:59:58 ERROR FileFormatWriter: Aborting job 0b6e.',
      'org.apache.spark.SparkException: Job aborted due to stage failure: Task 7 in stage 3.0 failed 4 times, most recent failure: Lost task 7.3 (TID 91) (10.0.3.4 executor 12): ExecutorLostFailure (executor 12 exited caused by one of the running tasks) Reason: The executor with id 12 exited with exit code 137(SIGKILL, possible container OOM).',
      '\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2898)',
      '\tat org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2(DAGScheduler.scala:2834)',
      'Caused by: java.io.IOException: No space left on device',
      '\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)',
      '\t... 42 more',
      'Caused by: java.lang.OutOfMemoryError: Java heap space',
      '26/03/01 11:59:59 INFO SparkContext: Successfully stopped SparkContext',
      'Exception in thread "main" java.lang.IllegalStateException: later',
    ].join('\n');
    const { exception } = readSparkLog(log);
    expect(exception).toEqual({
      type: 'org.apache.spark.SparkException',
      message: expect.stringMatching(/^Job aborted due to stage failure: Task 7 in stage 3\.0 failed 4 times/),
      line: 3,
      causedBy: [{ type: 'java.io.IOException', message: 'No space left on device' }, { type: 'java.lang.OutOfMemoryError', message: 'Java heap space' }],
    });
  });

  it('reads an executor\'s OutOfMemoryError logged by log4j and an uncaught one', () => {
    expect(readSparkLog('26/03/01 12:00:00 ERROR Executor: Exception in task 3.0 in stage 1.0 (TID 9)\njava.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)').exception)
      .toMatchObject({ type: 'java.lang.OutOfMemoryError', message: 'Java heap space', line: 2 });
    expect(readSparkLog('Exception in thread "main" org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `sales` cannot be found.').exception)
      .toMatchObject({ type: 'org.apache.spark.sql.AnalysisException', message: '[TABLE_OR_VIEW_NOT_FOUND] The table or view `sales` cannot be found.' });
  });

  it('picks out Spark\'s messages about executors it could not create', () => {
    const log = [
      '26/03/01 12:00:01 WARN ExecutorPodsAllocator: Exception when requesting new executors',
      'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://kubernetes.default.svc/api/v1/namespaces/spark-etl/pods. Message: pods "etl-exec-41" is forbidden: exceeded quota: compute, requested: requests.cpu=4, used: requests.cpu=38, limited: requests.cpu=40.',
      '\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:518)',
      '26/03/01 12:00:11 WARN ExecutorPodsAllocator: Exception when requesting new executors',
      'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://kubernetes.default.svc/api/v1/namespaces/spark-etl/pods. Message: admission webhook "validate.gatekeeper.sh" denied the request: [must-have-team-label] you must provide labels: {"team"}.',
      '26/03/01 12:00:21 WARN ExecutorPodsAllocator: Exception when requesting new executors',
      'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://kubernetes.default.svc/api/v1/namespaces/spark-etl/pods. Message: pods "etl-exec-43" is forbidden: error looking up service account spark-etl/spark: serviceaccount "spark" not found.',
    ].join('\n');
    const { executorRequests, exception } = readSparkLog(log);
    expect(executorRequests.map((f) => f.kind)).toEqual(['quota', 'webhook', 'service-account']);
    expect(executorRequests[0].text).toMatch(/exceeded quota: compute, requested: requests\.cpu=4/);
    expect(exception?.type).toBe('io.fabric8.kubernetes.client.KubernetesClientException');
  });

  it('reads a refused executor as Spark logs it: the snapshot store warns, fabric8 words the 403', () => {
    const log = [
      '26/03/01 12:00:00 INFO ExecutorPodsAllocator: Going to request 5 executors from Kubernetes for ResourceProfile Id: 0, target: 12, known: 7, sharedSlotFromPendingPods: 2147483647.',
      '26/03/01 12:00:00 WARN ExecutorPodsSnapshotsStoreImpl: Exception when notifying snapshot subscriber.',
      'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://kubernetes.default.svc/api/v1/namespaces/spark-adhoc/pods. Message: Forbidden!Configured service account doesn\'t have access. Service account may have been revoked. pods "adhoc-exec-8" is forbidden: exceeded quota: compute, requested: requests.cpu=4, used: requests.cpu=38, limited: requests.cpu=40.',
      '\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:671)',
      '\tat org.apache.spark.scheduler.cluster.k8s.ExecutorPodsAllocator.$anonfun$requestNewExecutors$1(ExecutorPodsAllocator.scala:440)',
      '26/03/01 12:00:01 WARN ExecutorPodsSnapshotsStoreImpl: Exception when notifying snapshot subscriber.',
      'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://kubernetes.default.svc/api/v1/namespaces/spark-adhoc/pods. Message: Forbidden!Configured service account doesn\'t have access. Service account may have been revoked. pods "adhoc-exec-9" is forbidden: maximum cpu usage per Container is 2, but limit is 4.',
      // Another subscriber's failure is not about executors.
      '26/03/01 12:00:02 WARN ExecutorPodsSnapshotsStoreImpl: Exception when notifying snapshot subscriber.',
      'java.lang.NullPointerException: Cannot invoke "String.length()"',
    ].join('\n');
    const { executorRequests } = readSparkLog(log);
    expect(executorRequests.map((f) => [f.kind, f.line, f.pod, f.message])).toEqual([
      ['quota', 2, 'adhoc-exec-8', 'exceeded quota: compute, requested: requests.cpu=4, used: requests.cpu=38, limited: requests.cpu=40'],
      ['forbidden', 6, 'adhoc-exec-9', 'maximum cpu usage per Container is 2, but limit is 4'],
    ]);
    expect(executorRequests[0].text).toMatch(/^Exception when notifying snapshot subscriber\. io\.fabric8\.kubernetes\.client\.KubernetesClientException: Failure executing: POST/);
  });

  it("takes the API's message out of fabric8's, with or without the Forbidden! preamble and a Received status", () => {
    expect(apiMessageOf('Failure executing: POST at: https://h/api/v1/namespaces/a/pods. Message: admission webhook "v.k8s.io" denied the request: no. Received status: Status(apiVersion=v1, code=400, message=…).'))
      .toEqual({ message: 'admission webhook "v.k8s.io" denied the request: no', pod: null });
    expect(apiMessageOf('no message here')).toEqual({ message: null, pod: null });
  });

  it('nothing to say about a clean log', () => {
    expect(readSparkLog('26/03/01 12:00:00 INFO SparkContext: Running Spark version 3.5.6\n26/03/01 12:00:09 INFO SparkContext: Successfully stopped SparkContext')).toEqual({ exception: null, executorRequests: [] });
    expect(readSparkLog('')).toEqual({ exception: null, executorRequests: [] });
  });
});
