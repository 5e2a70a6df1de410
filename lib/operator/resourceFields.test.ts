import { describe, expect, it } from 'vitest';
import {
  booleanOf, fieldsOf, identityOf, integerOf, pathOf, rawWordOf, stringListOf, stringMapOf, stringOf, timeOf,
} from './resourceFields';

describe('field readers', () => {
  it('take only objects as objects', () => {
    expect(fieldsOf({ a: 1 })).toEqual({ a: 1 });
    expect(fieldsOf([1])).toBeNull();
    expect(fieldsOf(null)).toBeNull();
    expect(fieldsOf('x')).toBeNull();
  });

  it('walk paths through objects only, never the prototype', () => {
    const obj = { status: { driverInfo: { podName: 'pi-driver' } } };
    expect(pathOf(obj, 'status', 'driverInfo', 'podName')).toBe('pi-driver');
    expect(pathOf(obj, 'status', 'missing', 'podName')).toBeUndefined();
    expect(pathOf({ status: 'RUNNING' }, 'status', 'driverInfo')).toBeUndefined();
    expect(pathOf({}, 'constructor')).toBeUndefined();
    expect(pathOf({}, 'toString')).toBeUndefined();
  });

  it('read strings, integers and booleans strictly', () => {
    expect(stringOf('a')).toBe('a');
    expect(stringOf('')).toBeNull();
    expect(stringOf(3)).toBeNull();
    expect(integerOf(3)).toBe(3);
    expect(integerOf(' 12 ')).toBe(12);
    expect(integerOf('-2')).toBe(-2);
    expect(integerOf(1.5)).toBeNull();
    expect(integerOf('1.5')).toBeNull();
    expect(integerOf('2g')).toBeNull();
    expect(integerOf(Number.NaN)).toBeNull();
    expect(integerOf(2 ** 60)).toBeNull();
    expect(booleanOf(true)).toBe(true);
    expect(booleanOf('true')).toBeNull();
  });

  it('keep only string entries of maps and lists', () => {
    expect(stringMapOf({ a: 'x', b: 2, c: null })).toEqual({ a: 'x' });
    expect(stringMapOf(['x'])).toEqual({});
    expect(stringListOf(['a', '', 3, null, 'b'])).toEqual(['a', 'b']);
    expect(stringListOf('a')).toEqual([]);
  });

  it('read times, with the future bound only when now is given', () => {
    expect(timeOf('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(timeOf('1970-01-01T00:00:00Z')).toBeNull();
    expect(timeOf('2030-01-01T00:00:00Z')).toBe(Date.UTC(2030, 0, 1));
    expect(timeOf('2030-01-01T00:00:00Z', Date.UTC(2026, 0, 1))).toBeNull();
    expect(timeOf(null)).toBeNull();
  });

  it('show a state word of the wrong type rather than drop it', () => {
    expect(rawWordOf(undefined)).toBe('');
    expect(rawWordOf(null)).toBe('');
    expect(rawWordOf('RUNNING')).toBe('RUNNING');
    expect(rawWordOf(7)).toBe('7');
    expect(rawWordOf({ a: 1 })).toBe('{"a":1}');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(rawWordOf(circular)).toBe('[object Object]');
  });
});

describe('identityOf', () => {
  const meta = { name: 'pi', namespace: 'jobs', uid: 'u-1', creationTimestamp: '2026-01-01T00:00:00Z', labels: { a: 'b', n: 3 } };

  it('reads name, namespace, uid, creation time and string labels', () => {
    expect(identityOf({ metadata: meta })).toEqual({ name: 'pi', namespace: 'jobs', uid: 'u-1', createdAt: Date.UTC(2026, 0, 1), labels: { a: 'b' } });
  });

  it('is null without any of name, namespace or uid', () => {
    for (const key of ['name', 'namespace', 'uid'] as const) {
      expect(identityOf({ metadata: { ...meta, [key]: undefined } })).toBeNull();
      expect(identityOf({ metadata: { ...meta, [key]: 42 } })).toBeNull();
    }
    expect(identityOf({})).toBeNull();
    expect(identityOf(null)).toBeNull();
    expect(identityOf('pi')).toBeNull();
  });
});
