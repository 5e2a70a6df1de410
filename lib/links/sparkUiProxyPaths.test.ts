import { describe, expect, it } from 'vitest';
import { dashboardLocation, parseSparkUiProxyPath, serviceProxyPath, sparkUiProxyHref, toDashboardPaths } from './sparkUiProxyPaths';

describe('the Spark UI proxy paths', () => {
  it('reads cluster, namespace, application and the rest as sent', () => {
    expect(parseSparkUiProxyPath('/spark-ui/prod/spark-etl/spark-abc/jobs/job/')).toEqual({ cluster: 'prod', namespace: 'spark-etl', appId: 'spark-abc', rest: 'jobs/job/', bare: false });
    expect(parseSparkUiProxyPath('/spark-ui/prod/spark-etl/spark-abc/')).toMatchObject({ rest: '', bare: false });
    expect(parseSparkUiProxyPath('/spark-ui/prod/spark-etl/spark-abc')).toMatchObject({ rest: '', bare: true });
    expect(parseSparkUiProxyPath('/spark-ui/prod/spark-etl/spark-abc/static/a%20b.css')).toMatchObject({ rest: 'static/a%20b.css' });
  });

  it('refuses dot segments, encoded slashes, empty segments and missing parts', () => {
    for (const bad of [
      '/spark-ui/prod/ns/app/../../api/apps', '/spark-ui/prod/ns/app/%2e%2e/x', '/spark-ui/prod/ns/app/./jobs/',
      '/spark-ui/prod/ns/app/a%2Fb', '/spark-ui/prod/ns/app/a%5Cb', '/spark-ui/prod/ns/app/a\\b', '/spark-ui/prod/ns/app/a//b',
      '/spark-ui/prod/ns/app/%00', '/spark-ui/prod/ns/app/%zz', '/spark-ui/prod/ns', '/spark-ui/prod/%2e%2e/app/', '/other/prod/ns/app/',
    ]) expect(parseSparkUiProxyPath(bad), bad).toHaveProperty('error');
  });

  it('builds the dashboard link and the API server path', () => {
    expect(sparkUiProxyHref('/spark', 'prod eu', 'ns', 'spark-abc')).toBe('/spark/spark-ui/prod%20eu/ns/spark-abc/');
    expect(serviceProxyPath('ns', 'etl-driver-svc', 4040)).toBe('/api/v1/namespaces/ns/services/etl-driver-svc:4040/proxy/');
  });

  it("maps the API server's rewritten links and redirects back into the dashboard's route", () => {
    const api = '/api/v1/namespaces/ns/services/svc:4040/proxy/';
    const mine = '/spark/spark-ui/prod/ns/app/';
    expect(toDashboardPaths(`<a href="${api}jobs/">x</a><link href="${api}static/a.css">`, api, mine)).toBe(`<a href="${mine}jobs/">x</a><link href="${mine}static/a.css">`);
    expect(dashboardLocation(`${api}jobs/`, api, mine)).toBe(`${mine}jobs/`);
    expect(dashboardLocation('https://10.0.0.1:6443/api/v1/namespaces/ns/services/svc:4040/proxy/jobs/?id=1', api, mine)).toBe(`${mine}jobs/?id=1`);
    expect(dashboardLocation('/jobs/', api, mine)).toBe(`${mine}jobs/`);
    expect(dashboardLocation('jobs/', api, mine)).toBe(`${mine}jobs/`);
    // Never another site: a Location elsewhere stays inside the proxied UI.
    expect(dashboardLocation('https://evil.example/steal', api, mine)).toBe(`${mine}steal`);
  });
});
