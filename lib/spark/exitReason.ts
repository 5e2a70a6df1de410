// Why an executor ended. Spark's own texts to the character (the exit code it reports and
// the loss message its driver logs, ExecutorPodsLifecycleManager), and a plain-language
// explanation for a platform engineer. The state comes from lib/spark/podState.

import type { KubeContainerStateTerminated, KubeContainerStatus, KubePod } from '../kube/types';
import { describeExitCode, exitCodeMeaning, exitCodeTitle } from './exitCodes';
import type { ExecutorPodState } from './podState';
import { containersDescription, stripMargin } from './sparkFormat';

export { describeExitCode, exitCodeMeaning, exitCodeTitle } from './exitCodes';
export { containersDescription, formatPodState } from './sparkFormat';

/** ExecutorPodsLifecycleManager.UNKNOWN_EXIT_CODE. */
export const UNKNOWN_EXIT_CODE = -1;

function statusesOf(list: readonly (KubeContainerStatus | null | undefined)[] | undefined): KubeContainerStatus[] {
  return Array.isArray(list) ? list.filter((s): s is KubeContainerStatus => s != null && typeof s === 'object') : [];
}

/**
 * The exit code Spark 4 reports: from the first status of the Spark container that is
 * terminated, else -1. (Up to 3.5 it took the first terminated container of any name.)
 * Spark throws on a terminated state without exit code; we report -1.
 */
export function sparkExitCode(pod: KubePod, sparkContainerName: string): number {
  const status = statusesOf(pod.status?.containerStatuses)
    .find((s) => s.name === sparkContainerName && s.state?.terminated != null);
  const code = status?.state?.terminated?.exitCode;
  return typeof code === 'number' ? code : UNKNOWN_EXIT_CODE;
}

/**
 * To the character, what Spark's driver records for the loss of this executor (the text of
 * its ExecutorExited reason): the deletion sentence, or for failed and succeeded executors
 * the multi-line report. Undefined for states Spark does not act on.
 */
export function executorLossMessage(pod: KubePod, executorId: number, state: ExecutorPodState, sparkContainerName: string): string | undefined {
  if (state === 'deleted') return `The executor with id ${executorId} was deleted by a user or the framework.`;
  if (state !== 'failed' && state !== 'succeeded') return undefined;
  const reason = pod.status?.reason;
  const message = pod.status?.message;
  const explained = describeExitCode(sparkExitCode(pod, sparkContainerName));
  // Spark's template line by line: it opens with a newline, a null reason or message leaves
  // an empty line, and the closing line keeps the 6 spaces before the closing quotes.
  return stripMargin([
    '',
    `       |The executor with id ${executorId} exited with exit code ${explained}.`,
    `       |${reason == null ? '' : `The API gave the following brief reason: ${reason}`}`,
    `       |${message == null ? '' : `The API gave the following message: ${message}`}`,
    '       |',
    '       |The API gave the following container statuses:',
    '       |',
    `       |${containersDescription(pod)}`,
    '      ',
  ].join('\n'));
}

// ---------------------------------------------------------------- in plain words

export interface OtherContainerExit {
  name: string;
  exitCode?: number;
  reason?: string;
}

export interface ExitReason {
  /** One line: what ended the executor, naming the container when it is not the Spark one. */
  headline: string;
  exitCode?: number;
  exitCodeMeaning?: string;
  /** The container whose end explains the executor's. */
  containerName?: string;
  containerReason?: string;
  containerMessage?: string;
  podReason?: string;
  podMessage?: string;
  /** Other containers that ended or are stuck waiting, for context. */
  otherContainers?: OtherContainerExit[];
}

type CulpritKind = 'spark' | 'sidecar' | 'init';

interface Culprit {
  kind: CulpritKind;
  status: KubeContainerStatus | undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function terminatedOf(status: KubeContainerStatus | undefined): KubeContainerStateTerminated | undefined {
  return status?.state?.terminated ?? undefined;
}

function endedBadly(status: KubeContainerStatus): boolean {
  const t = terminatedOf(status);
  return t !== undefined && t.exitCode !== 0;
}

/** "The node was low on resource: memory. Threshold ..." → "The node was low on resource: memory." */
function firstSentence(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const end = message.search(/\.(\s|$)/);
  return end < 0 ? message : message.slice(0, end + 1);
}

function tagOf(reason: string | undefined, exitCode: number): string {
  // "Error" and "Completed" are the runtime's defaults and add nothing to the code.
  return reason !== undefined && reason !== 'Error' && reason !== 'Completed' ? `${reason}, exit ${exitCode}` : `exit ${exitCode}`;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The container whose exit explains the end: the Spark container, unless it did not fail and another one did. */
function culpritOf(pod: KubePod, state: ExecutorPodState, spark: KubeContainerStatus | undefined, statuses: KubeContainerStatus[]): Culprit {
  const sparkCode = terminatedOf(spark)?.exitCode;
  if (state !== 'failed' || (typeof sparkCode === 'number' && sparkCode !== 0)) return { kind: 'spark', status: spark };
  const sidecar = statuses.find((s) => s !== spark && endedBadly(s));
  if (sidecar) return { kind: 'sidecar', status: sidecar };
  // A failed init container with restartPolicy Never fails the pod before the Spark container starts.
  const init = statusesOf(pod.status?.initContainerStatuses).find(endedBadly);
  return init ? { kind: 'init', status: init } : { kind: 'spark', status: spark };
}

function othersOf(pod: KubePod, culprit: KubeContainerStatus | undefined): OtherContainerExit[] {
  const regular = statusesOf(pod.status?.containerStatuses);
  const failedInit = statusesOf(pod.status?.initContainerStatuses).filter(endedBadly);
  const others: OtherContainerExit[] = [];
  for (const s of [...regular, ...failedInit]) {
    if (s === culprit) continue;
    const t = terminatedOf(s);
    const reason = nonEmpty(t?.reason) ?? nonEmpty(s.state?.waiting?.reason);
    if (t === undefined && reason === undefined) continue;
    others.push({
      name: nonEmpty(s.name) ?? '(unnamed)',
      ...(typeof t?.exitCode === 'number' ? { exitCode: t.exitCode } : {}),
      ...(reason !== undefined ? { reason } : {}),
    });
  }
  return others;
}

interface HeadlineFacts {
  state: ExecutorPodState;
  culprit: Culprit;
  sparkContainerName: string;
  sparkMissing: boolean;
  exitCode: number | undefined;
  containerReason: string | undefined;
  podReason: string | undefined;
  podMessage: string | undefined;
}

function headlineOf(f: HeadlineFacts): string {
  const { state, culprit, exitCode, containerReason, podReason, podMessage } = f;
  const name = nonEmpty(culprit.status?.name) ?? '(unnamed)';
  const code = exitCode === undefined ? 'no exit code' : `exit ${exitCode}`;
  if (podReason === 'Evicted') return `Evicted: ${firstSentence(podMessage) ?? 'the kubelet evicted the pod to reclaim node resources.'}`;
  if (containerReason === 'OOMKilled') {
    const who = culprit.kind === 'spark' ? 'Killed' : `${culprit.kind === 'init' ? 'Init container' : 'Sidecar'} ${name} killed`;
    return `${who} for exceeding its memory limit (OOMKilled, ${code})`;
  }
  if (culprit.kind === 'sidecar' && f.sparkMissing) {
    // Likely the Spark container itself under a name Spark does not look for.
    return `Container ${name} exited with code ${exitCode ?? 'unknown'}; no container is named ${f.sparkContainerName} (check spark.kubernetes.executor.podTemplateContainerName)`;
  }
  if (culprit.kind === 'sidecar') return `Sidecar ${name} exited with code ${exitCode ?? 'unknown'} (checkAllContainers marks the executor failed)`;
  if (culprit.kind === 'init') return `Init container ${name} exited with code ${exitCode ?? 'unknown'}; the Spark container never started`;
  if (podReason === 'Preempting' || podReason === 'Preempted') {
    return `Preempted: ${firstSentence(podMessage) ?? 'the scheduler removed the pod to make room for a higher-priority pod.'}`;
  }
  if (podReason === 'DeadlineExceeded') return 'Stopped because the pod ran past its activeDeadlineSeconds (DeadlineExceeded)';
  if (containerReason === 'ContainerCannotRun' || containerReason === 'StartError') {
    return `The Spark container could not start (${containerReason}, ${code})`;
  }
  if (podReason !== undefined) return `${podReason}: ${firstSentence(podMessage) ?? 'no message from the API'}`;
  const status = culprit.status;
  if (status === undefined) {
    return `No container named ${f.sparkContainerName} in the pod (check spark.kubernetes.executor.podTemplateContainerName); Spark reports exit -1`;
  }
  if (terminatedOf(status) === undefined) {
    if (state !== 'deleted') return 'Pod ended before the Spark container exited (no exit code; Spark reports -1)';
    return status.state?.running != null
      ? 'Pod deleted while the Spark container was still running (no exit code; Spark reports -1)'
      : 'Pod deleted before the Spark container started (no exit code; Spark reports -1)';
  }
  if (exitCode === undefined) return 'The Spark container terminated without reporting an exit code';
  if (state === 'deleted') return `Pod deleted after the Spark container exited with code ${exitCode} (${exitCodeTitle(exitCode)})`;
  if (exitCode === 0) {
    return state === 'succeeded' ? 'The Spark container exited normally (exit 0)' : 'Pod marked failed although the Spark container exited with code 0';
  }
  return `${capitalised(exitCodeTitle(exitCode))} (${tagOf(containerReason, exitCode)})`;
}

/**
 * A structured, plain-language account of why a failed, deleted or succeeded executor ended,
 * for a platform engineer: which container, its exit code and what it means, and what the
 * API said. Undefined for states that are not an end.
 */
export function exitReasonInWords(pod: KubePod, state: ExecutorPodState, sparkContainerName: string): ExitReason | undefined {
  if (state !== 'failed' && state !== 'deleted' && state !== 'succeeded') return undefined;
  const statuses = statusesOf(pod.status?.containerStatuses);
  const spark = statuses.find((s) => s.name === sparkContainerName);
  const culprit = culpritOf(pod, state, spark, statuses);
  const terminated = terminatedOf(culprit.status);
  const waiting = culprit.status?.state?.waiting ?? undefined;
  const exitCode = typeof terminated?.exitCode === 'number'
    ? terminated.exitCode
    : culprit.kind === 'spark' && terminated === undefined ? UNKNOWN_EXIT_CODE : undefined;
  const containerReason = nonEmpty(terminated?.reason) ?? nonEmpty(waiting?.reason);
  const containerMessage = nonEmpty(terminated?.message) ?? nonEmpty(waiting?.message);
  const podReason = nonEmpty(pod.status?.reason);
  const podMessage = nonEmpty(pod.status?.message);
  const others = othersOf(pod, culprit.status);
  const containerName = nonEmpty(culprit.status?.name);

  const reason: ExitReason = {
    headline: headlineOf({ state, culprit, sparkContainerName, sparkMissing: spark === undefined, exitCode, containerReason, podReason, podMessage }),
  };
  if (exitCode !== undefined) {
    reason.exitCode = exitCode;
    reason.exitCodeMeaning = exitCodeMeaning(exitCode);
  }
  if (containerName !== undefined) reason.containerName = containerName;
  if (containerReason !== undefined) reason.containerReason = containerReason;
  if (containerMessage !== undefined) reason.containerMessage = containerMessage;
  if (podReason !== undefined) reason.podReason = podReason;
  if (podMessage !== undefined) reason.podMessage = podMessage;
  if (others.length > 0) reason.otherContainers = others;
  return reason;
}
