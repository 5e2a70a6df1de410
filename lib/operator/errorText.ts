// The words that matter in an operator's error, for places with room for one line. The Kubeflow
// operator wraps spark-submit's output in its own prefixes, sometimes twice ("failed to submit
// spark application: failed to run spark-submit: failed to run spark-submit: Error: …"), which
// fill a truncated line before the cause appears. The panel shows the whole message.

const WRAPPERS = /^(?:failed to (?:submit spark application|run spark-submit)(?: for SparkApplication [^:]*)?:\s*)+/i;
/** spark-submit prints its usage after an argument error: noise after the cause. */
const USAGE = /\s*Usage: spark-submit[\s\S]*$/;

export function errorCore(message: string): string {
  const core = message.trim().replace(WRAPPERS, '').replace(USAGE, '').trim();
  return core || message.trim();
}
