// The embedded cluster over real HTTPS with mutual TLS, driven by @kubernetes/client-node 1.4
// the way our watch and polling sources use it: create, status patches, deletes, watches with
// resume and 410, paging, authorization and injected faults.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiException, CoreV1Api, PatchStrategy, setHeaderOptions, Watch, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedCluster, type EmbeddedCluster } from './apiServer';
import { kubeConfigFor, rawRequest, streamLines } from './testing';

let cluster: EmbeddedCluster;
let core: CoreV1Api;
let stateDir: string;

const pod = (name: string, extra: { labels?: Record<string, string>; nodeName?: string } = {}): V1Pod => ({
  metadata: { name, labels: { 'spark-role': 'executor', 'spark-app-selector': 'app-1', ...extra.labels } },
  spec: { ...(extra.nodeName ? { nodeName: extra.nodeName } : {}), containers: [{ name: 'spark-kubernetes-executor', image: 'apache/spark:3.5.0' }] },
});

async function namespace(name: string): Promise<string> {
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

async function expectApiError(p: Promise<unknown>, code: number): Promise<any> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiException);
    expect((e as ApiException<unknown>).code).toBe(code);
    const body = (e as ApiException<unknown>).body;
    return typeof body === 'string' ? JSON.parse(body) : body;
  }
  throw new Error(`expected HTTP ${code}`);
}

interface Collected {
  events: { type: string; object: any }[];
  done: Promise<unknown>;
  abort: AbortController;
}

async function watch(pathName: string, query: Record<string, string | number | boolean>): Promise<Collected> {
  const events: Collected['events'] = [];
  let finish: (v: unknown) => void = () => {};
  const done = new Promise((r) => (finish = r));
  const abort = await new Watch(kubeConfigFor(cluster)).watch(pathName, query, (type, object) => events.push({ type, object }), (err) => finish(err ?? null));
  return { events, done, abort };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-cluster-test-'));
  cluster = await createEmbeddedCluster({
    stateDir,
    seed: 42,
    bookmarkIntervalMs: 200,
    // restricted-user may list and watch pods in namespaces named "team-*" only.
    authorize: (user, _groups, a) => ({ allowed: user === 'restricted-user' && a.resource === 'pods' && (a.verb === 'list' || a.verb === 'watch') && a.namespace.startsWith('team-') }),
  });
  core = kubeConfigFor(cluster).makeApiClient(CoreV1Api);
});

afterAll(async () => {
  await cluster.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('embedded cluster over HTTPS', () => {
  it('verifies TLS against its own CA and answers health and version without credentials', async () => {
    const healthz = await rawRequest(cluster, 'GET', '/healthz', { identity: null });
    expect(healthz.status).toBe(200);
    expect(healthz.text).toBe('ok');
    const version = await rawRequest(cluster, 'GET', '/version', { identity: null });
    expect(version.json).toMatchObject({ major: '1', minor: '34' });
    // Anonymous requests are system:anonymous, forbidden like on a real cluster.
    const anon = await rawRequest(cluster, 'GET', '/api/v1/pods', { identity: null });
    expect(anon.status).toBe(403);
    expect(anon.json.message).toBe('pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" at the cluster scope');
  });

  it('creates pods with the real defaults and lists them across namespaces', async () => {
    const ns = await namespace('create-list');
    const created = await core.createNamespacedPod({ namespace: ns, body: pod('exec-1', { nodeName: 'node-a' }) });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.generation).toBe(1);
    expect(created.spec?.dnsPolicy).toBe('ClusterFirst');
    expect(created.spec?.tolerations).toHaveLength(2);
    expect(created.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(created.metadata?.managedFields?.[0]?.manager).toBeTruthy();
    await core.createNamespacedPod({ namespace: ns, body: { ...pod('driver'), metadata: { name: 'driver', labels: { 'spark-role': 'driver' } } } });
    await core.createNamespacedPod({ namespace: ns, body: { metadata: { name: 'other' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } });
    const list = await core.listPodForAllNamespaces({ labelSelector: 'spark-role' });
    expect(list.items.filter((p) => p.metadata?.namespace === ns).map((p) => p.metadata?.name)).toEqual(['driver', 'exec-1']);
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThan(0);
    const dup = await expectApiError(core.createNamespacedPod({ namespace: ns, body: pod('exec-1') }), 409);
    expect(dup).toMatchObject({ reason: 'AlreadyExists', message: 'pods "exec-1" already exists', details: { name: 'exec-1', kind: 'pods' } });
    const missing = await expectApiError(core.readNamespacedPod({ namespace: ns, name: 'nope' }), 404);
    expect(missing.message).toBe('pods "nope" not found');
    const noNs = await expectApiError(core.createNamespacedPod({ namespace: 'absent', body: pod('x') }), 404);
    expect(noNs.message).toBe('namespaces "absent" not found');
  });

  it('generates names, rejects invalid pods with 422, and keeps status out of main-resource writes', async () => {
    const ns = await namespace('generate');
    const generated = await core.createNamespacedPod({ namespace: ns, body: { metadata: { generateName: 'spark-exec-' }, spec: pod('x').spec } });
    expect(generated.metadata?.name).toMatch(/^spark-exec-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const invalid = await expectApiError(core.createNamespacedPod({ namespace: ns, body: { metadata: { name: 'Bad_Name' }, spec: { containers: [] } } }), 422);
    expect(invalid.reason).toBe('Invalid');
    expect(invalid.details.causes.map((c: { field: string }) => c.field)).toEqual(['metadata.name', 'spec.containers']);
    // Labels are validated as kube-apiserver does: a key is a qualified name, a value a label value.
    const badLabel = await expectApiError(core.createNamespacedPod({ namespace: ns, body: { metadata: { name: 'labelled', labels: { 'spark-app-selector': 'spark-linked job' } }, spec: pod('x').spec } }), 422);
    expect(badLabel.message).toMatch(/^Pod "labelled" is invalid: metadata\.labels: Invalid value: "spark-linked job": a valid label must be an empty string or consist of alphanumeric characters/);
    const patched = await core.patchNamespacedPod(
      { namespace: ns, name: generated.metadata!.name!, body: { metadata: { labels: { extra: 'x' } }, status: { phase: 'Running' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.labels?.extra).toBe('x');
    expect(patched.status?.phase).toBe('Pending');
  });

  it('patches pod status with merge, strategic and JSON patches, ignoring spec changes', async () => {
    const ns = await namespace('status');
    await core.createNamespacedPod({ namespace: ns, body: pod('p', { nodeName: 'node-a' }) });
    const merged = await core.patchNamespacedPodStatus(
      { namespace: ns, name: 'p', body: { spec: { nodeName: 'elsewhere' }, status: { phase: 'Running', podIP: '10.1.0.5', conditions: [{ type: 'Ready', status: 'True' }] } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.spec?.nodeName).toBe('node-a');
    expect(merged.status?.phase).toBe('Running');
    expect(merged.status?.podIPs).toEqual([{ ip: '10.1.0.5' }]);
    const strategic = await core.patchNamespacedPodStatus(
      { namespace: ns, name: 'p', body: { status: { conditions: [{ type: 'ContainersReady', status: 'True' }] } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.status?.conditions?.map((c) => c.type)).toEqual(['ContainersReady', 'Ready']);
    // client-node's default patch type is JSON patch.
    const jsonPatched = await core.patchNamespacedPodStatus({ namespace: ns, name: 'p', body: [{ op: 'replace', path: '/status/phase', value: 'Succeeded' }] });
    expect(jsonPatched.status?.phase).toBe('Succeeded');
    // A patch that changes nothing writes nothing: same resourceVersion.
    const again = await core.patchNamespacedPodStatus({ namespace: ns, name: 'p', body: [{ op: 'replace', path: '/status/phase', value: 'Succeeded' }] });
    expect(again.metadata?.resourceVersion).toBe(jsonPatched.metadata?.resourceVersion);
    const stale = await expectApiError(core.replaceNamespacedPodStatus({ namespace: ns, name: 'p', body: { ...jsonPatched, metadata: { ...jsonPatched.metadata, resourceVersion: '1' } } }), 409);
    expect(stale.message).toBe('Operation cannot be fulfilled on pods "p": the object has been modified; please apply your changes to the latest version and try again');
    const unsupported = await rawRequest(cluster, 'PATCH', `/api/v1/namespaces/${ns}/pods/p/status`, { body: { status: {} }, contentType: 'application/json' });
    expect(unsupported.status).toBe(415);
  });

  it('deletes like the pod strategy: unbound at once, bound gracefully, then with grace 0', async () => {
    const ns = await namespace('delete');
    await core.createNamespacedPod({ namespace: ns, body: pod('unbound') });
    await core.createNamespacedPod({ namespace: ns, body: pod('bound', { nodeName: 'node-a' }) });
    const w = await watch(`/api/v1/namespaces/${ns}/pods`, { resourceVersion: '0' });
    await until(() => w.events.length === 2);
    const gone = (await core.deleteNamespacedPod({ namespace: ns, name: 'unbound' })) as V1Pod;
    expect(gone.metadata?.deletionGracePeriodSeconds).toBe(0);
    const terminating = (await core.deleteNamespacedPod({ namespace: ns, name: 'bound' })) as V1Pod;
    expect(terminating.metadata?.deletionGracePeriodSeconds).toBe(30);
    expect(terminating.metadata?.generation).toBe(2);
    expect((await core.readNamespacedPod({ namespace: ns, name: 'bound' })).metadata?.deletionTimestamp).toBeTruthy();
    await core.deleteNamespacedPod({ namespace: ns, name: 'bound', gracePeriodSeconds: 0 });
    await expectApiError(core.readNamespacedPod({ namespace: ns, name: 'bound' }), 404);
    await until(() => w.events.length === 7);
    // Even an immediate delete stamps deletionTimestamp first (MODIFIED), as the real server does.
    expect(w.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED bound', 'ADDED unbound', 'MODIFIED unbound', 'DELETED unbound', 'MODIFIED bound', 'MODIFIED bound', 'DELETED bound',
    ]);
    w.abort.abort();
  });

  it('resumes a watch from a resourceVersion, and answers 410 Expired after compaction', async () => {
    const ns = await namespace('resume');
    const first = await watch(`/api/v1/namespaces/${ns}/pods`, {});
    await core.createNamespacedPod({ namespace: ns, body: pod('a') });
    await until(() => first.events.length === 1);
    const lastRv = first.events[0]!.object.metadata.resourceVersion as string;
    first.abort.abort();
    await core.createNamespacedPod({ namespace: ns, body: pod('b') });
    await core.patchNamespacedPod({ namespace: ns, name: 'a', body: { metadata: { labels: { step: '2' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    const resumed = await watch(`/api/v1/namespaces/${ns}/pods`, { resourceVersion: lastRv });
    await until(() => resumed.events.length === 2);
    expect(resumed.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED b', 'MODIFIED a']);
    resumed.abort.abort();

    cluster.faults.compactHistory();
    const expired = await watch(`/api/v1/namespaces/${ns}/pods`, { resourceVersion: lastRv });
    await expired.done;
    expect(expired.events).toHaveLength(1);
    expect(expired.events[0]!.type).toBe('ERROR');
    expect(expired.events[0]!.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(expired.events[0]!.object.message).toMatch(new RegExp(`^too old resource version: ${lastRv} \\(\\d+\\)$`));
  });

  it('filters watches by label selector, turning label changes into ADDED/DELETED', async () => {
    const ns = await namespace('selector-watch');
    await core.createNamespacedPod({ namespace: ns, body: pod('a') });
    const w = await watch(`/api/v1/namespaces/${ns}/pods`, { labelSelector: 'spark-role=executor' });
    await until(() => w.events.length === 1);
    await core.patchNamespacedPod({ namespace: ns, name: 'a', body: { metadata: { labels: { 'spark-role': 'gone' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.patchNamespacedPod({ namespace: ns, name: 'a', body: { metadata: { labels: { 'spark-role': 'executor' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await until(() => w.events.length === 3);
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'DELETED', 'ADDED']);
    // Leaving the selection shows the previous object at the new revision (observed on the real cacher).
    expect(w.events[1]!.object.metadata.labels['spark-role']).toBe('executor');
    expect(Number(w.events[1]!.object.metadata.resourceVersion)).toBeGreaterThan(Number(w.events[0]!.object.metadata.resourceVersion));
    w.abort.abort();
  });

  it('paginates a consistent snapshot with limit and continue, and expires old tokens', async () => {
    const ns = await namespace('paging');
    for (let i = 0; i < 7; i++) await core.createNamespacedPod({ namespace: ns, body: pod(`p${i}`) });
    const page1 = await core.listNamespacedPod({ namespace: ns, limit: 3 });
    expect(page1.items.map((p) => p.metadata?.name)).toEqual(['p0', 'p1', 'p2']);
    expect(page1.metadata?.remainingItemCount).toBe(4);
    expect(JSON.parse(Buffer.from(page1.metadata!._continue!, 'base64url').toString())).toEqual({ v: 'meta.k8s.io/v1', rv: Number(page1.metadata!.resourceVersion), start: '/p2\u0000' });
    // Writes between pages do not show up: pages come from the first page's snapshot.
    await core.deleteNamespacedPod({ namespace: ns, name: 'p4' });
    await core.createNamespacedPod({ namespace: ns, body: pod('p35') });
    const page2 = await core.listNamespacedPod({ namespace: ns, limit: 3, _continue: page1.metadata!._continue! });
    expect(page2.items.map((p) => p.metadata?.name)).toEqual(['p3', 'p4', 'p5']);
    expect(page2.metadata?.resourceVersion).toBe(page1.metadata?.resourceVersion);
    expect(page2.metadata?.remainingItemCount).toBe(1);
    const page3 = await core.listNamespacedPod({ namespace: ns, limit: 3, _continue: page2.metadata!._continue! });
    expect(page3.items.map((p) => p.metadata?.name)).toEqual(['p6']);
    expect(page3.metadata?._continue).toBeUndefined();
    // resourceVersion=0 is answered from the cache without paging.
    expect((await core.listNamespacedPod({ namespace: ns, limit: 3, resourceVersion: '0' })).items).toHaveLength(7);

    cluster.faults.compactHistory();
    const gone = await expectApiError(core.listNamespacedPod({ namespace: ns, limit: 3, _continue: page1.metadata!._continue! }), 410);
    expect(gone.reason).toBe('Expired');
    expect(gone.message).toMatch(/^The provided continue parameter is too old/);
    expect(gone.metadata.continue).toBeTruthy();
  });

  it('answers 403 to the restricted identity with the real wording, and asks the authorizer', async () => {
    const ns = await namespace('team-a');
    const restricted = kubeConfigFor(cluster, 'restricted').makeApiClient(CoreV1Api);
    const cluster403 = await expectApiError(restricted.listPodForAllNamespaces(), 403);
    expect(cluster403).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'pods is forbidden: User "restricted-user" cannot list resource "pods" in API group "" at the cluster scope',
      reason: 'Forbidden', details: { kind: 'pods' }, code: 403,
    });
    const ns403 = await expectApiError(restricted.listNamespacedPod({ namespace: 'default' }), 403);
    expect(ns403.message).toBe('pods is forbidden: User "restricted-user" cannot list resource "pods" in API group "" in the namespace "default"');
    const get403 = await expectApiError(restricted.readNamespacedPod({ namespace: ns, name: 'x' }), 403);
    expect(get403.message).toBe('pods "x" is forbidden: User "restricted-user" cannot get resource "pods" in API group "" in the namespace "team-a"');
    expect((await restricted.listNamespacedPod({ namespace: ns })).items).toEqual([]);

    const sar = await rawRequest(cluster, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'restricted-user', resourceAttributes: { namespace: ns, verb: 'list', resource: 'pods' } } },
    });
    expect(sar.status).toBe(201);
    expect(sar.json.status).toEqual({ allowed: true });
    const self = await rawRequest(cluster, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      identity: 'restricted', body: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { resourceAttributes: { verb: 'delete', resource: 'pods', namespace: ns } } },
    });
    expect(self.json.status).toEqual({ allowed: false });
    const sar403 = await rawRequest(cluster, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { identity: 'restricted', body: { spec: { user: 'x', resourceAttributes: { verb: 'list', resource: 'pods' } } } });
    expect(sar403.json.message).toBe('subjectaccessreviews.authorization.k8s.io is forbidden: User "restricted-user" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope');
  });

  it('injects failures, outages, malformed lines and cut watches', async () => {
    const ns = await namespace('faults');
    cluster.faults.failNext({ verb: 'list', resource: 'pods' }, 503);
    const unavailable = await expectApiError(core.listNamespacedPod({ namespace: ns }), 503);
    expect(unavailable.reason).toBe('ServiceUnavailable');
    expect((await core.listNamespacedPod({ namespace: ns })).items).toEqual([]);

    const stream = await streamLines(cluster, `/api/v1/namespaces/${ns}/pods?watch=1&resourceVersion=${cluster.store.resourceVersion}`);
    cluster.faults.injectMalformedWatchLine('{"type":"ADDED","object":');
    await core.createNamespacedPod({ namespace: ns, body: pod('after-garbage') });
    await stream.waitFor(2);
    expect(stream.lines[0]).toBe('{"type":"ADDED","object":');
    expect(JSON.parse(stream.lines[1]!).object.metadata.name).toBe('after-garbage');
    cluster.faults.closeAllWatches();
    await stream.ended;

    const port = cluster.port;
    const cut = await watch(`/api/v1/namespaces/${ns}/pods`, { resourceVersion: String(cluster.store.resourceVersion) });
    await cluster.faults.setDown(true);
    await cut.done;
    await expect(core.listNamespacedPod({ namespace: ns })).rejects.toThrow(/ECONNREFUSED|connect/);
    await cluster.faults.setDown(false);
    expect(cluster.port).toBe(port);
    expect((await core.listNamespacedPod({ namespace: ns })).items.map((p) => p.metadata?.name)).toEqual(['after-garbage']);
  });

  it('sends bookmarks to watches that allow them, only when the kind moved on', async () => {
    const ns = await namespace('bookmarks');
    await namespace('bookmarks-other');
    const w = await watch(`/api/v1/namespaces/${ns}/pods`, { allowWatchBookmarks: true, resourceVersion: String(cluster.store.resourceVersion) });
    await new Promise((r) => setTimeout(r, 500));
    expect(w.events).toEqual([]);
    await core.createNamespacedPod({ namespace: 'bookmarks-other', body: pod('elsewhere') });
    await until(() => w.events.length > 0);
    expect(w.events[0]!.type).toBe('BOOKMARK');
    expect(w.events[0]!.object).toEqual({ kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(cluster.store.resourceVersion) }, spec: { containers: null }, status: {} });
    w.abort.abort();
  });

  it('ends a watch after timeoutSeconds', async () => {
    const stream = await streamLines(cluster, '/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1&resourceVersion=0');
    const start = Date.now();
    await stream.ended;
    expect(Date.now() - start).toBeGreaterThanOrEqual(900);
  });

  it('keeps its CA across restarts with the same state directory', async () => {
    const again = await createEmbeddedCluster({ stateDir });
    try {
      expect(again.caPem).toBe(cluster.caPem);
      expect(again.port).not.toBe(cluster.port);
    } finally {
      await again.stop();
    }
  });
});
