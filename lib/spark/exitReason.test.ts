import { describe, expect, it } from 'vitest';
import type { KubeContainerStatus, KubePod } from '../kube/types';
import {
  describeExitCode, executorLossMessage, exitCodeMeaning, exitCodeTitle, exitReasonInWords, sparkExitCode,
} from './exitReason';
import {
  FIXTURE_EVICTION_MESSAGE, deletedExecutor, deletedWhileRunning, evictedExecutor, failedExecutor, finishedExecutorWithRunningSidecar,
  oomKilledExecutor, pendingExecutor, runningExecutor, runningExecutorWithTerminatedSidecar, succeededExecutor,
} from './testing/podFixtures';

const SPARK = 'spark-kubernetes-executor';

const sparkExited = (exitCode: number, reason = 'Error'): KubeContainerStatus => ({
  name: SPARK,
  image: 'apache/spark:4.1.1',
  state: { terminated: { exitCode, reason, startedAt: '2026-01-01T00:00:10Z', finishedAt: '2026-01-01T00:05:00Z' } },
});

const SPARK_EXITED_BLOCK = (exitCode: number, reason = 'Error') =>
  '\n\t container name: spark-kubernetes-executor'
  + '\n\t container image: apache/spark:4.1.1'
  + '\n\t container state: terminated'
  + '\n\t container started at: 2026-01-01T00:00:10Z'
  + '\n\t container finished at: 2026-01-01T00:05:00Z'
  + `\n\t exit code: ${exitCode}`
  + `\n\t termination reason: ${reason}`;

function pod(phase: string, containerStatuses: KubeContainerStatus[], extra: { reason?: string; message?: string } = {}): KubePod {
  return { metadata: { name: 'exec-4' }, spec: { restartPolicy: 'Never' }, status: { phase, ...extra, containerStatuses } };
}

describe('describeExitCode', () => {
  it.each([
    [0, '0(success)'],
    [1, '1(generic, look at logs to clarify)'],
    [42, '42(Douglas Adams fan)'],
    [10, '10(Uncaught exception)'],
    [50, '50(Uncaught exception)'],
    [52, '52(JVM OOM)'],
    [53, '53(DiskStore failed to create temp dir)'],
    [126, '126(not executable - possibly perm or arch)'],
    [137, '137(SIGKILL, possible container OOM)'],
    [139, "139(SIGSEGV: that's unexpected)"],
    [255, '255(exit-1, your guess is as good as mine)'],
    [-1, '-1(unexpected)'],
    [143, '143(unexpected)'],
    [127, '127(unexpected)'],
    [2, '2(unexpected)'],
  ])('%d → %j', (code, text) => {
    expect(describeExitCode(code)).toBe(text);
  });
});

describe('sparkExitCode', () => {
  it('takes the first terminated status of the Spark container only (Spark 4)', () => {
    expect(sparkExitCode(pod('Failed', [{ name: 'log-shipper', state: { terminated: { exitCode: 2 } } }, sparkExited(1)]), SPARK)).toBe(1);
    expect(sparkExitCode(pod('Running', [{ name: SPARK, state: { running: {} } }, sparkExited(3)]), SPARK)).toBe(3);
  });

  it('is -1 without a terminated Spark container', () => {
    expect(sparkExitCode(pod('Failed', [{ name: 'log-shipper', state: { terminated: { exitCode: 2 } } }]), SPARK)).toBe(-1);
    expect(sparkExitCode(pod('Running', [{ name: SPARK, state: { running: {} } }]), SPARK)).toBe(-1);
    expect(sparkExitCode({}, SPARK)).toBe(-1);
    expect(sparkExitCode(pod('Failed', [{ name: SPARK, state: { terminated: { reason: 'Error' } } }]), SPARK)).toBe(-1);
  });
});

describe('executorLossMessage', () => {
  it('is one sentence for a deleted executor', () => {
    expect(executorLossMessage(pod('Failed', [sparkExited(143)]), 7, 'deleted', SPARK))
      .toBe('The executor with id 7 was deleted by a user or the framework.');
  });

  it('reports a failed executor with the API reason and message', () => {
    const p = pod('Failed', [sparkExited(137)], { reason: 'Evicted', message: 'The node was low on resource: memory.' });
    expect(executorLossMessage(p, 4, 'failed', SPARK)).toBe(
      '\n'
      + 'The executor with id 4 exited with exit code 137(SIGKILL, possible container OOM).\n'
      + 'The API gave the following brief reason: Evicted\n'
      + 'The API gave the following message: The node was low on resource: memory.\n'
      + '\n'
      + 'The API gave the following container statuses:\n'
      + '\n'
      + `${SPARK_EXITED_BLOCK(137)}\n`
      + '      ',
    );
  });

  it('leaves the reason and message lines empty when the API gave none', () => {
    expect(executorLossMessage(pod('Failed', [sparkExited(1)]), 4, 'failed', SPARK)).toBe(
      '\n'
      + 'The executor with id 4 exited with exit code 1(generic, look at logs to clarify).\n'
      + '\n'
      + '\n'
      + '\n'
      + 'The API gave the following container statuses:\n'
      + '\n'
      + `${SPARK_EXITED_BLOCK(1)}\n`
      + '      ',
    );
  });

  it('keeps an empty but present reason as a line with nothing after the colon', () => {
    const text = executorLossMessage(pod('Failed', [sparkExited(1)], { reason: '' }), 4, 'failed', SPARK);
    expect(text).toContain('\nThe API gave the following brief reason: \n\n');
  });

  it('reports a succeeded executor as an exit with code 0', () => {
    expect(executorLossMessage(pod('Succeeded', [sparkExited(0, 'Completed')]), 12, 'succeeded', SPARK)).toBe(
      '\n'
      + 'The executor with id 12 exited with exit code 0(success).\n'
      + '\n'
      + '\n'
      + '\n'
      + 'The API gave the following container statuses:\n'
      + '\n'
      + `${SPARK_EXITED_BLOCK(0, 'Completed')}\n`
      + '      ',
    );
  });

  it('reports exit -1 when no container has the Spark name, and still lists every container', () => {
    const p = pod('Failed', [{ name: 'executor', image: 'img', state: { terminated: { exitCode: 1, reason: 'Error' } } }]);
    expect(executorLossMessage(p, 2, 'failed', SPARK)).toBe(
      '\n'
      + 'The executor with id 2 exited with exit code -1(unexpected).\n'
      + '\n'
      + '\n'
      + '\n'
      + 'The API gave the following container statuses:\n'
      + '\n'
      + '\n\t container name: executor'
      + '\n\t container image: img'
      + '\n\t container state: terminated'
      + '\n\t container started at: N/A'
      + '\n\t container finished at: N/A'
      + '\n\t exit code: 1'
      + '\n\t termination reason: Error\n'
      + '      ',
    );
  });

  it('has an empty container section without container statuses', () => {
    expect(executorLossMessage(pod('Failed', [], { reason: 'Preempting', message: 'Preempted in order to admit critical pod' }), 12, 'failed', SPARK)).toBe(
      '\n'
      + 'The executor with id 12 exited with exit code -1(unexpected).\n'
      + 'The API gave the following brief reason: Preempting\n'
      + 'The API gave the following message: Preempted in order to admit critical pod\n'
      + '\n'
      + 'The API gave the following container statuses:\n'
      + '\n'
      + '\n'
      + '      ',
    );
  });

  it('applies stripMargin after interpolation, so it reaches into the API message', () => {
    const text = executorLossMessage(pod('Failed', [], { message: 'first line\n   | second line' }), 1, 'failed', SPARK);
    expect(text).toContain('The API gave the following message: first line\n second line\n');
  });

  it('says nothing for states Spark does not act on', () => {
    for (const state of ['running', 'pending', 'unknown', 'terminating'] as const) {
      expect(executorLossMessage(pod('Running', [sparkExited(1)]), 1, state, SPARK)).toBeUndefined();
    }
  });
});

describe('exit code meanings', () => {
  it('explain the codes a platform engineer meets, with what to change', () => {
    expect(exitCodeMeaning(0)).toMatch(/^Success/);
    expect(exitCodeMeaning(1)).toMatch(/executor log/);
    expect(exitCodeMeaning(10)).toBe(exitCodeMeaning(50));
    expect(exitCodeMeaning(52)).toMatch(/OutOfMemoryError.*spark\.executor\.memory/);
    expect(exitCodeMeaning(53)).toMatch(/local dirs.*spark-local-dir/);
    expect(exitCodeMeaning(126)).toMatch(/permission.*architecture/);
    expect(exitCodeMeaning(127)).toMatch(/does not exist in the image/);
    expect(exitCodeMeaning(137)).toMatch(/SIGKILL.*OOM killer.*spark\.executor\.memoryOverhead.*preemption/);
    expect(exitCodeMeaning(139)).toMatch(/SIGSEGV/);
    expect(exitCodeMeaning(143)).toMatch(/SIGTERM.*scaled executors down.*drained/);
    expect(exitCodeMeaning(255)).toMatch(/255/);
    expect(exitCodeMeaning(-1)).toMatch(/never terminated/);
    expect(exitCodeMeaning(130)).toBe("Killed by signal 2, SIGINT: the container was stopped from outside. Check the pod's events and the node.");
    expect(exitCodeMeaning(7)).toMatch(/^Exit status 7 is not a code/);
  });

  it('avoid Spark\'s jokes', () => {
    expect(exitCodeMeaning(42)).not.toMatch(/Douglas/);
    expect(exitCodeMeaning(255)).not.toMatch(/guess/);
  });

  it('have short titles', () => {
    expect([exitCodeTitle(137), exitCodeTitle(143), exitCodeTitle(52), exitCodeTitle(158), exitCodeTitle(3)])
      .toEqual(['killed by SIGKILL', 'stopped by SIGTERM', 'JVM out of heap memory', 'killed by signal 30', 'exit status 3']);
  });
});

describe('exitReasonInWords', () => {
  it('says nothing while an executor is alive', () => {
    expect(exitReasonInWords(runningExecutor(1), 'running', SPARK)).toBeUndefined();
    expect(exitReasonInWords(pendingExecutor(1), 'pending', SPARK)).toBeUndefined();
    expect(exitReasonInWords(runningExecutor(1), 'unknown', SPARK)).toBeUndefined();
  });

  it('names an OOM kill', () => {
    expect(exitReasonInWords(oomKilledExecutor(5), 'failed', SPARK)).toEqual({
      headline: 'Killed for exceeding its memory limit (OOMKilled, exit 137)',
      exitCode: 137,
      exitCodeMeaning: exitCodeMeaning(137),
      containerName: SPARK,
      containerReason: 'OOMKilled',
    });
  });

  it('names an eviction by its first sentence and keeps the whole message', () => {
    const reason = exitReasonInWords(evictedExecutor(11), 'failed', SPARK);
    expect(reason).toMatchObject({
      headline: 'Evicted: The node was low on resource: memory.',
      exitCode: 137,
      containerName: SPARK,
      podReason: 'Evicted',
      podMessage: FIXTURE_EVICTION_MESSAGE,
    });
  });

  it('blames a failed sidecar when checkAllContainers failed the executor', () => {
    const reason = exitReasonInWords(runningExecutorWithTerminatedSidecar(10, 1), 'failed', SPARK);
    expect(reason).toEqual({
      headline: 'Sidecar log-shipper exited with code 1 (checkAllContainers marks the executor failed)',
      exitCode: 1,
      exitCodeMeaning: exitCodeMeaning(1),
      containerName: 'log-shipper',
      containerReason: 'Error',
    });
  });

  it('blames the Spark container when it exited non-zero, listing the sidecar as context', () => {
    const p = pod('Running', [{ name: 'log-shipper', state: { terminated: { exitCode: 2, reason: 'Error' } } }, sparkExited(52)]);
    expect(exitReasonInWords(p, 'failed', SPARK)).toMatchObject({
      headline: 'JVM out of heap memory (exit 52)',
      exitCode: 52,
      containerName: SPARK,
      otherContainers: [{ name: 'log-shipper', exitCode: 2, reason: 'Error' }],
    });
    expect(exitReasonInWords(finishedExecutorWithRunningSidecar(9, 143), 'failed', SPARK)?.headline).toBe('Stopped by SIGTERM (exit 143)');
  });

  it('blames a failed init container when the Spark container never started', () => {
    const p = pod('Failed', [{ name: SPARK, state: { waiting: { reason: 'PodInitializing' } } }]);
    p.status!.initContainerStatuses = [{ name: 'fetch-jars', state: { terminated: { exitCode: 127, reason: 'Error' } } }];
    expect(exitReasonInWords(p, 'failed', SPARK)).toMatchObject({
      headline: 'Init container fetch-jars exited with code 127; the Spark container never started',
      exitCode: 127,
      containerName: 'fetch-jars',
      otherContainers: [{ name: SPARK, reason: 'PodInitializing' }],
    });
  });

  it('explains deletions by what the Spark container was doing', () => {
    expect(exitReasonInWords(deletedExecutor(6), 'deleted', SPARK)).toMatchObject({
      headline: 'Pod deleted after the Spark container exited with code 143 (stopped by SIGTERM)',
      exitCode: 143,
    });
    expect(exitReasonInWords(deletedExecutor(7, { phase: 'Pending' }), 'deleted', SPARK)).toMatchObject({
      headline: 'Pod deleted before the Spark container started (no exit code; Spark reports -1)',
      exitCode: -1,
      exitCodeMeaning: exitCodeMeaning(-1),
    });
    expect(exitReasonInWords(deletedWhileRunning(8), 'deleted', SPARK)?.headline)
      .toBe('Pod deleted while the Spark container was still running (no exit code; Spark reports -1)');
  });

  it('describes a normal exit', () => {
    expect(exitReasonInWords(succeededExecutor(3), 'succeeded', SPARK)).toEqual({
      headline: 'The Spark container exited normally (exit 0)',
      exitCode: 0,
      exitCodeMeaning: 'Success: the process exited normally.',
      containerName: SPARK,
      containerReason: 'Completed',
    });
  });

  it('uses generic failures with the container reason when it adds something', () => {
    expect(exitReasonInWords(failedExecutor(4), 'failed', SPARK)?.headline).toBe('Application error (exit 1)');
    expect(exitReasonInWords(failedExecutor(4, { exitCode: 137, reason: 'ContainerStatusUnknown' }), 'failed', SPARK)?.headline)
      .toBe('Killed by SIGKILL (ContainerStatusUnknown, exit 137)');
    expect(exitReasonInWords(failedExecutor(4, { exitCode: 128, reason: 'StartError', message: 'exec: "java": not found' }), 'failed', SPARK))
      .toMatchObject({ headline: 'The Spark container could not start (StartError, exit 128)', containerMessage: 'exec: "java": not found' });
  });

  it('prefers what the API says about the pod', () => {
    const preempted = failedExecutor(4, { exitCode: 143, podReason: 'Preempting', podMessage: 'Preempted in order to admit critical pod' });
    expect(exitReasonInWords(preempted, 'failed', SPARK)?.headline).toBe('Preempted: Preempted in order to admit critical pod');
    const shutdown = failedExecutor(4, { exitCode: 143, podReason: 'Terminated', podMessage: 'Pod was terminated in response to imminent node shutdown.' });
    expect(exitReasonInWords(shutdown, 'failed', SPARK)?.headline).toBe('Terminated: Pod was terminated in response to imminent node shutdown.');
    const deadline = failedExecutor(4, { exitCode: 143, podReason: 'DeadlineExceeded', podMessage: 'Pod was active on the node longer than the specified deadline' });
    expect(exitReasonInWords(deadline, 'failed', SPARK)?.headline).toBe('Stopped because the pod ran past its activeDeadlineSeconds (DeadlineExceeded)');
  });

  it('points at the container-name setting when no container has the Spark name', () => {
    const p = pod('Succeeded', [{ name: 'executor', state: { terminated: { exitCode: 0, reason: 'Completed' } } }]);
    expect(exitReasonInWords(p, 'succeeded', SPARK)).toMatchObject({
      headline: 'No container named spark-kubernetes-executor in the pod (check spark.kubernetes.executor.podTemplateContainerName); Spark reports exit -1',
      exitCode: -1,
      otherContainers: [{ name: 'executor', exitCode: 0, reason: 'Completed' }],
    });
  });

  it('suspects a misnamed Spark container when checkAllContainers failed the pod through it', () => {
    const p = pod('Running', [{ name: 'executor', state: { terminated: { exitCode: 1, reason: 'Error' } } }]);
    expect(exitReasonInWords(p, 'failed', SPARK)).toMatchObject({
      headline: 'Container executor exited with code 1; no container is named spark-kubernetes-executor (check spark.kubernetes.executor.podTemplateContainerName)',
      exitCode: 1,
      containerName: 'executor',
    });
  });

  it('says when the Spark container ended without an exit code', () => {
    const p = pod('Running', [{ name: SPARK, state: { terminated: { reason: 'Error' } } }]);
    const reason = exitReasonInWords(p, 'failed', SPARK);
    expect(reason?.headline).toBe('The Spark container terminated without reporting an exit code');
    expect(reason?.exitCode).toBeUndefined();
  });
});
