import { describe, expect, it } from 'vitest';
import { executorAskFromConf, sparkSizeIn } from './executorAsk';

describe('executorAskFromConf', () => {
  it("asks Spark's defaults when the conf says nothing: 1 core, 1g + 384 MiB", () => {
    expect(executorAskFromConf({})).toEqual({ requests: { cpu: '1', memory: '1408Mi' }, limits: { memory: '1408Mi' }, problems: [] });
  });

  it('takes cores, memory and the 10 % overhead (truncated) as BasicExecutorFeatureStep does', () => {
    const ask = executorAskFromConf({ 'spark.executor.cores': '4', 'spark.executor.memory': '8g', 'spark.kubernetes.memoryOverheadFactor': '0.1' });
    expect(ask.requests).toEqual({ cpu: '4', memory: '9011Mi' });
    expect(ask.limits).toEqual({ memory: '9011Mi' });
    expect(executorAskFromConf({ 'spark.executor.memory': '4500m' }).requests.memory).toBe(`${4500 + 450}Mi`);
  });

  it('prefers request.cores to cores, and sets a cpu limit only from limit.cores', () => {
    const ask = executorAskFromConf({ 'spark.executor.cores': '4', 'spark.kubernetes.executor.request.cores': '3500m', 'spark.kubernetes.executor.limit.cores': '4' });
    expect(ask.requests.cpu).toBe('3500m');
    expect(ask.limits.cpu).toBe('4');
  });

  it('an explicit overhead wins; the executor factor beats the Kubernetes one; the minimum applies to factors only', () => {
    expect(executorAskFromConf({ 'spark.executor.memory': '2g', 'spark.executor.memoryOverhead': '100m' }).requests.memory).toBe('2148Mi');
    expect(executorAskFromConf({ 'spark.executor.memory': '10g', 'spark.executor.memoryOverheadFactor': '0.2', 'spark.kubernetes.memoryOverheadFactor': '0.4' }).requests.memory).toBe(`${10240 + 2048}Mi`);
    expect(executorAskFromConf({ 'spark.executor.memory': '10g', 'spark.executor.minMemoryOverhead': '2g' }).requests.memory).toBe(`${10240 + 2048}Mi`);
  });

  it('Python: the non-JVM factor when the driver propagated none, and spark.executor.pyspark.memory', () => {
    const py = { 'spark.kubernetes.resource.type': 'python', 'spark.executor.memory': '4g', 'spark.executor.pyspark.memory': '1g' };
    expect(executorAskFromConf(py).requests.memory).toBe(`${4096 + 1638 + 1024}Mi`);
    expect(executorAskFromConf({ ...py, 'spark.kubernetes.memoryOverheadFactor': '0.1' }).requests.memory).toBe(`${4096 + 409 + 1024}Mi`);
    // PySpark memory is not added for a JVM application.
    expect(executorAskFromConf({ 'spark.executor.memory': '4g', 'spark.executor.pyspark.memory': '1g' }).requests.memory).toBe(`${4096 + 409}Mi`);
  });

  it('adds off-heap memory only when it is enabled, and says when it is enabled without a size', () => {
    expect(executorAskFromConf({ 'spark.memory.offHeap.size': '2g' }).requests.memory).toBe('1408Mi');
    expect(executorAskFromConf({ 'spark.memory.offHeap.enabled': 'true', 'spark.memory.offHeap.size': '2g' }).requests.memory).toBe(`${1408 + 2048}Mi`);
    expect(executorAskFromConf({ 'spark.memory.offHeap.enabled': 'true' }).problems).toEqual(['spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled == true']);
  });

  it('asks extended resources as limits named {vendor}/{name}; without a vendor Spark refuses', () => {
    const ask = executorAskFromConf({ 'spark.executor.resource.gpu.amount': '2', 'spark.executor.resource.gpu.vendor': 'nvidia.com', 'spark.executor.resource.fpga.amount': '1' });
    expect(ask.limits).toEqual({ memory: '1408Mi', 'nvidia.com/gpu': '2' });
    expect(ask.problems).toEqual(['Resource: fpga was requested, but vendor was not specified.']);
  });

  it('says which size it cannot read, and keeps the default for it', () => {
    const ask = executorAskFromConf({ 'spark.executor.memory': '4.5g' });
    expect(ask.requests.memory).toBe('1408Mi');
    expect(ask.problems).toEqual(['spark.executor.memory=4.5g is not a size Spark reads (whole numbers with b, k, m, g, t or p)']);
  });
});

describe('sparkSizeIn', () => {
  it('reads sizes as JavaUtils.byteStringAs does: suffixes, no suffix in the unit, truncated', () => {
    expect(sparkSizeIn('4g', 2 ** 20)).toBe(4096);
    expect(sparkSizeIn('4G', 2 ** 20)).toBe(4096);
    expect(sparkSizeIn('1536', 2 ** 20)).toBe(1536);
    expect(sparkSizeIn('1500k', 2 ** 20)).toBe(1);
    expect(sparkSizeIn('2gb', 1)).toBe(2 ** 31);
    expect(sparkSizeIn('1.5g', 2 ** 20)).toBeNull();
    expect(sparkSizeIn('4x', 2 ** 20)).toBeNull();
  });
});
