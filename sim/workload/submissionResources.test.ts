import { describe, expect, it } from 'vitest';
import { createPrng } from './prng';
import { basePlan, logShipperTemplate } from './scenarios/common';
import { newAppIdentity } from './sparkPods';
import { sparkProperties, submissionObjects, toYaml } from './submissionResources';
import { firstApp, harness, MINUTE } from './testHarness';

describe('toYaml', () => {
  it('writes nested objects and lists, quoting what YAML would misread', () => {
    expect(toYaml({ spec: { containers: [{ name: 'log-shipper', args: ['--config=/x.yaml'] }], emptyDir: {} }, flag: 'true', n: 3 })).toBe(
      ['spec:', '  containers:', '  - name: log-shipper', '    args:', '    - --config=/x.yaml', '  emptyDir: {}', 'flag: "true"', 'n: 3'].join('\n'),
    );
  });
});

describe('submission objects', () => {
  const plan = basePlan(createPrng(1), { story: 't', appName: 'recs-candidate-gen', namespace: 'spark-ml', serviceAccount: 'spark-driver', instances: 12, runtimeMs: 1 }, {
    template: logShipperTemplate({ executorContainerName: 'executor', containerNameConfigured: false }),
    volumes: [{ type: 'persistentVolumeClaim', name: 'spark-local-dir-1', mountPath: '/data', options: { claimName: 'OnDemand', storageClass: 'gp3', sizeLimit: '100Gi' } }],
  });
  const id = newAppIdentity(plan, createPrng(2), Date.UTC(2025, 10, 24));

  it('resolve the Spark configuration that produces the pods, volumes included', () => {
    const props = sparkProperties(plan, id);
    expect(props['spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.claimName']).toBe('OnDemand');
    expect(props['spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.mount.path']).toBe('/data');
    expect(props['spark.kubernetes.executor.podTemplateFile']).toBe('/opt/spark/pod-template/pod-spec-template.yml');
    // The trap: the template renames the container but the name is not configured.
    expect(props['spark.kubernetes.executor.podTemplateContainerName']).toBeUndefined();
    expect(props['spark.executor.instances']).toBe('12');
  });

  it('are the driver conf map, the template conf map and the headless service, owned by the driver', () => {
    const objects = submissionObjects(plan, id, 'driver-uid', new Date(Date.UTC(2025, 10, 24)));
    expect(objects.map((o) => o.name)).toEqual([`spark-drv-${id.uniqueId}-conf-map`, `${id.prefix}-driver-podspec-conf-map`, `${id.prefix}-driver-svc`]);
    for (const o of objects) expect((o.body.metadata as { ownerReferences: unknown[] }).ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: id.driverPodName, uid: 'driver-uid', controller: true }]);
    const template = (objects[1]!.body.data as Record<string, string>)['pod-spec-template.yml']!;
    expect(template).toContain('  - name: executor');
    expect(template).toContain('  - name: log-shipper');
    const props = (objects[0]!.body.data as Record<string, string>)['spark.properties']!;
    expect(props).toContain('spark.master=k8s\\://https\\://kubernetes.default.svc\\:443');
    expect(props.split('\n').slice(0, 2)).toEqual(['#Java Properties', '#Mon Nov 24 00:00:00 UTC 2025']);
    expect(objects[2]!.body.spec).toMatchObject({ clusterIP: 'None', selector: { 'spark-role': 'driver', 'spark-app-selector': id.appId } });
  });

  it('are created after the driver pod and removed when the application ends', async () => {
    const { fake, sim } = harness({ stories: ['container-name-trap'] });
    await sim.start();
    await sim.advance(MINUTE);
    const app = firstApp(fake);
    const ns = app.driver.metadata!.namespace!;
    const names = fake.list(`/api/v1/namespaces/${ns}/configmaps`).map((c) => c.metadata?.name);
    expect(names).toHaveLength(3);
    expect(fake.list(`/api/v1/namespaces/${ns}/services`)).toHaveLength(1);
    const driverCreate = fake.calls.findIndex((c) => c.method === 'POST' && c.path.endsWith('/pods'));
    expect(fake.calls.findIndex((c) => c.method === 'POST' && c.path.endsWith('/configmaps'))).toBeGreaterThan(driverCreate);
    await sim.advance(16 * MINUTE);
    // At stop the driver deletes its service and the executor conf map.
    expect(fake.get(`/api/v1/namespaces/${ns}/services/${app.driver.metadata!.name}-svc`)).toBeUndefined();
    await sim.advance(7 * MINUTE);
    expect(fake.list(`/api/v1/namespaces/${ns}/configmaps`).filter((c) => c.metadata?.labels?.['spark-app-selector'] === app.appId)).toEqual([]);
  });
});
