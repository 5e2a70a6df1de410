// The real kubectl against the embedded cluster, TLS verified from the kubeconfig we write.
// Skipped where kubectl is not on PATH (a fresh CI machine may lack it).

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedCluster, type EmbeddedCluster } from './apiServer';
import { hasKubectl, rawRequest } from './testing';

const CRD_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'crds');

const run = promisify(execFile);


describe.skipIf(!hasKubectl())('kubectl against the embedded cluster', () => {
  let cluster: EmbeddedCluster;
  let dir: string;
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', path.join(dir, 'cache'), ...args]).then((r) => r.stdout);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-kubectl-'));
    cluster = await createEmbeddedCluster({ stateDir: dir });
    await rawRequest(cluster, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'spark' } } });
    for (const [name, role] of [['driver', 'driver'], ['exec-1', 'executor']]) {
      await rawRequest(cluster, 'POST', '/api/v1/namespaces/spark/pods', {
        body: { metadata: { name, labels: { 'spark-role': role } }, spec: { nodeName: 'node-a', containers: [{ name: 'spark', image: 'apache/spark:3.5.0' }] } },
      });
    }
    await rawRequest(cluster, 'POST', '/api/v1/namespaces/default/pods', { body: { metadata: { name: 'unrelated' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } });
  });

  afterAll(async () => {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists pods across namespaces by label, with the server-side table', async () => {
    const out = await kubectl('get', 'pods', '-A', '-l', 'spark-role');
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 4))).toEqual([
      ['spark', 'driver', '0/1', 'Pending'],
      ['spark', 'exec-1', '0/1', 'Pending'],
    ]);
  });

  it('patches the status subresource with a merge patch', async () => {
    expect(await kubectl('patch', 'pod', 'exec-1', '-n', 'spark', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Running"}}')).toMatch(/pod\/exec-1 patched/);
    expect(await kubectl('get', 'pod', 'exec-1', '-n', 'spark', '-o', 'jsonpath={.status.phase}')).toBe('Running');
  });

  it('creates from a manifest (server-side field validation) and deletes', async () => {
    const manifest = path.join(dir, 'pod.json');
    fs.writeFileSync(manifest, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'from-file', namespace: 'spark' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }));
    expect(await kubectl('create', '-f', manifest)).toMatch(/pod\/from-file created/);
    expect(await kubectl('delete', 'pod', 'from-file', '-n', 'spark', '--wait=false')).toMatch(/deleted/);
    expect(await kubectl('get', 'pods', '-n', 'spark', '-o', 'name')).toBe('pod/driver\npod/exec-1\n');
  });

  it('is refused a cluster-wide list as the restricted user', async () => {
    await expect(kubectl('--context', 'restricted', 'get', 'pods', '-A')).rejects.toThrow(
      /pods is forbidden: User "restricted-user" cannot list resource "pods" in API group "" at the cluster scope/,
    );
  });

  it('applies the operator CRDs and a SparkApplication, and lists it with the CRD printer columns', async () => {
    const crds = await kubectl('apply', '-f', CRD_DIR);
    expect(crds).toMatch(/customresourcedefinition.apiextensions.k8s.io\/sparkapplications.sparkoperator.k8s.io created/);
    expect(crds).toMatch(/customresourcedefinition.apiextensions.k8s.io\/sparkclusters.spark.apache.org created/);
    await kubectl('wait', '--for=condition=Established', '--timeout=10s', 'crd/sparkapplications.sparkoperator.k8s.io');
    const manifest = path.join(dir, 'spark-pi.yaml');
    fs.writeFileSync(manifest, [
      'apiVersion: sparkoperator.k8s.io/v1beta2',
      'kind: SparkApplication',
      'metadata: {name: spark-pi, namespace: spark}',
      'spec:',
      '  type: Scala',
      '  mode: cluster',
      '  sparkVersion: 3.5.0',
      '  image: apache/spark:3.5.0',
      '  mainClass: org.apache.spark.examples.SparkPi',
      '  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar',
      '  driver: {cores: 1, memory: 512m, serviceAccount: spark}',
      '  executor: {instances: 2, cores: 1, memory: 512m}',
    ].join('\n'));
    expect(await kubectl('apply', '-f', manifest)).toMatch(/sparkapplication.sparkoperator.k8s.io\/spark-pi created/);
    // Re-applying the same manifest changes nothing.
    expect(await kubectl('apply', '-f', manifest)).toMatch(/sparkapplication.sparkoperator.k8s.io\/spark-pi unchanged/);
    // Both operators call their kind SparkApplication (short name sparkapp): kubectl, like on a real
    // cluster, resolves the bare name to the first group (spark.apache.org), so this one is qualified.
    await kubectl('patch', 'sparkapplications.sparkoperator.k8s.io', 'spark-pi', '-n', 'spark', '--subresource=status', '--type=merge', '-p', '{"status":{"applicationState":{"state":"RUNNING"},"executionAttempts":1}}');
    const lines = (await kubectl('get', 'sparkapplications.sparkoperator.k8s.io', '-n', 'spark')).trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ATTEMPTS\s+START\s+FINISH\s+AGE$/);
    // START and FINISH are null cells (no such status fields yet): kubectl leaves them blank.
    expect(lines[1]).toMatch(/^spark-pi\s+RUNNING\s+1\s+\d+s$/);
    expect(await kubectl('get', 'sparkapplications', '-n', 'spark')).toBe('');
  });
});
