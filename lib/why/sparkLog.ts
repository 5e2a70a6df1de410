// What a Spark container's last log lines say about why it ended: the first exception (its
// class and message) with its `Caused by` chain, and Spark's own messages about executors it
// could not create (a quota exceeded, a request forbidden, an admission webhook that denied it,
// a service account that does not exist). Log4j's layout puts a level and a logger before the
// message; stack frames ("\tat …") and "... N more" are skipped.
//
// A refused executor reaches the log the way Spark's allocator lets it: the pod create in
// ExecutorPodsAllocator.requestNewExecutors throws fabric8's KubernetesClientException
// ("Failure executing: POST at: …/pods. Message: …"), which the snapshot store's subscriber
// loop logs as "WARN ExecutorPodsSnapshotsStoreImpl: Exception when notifying snapshot
// subscriber." with the exception on the next line.

export interface LoggedException {
  /** java.lang.OutOfMemoryError, org.apache.spark.SparkException, … */
  type: string;
  message: string;
  /** The lines of the log where it was thrown (first line of the exception). */
  line: number;
  causedBy: { type: string; message: string }[];
}

export interface ExecutorRequestFailure {
  kind: 'quota' | 'forbidden' | 'webhook' | 'service-account' | 'other';
  /** The log's words (the warning and the exception after it), at most 600 characters. */
  text: string;
  line: number;
  /**
   * The API server's answer alone, without fabric8's and the pod's preamble: "exceeded quota:
   * compute, requested: requests.cpu=4, used: requests.cpu=38, limited: requests.cpu=40".
   * Absent in tails kept before it was read out.
   */
  message?: string | null;
  /** The executor pod the API refused, when the log names it. */
  pod?: string | null;
}

export interface LogReading {
  exception: LoggedException | null;
  executorRequests: ExecutorRequestFailure[];
}

// "java.lang.IllegalStateException: boom", "Exception in thread "main" org.x.Y: msg", "Caused by: a.b.C: msg"
const EXCEPTION = /(?:^|\s|: |Exception in thread "[^"]*" )((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable|Failure|Exit)[\w$]*)(?::\s?(.*))?$/;
const CAUSED_BY = /^\s*Caused by: ((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*)(?::\s?(.*))?$/;
const FRAME = /^\s+(at |\.\.\. \d+ more)/;

/** The message part of a log4j line ("26/03/01 12:00:00 ERROR SparkContext: msg" → "msg"). */
function messageOf(line: string): string {
  const m = /^\S+ \S+ (?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+[\w$.]+:\s?(.*)$/.exec(line) ?? /^\S+T\S+\s+(?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+[\w$.]+:\s?(.*)$/.exec(line);
  return m ? m[1] : line;
}

export function readSparkLog(text: string): LogReading {
  const lines = text.split(/\r?\n/);
  let exception: LoggedException | null = null;
  const executorRequests: ExecutorRequestFailure[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FRAME.test(line)) continue;
    const msg = messageOf(line);
    const failure = executorRequestFailure(msg, lines, i);
    if (failure) executorRequests.push(failure);
    if (exception) continue;
    const m = EXCEPTION.exec(msg.trim());
    if (!m || CAUSED_BY.test(line)) continue;
    exception = { type: m[1], message: (m[2] ?? '').trim(), line: i + 1, causedBy: [] };
    // Its Caused-by chain follows, between stack frames.
    for (let j = i + 1; j < lines.length; j++) {
      const c = CAUSED_BY.exec(lines[j]);
      if (c) { exception.causedBy.push({ type: c[1], message: (c[2] ?? '').trim() }); continue; }
      if (FRAME.test(lines[j]) || /^\s*(Suppressed:|\.\.\.)/.test(lines[j])) continue;
      break;
    }
  }
  return { exception, executorRequests: executorRequests.slice(-5) };
}

// fabric8's own words before the API's on a 403 (its default Config.errorMessages).
const FABRIC8_FORBIDDEN = "Forbidden!Configured service account doesn't have access. Service account may have been revoked. ";

/** The API's message out of fabric8's "Failure executing: POST at: <url>. Message: <message>. Received status: …". */
export function apiMessageOf(text: string): { message: string | null; pod: string | null } {
  const m = /\bMessage: (.*?)(?:\. Received status: .*)?$/.exec(text);
  if (!m) return { message: null, pod: null };
  let message = m[1].trim();
  if (message.startsWith(FABRIC8_FORBIDDEN)) message = message.slice(FABRIC8_FORBIDDEN.length);
  const pod = /^pods "([^"]+)" is forbidden: /.exec(message);
  if (pod) message = message.slice(pod[0].length);
  return { message: message.replace(/\.$/, '').trim() || null, pod: pod?.[1] ?? null };
}

function executorRequestFailure(msg: string, lines: string[], i: number): ExecutorRequestFailure | null {
  // Spark's allocator lets the exception reach the snapshot store, which logs it; other
  // wordings (operators, older forks) are read the same way.
  const warning = /Exception when notifying snapshot subscriber|Exception when requesting new executors|Failed to request executors|failed to create executor pod/i.test(msg);
  // The exception is the first line after the warning that is not a stack frame.
  const exception = warning ? lines.slice(i + 1, i + 4).find((l) => !FRAME.test(l)) ?? '' : '';
  // The store logs every subscriber's failure: only a pod create (or an executor) is about executors.
  if (warning && /snapshot subscriber/i.test(msg) && !/POST at: \S*\/pods\b|executor/i.test(exception)) return null;
  const context = warning ? `${msg} ${exception}` : /executor/i.test(msg) ? msg : '';
  if (!context) return null;
  const text = context.replace(/\s+/g, ' ').trim().slice(0, 600);
  const { message, pod } = apiMessageOf(warning ? exception.trim() : text);
  const found = (kind: ExecutorRequestFailure['kind']): ExecutorRequestFailure => ({ kind, text, line: i + 1, message, pod });
  if (/exceeded quota/i.test(context)) return found('quota');
  if (/admission webhook .* denied/i.test(context)) return found('webhook');
  if (/serviceaccount[s]? "[^"]+" not found|error looking up service account/i.test(context)) return found('service-account');
  if (/is forbidden/i.test(context)) return found('forbidden');
  if (warning) return found('other');
  return null;
}
