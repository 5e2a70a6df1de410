// CustomResourceDefinitions on the embedded cluster over HTTPS: the CRD kind itself (validation,
// the controllers' status, deletion), discovery, and a custom resource served like a built-in
// kind (CRUD, status subresource, pruning, patches, watch, RBAC), across a restart.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedCluster, type EmbeddedCluster } from './apiServer';
import { rawRequest, streamLines } from './testing';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const WIDGETS = '/apis/example.com/v1/namespaces/team-a/widgets';

const widgetCrd = (overrides: Record<string, unknown> = {}) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'], categories: ['all'] },
    scope: 'Namespaced',
    versions: [{
      name: 'v1', served: true, storage: true, subresources: { status: {} },
      additionalPrinterColumns: [{ name: 'State', type: 'string', jsonPath: '.status.state' }, { name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              properties: {
                size: { type: 'integer' },
                template: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                labels: { type: 'object', additionalProperties: { type: 'string' } },
                items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
              },
            },
            status: { type: 'object', properties: { state: { type: 'string' } } },
          },
        },
      },
    }],
  },
  ...overrides,
});

const widget = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, labels: { tier: 'gold' } }, spec: { size: 1 }, ...extra });

async function established(cluster: EmbeddedCluster, name: string): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const crd = (await rawRequest(cluster, 'GET', `${CRDS}/${name}`)).json;
    if (crd?.status?.conditions?.some((c: any) => c.type === 'Established' && c.status === 'True')) return crd;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${name} never became Established`);
}

describe('custom resources on the embedded cluster', () => {
  let cluster: EmbeddedCluster;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-crd-test-'));
    cluster = await createEmbeddedCluster({ stateDir, seed: 3, bookmarkIntervalMs: 100 });
    await rawRequest(cluster, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'team-a' } } });
  });

  afterAll(async () => {
    await cluster.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('refuses an invalid definition with the real field causes', async () => {
    const bad = widgetCrd({
      metadata: { name: 'things.example.com' },
      spec: { group: 'example.com', names: { plural: 'thingz', kind: 'Thing' }, scope: 'Global', versions: [
        { name: 'v1', served: true, storage: false },
        { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } } } },
      ] },
    });
    const res = await rawRequest(cluster, 'POST', CRDS, { body: bad });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ reason: 'Invalid', details: { name: 'things.example.com', group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' } });
    expect(res.json.details.causes.map((c: any) => [c.reason, c.field])).toEqual([
      ['FieldValueInvalid', 'metadata.name'],
      ['FieldValueNotSupported', 'spec.scope'],
      ['FieldValueRequired', 'spec.versions[0].schema.openAPIV3Schema'],
      ['FieldValueRequired', 'spec.versions[1].schema.openAPIV3Schema.properties[spec].type'],
      ['FieldValueInvalid', 'spec.versions'],
      ['FieldValueInvalid', 'status.storedVersions'],
    ]);
    expect(res.json.details.causes[0].message).toBe('Invalid value: "things.example.com": must be spec.names.plural+"."+spec.group');
    expect(res.json.details.causes[3].message).toBe('Required value: must not be empty for specified object fields');
    const protectedGroup = await rawRequest(cluster, 'POST', CRDS, { body: widgetCrd({ metadata: { name: 'widgets.foo.k8s.io' }, spec: { ...widgetCrd().spec, group: 'foo.k8s.io' } }) });
    expect(protectedGroup.json.details.causes).toEqual([{
      reason: 'FieldValueRequired',
      message: 'Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
      field: 'metadata.annotations[api-approved.kubernetes.io]',
    }]);
  });

  it('creates a definition with an empty status that the controllers then accept and establish', async () => {
    const created = await rawRequest(cluster, 'POST', CRDS, { body: widgetCrd() });
    expect(created.status).toBe(201);
    expect(created.json.spec.names).toEqual({ plural: 'widgets', singular: 'widget', shortNames: ['wd'], kind: 'Widget', listKind: 'WidgetList', categories: ['all'] });
    expect(created.json.spec.conversion).toEqual({ strategy: 'None' });
    expect(created.json.status).toEqual({ conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: ['v1'] });
    const crd = await established(cluster, 'widgets.example.com');
    expect(crd.status.conditions.map((c: any) => [c.type, c.status, c.reason])).toEqual([['NamesAccepted', 'True', 'NoConflicts'], ['Established', 'True', 'InitialNamesAccepted']]);
    expect(crd.status.acceptedNames).toEqual({ plural: 'widgets', singular: 'widget', shortNames: ['wd'], kind: 'Widget', listKind: 'WidgetList', categories: ['all'] });
    const dup = await rawRequest(cluster, 'POST', CRDS, { body: widgetCrd() });
    expect(dup.json).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'customresourcedefinitions.apiextensions.k8s.io "widgets.example.com" already exists' });
  });

  it('lists the group and its resources in discovery', async () => {
    const groups = (await rawRequest(cluster, 'GET', '/apis')).json.groups.map((g: any) => g.name);
    expect(groups).toEqual(['authorization.k8s.io', 'rbac.authorization.k8s.io', 'apiextensions.k8s.io', 'example.com']);
    expect((await rawRequest(cluster, 'GET', '/apis/example.com')).json).toEqual({
      kind: 'APIGroup', apiVersion: 'v1', name: 'example.com', versions: [{ groupVersion: 'example.com/v1', version: 'v1' }], preferredVersion: { groupVersion: 'example.com/v1', version: 'v1' },
    });
    expect((await rawRequest(cluster, 'GET', '/apis/example.com/v1')).json).toEqual({
      kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'example.com/v1', resources: [
        { name: 'widgets', singularName: 'widget', namespaced: true, kind: 'Widget', verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'], shortNames: ['wd'], categories: ['all'], storageVersionHash: 'gIwvi5rymmg=' },
        { name: 'widgets/status', singularName: '', namespaced: true, kind: 'Widget', verbs: ['get', 'patch', 'update'] },
      ],
    });
    const crdResources = (await rawRequest(cluster, 'GET', '/apis/apiextensions.k8s.io/v1')).json.resources;
    expect(crdResources[0]).toMatchObject({ name: 'customresourcedefinitions', shortNames: ['crd', 'crds'], categories: ['api-extensions'], storageVersionHash: 'jfWCUB31mvA=' });
  });

  it('prunes unknown fields on create, keeps preserved subtrees, and checks apiVersion and kind', async () => {
    const body = widget('w1', { extra: 5, spec: { size: 3, junk: 1, template: { x: { y: 1 } }, labels: { k: 'v' }, items: [{ name: 'a', other: 'b' }] }, status: { state: 'ignored' } });
    const created = await rawRequest(cluster, 'POST', WIDGETS, { body });
    expect(created.status).toBe(201);
    expect(created.json.spec).toEqual({ size: 3, template: { x: { y: 1 } }, labels: { k: 'v' }, items: [{ name: 'a' }] });
    expect(created.json).not.toHaveProperty('extra');
    expect(created.json).not.toHaveProperty('status');
    expect(created.json.metadata).toMatchObject({ name: 'w1', namespace: 'team-a', generation: 1, labels: { tier: 'gold' } });
    const invalid = await rawRequest(cluster, 'POST', WIDGETS, { body: widget('w2', { spec: { size: 'big', items: 'none' } }) });
    expect(invalid.json).toMatchObject({ code: 422, reason: 'Invalid', details: { kind: 'Widget', group: 'example.com' } });
    expect(invalid.json.details.causes).toEqual([
      { reason: 'FieldValueTypeInvalid', message: 'Invalid value: "string": spec.size in body must be of type integer: "string"', field: 'spec.size' },
      { reason: 'FieldValueTypeInvalid', message: 'Invalid value: "string": spec.items in body must be of type array: "string"', field: 'spec.items' },
    ]);
    const wrongKind = await rawRequest(cluster, 'POST', WIDGETS, { body: { ...widget('w2'), kind: 'Gadget' } });
    expect(wrongKind.json).toMatchObject({ code: 422, message: 'Gadget.example.com "w2" is invalid: kind: Invalid value: "Gadget": must be Widget' });
    const wrongVersion = await rawRequest(cluster, 'POST', WIDGETS, { body: { ...widget('w2'), apiVersion: 'example.com/v2' } });
    expect(wrongVersion.json).toMatchObject({ code: 400, reason: 'BadRequest', message: 'the API version in the data (example.com/v2) does not match the expected API version (example.com/v1)' });
  });

  it('keeps status and spec apart between the resource and its status subresource', async () => {
    const viaMain = await rawRequest(cluster, 'PATCH', `${WIDGETS}/w1`, { body: { spec: { size: 4 }, status: { state: 'X' } }, contentType: 'application/merge-patch+json' });
    expect(viaMain.json.spec.size).toBe(4);
    expect(viaMain.json.status).toBeUndefined();
    expect(viaMain.json.metadata.generation).toBe(2);
    const viaStatus = await rawRequest(cluster, 'PATCH', `${WIDGETS}/w1/status`, {
      body: { status: { state: 'RUNNING', junk: true }, spec: { size: 9 }, metadata: { labels: { via: 'status' } } }, contentType: 'application/merge-patch+json',
    });
    expect(viaStatus.json.status).toEqual({ state: 'RUNNING' });
    expect(viaStatus.json.spec.size).toBe(4);
    expect(viaStatus.json.metadata.labels).toEqual({ tier: 'gold' });
    expect(viaStatus.json.metadata.generation).toBe(2);
    const badStatus = await rawRequest(cluster, 'PATCH', `${WIDGETS}/w1/status`, { body: { status: { state: 3 } }, contentType: 'application/merge-patch+json' });
    expect(badStatus.json.details.causes).toEqual([{ reason: 'FieldValueTypeInvalid', message: 'Invalid value: "integer": state in body must be of type string: "integer"', field: 'status.state' }]);
    const read = await rawRequest(cluster, 'GET', `${WIDGETS}/w1/status`);
    expect(read.json.status).toEqual({ state: 'RUNNING' });
  });

  it('takes JSON patches and apply patches but refuses strategic merge patches with 415', async () => {
    const smp = await rawRequest(cluster, 'PATCH', `${WIDGETS}/w1`, { body: { spec: { size: 5 } }, contentType: 'application/strategic-merge-patch+json' });
    expect(smp.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 415, reason: 'UnsupportedMediaType',
      message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
    const jsonPatch = await rawRequest(cluster, 'PATCH', `${WIDGETS}/w1`, { body: [{ op: 'replace', path: '/spec/size', value: 6 }], contentType: 'application/json-patch+json' });
    expect(jsonPatch.json.spec.size).toBe(6);
    const applied = await rawRequest(cluster, 'PATCH', `${WIDGETS}/w1?fieldManager=test`, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 7, junk: 1 } }, contentType: 'application/apply-patch+yaml' });
    expect(applied.json.spec).toMatchObject({ size: 7 });
    expect(applied.json.spec).not.toHaveProperty('junk');
    // Server-side apply of an absent object creates it.
    const fresh = await rawRequest(cluster, 'PATCH', `${WIDGETS}/applied?fieldManager=test`, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'applied' }, spec: { size: 2 } }, contentType: 'application/apply-patch+yaml' });
    expect(fresh.status).toBe(201);
    expect(fresh.json).toMatchObject({ metadata: { name: 'applied', namespace: 'team-a', generation: 1 }, spec: { size: 2 } });
    await rawRequest(cluster, 'DELETE', `${WIDGETS}/applied`);
  });

  it('lists with label and field selectors and pages, and prints the CRD columns as a Table', async () => {
    for (const name of ['w2', 'w3', 'w4']) await rawRequest(cluster, 'POST', WIDGETS, { body: widget(name, { metadata: { name, labels: { tier: name === 'w4' ? 'silver' : 'gold' } } }) });
    const names = (q: string) => rawRequest(cluster, 'GET', `${WIDGETS}?${q}`).then((r) => r.json.items?.map((i: any) => i.metadata.name) ?? r.json);
    expect(await names('labelSelector=tier%3Dgold')).toEqual(['w1', 'w2', 'w3']);
    expect(await names('fieldSelector=metadata.name%3Dw3')).toEqual(['w3']);
    expect(await names('fieldSelector=spec.size%3D3')).toMatchObject({ code: 400, message: 'field label not supported: spec.size' });
    const page = await rawRequest(cluster, 'GET', `${WIDGETS}?limit=2`);
    expect(page.json.items.map((i: any) => i.metadata.name)).toEqual(['w1', 'w2']);
    const rest = await rawRequest(cluster, 'GET', `${WIDGETS}?limit=2&continue=${page.json.metadata.continue}`);
    expect(rest.json.items.map((i: any) => i.metadata.name)).toEqual(['w3', 'w4']);
    expect(rest.json.kind).toBe('WidgetList');
    // An unstructured list: every item says what it is.
    expect(rest.json.items[0]).toMatchObject({ kind: 'Widget', apiVersion: 'example.com/v1' });
    const table = await rawRequest(cluster, 'GET', `${WIDGETS}?fieldSelector=metadata.name%3Dw1`, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(table.json.columnDefinitions.map((c: any) => [c.name, c.type, c.description])).toEqual([
      ['Name', 'string', expect.stringMatching(/^Name must be unique/)],
      ['State', 'string', 'Custom resource definition column (in JSONPath format): .status.state'],
      ['Size', 'integer', 'Custom resource definition column (in JSONPath format): .spec.size'],
    ]);
    expect(table.json.rows[0].cells).toEqual(['w1', 'RUNNING', 7]);
  });

  it('watches with bookmarks and sees a status change', async () => {
    const list = await rawRequest(cluster, 'GET', WIDGETS);
    const watch = await streamLines(cluster, `${WIDGETS}?watch=1&allowWatchBookmarks=true&resourceVersion=${list.json.metadata.resourceVersion}&labelSelector=tier%3Dgold`);
    await rawRequest(cluster, 'PATCH', `${WIDGETS}/w2/status`, { body: { status: { state: 'DONE' } }, contentType: 'application/merge-patch+json' });
    const [line] = await watch.waitFor(1);
    expect(JSON.parse(line!)).toMatchObject({ type: 'MODIFIED', object: { kind: 'Widget', apiVersion: 'example.com/v1', metadata: { name: 'w2' }, status: { state: 'DONE' } } });
    await rawRequest(cluster, 'PATCH', `${WIDGETS}/w4`, { body: { metadata: { annotations: { touched: 'yes' } } }, contentType: 'application/merge-patch+json' });
    const lines = await watch.waitFor(2, 3000);
    expect(JSON.parse(lines[1]!)).toEqual({ type: 'BOOKMARK', object: { kind: 'Widget', apiVersion: 'example.com/v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } } });
    watch.close();
  });

  it('decides access to custom resources by RBAC, in the real server words', async () => {
    const res = await rawRequest(cluster, 'GET', WIDGETS, { identity: 'restricted' });
    expect(res.json).toMatchObject({
      code: 403, reason: 'Forbidden', details: { group: 'example.com', kind: 'widgets' },
      message: 'widgets.example.com is forbidden: User "restricted-user" cannot list resource "widgets" in API group "example.com" in the namespace "team-a"',
    });
  });

  it('deletes custom resources singly and by collection', async () => {
    const one = await rawRequest(cluster, 'DELETE', `${WIDGETS}/w4`);
    expect(one.json).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'w4', group: 'example.com', kind: 'widgets' } });
    const many = await rawRequest(cluster, 'DELETE', `${WIDGETS}?labelSelector=tier%3Dgold`);
    expect(many.json.items.map((i: any) => i.metadata.name)).toEqual(['w1', 'w2', 'w3']);
    expect((await rawRequest(cluster, 'GET', WIDGETS)).json.items).toEqual([]);
  });

  it('serves the definitions again after a restart, and stops serving (and deletes) the resources of a deleted one', async () => {
    await rawRequest(cluster, 'POST', WIDGETS, { body: widget('survivor') });
    await cluster.stop();
    cluster = await createEmbeddedCluster({ stateDir, seed: 3, bookmarkIntervalMs: 100 });
    await rawRequest(cluster, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'team-a' } } });
    const crd = await established(cluster, 'widgets.example.com');
    expect(crd.spec.names.kind).toBe('Widget');
    expect((await rawRequest(cluster, 'GET', '/apis/example.com/v1')).status).toBe(200);
    // Like every other object of the embedded cluster, the resources themselves start over.
    expect((await rawRequest(cluster, 'GET', WIDGETS)).json.items).toEqual([]);

    await rawRequest(cluster, 'POST', WIDGETS, { body: widget('doomed') });
    const list = await rawRequest(cluster, 'GET', WIDGETS);
    const watch = await streamLines(cluster, `${WIDGETS}?watch=1&resourceVersion=${list.json.metadata.resourceVersion}`);
    const deleting = await rawRequest(cluster, 'DELETE', `${CRDS}/widgets.example.com`);
    expect(deleting.json.metadata.finalizers).toEqual(['customresourcecleanup.apiextensions.k8s.io']);
    expect(deleting.json.status.conditions.at(-1)).toMatchObject({ type: 'Terminating', status: 'True', reason: 'InstanceDeletionPending' });
    const [deleted] = await watch.waitFor(1);
    expect(JSON.parse(deleted!)).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'doomed' } } });
    await watch.ended;
    expect((await rawRequest(cluster, 'GET', `${CRDS}/widgets.example.com`)).status).toBe(404);
    expect((await rawRequest(cluster, 'GET', '/apis/example.com/v1')).status).toBe(404);
    expect((await rawRequest(cluster, 'GET', WIDGETS)).status).toBe(404);
    expect((await rawRequest(cluster, 'GET', '/apis')).json.groups.map((g: any) => g.name)).not.toContain('example.com');
  });
});
