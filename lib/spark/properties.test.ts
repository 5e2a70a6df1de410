import { describe, expect, it } from 'vitest';
import { parseJavaProperties } from './properties';

describe('parseJavaProperties', () => {
  it('reads what java.util.Properties reads', () => {
    const text = [
      '#Java properties built from Kubernetes config map with name: spark-drv-abc-conf-map',
      '#Mon Nov 24 18:00:00 UTC 2026',
      'spark.app.name=Nightly ETL',
      'spark.kubernetes.executor.podTemplateContainerName = executor',
      '! another comment',
      'spark.master: k8s\\://https\\://kubernetes.default.svc',
      'spark.executor.extraJavaOptions=-Dfoo=1 \\',
      '    -Dbar=2',
      'spark.key\\ with\\ spaces value',
      'unicode=caf\\u00e9',
      'empty=',
    ].join('\n');
    expect(parseJavaProperties(text)).toEqual({
      'spark.app.name': 'Nightly ETL',
      'spark.kubernetes.executor.podTemplateContainerName': 'executor',
      'spark.master': 'k8s://https://kubernetes.default.svc',
      'spark.executor.extraJavaOptions': '-Dfoo=1 -Dbar=2',
      'spark.key with spaces': 'value',
      unicode: 'café',
      empty: '',
    });
  });
});
