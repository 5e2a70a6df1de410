import { describe, expect, it } from 'vitest';
import { JsonListSplitter, MalformedJsonListError, peekIdentity } from './jsonListSplitter';

function split(text: string, chunkSizes: number[] | number): { fields: Record<string, unknown>; items: unknown[] } {
  const fields: Record<string, unknown> = {};
  const items: unknown[] = [];
  const s = new JsonListSplitter({ onField: (k, v) => { fields[k] = v; }, onItem: (i) => items.push(i) });
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  let n = 0;
  while (at < bytes.length) {
    const size = typeof chunkSizes === 'number' ? chunkSizes : chunkSizes[n++ % chunkSizes.length]!;
    s.push(bytes.subarray(at, at + size));
    at += size;
  }
  s.end();
  return { fields, items };
}

const tricky = {
  kind: 'PodList',
  apiVersion: 'v1',
  metadata: { resourceVersion: '123', continue: 'eyJ2Ijoi}]"\\' },
  items: [
    { metadata: { name: 'a', annotations: { note: 'braces } ] { [ and "quotes" and \\ backslash \\", ünïcödé 🚀' } } },
    { metadata: { name: 'b' }, spec: { containers: [{ args: ['[', ']', '{}', '\\'] }] }, n: 1.5e3, t: true, z: null },
    [],
    {},
  ],
  trailing: 42,
};

describe('JsonListSplitter', () => {
  it('hands over the fields and each item, whatever the chunk boundaries', () => {
    const text = JSON.stringify(tricky);
    const expected = { fields: { kind: 'PodList', apiVersion: 'v1', metadata: tricky.metadata, trailing: 42 }, items: tricky.items };
    expect(split(text, text.length)).toEqual(expected);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(split(text, size)).toEqual(expected);
    expect(split(text, [1, 13, 2, 40, 3])).toEqual(expected);
  });

  it('reads pretty-printed answers and bare values at the top', () => {
    const text = JSON.stringify({ a: 1, b: 'x', c: false, items: [{ x: 1 }, { y: [1, 2] }], d: null }, null, 2);
    expect(split(text, 3)).toEqual({ fields: { a: 1, b: 'x', c: false, d: null }, items: [{ x: 1 }, { y: [1, 2] }] });
    expect(split('{"items":[],"n":7}', 1)).toEqual({ fields: { n: 7 }, items: [] });
    expect(split('{ "n" : 7 }', 1)).toEqual({ fields: { n: 7 }, items: [] });
    expect(split('{"items":null}', 4)).toEqual({ fields: { items: null }, items: [] });
  });

  it('emits each item before the answer ends (memory is one item, not the list)', () => {
    const seen: unknown[] = [];
    const s = new JsonListSplitter({ onField: () => {}, onItem: (i) => seen.push(i) });
    s.push(Buffer.from('{"metadata":{},"items":[{"a":1},{"b"'));
    expect(seen).toEqual([{ a: 1 }]);
    s.push(Buffer.from(':2}]}'));
    s.end();
    expect(seen).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('refuses what is not a list answer, saying what it found', () => {
    expect(() => split('[1,2]', 10)).toThrow(MalformedJsonListError);
    expect(() => split('{"items":[1,2]}', 10)).toThrow(/an object in items/);
    expect(() => split('{"items":[{"a":1}', 10)).toThrow(/ended before its closing/);
    expect(() => split('{"items":[{"a":tru}]}', 10)).toThrow(/an item of the list is not JSON/);
    expect(() => split('{"a":1}x', 10)).toThrow(/nothing after the list/);
    expect(() => split('<html>', 10)).toThrow(/opening \{/);
  });

  it('equals JSON.parse on generated lists split at random', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const word = () => ['a', '"', '\\', '{', ']', 'é', '😀', ' ', '\n'][Math.floor(rand() * 9)]!.repeat(1 + Math.floor(rand() * 3));
    const value = (d: number): unknown => {
      const r = rand();
      if (d > 3 || r < 0.3) return [word(), 1.25, -3, true, false, null][Math.floor(rand() * 6)];
      if (r < 0.65) return Array.from({ length: Math.floor(rand() * 4) }, () => value(d + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [word(), value(d + 1)]));
    };
    for (let run = 0; run < 50; run++) {
      const list = { kind: 'List', metadata: { resourceVersion: String(run) }, items: Array.from({ length: 1 + Math.floor(rand() * 20) }, () => ({ v: value(0) })) };
      const text = JSON.stringify(list);
      const sizes = Array.from({ length: 5 }, () => 1 + Math.floor(rand() * 50));
      expect(split(text, sizes)).toEqual({ fields: { kind: 'List', metadata: list.metadata }, items: list.items });
    }
  });
});

describe('skipping items unparsed', () => {
  it('an item the handler does not want is never parsed nor handed over', () => {
    const items: unknown[] = [];
    const s = new JsonListSplitter({ onField: () => {}, onItem: (i) => items.push(i), wants: (raw) => !raw.toString().includes('"skip"') });
    s.push(Buffer.from('{"metadata":{},"items":[{"a":"skip"},{"b":1},{"c":"skip", bad json that is never parsed}]}'));
    s.end();
    expect(items).toEqual([{ b: 1 }]);
  });

  it('peekIdentity reads the first uid and resourceVersion without parsing, ignoring escaped keys', () => {
    const pod = { metadata: { name: 'p', annotations: { note: '{"uid":"fake","resourceVersion":"1"}' }, uid: 'u-1', resourceVersion: '42' } };
    expect(peekIdentity(Buffer.from(JSON.stringify(pod)))).toEqual({ uid: 'u-1', resourceVersion: '42' });
    // An owner's uid before the object's own: the pair is then no object's, and a caller finds no match.
    const owned = { metadata: { ownerReferences: [{ uid: 'owner' }], uid: 'u-2', resourceVersion: '43' } };
    expect(peekIdentity(Buffer.from(JSON.stringify(owned)))).toEqual({ uid: 'owner', resourceVersion: '43' });
    expect(peekIdentity(Buffer.from('{"metadata":{"name":"x"}}'))).toBeNull();
  });
});
