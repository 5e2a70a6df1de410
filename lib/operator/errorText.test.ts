import { describe, expect, it } from 'vitest';
import { errorCore } from './errorText';

describe('errorCore', () => {
  it('drops Kubeflow\'s nested submission prefixes and spark-submit\'s usage text', () => {
    const message = 'failed to submit spark application: failed to run spark-submit: failed to run spark-submit: Error: Missing application resource.\n\nUsage: spark-submit [options] <app jar | python file | R file> [app arguments]';
    expect(errorCore(message)).toBe('Error: Missing application resource.');
  });

  it('keeps the resource name wrapper out too', () => {
    expect(errorCore('failed to run spark-submit for SparkApplication etl/daily: Exception in thread "main" java.io.FileNotFoundException: /x.jar')).toBe('Exception in thread "main" java.io.FileNotFoundException: /x.jar');
  });

  it('leaves other messages as they are, and never returns nothing', () => {
    expect(errorCore('driver container failed with ExitCode: 1, Reason: Error')).toBe('driver container failed with ExitCode: 1, Reason: Error');
    expect(errorCore('failed to submit spark application: ')).toBe('failed to submit spark application:');
  });
});
