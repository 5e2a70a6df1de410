import { describe, expect, it } from 'vitest';
import { driverServiceOf, expandUrlTemplate, parseUrlTemplate, type UrlTemplate } from './urlTemplate';

const values = { cluster: 'prod-eu', namespace: 'spark-etl', appId: 'spark-0a1b', appName: 'nightly etl', driverService: 'nightly-etl-9f-driver-svc' };
const ok = (t: string) => parseUrlTemplate(t) as UrlTemplate;

describe('URL templates for the Spark UI and the History Server', () => {
  it('fills in every placeholder, percent-encoded', () => {
    expect(expandUrlTemplate(ok('https://shs.example.com/history/{appId}/jobs/'), values)).toBe('https://shs.example.com/history/spark-0a1b/jobs/');
    expect(expandUrlTemplate(ok('https://{cluster}.k8s.example.com/api/v1/namespaces/{namespace}/services/{driverService}:4040/proxy/?name={appName}'), values))
      .toBe('https://prod-eu.k8s.example.com/api/v1/namespaces/spark-etl/services/nightly-etl-9f-driver-svc:4040/proxy/?name=nightly%20etl');
  });

  it('offers no link when a value it needs is not known', () => {
    expect(expandUrlTemplate(ok('https://ui.example.com/{namespace}/{driverService}/'), { ...values, driverService: null })).toBeNull();
    expect(expandUrlTemplate(ok('https://ui.example.com/{namespace}/'), { ...values, driverService: null })).toBe('https://ui.example.com/spark-etl/');
  });

  it('refuses unknown placeholders, relative URLs, other schemes and values in the host beyond cluster and namespace', () => {
    expect(parseUrlTemplate('https://x.example.com/{app}')).toEqual({ error: expect.stringMatching(/^unknown placeholder \{app\}/) });
    expect(parseUrlTemplate('/history/{appId}')).toEqual({ error: expect.stringMatching(/absolute URL/) });
    expect(parseUrlTemplate('javascript:alert({appId})')).toEqual({ error: 'must be an http:// or https:// URL' });
    expect(parseUrlTemplate('https://{appName}.example.com/')).toEqual({ error: 'only {cluster} and {namespace} may be part of the host name' });
    expect(ok('https://{cluster}.example.com/').uses).toEqual(['cluster']);
  });

  it("reads the driver's Service from an executor's SPARK_DRIVER_URL", () => {
    expect(driverServiceOf('spark://CoarseGrainedScheduler@nightly-etl-9f-driver-svc.spark-etl.svc:7078', 'spark-etl')).toBe('nightly-etl-9f-driver-svc');
    expect(driverServiceOf('spark://CoarseGrainedScheduler@nightly-etl-9f-driver-svc.spark-etl.svc.cluster.local:7078', 'spark-etl')).toBe('nightly-etl-9f-driver-svc');
    expect(driverServiceOf('spark://CoarseGrainedScheduler@10.0.3.4:7078', 'spark-etl')).toBeNull();
    expect(driverServiceOf('spark://CoarseGrainedScheduler@svc.other.svc:7078', 'spark-etl')).toBeNull();
    expect(driverServiceOf(undefined, 'spark-etl')).toBeNull();
  });
});
