// What the next executor pod's Spark container will ask, read from the driver's Spark conf
// (spark.properties) before any executor pod exists, exactly as BasicExecutorFeatureStep and
// ResourceProfile.getResourcesForClusterManager compute it for the default resource profile:
//   cpu request   spark.kubernetes.executor.request.cores, else spark.executor.cores (1)
//   cpu limit     spark.kubernetes.executor.limit.cores (none by default)
//   memory        request = limit = executor memory + overhead + off-heap + PySpark memory, in MiB
//   extended      spark.executor.resource.{name}.amount as limits of {vendor}/{name}
// A pod template's sidecars, and resources the template puts on Spark's container, are not
// in the conf: only an executor pod shows them.

/** Spark's ResourceProfile.MEMORY_OVERHEAD_MIN_MIB (spark.executor.minMemoryOverhead since 4.0). */
const MIN_OVERHEAD_MIB = 384;
/** spark.kubernetes.memoryOverheadFactor's default, and the driver's for Python and R apps (NON_JVM_MEMORY_OVERHEAD_FACTOR). */
const JVM_FACTOR = 0.1;
const NON_JVM_FACTOR = 0.4;

export interface ExecutorConfAsk {
  /** The Spark container's resources as Spark writes them on the pod (quantity strings). */
  requests: Record<string, string>;
  limits: Record<string, string>;
  /** Settings Spark itself refuses: with any of these it creates no executor at all. */
  problems: string[];
}

const SIZE_SUFFIX: Record<string, number> = { b: 1, k: 2 ** 10, kb: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, t: 2 ** 40, tb: 2 ** 40, p: 2 ** 50, pb: 2 ** 50 };

/**
 * JavaUtils.byteStringAs: "4g", "512m", "1536" (in `unit` when no suffix), case-insensitive,
 * whole numbers only, truncated to whole `unit`s; null when Spark would refuse the value.
 */
export function sparkSizeIn(raw: string | undefined, unitBytes: number): number | null {
  if (raw === undefined) return null;
  const m = /^([0-9]+)([a-z]+)?$/.exec(raw.trim().toLowerCase());
  if (!m) return null;
  const factor = m[2] === undefined ? unitBytes : SIZE_SUFFIX[m[2]];
  if (factor === undefined) return null;
  return Math.floor((Number(m[1]) * factor) / unitBytes);
}

const MIB = 2 ** 20;

/** The executor's asks from the driver's resolved Spark properties. */
export function executorAskFromConf(props: Readonly<Record<string, string>>): ExecutorConfAsk {
  const problems: string[] = [];
  const size = (key: string, fallback: string | undefined, unit = MIB): number | null => {
    const raw = props[key] ?? fallback;
    if (raw === undefined) return null;
    const n = sparkSizeIn(raw, unit);
    if (n === null) problems.push(`${key}=${raw} is not a size Spark reads (whole numbers with b, k, m, g, t or p)`);
    return n;
  };
  const number = (key: string): number | null => {
    const raw = props[key];
    if (raw === undefined) return null;
    const n = Number(raw.trim());
    if (!raw.trim() || !Number.isFinite(n)) { problems.push(`${key}=${raw} is not a number`); return null; }
    return n;
  };

  const cores = number('spark.executor.cores') ?? 1;
  const heapMiB = size('spark.executor.memory', '1g') ?? 1024;
  const nonJvm = ['python', 'r'].includes((props['spark.kubernetes.resource.type'] ?? '').toLowerCase());
  // BasicExecutorFeatureStep: the executor's own factor if set, else the one the driver step
  // propagated in spark.properties (0.4 for Python and R apps when the user set none).
  const factor = number('spark.executor.memoryOverheadFactor') ?? number('spark.kubernetes.memoryOverheadFactor') ?? (nonJvm ? NON_JVM_FACTOR : JVM_FACTOR);
  const minOverheadMiB = size('spark.executor.minMemoryOverhead', undefined) ?? MIN_OVERHEAD_MIB;
  const overheadMiB = size('spark.executor.memoryOverhead', undefined) ?? Math.max(Math.trunc(factor * heapMiB), minOverheadMiB);
  // Utils.checkOffHeapEnabled: counted only when enabled; the size is in bytes, floored to MiB.
  const offHeapEnabled = (props['spark.memory.offHeap.enabled'] ?? 'false').trim().toLowerCase() === 'true';
  const offHeapBytes = offHeapEnabled ? size('spark.memory.offHeap.size', '0', 1) ?? 0 : 0;
  if (offHeapEnabled && offHeapBytes <= 0) problems.push('spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled == true');
  const offHeapMiB = Math.floor(offHeapBytes / MIB);
  // Only a Python application's executors carry spark.executor.pyspark.memory.
  const pysparkMiB = props['spark.kubernetes.resource.type'] === 'python' ? size('spark.executor.pyspark.memory', undefined) ?? 0 : 0;
  const memory = `${heapMiB + overheadMiB + offHeapMiB + pysparkMiB}Mi`;

  const requests: Record<string, string> = { cpu: props['spark.kubernetes.executor.request.cores'] ?? String(cores), memory };
  const limits: Record<string, string> = { memory };
  const limitCores = props['spark.kubernetes.executor.limit.cores'];
  if (limitCores !== undefined) limits.cpu = limitCores;
  for (const key of Object.keys(props).sort()) {
    const m = /^spark\.executor\.resource\.(.+)\.amount$/.exec(key);
    if (!m) continue;
    const vendor = props[`spark.executor.resource.${m[1]}.vendor`];
    if (!vendor) { problems.push(`Resource: ${m[1]} was requested, but vendor was not specified.`); continue; }
    limits[`${vendor}/${m[1]}`] = props[key].trim();
  }
  return { requests, limits, problems };
}
