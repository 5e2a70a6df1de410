import { describe, expect, it } from 'vitest';
import { ApiError } from './apiErrors';
import { applyJsonPatch, applyMergePatch, applyPatch, applyStrategicMergePatch, JsonPatchError, POD_MERGE_SCHEMA } from './patch';

// The patch functions take JSON values; a literal pod is one, but TypeScript cannot prove it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const pod = (): any => ({
  metadata: { name: 'p', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: {
    containers: [
      { name: 'spark', image: 'spark:1', env: [{ name: 'A', value: '1' }] },
      { name: 'sidecar', image: 'side:1' },
    ],
    volumes: [{ name: 'v1', emptyDir: {} }],
  },
  status: {
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'True' }],
    containerStatuses: [{ name: 'spark', ready: false }, { name: 'sidecar', ready: true }],
  },
});

describe('JSON merge patch (RFC 7386)', () => {
  it('merges maps, replaces lists and deletes with null', () => {
    const out = applyMergePatch(pod(), { metadata: { labels: { a: null, c: '3' } }, spec: { volumes: [] } }) as ReturnType<typeof pod>;
    expect(out.metadata.labels).toEqual({ b: '2', c: '3' });
    expect(out.spec.volumes).toEqual([]);
    expect(out.spec.containers).toHaveLength(2);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies add, replace, remove, move, copy and test', () => {
    const out = applyJsonPatch(pod(), [
      { op: 'test', path: '/status/phase', value: 'Pending' },
      { op: 'replace', path: '/status/phase', value: 'Running' },
      { op: 'add', path: '/metadata/labels/spark-role', value: 'executor' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'third' } },
      { op: 'copy', from: '/metadata/labels/b', path: '/metadata/labels/b2' },
      { op: 'move', from: '/metadata/labels/b2', path: '/metadata/labels/b3' },
    ]) as ReturnType<typeof pod>;
    expect(out.status.phase).toBe('Running');
    expect(out.metadata.labels).toEqual({ b: '2', 'spark-role': 'executor', b3: '2' });
    expect(out.spec.containers.map((c: { name: string }) => c.name)).toEqual(['spark', 'sidecar', 'third']);
  });

  it('fails on a missing path or a failed test, without touching the input', () => {
    const input = pod();
    expect(() => applyJsonPatch(input, [{ op: 'replace', path: '/status/podIP', value: 'x' }])).toThrow(JsonPatchError);
    expect(() => applyJsonPatch(input, [{ op: 'test', path: '/status/phase', value: 'Running' }])).toThrow(JsonPatchError);
    expect(input.status.phase).toBe('Pending');
  });

  it('answers 422 with the generic text through applyPatch, as the real handler does', () => {
    try {
      applyPatch(pod(), 'application/json-patch+json', JSON.stringify([{ op: 'remove', path: '/nope' }]), POD_MERGE_SCHEMA);
      throw new Error('expected 422');
    } catch (e) {
      expect((e as ApiError).code).toBe(422);
      expect((e as ApiError).status.message).toBe('the server rejected our request due to an error in our request');
    }
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name and env by name', () => {
    const out = applyStrategicMergePatch(pod(), { spec: { containers: [{ name: 'spark', image: 'spark:2', env: [{ name: 'B', value: '2' }] }] } }, POD_MERGE_SCHEMA) as ReturnType<typeof pod>;
    expect(out.spec.containers.map((c: { name: string; image: string }) => [c.name, c.image])).toEqual([['spark', 'spark:2'], ['sidecar', 'side:1']]);
    // New items go before the server's (normalizeElementOrder without $setElementOrder).
    expect(out.spec.containers[0]!.env).toEqual([{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
  });

  it('puts new list items first, as observed on the real server', () => {
    const out = applyStrategicMergePatch(pod(), { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, POD_MERGE_SCHEMA) as ReturnType<typeof pod>;
    expect(out.status.conditions.map((c: { type: string }) => c.type)).toEqual(['Ready', 'PodScheduled']);
    const kept = applyStrategicMergePatch(out, { status: { conditions: [{ type: 'PodScheduled', status: 'False' }] } }, POD_MERGE_SCHEMA) as ReturnType<typeof pod>;
    expect(kept.status.conditions).toEqual([{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'False' }]);
  });

  it('replaces containerStatuses whole: the Go type declares no merge key for them', () => {
    const out = applyStrategicMergePatch(pod(), { status: { containerStatuses: [{ name: 'spark', ready: true }] } }, POD_MERGE_SCHEMA) as ReturnType<typeof pod>;
    expect(out.status.containerStatuses).toEqual([{ name: 'spark', ready: true }]);
  });

  it('honours $patch delete/replace, null and $deleteFromPrimitiveList', () => {
    const out = applyStrategicMergePatch(
      pod(),
      {
        metadata: { labels: { $patch: 'replace', z: '9' }, $deleteFromPrimitiveList: undefined as never },
        spec: { containers: [{ name: 'sidecar', $patch: 'delete' }], volumes: [{ $patch: 'replace' }, { name: 'v2', emptyDir: {} }] },
        status: { phase: null },
      } as never,
      POD_MERGE_SCHEMA,
    ) as Record<string, any>;
    expect(out.metadata.labels).toEqual({ z: '9' });
    expect(out.spec.containers.map((c: { name: string }) => c.name)).toEqual(['spark']);
    expect(out.spec.volumes).toEqual([{ name: 'v2', emptyDir: {} }]);
    expect(out.status.phase).toBeUndefined();
    const fin = applyStrategicMergePatch(pod(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] } }, POD_MERGE_SCHEMA) as Record<string, any>;
    expect(fin.metadata.finalizers).toEqual([]);
    const del = applyStrategicMergePatch(pod(), { metadata: { labels: { $patch: 'delete' } } }, POD_MERGE_SCHEMA) as Record<string, any>;
    expect(del.metadata.labels).toBeUndefined();
  });

  it('unions primitive merge lists (finalizers)', () => {
    const out = applyStrategicMergePatch(pod(), { metadata: { finalizers: ['y', 'x'] } }, POD_MERGE_SCHEMA) as ReturnType<typeof pod>;
    expect(out.metadata.finalizers).toEqual(['x', 'y']);
  });
});

describe('applyPatch content types', () => {
  it('answers an unknown content type with the 415 Status observed on kube-apiserver', () => {
    for (const type of ['application/json', 'text/plain', undefined]) {
      try {
        applyPatch(pod(), type, '{}', POD_MERGE_SCHEMA);
        throw new Error('expected 415');
      } catch (e) {
        expect((e as ApiError).status).toEqual({
          kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: '415: Unsupported Media Type', reason: 'UnsupportedMediaType', details: {}, code: 415,
        });
      }
    }
  });

  it('accepts parameters after the media type and rejects undecodable bodies with 400', () => {
    expect(applyPatch(pod(), 'application/merge-patch+json; charset=utf-8', '{"status":{"phase":"Running"}}', POD_MERGE_SCHEMA).status).toMatchObject({ phase: 'Running' });
    expect(() => applyPatch(pod(), 'application/merge-patch+json', '{nope', POD_MERGE_SCHEMA)).toThrow(/error decoding patch/);
  });
});
