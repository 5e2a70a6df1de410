import { describe, expect, it } from 'vitest';
import { pruneCustomResource, type StructuralSchema } from './schemaPruning';

const schema: StructuralSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: { type: 'integer' },
        template: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } },
        conf: { type: 'object', additionalProperties: { type: 'string' } },
        history: { type: 'object', additionalProperties: { type: 'object', properties: { state: { type: 'string' } } } },
        items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
        open: { type: 'object', additionalProperties: true },
      },
    },
  },
};

describe('pruneCustomResource', () => {
  it('drops what the schema does not describe, at any depth, and keeps the object\'s own apiVersion, kind and metadata', () => {
    const obj = {
      apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', anything: 1 }, extra: true,
      spec: { size: 1, junk: 2, items: [{ name: 'a', other: 'b' }, { junk: 1 }] },
    };
    pruneCustomResource(obj, schema);
    expect(obj).toEqual({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', anything: 1 }, spec: { size: 1, items: [{ name: 'a' }, {}] } });
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields but still prunes the properties it describes', () => {
    const obj = { spec: { template: { metadata: { labels: { x: 'y' } }, spec: { a: 'kept', b: 'pruned' } } } };
    pruneCustomResource(obj, schema);
    expect(obj.spec.template).toEqual({ metadata: { labels: { x: 'y' } }, spec: { a: 'kept' } });
  });

  it('prunes map values by additionalProperties, keeps anything under additionalProperties: true', () => {
    const obj = { spec: { conf: { 'spark.a': '1' }, history: { 0: { state: 'Submitted', extra: 1 } }, open: { any: { thing: 1 } } } };
    pruneCustomResource(obj, schema);
    expect(obj.spec).toEqual({ conf: { 'spark.a': '1' }, history: { 0: { state: 'Submitted' } }, open: { any: { thing: 1 } } });
  });

  it('leaves apiVersion, kind and metadata of an embedded resource alone', () => {
    const obj = { spec: { embedded: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {}, status: { phase: 'x' } } } };
    pruneCustomResource(obj, schema);
    expect(obj.spec.embedded).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} });
  });
});
