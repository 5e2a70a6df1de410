// The embedded cluster's pods/log, standing in for the kubelet: a Spark-shaped log (log4j's
// layout) written from what the pod did, so the dashboard's log tails and exception reading
// meet what real Spark containers print: start-up, tasks while running, and at the end the
// exception that ended it (an executor's OutOfMemoryError when it was OOM-killed, a driver's
// SparkException with its Caused-by chain when it failed). The kubelet's parameters are
// honoured: container, tailLines, limitBytes, previous, timestamps, follow; its refusals too (a
// container that does not exist, one that has not started, no previous run).

import type { ServerResponse } from 'node:http';
import type { KubeContainerStatus, KubePod } from '../../lib/kube/types';
import { failure, type ApiError } from './apiErrors';

export interface LogQuery { container: string | null; tailLines: number | null; limitBytes: number | null; previous: boolean; timestamps: boolean; follow?: boolean }

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** Log4j's default Spark layout: "yy/MM/dd HH:mm:ss LEVEL Logger: message". */
const stamp = (t: number) => { const d = new Date(t); return `${pad(d.getUTCFullYear() % 100)}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; };

export interface Line { at: number; text: string }

const TASK_EVERY_MS = 5000;

function sparkLines(pod: KubePod, status: KubeContainerStatus, run: 'current' | 'previous', now: number): Line[] {
  const role = pod.metadata?.labels?.['spark-role'] ?? 'executor';
  const state = run === 'previous' ? status.lastState : status.state;
  const started = Date.parse(state?.running?.startedAt ?? state?.terminated?.startedAt ?? pod.status?.startTime ?? pod.metadata?.creationTimestamp ?? '') || now;
  const ended = state?.terminated ? Date.parse(state.terminated.finishedAt ?? '') || now : now;
  const lines: Line[] = [];
  const log = (at: number, level: string, logger: string, msg: string) => lines.push({ at, text: `${stamp(at)} ${level} ${logger}: ${msg}` });
  const raw = (at: number, text: string) => lines.push({ at, text });
  if (role === 'driver') {
    log(started, 'INFO', 'SparkContext', 'Running Spark version 3.5.6');
    log(started + 800, 'INFO', 'SparkContext', `Submitted application: ${pod.metadata?.labels?.['spark-app-name'] ?? 'spark'}`);
    log(started + 2000, 'INFO', 'ExecutorPodsAllocator', 'Going to request executors from Kubernetes for ResourceProfile Id: 0');
  } else {
    log(started, 'INFO', 'CoarseGrainedExecutorBackend', `Started daemon with process name: 17@${pod.metadata?.name}`);
    log(started + 900, 'INFO', 'CoarseGrainedExecutorBackend', 'Successfully registered with driver');
  }
  // A task line every 5 s of running, at fixed times from the start (so a follower sees each
  // line once, as it is written), at most the last 120 of them (the tail is what matters).
  const first = started + 3000;
  const last = Math.floor((ended - first) / TASK_EVERY_MS);
  for (let i = Math.max(1, last - 119); i <= last; i++) {
    const at = first + i * TASK_EVERY_MS;
    if (role === 'driver') log(at, 'INFO', 'TaskSetManager', `Finished task ${i}.0 in stage ${Math.ceil(i / 10)}.0 (TID ${i * 3}) in ${1200 + (i * 37) % 900} ms on 10.0.${i % 20}.${i % 200} (executor ${1 + (i % 8)})`);
    else log(at, 'INFO', 'Executor', `Running task ${i}.0 in stage ${Math.ceil(i / 10)}.0 (TID ${i * 3})`);
  }
  const term = state?.terminated;
  if (term && term.exitCode !== 0) {
    if (role === 'driver') {
      // An executor lost first (its tasks retried elsewhere), then the stage gives up.
      log(ended - 2400, 'ERROR', 'TaskSchedulerImpl', 'Lost executor 12 on 10.0.3.4: The executor with id 12 exited with exit code 137(SIGKILL, possible container OOM).');
      log(ended - 2400, 'WARN', 'TaskSetManager', 'Lost task 7.2 in stage 3.0 (TID 88) (10.0.3.4 executor 12): ExecutorLostFailure (executor 12 exited caused by one of the running tasks) Reason: The executor with id 12 exited with exit code 137(SIGKILL, possible container OOM).');
      log(ended - 600, 'ERROR', 'FileFormatWriter', 'Aborting job 0b6e2f1c.');
      raw(ended - 600, 'org.apache.spark.SparkException: Job aborted due to stage failure: Task 7 in stage 3.0 failed 4 times, most recent failure: Lost task 7.3 in stage 3.0 (TID 91) (10.0.3.4 executor 12): ExecutorLostFailure (executor 12 exited caused by one of the running tasks) Reason: The executor with id 12 exited with exit code 137(SIGKILL, possible container OOM).');
      raw(ended - 600, '\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2898)');
      raw(ended - 600, '\tat org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2(DAGScheduler.scala:2834)');
      raw(ended - 600, 'Caused by: java.lang.OutOfMemoryError: Java heap space');
      raw(ended - 600, '\t... 42 more');
      log(ended - 100, 'INFO', 'SparkContext', 'Successfully stopped SparkContext');
    } else if (term.reason === 'OOMKilled' || term.exitCode === 137) {
      log(ended - 300, 'ERROR', 'Executor', 'Exception in task 7.3 in stage 3.0 (TID 91)');
      raw(ended - 300, 'java.lang.OutOfMemoryError: Java heap space');
      raw(ended - 300, '\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)');
      raw(ended - 300, '\tat org.apache.spark.util.collection.ExternalAppendOnlyMap.insertAll(ExternalAppendOnlyMap.scala:161)');
      log(ended - 200, 'ERROR', 'SparkUncaughtExceptionHandler', 'Uncaught exception in thread Thread[Executor task launch worker for task 7.3,5,main]');
    } else {
      // A shuffle fetch from an executor that is gone, then the driver lost too.
      log(ended - 900, 'ERROR', 'RetryingBlockTransferor', 'Exception while beginning fetch of 3 outstanding blocks');
      raw(ended - 900, 'java.io.IOException: Failed to connect to /10.0.3.4:7337');
      raw(ended - 900, '\tat org.apache.spark.network.client.TransportClientFactory.createClient(TransportClientFactory.java:294)');
      raw(ended - 900, '\tat org.apache.spark.network.shuffle.ExternalBlockStoreClient.lambda$fetchBlocks$0(ExternalBlockStoreClient.java:128)');
      raw(ended - 900, 'Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /10.0.3.4:7337');
      raw(ended - 900, '\t... 2 more');
      log(ended - 300, 'ERROR', 'CoarseGrainedExecutorBackend', `Executor self-exiting due to : Driver 10.0.0.5:7078 disassociated! Shutting down.`);
    }
  } else if (term) {
    log(ended - 100, 'INFO', role === 'driver' ? 'SparkContext' : 'CoarseGrainedExecutorBackend', role === 'driver' ? 'Successfully stopped SparkContext' : 'Driver commanded a shutdown');
  }
  return lines;
}

/**
 * The log's lines (tailLines applied), or the kubelet's refusal. `extra`: lines the pod's Spark
 * container wrote that no pod field tells (a driver's refused executor creates), merged in by
 * time, the pod's own lines first among equals.
 */
export function podLogLines(pod: KubePod, q: LogQuery, now: number, extra: readonly Line[] = []): { lines: Line[]; running: boolean } | { error: ApiError } {
  const name = pod.metadata?.name ?? '';
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
  const container = q.container ?? (containers.length === 1 ? containers[0] : null);
  if (!container) return { error: failure(400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`) };
  if (!containers.includes(container)) return { error: failure(400, 'BadRequest', `container ${container} is not valid for pod ${name}`) };
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const status = statuses.find((s) => s.name === container);
  if (q.previous) {
    if (!status?.lastState?.terminated) return { error: failure(400, 'BadRequest', `previous terminated container "${container}" in pod "${name}" not found`) };
  } else if (!status || (!status.state?.running && !status.state?.terminated)) {
    const why = status?.state?.waiting?.reason ?? 'ContainerCreating';
    return { error: failure(400, 'BadRequest', `container "${container}" in pod "${name}" is waiting to start: ${why}`) };
  }
  const isSpark = /^spark-kubernetes-(executor|driver)$/.test(container);
  let lines = isSpark ? sparkLines(pod, status!, q.previous ? 'previous' : 'current', now) : [{ at: now, text: `${container}: ok` }];
  if (isSpark && !q.previous && extra.length) {
    lines = [...lines, ...extra].map((l, i) => ({ l, i })).sort((a, b) => a.l.at - b.l.at || a.i - b.i).map((x) => x.l);
  }
  if (q.tailLines !== null) lines = q.tailLines <= 0 ? [] : lines.slice(-q.tailLines);
  return { lines, running: !q.previous && !!status!.state?.running };
}

export function formatLogLines(lines: readonly Line[], timestamps: boolean): string {
  return lines.map((l) => `${timestamps ? `${new Date(l.at).toISOString().replace('Z', '000000Z')} ` : ''}${l.text}\n`).join('');
}

/** The log text, or the kubelet's refusal. */
export function podLog(pod: KubePod, q: LogQuery, now: number, extra: readonly Line[] = []): { text: string } | { error: ApiError } {
  const answer = podLogLines(pod, q, now, extra);
  if ('error' in answer) return answer;
  let text = formatLogLines(answer.lines, q.timestamps);
  if (q.limitBytes !== null && q.limitBytes > 0) {
    const bytes = Buffer.from(text);
    if (bytes.length > q.limitBytes) text = bytes.subarray(0, q.limitBytes).toString();
  }
  return { text };
}

/**
 * `follow=true`: the lines so far, then each new line as the container writes it, until the
 * container stops, the pod goes, `limitBytes` is reached, or the client leaves (the kubelet's
 * behaviour). `readPod` reads the pod again each tick (null once it is deleted).
 */
export function followPodLog(res: ServerResponse, readPod: () => KubePod | null, q: LogQuery, now: () => number, tickMs = 1000, extraOf: (pod: KubePod) => readonly Line[] = () => []): () => void {
  let sent = 0;
  // Lines already written (a line's time and text name it; the window of task lines slides).
  const written = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
    if (!res.writableEnded) res.end();
  };
  const write = (lines: readonly Line[]): boolean => {
    const fresh = lines.filter((l) => !written.has(`${l.at} ${l.text}`));
    if (!fresh.length) return true;
    for (const l of fresh) written.add(`${l.at} ${l.text}`);
    let text = formatLogLines(fresh, q.timestamps);
    if (q.limitBytes !== null && q.limitBytes > 0 && sent + Buffer.byteLength(text) >= q.limitBytes) {
      text = Buffer.from(text).subarray(0, q.limitBytes - sent).toString();
      res.write(text);
      return false;
    }
    sent += Buffer.byteLength(text);
    res.write(text);
    return true;
  };
  const tick = (first: boolean) => {
    const pod = readPod();
    if (!pod) return stop();
    const answer = podLogLines(pod, { ...q, tailLines: null }, now(), extraOf(pod));
    if ('error' in answer) return stop();
    if (first && q.tailLines !== null) {
      // Lines before the tail asked for count as read: only new ones follow.
      const shown = q.tailLines <= 0 ? 0 : Math.min(q.tailLines, answer.lines.length);
      for (const l of answer.lines.slice(0, answer.lines.length - shown)) written.add(`${l.at} ${l.text}`);
    }
    if (!write(answer.lines) || !answer.running) stop();
  };
  res.on('close', stop);
  tick(true);
  if (!res.writableEnded) timer = setInterval(() => tick(false), tickMs);
  return stop;
}
