import { describe, expect, it } from 'vitest';
import { ObjectStore, type WatchSink } from './objectStore';
import { POD } from './resources';
import type { KubeObject } from './storedObject';

const FIXED_NOW = Date.parse('2026-01-01T00:00:00Z');

function store(historySize = 100) {
  const s = new ObjectStore({ historySize, seed: 7, now: () => FIXED_NOW });
  s.register(POD);
  return s;
}

const podObj = (ns: string, name: string, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name, namespace: ns, labels }, spec: { containers: [{ name: 'c' }] } });

function sink(buffered = 0) {
  const chunks: (Buffer | string)[] = [];
  let ended = false;
  const s: WatchSink = { write: (c) => (chunks.push(c), true), bufferedBytes: () => buffered, onDrain: () => {}, end: () => void (ended = true) };
  return { s, chunks, lines: () => chunks.flatMap((c) => c.toString().split('\n').filter(Boolean)).map((l) => JSON.parse(l)), ended: () => ended };
}

const tooOld = (rv: number, oldest: number) => new Error(`too old resource version: ${rv} (${oldest})`);

describe('ObjectStore', () => {
  it('hands out one global revision per write and seeded v4 uids', () => {
    const s = store();
    const a = s.create(POD, podObj('ns', 'a'));
    const b = s.create(POD, podObj('other', 'b'));
    expect([a.meta.rv, b.meta.rv]).toEqual([1, 2]);
    expect(a.meta.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(store().create(POD, podObj('ns', 'a')).meta.uid).toBe(a.meta.uid);
    expect(JSON.parse(a.json).metadata).toMatchObject({ resourceVersion: '1', generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' });
    expect(s.range(POD, 'ns').map((o) => o.key)).toEqual(['ns/a']);
    expect(s.range(POD, '').map((o) => o.key)).toEqual(['ns/a', 'other/b']);
  });

  it('reconstructs a past revision for consistent paging, until the log no longer reaches it', () => {
    const s = store(4);
    for (const n of ['a', 'b', 'c']) s.create(POD, podObj('ns', n));
    const snapshot = s.resourceVersion;
    s.update(POD, { ...podObj('ns', 'a', { v: '2' }) }, s.get(POD, 'ns', 'a')!);
    s.remove(POD, s.get(POD, 'ns', 'b')!);
    s.create(POD, podObj('ns', 'aa'));
    const past = s.rangeAt(POD, 'ns', snapshot, '', 'gone');
    expect(past.map((o) => [o.key, o.meta.rv])).toEqual([['ns/a', 1], ['ns/b', 2], ['ns/c', 3]]);
    expect(s.rangeAt(POD, 'ns', snapshot, 'ns/a', 'gone').map((o) => o.key)).toEqual(['ns/b', 'ns/c']);
    for (let i = 0; i < 4; i++) s.update(POD, podObj('ns', 'c', { i: String(i) }), s.get(POD, 'ns', 'c')!);
    expect(() => s.rangeAt(POD, 'ns', snapshot, '', 'gone')).toThrow('gone');
  });

  it('replays history after a resourceVersion and reports the oldest resumable one like the watch cache', () => {
    const s = store(3);
    for (let i = 0; i < 5; i++) s.create(POD, podObj('ns', `p${i}`));
    // Kept: revisions 3, 4, 5; oldest resumable = 3 - 1.
    expect(() => s.watch(POD, { namespace: '', label: null, field: null, sinceRv: 1, sink: sink().s, bookmarks: false }, tooOld)).toThrow('too old resource version: 1 (2)');
    const out = sink();
    s.watch(POD, { namespace: '', label: null, field: null, sinceRv: 3, sink: out.s, bookmarks: false }, tooOld);
    expect(out.lines().map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED p3', 'ADDED p4']);
    s.compactHistory();
    expect(() => s.watch(POD, { namespace: '', label: null, field: null, sinceRv: 4, sink: sink().s, bookmarks: false }, tooOld)).toThrow('too old resource version: 4 (5)');
  });

  it('serialises each event once and writes the same buffer to every matching watcher', () => {
    const s = store();
    const one = sink();
    const two = sink();
    const other = sink();
    s.watch(POD, { namespace: 'ns', label: null, field: null, sinceRv: s.resourceVersion, sink: one.s, bookmarks: false }, tooOld);
    s.watch(POD, { namespace: '', label: null, field: null, sinceRv: s.resourceVersion, sink: two.s, bookmarks: false }, tooOld);
    s.watch(POD, { namespace: 'elsewhere', label: null, field: null, sinceRv: s.resourceVersion, sink: other.s, bookmarks: false }, tooOld);
    s.create(POD, podObj('ns', 'a'));
    expect(one.chunks).toHaveLength(1);
    expect(one.chunks[0]).toBe(two.chunks[0]);
    expect(other.chunks).toHaveLength(0);
    expect(one.lines()[0]).toMatchObject({ type: 'ADDED', object: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a' } } });
  });

  it('drops a watcher that stopped reading', () => {
    const s = store();
    const stuck = sink(1e12);
    s.watch(POD, { namespace: '', label: null, field: null, sinceRv: s.resourceVersion, sink: stuck.s, bookmarks: false }, tooOld);
    s.create(POD, podObj('ns', 'a'));
    expect(stuck.ended()).toBe(true);
    expect(s.watchers(POD)).toHaveLength(0);
  });

  it('sends bookmarks only when the kind has moved past what the watcher saw', () => {
    const s = store();
    s.create(POD, podObj('ns', 'a'));
    const quiet = sink();
    s.watch(POD, { namespace: 'ns', label: null, field: null, sinceRv: s.resourceVersion, sink: quiet.s, bookmarks: true }, tooOld);
    s.sendBookmarks();
    expect(quiet.chunks).toHaveLength(0);
    s.create(POD, podObj('elsewhere', 'b'));
    s.sendBookmarks();
    s.sendBookmarks();
    expect(quiet.lines()).toEqual([{ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '2' }, spec: { containers: null }, status: {} } }]);
  });

  it('keeps a watch from a future resourceVersion open and silent until the store passes it', () => {
    const s = store();
    const w = sink();
    s.watch(POD, { namespace: '', label: null, field: null, sinceRv: 2, sink: w.s, bookmarks: false }, tooOld);
    s.create(POD, podObj('ns', 'a'));
    s.create(POD, podObj('ns', 'b'));
    s.create(POD, podObj('ns', 'c'));
    expect(w.lines().map((e) => e.object.metadata.name)).toEqual(['c']);
  });
});
