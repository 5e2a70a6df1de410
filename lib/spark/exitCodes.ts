// What an exit code means: Spark's own one-liner (describeExitCode, verbatim because users grep
// logs for it) and our explanation for a platform engineer, with the setting to change where
// there is one. Codes above 128 are "killed by signal code-128", as shells and runtimes report.

/** Spark's wording, jokes included; only describeExitCode uses it. */
const SPARK_EXIT_CODE_TEXT: ReadonlyMap<number, string> = new Map([
  [0, '(success)'],
  [1, '(generic, look at logs to clarify)'],
  [42, '(Douglas Adams fan)'],
  [10, '(Uncaught exception)'],
  [50, '(Uncaught exception)'],
  [52, '(JVM OOM)'],
  [53, '(DiskStore failed to create temp dir)'],
  [126, '(not executable - possibly perm or arch)'],
  [137, '(SIGKILL, possible container OOM)'],
  [139, "(SIGSEGV: that's unexpected)"],
  [255, '(exit-1, your guess is as good as mine)'],
]);

/** ExecutorPodsLifecycleManager.describeExitCode: the code and Spark's text with no space, e.g. "1(generic, look at logs to clarify)". */
export function describeExitCode(code: number): string {
  return `${code}${SPARK_EXIT_CODE_TEXT.get(code) ?? '(unexpected)'}`;
}

interface ExitCodeText {
  /** A few words that fit in a headline. */
  title: string;
  /** What happened and where to look or what to change. */
  meaning: string;
}

const UNCAUGHT: ExitCodeText = {
  title: 'uncaught exception',
  meaning: 'An exception escaped every handler in the executor JVM and Spark exited. The stack trace is near the end of the executor log.',
};

const EXIT_CODES: ReadonlyMap<number, ExitCodeText> = new Map([
  [-1, {
    title: 'no exit code',
    meaning: 'The Spark container never terminated, so there is no exit code (Spark reports -1): the pod was deleted, evicted or lost while the container was still running, or before it started.',
  }],
  [0, { title: 'exited normally', meaning: 'Success: the process exited normally.' }],
  [1, {
    title: 'application error',
    meaning: 'Generic application error: the JVM or the entrypoint script exited with status 1. Read the executor log for the exception or the script error.',
  }],
  [10, UNCAUGHT],
  [11, {
    title: 'too many executor failures',
    meaning: 'The driver stopped because more executors failed than spark.executor.maxNumFailures allows. The first executor failures explain why.',
  }],
  [50, UNCAUGHT],
  [51, {
    title: 'uncaught exception, twice',
    meaning: 'An exception escaped every handler and the handler failed as well. Both stack traces are in the executor log.',
  }],
  [52, {
    title: 'JVM out of heap memory',
    meaning: 'The executor JVM threw java.lang.OutOfMemoryError. Raise spark.executor.memory, or give each task less data (more partitions, less caching, smaller broadcasts).',
  }],
  [53, {
    title: 'could not create a local temp dir',
    meaning: 'Spark could not create a temporary directory in its local dirs. Check spark.local.dir (SPARK_LOCAL_DIRS) and the spark-local-dir-* volumes: mounted, writable and not full.',
  }],
  [56, {
    title: 'lost contact with the driver',
    meaning: 'The executor failed to send spark.executor.heartbeat.maxFailures heartbeats in a row to the driver and stopped itself. Check the driver pod and the network between the pods.',
  }],
  [126, {
    title: 'command not executable',
    meaning: 'The container command could not be executed: a file permission problem, or an image built for a different CPU architecture than the node.',
  }],
  [127, {
    title: 'command not found',
    meaning: 'The container command, or a program the entrypoint runs, does not exist in the image. Check the image, command and args.',
  }],
  [134, {
    title: 'aborted (SIGABRT)',
    meaning: 'The process aborted (SIGABRT, signal 6), typically a fatal JVM error. Look for an hs_err_pid*.log file and the last lines of the container log.',
  }],
  [137, {
    title: 'killed by SIGKILL',
    meaning: 'Killed by SIGKILL (signal 9). Usually the kernel OOM killer because the container used more memory than its limit: raise spark.executor.memoryOverhead (off-heap, Python and native memory count there) or spark.executor.memory. It can also be a preemption, an eviction or a forced deletion.',
  }],
  [139, {
    title: 'segmentation fault (SIGSEGV)',
    meaning: 'Crashed with SIGSEGV (signal 11): a segmentation fault in native code, such as a JNI library, off-heap memory handling or the JVM itself.',
  }],
  [143, {
    title: 'stopped by SIGTERM',
    meaning: 'Stopped by SIGTERM (signal 15): the container was asked to stop, for example when the driver scaled executors down, the pod was deleted, or the node was drained or shut down.',
  }],
  [255, {
    title: 'exit status 255',
    meaning: 'Exit status 255, usually exit(-1) from the process or a failure in the entrypoint script before the JVM started. Read the container log.',
  }],
]);

const SIGNAL_NAMES: readonly string[] = [
  '', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE',
  'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM',
];

function signalOf(code: number): string | undefined {
  if (!Number.isInteger(code) || code <= 128 || code > 128 + 64) return undefined;
  const n = code - 128;
  return SIGNAL_NAMES[n] ? `signal ${n}, ${SIGNAL_NAMES[n]}` : `signal ${n}`;
}

/** A few words for a headline, e.g. "killed by SIGKILL". */
export function exitCodeTitle(code: number): string {
  const known = EXIT_CODES.get(code);
  if (known) return known.title;
  const signal = signalOf(code);
  return signal ? `killed by ${signal}` : `exit status ${code}`;
}

/** A plain explanation of an exit code and what to check or change. */
export function exitCodeMeaning(code: number): string {
  const known = EXIT_CODES.get(code);
  if (known) return known.meaning;
  const signal = signalOf(code);
  if (signal) return `Killed by ${signal}: the container was stopped from outside. Check the pod's events and the node.`;
  return `Exit status ${code} is not a code Spark or the JVM defines; the application chose it. Read the container log.`;
}
