// The Kubernetes API behaviours the dashboard and the simulator rely on, asserted identically
// on the embedded cluster and on a real kube-apiserver: status codes and Status bodies,
// defaults, the status subresource, deletion with and without grace, list shapes and
// pagination, watch event shapes, 410 on expired history, bookmarks, 403s and access reviews.
// Any difference found here is a bug in the embedded cluster.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeList, KubePod, KubeStatus } from '../../lib/kube/types';
import { pendingExecutor, runningExecutor } from '../../lib/spark/testing/podFixtures';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { availableBackends, startBackend, type Backend } from './backends';
import { createNamespace, createPod, deletePod, expectApiError, MERGE_PATCH, patchPodStatus, podPath, statusOf, uniqueName, waitFor } from './kubeOps';

const NODE = 'ip-10-0-4-4.ec2.internal';
type Line = { type: string; object: KubePod & KubeStatus };

/** Opens a watch and collects its events until `stop()` or the server ends it. */
function collect(api: KubeTransport, path: string, query: Record<string, string | number | boolean>) {
  const lines: Line[] = [];
  let ended = false;
  let error: Error | null = null;
  const handle = api.watch(path, query, {
    onLine: (l) => lines.push(JSON.parse(l)),
    onClose: (e) => { ended = true; error = e; },
  }, 120_000);
  return { lines, stop: () => handle.abort(), ended: () => ended, error: () => error };
}

const minimalPod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { 'spark-role': 'executor' } }, spec: { containers: [{ name: 'c', image: 'apache/spark:4.1.1' }] } });

describe.each(availableBackends())('Kubernetes API contract on %s', (kind) => {
  let backend: Backend;
  let api: KubeTransport;
  let ns: string;
  beforeAll(async () => {
    backend = await startBackend(kind);
    api = backend.transport('admin');
    ns = uniqueName('api');
    await createNamespace(api, ns);
  }, 180_000);
  afterAll(async () => { await backend?.close(); });

  it('fills in the defaults a real API server sets on a new pod', async () => {
    const pod = await api.requestJson<KubePod>('POST', podPath(ns), { body: minimalPod('defaults') });
    expect(pod.metadata).toMatchObject({ name: 'defaults', namespace: ns, generation: 1 });
    expect(pod.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(pod.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(pod.metadata?.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(pod.metadata?.managedFields?.length).toBeGreaterThan(0);
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', securityContext: {}, schedulerName: 'default-scheduler',
      priority: 0, enableServiceLinks: true, preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
    expect(pod.spec?.containers?.[0]).toMatchObject({ resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' });
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('answers errors with a Status body of the same code', async () => {
    const missing = await expectApiError(api.getJson(podPath(ns, 'nope')));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'pods' }, code: 404 });
    await api.requestJson('POST', podPath(ns), { body: minimalPod('dup') });
    const dup = await expectApiError(api.requestJson('POST', podPath(ns), { body: minimalPod('dup') }));
    expect(dup.body).toMatchObject({ status: 'Failure', message: 'pods "dup" already exists', reason: 'AlreadyExists', details: { name: 'dup', kind: 'pods' }, code: 409 });
    const current = await api.getJson<KubePod>(podPath(ns, 'dup'));
    await api.requestJson('PATCH', podPath(ns, 'dup'), { body: { metadata: { labels: { touched: 'yes' } } }, contentType: MERGE_PATCH });
    const stale = await expectApiError(api.requestJson('PUT', podPath(ns, 'dup'), { body: current }));
    expect(stale.body).toMatchObject({ reason: 'Conflict', code: 409, message: 'Operation cannot be fulfilled on pods "dup": the object has been modified; please apply your changes to the latest version and try again' });
    const media = await expectApiError(api.requestJson('PATCH', podPath(ns, 'dup'), { body: { metadata: {} }, contentType: 'application/json' }));
    expect(media.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: '415: Unsupported Media Type', reason: 'UnsupportedMediaType', details: {}, code: 415 });
    const invalid = await expectApiError(api.requestJson('POST', podPath(ns), { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: {} } }));
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ reason: 'Invalid', details: { name: 'Bad_Name', kind: 'Pod' } });
    expect(invalid.body?.details?.causes?.map((c) => c.field)).toEqual(expect.arrayContaining(['metadata.name', 'spec.containers']));
    const dupVolumes = await expectApiError(api.requestJson('POST', podPath(ns), { body: { ...minimalPod('dup-volumes'), spec: { containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] } } }));
    expect(dupVolumes.status).toBe(422);
    expect(dupVolumes.body?.details?.causes).toContainEqual({ reason: 'FieldValueDuplicate', message: 'Duplicate value: "v"', field: 'spec.volumes[1].name' });
    const selector = await expectApiError(api.getJson(podPath(ns), { labelSelector: 'spark-role in (' }));
    expect(selector.status).toBe(400);
    expect(selector.body).toMatchObject({ reason: 'BadRequest', code: 400 });
  });

  it('forbids the restricted identity with the real wording', async () => {
    const restricted = backend.transport('restricted');
    const all = await expectApiError(restricted.getJson('/api/v1/pods'));
    expect(all.body).toMatchObject({ reason: 'Forbidden', code: 403, details: { kind: 'pods' }, message: 'pods is forbidden: User "restricted-user" cannot list resource "pods" in API group "" at the cluster scope' });
    const one = await expectApiError(restricted.getJson(podPath(ns)));
    expect(one.body?.message).toBe(`pods is forbidden: User "restricted-user" cannot list resource "pods" in API group "" in the namespace "${ns}"`);
  });

  it('writes status only through the status subresource', async () => {
    await createPod(api, ns, pendingExecutor(1, { namespace: ns }), { nodeName: NODE });
    const name = pendingExecutor(1, { namespace: ns }).metadata!.name!;
    const running = statusOf(runningExecutor(1, { namespace: ns }));
    const viaMain = await api.requestJson<KubePod>('PATCH', podPath(ns, name), { body: { status: { phase: 'Running' } }, contentType: MERGE_PATCH });
    expect(viaMain.status?.phase).toBe('Pending');
    const patched = await patchPodStatus(api, ns, name, running);
    expect(patched.status?.phase).toBe('Running');
    expect(patched.status?.podIPs).toEqual([{ ip: running.podIP }]);
    expect(patched.status?.conditions?.every((c) => 'lastProbeTime' in c)).toBe(true);
    // Spec changes sent to /status are ignored; labels sent there are applied.
    const mixed = await api.requestJson<KubePod>('PATCH', `${podPath(ns, name)}/status`, { body: { metadata: { labels: { via: 'status' } }, spec: { nodeName: 'elsewhere' } }, contentType: MERGE_PATCH });
    expect(mixed.spec?.nodeName).toBe(NODE);
    expect(mixed.metadata?.labels?.via).toBe('status');
    // Labels of a bound pod may change through the main resource (Spark's spark-exec-inactive).
    const labelled = await api.requestJson<KubePod>('PATCH', podPath(ns, name), { body: { metadata: { labels: { 'spark-exec-inactive': 'true' } } }, contentType: MERGE_PATCH });
    expect(labelled.metadata?.labels?.['spark-exec-inactive']).toBe('true');
  });

  it('deletes bound pods gracefully and the rest at once, with the events a real server sends', async () => {
    const list = await api.getJson<KubeList<KubePod>>(podPath(ns));
    const watch = collect(api, podPath(ns), { resourceVersion: list.metadata!.resourceVersion!, labelSelector: 'spark-role' });
    await createPod(api, ns, pendingExecutor(7, { namespace: ns }), { nodeName: NODE });
    const bound = pendingExecutor(7, { namespace: ns }).metadata!.name!;
    const t0 = Date.now();
    const graceful = await deletePod(api, ns, bound);
    expect(graceful.kind).toBe('Pod');
    expect(graceful.metadata?.deletionGracePeriodSeconds).toBe(30);
    // The delete time plus the 30 s grace, truncated to whole seconds.
    expect(Date.parse(graceful.metadata!.deletionTimestamp!)).toBeGreaterThanOrEqual(t0 + 29_000);
    expect((await api.getJson<KubePod>(podPath(ns, bound))).metadata?.deletionTimestamp).toBe(graceful.metadata?.deletionTimestamp);
    const again = await deletePod(api, ns, bound);
    expect(again.metadata?.resourceVersion).toBe(graceful.metadata?.resourceVersion);
    await deletePod(api, ns, bound, 0);
    expect((await expectApiError(api.getJson(podPath(ns, bound)))).status).toBe(404);

    await api.requestJson('POST', podPath(ns), { body: minimalPod('unbound') });
    const immediate = await deletePod(api, ns, 'unbound');
    expect(immediate.metadata?.deletionGracePeriodSeconds).toBe(0);
    expect((await expectApiError(api.getJson(podPath(ns, 'unbound')))).status).toBe(404);

    await waitFor('watch events', () => watch.lines.filter((l) => l.object.metadata?.name === 'unbound' && l.type === 'DELETED').length === 1);
    watch.stop();
    const ofBound = watch.lines.filter((l) => l.object.metadata?.name === bound).map((l) => l.type);
    expect(ofBound).toEqual(['ADDED', 'MODIFIED', 'MODIFIED', 'DELETED']);
    for (const l of watch.lines) expect(l.object).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
    const deleted = watch.lines.find((l) => l.type === 'DELETED' && l.object.metadata?.name === bound)!;
    const before = watch.lines.filter((l) => l.object.metadata?.name === bound)[2];
    expect(Number(deleted.object.metadata!.resourceVersion)).toBeGreaterThan(Number(before.object.metadata!.resourceVersion));
  });

  it('lists with the real shape, pages with limit/continue, and ignores limit at resourceVersion=0', async () => {
    const pns = uniqueName('pages');
    await createNamespace(api, pns);
    for (const n of ['a', 'b', 'c', 'd', 'e']) await api.requestJson('POST', podPath(pns), { body: minimalPod(`p-${n}`) });
    const first = await api.getJson<KubeList<KubePod> & { kind: string; apiVersion: string }>(podPath(pns), { limit: 2 });
    expect(first.kind).toBe('PodList');
    expect(first.apiVersion).toBe('v1');
    expect(first.items.map((p) => p.metadata?.name)).toEqual(['p-a', 'p-b']);
    expect(first.items[0]).not.toHaveProperty('kind');
    expect(first.metadata).toMatchObject({ remainingItemCount: 3 });
    const token = JSON.parse(Buffer.from(first.metadata!.continue!, 'base64url').toString());
    expect(token).toEqual({ v: 'meta.k8s.io/v1', rv: Number(first.metadata!.resourceVersion), start: '/p-b\u0000' });
    const second = await api.getJson<KubeList<KubePod>>(podPath(pns), { limit: 2, continue: first.metadata!.continue });
    expect(second.items.map((p) => p.metadata?.name)).toEqual(['p-c', 'p-d']);
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    const last = await api.getJson<KubeList<KubePod>>(podPath(pns), { limit: 2, continue: second.metadata!.continue });
    expect(last.items.map((p) => p.metadata?.name)).toEqual(['p-e']);
    expect(last.metadata?.continue).toBeUndefined();
    expect(last.metadata?.remainingItemCount).toBeUndefined();
    const cached = await api.getJson<KubeList<KubePod>>(podPath(pns), { limit: 2, resourceVersion: '0' });
    expect(cached.items).toHaveLength(5);
    expect(cached.metadata?.continue).toBeUndefined();
  });

  it('watches: initial events without a resourceVersion, DELETED when a pod stops matching, a clean end at timeoutSeconds', async () => {
    const wns = uniqueName('watch');
    await createNamespace(api, wns);
    await api.requestJson('POST', podPath(wns), { body: minimalPod('w-b') });
    await api.requestJson('POST', podPath(wns), { body: minimalPod('w-a') });
    // Long enough that the server cannot end it before the events below, however slow the machine.
    const watch = collect(api, podPath(wns), { labelSelector: 'spark-role=executor', timeoutSeconds: 30 });
    await waitFor('initial events', () => watch.lines.length >= 2);
    expect(watch.lines.slice(0, 2).map((l) => [l.type, l.object.metadata?.name])).toEqual([['ADDED', 'w-a'], ['ADDED', 'w-b']]);
    await api.requestJson('PATCH', podPath(wns, 'w-a'), { body: { metadata: { labels: { 'spark-role': 'driver' } } }, contentType: MERGE_PATCH });
    await waitFor('unmatch', () => watch.lines.some((l) => l.type === 'DELETED'));
    expect(watch.lines[2]).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'w-a' } } });
    watch.stop();
    // A short watch of its own for the clean end at timeoutSeconds.
    const short = collect(api, podPath(wns), { labelSelector: 'spark-role=executor', timeoutSeconds: 2 });
    await waitFor('the server ends the watch', () => short.ended(), 15_000);
    expect(short.error()).toBeNull();
  });

  it('a watch from expired history gets HTTP 200 and one ERROR event with 410 Expired', async () => {
    const ens = uniqueName('expire');
    await createNamespace(api, ens);
    const list = await api.getJson<KubeList<KubePod>>(podPath(ens));
    await api.requestJson('POST', podPath(ens), { body: minimalPod('after') });
    await backend.expireWatchHistory();
    const watch = collect(api, podPath(ens), { resourceVersion: list.metadata!.resourceVersion! });
    await waitFor('the watch to end', () => watch.ended(), 20_000);
    expect(watch.error()).toBeNull();
    expect(watch.lines).toHaveLength(1);
    expect(watch.lines[0].type).toBe('ERROR');
    expect(watch.lines[0].object).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
    expect(watch.lines[0].object.message).toMatch(/too old resource version: \d+ \(\d+\)/);
  });

  it('sends bookmarks shaped like the real ones when asked, once the cache has moved on', async () => {
    const bns = uniqueName('bookmark');
    await createNamespace(api, bns);
    const list = await api.getJson<KubeList<KubePod>>(podPath(bns));
    const watch = collect(api, podPath(bns), { resourceVersion: list.metadata!.resourceVersion!, allowWatchBookmarks: true, timeoutSeconds: 5 });
    // A change elsewhere moves the resourceVersion past this watch's.
    await api.requestJson('POST', podPath(ns), { body: minimalPod(uniqueName('elsewhere')) });
    await waitFor('the watch to end', () => watch.ended(), 15_000);
    const bookmarks = watch.lines.filter((l) => l.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThanOrEqual(1);
    expect(bookmarks[0].object).toMatchObject({ kind: 'Pod', apiVersion: 'v1', spec: { containers: null }, status: {} });
    expect(Number(bookmarks[0].object.metadata?.resourceVersion)).toBeGreaterThan(Number(list.metadata!.resourceVersion));
    expect(Object.keys(bookmarks[0].object.metadata ?? {})).toEqual(['resourceVersion']);
  });

  it('answers SubjectAccessReviews with the real shape', async () => {
    const review = (user: string, verb: string, namespace: string) => api.requestJson<{ kind: string; apiVersion: string; spec: unknown; status: { allowed: boolean; reason?: string } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user, resourceAttributes: { verb, resource: 'pods', namespace } } },
    });
    const denied = await review('restricted-user', 'list', ns);
    expect(denied.kind).toBe('SubjectAccessReview');
    expect(denied.apiVersion).toBe('authorization.k8s.io/v1');
    expect(denied.spec).toMatchObject({ user: 'restricted-user', resourceAttributes: { verb: 'list', resource: 'pods', namespace: ns } });
    expect(denied.status).toEqual({ allowed: false });
    const restricted = backend.transport('restricted');
    const forbidden = await expectApiError(restricted.requestJson('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'x', resourceAttributes: { verb: 'get', resource: 'pods' } } } }));
    expect(forbidden.body).toMatchObject({ code: 403, details: { group: 'authorization.k8s.io', kind: 'subjectaccessreviews' } });
  });
});
