// What a Spark container's last log lines say about why it ended: the first exception (its
// class and message) with its `Caused by` chain, and Spark's own messages about executors it
// could not create (a quota exceeded, a request forbidden, an admission webhook that denied it,
// a service account that does not exist). Log4j's layout puts a level and a logger before the
// message; stack frames ("\tat …") and "... N more" are skipped.

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
  text: string;
  line: number;
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

function executorRequestFailure(msg: string, lines: string[], i: number): ExecutorRequestFailure | null {
  // ExecutorPodsAllocator: "Exception when requesting new executors" followed by the API's answer.
  const context = /Exception when requesting new executors|Failed to request executors|failed to create executor pod/i.test(msg)
    ? `${msg} ${lines.slice(i + 1, i + 4).filter((l) => !FRAME.test(l)).join(' ')}` : /executor/i.test(msg) ? msg : '';
  if (!context) return null;
  const text = context.replace(/\s+/g, ' ').trim().slice(0, 600);
  if (/exceeded quota/i.test(context)) return { kind: 'quota', text, line: i + 1 };
  if (/admission webhook .* denied/i.test(context)) return { kind: 'webhook', text, line: i + 1 };
  if (/serviceaccount[s]? "[^"]+" not found|error looking up service account/i.test(context)) return { kind: 'service-account', text, line: i + 1 };
  if (/is forbidden/i.test(context)) return { kind: 'forbidden', text, line: i + 1 };
  if (/Exception when requesting new executors/i.test(msg)) return { kind: 'other', text, line: i + 1 };
  return null;
}
