import { describe, expect, it } from 'vitest';
import { ApiError } from './apiErrors';
import { parseFieldSelector, parseLabelSelector, parseLabelSelectorRequirements } from './selectors';

const matches = (selector: string, labels: Record<string, string> | undefined) => {
  const s = parseLabelSelector(selector);
  return s ? s(labels) : true;
};

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(400);
    expect((e as ApiError).status.reason).toBe('BadRequest');
    return (e as ApiError).status.message ?? '';
  }
  throw new Error('expected a 400');
}

describe('label selectors', () => {
  it('matches equality, inequality and existence like labels.Parse', () => {
    expect(matches('spark-role', { 'spark-role': 'driver' })).toBe(true);
    expect(matches('spark-role', {})).toBe(false);
    expect(matches('!spark-role', {})).toBe(true);
    expect(matches('spark-role=executor', { 'spark-role': 'executor' })).toBe(true);
    expect(matches('spark-role==executor', { 'spark-role': 'driver' })).toBe(false);
    // != and notin also match objects without the key.
    expect(matches('spark-role!=driver', {})).toBe(true);
    expect(matches('spark-role notin (driver)', undefined)).toBe(true);
    expect(matches('spark-role in (driver, executor)', { 'spark-role': 'executor' })).toBe(true);
    expect(matches('spark-role in (driver)', { 'spark-role': 'executor' })).toBe(false);
  });

  it('ANDs comma-separated requirements and sorts them by key', () => {
    expect(matches('spark-role=executor,spark-app-selector=app-1', { 'spark-role': 'executor', 'spark-app-selector': 'app-1' })).toBe(true);
    expect(matches('spark-role=executor,spark-app-selector=app-1', { 'spark-role': 'executor' })).toBe(false);
    expect(parseLabelSelectorRequirements('b=1,a=2').map((r) => r.key)).toEqual(['a', 'b']);
  });

  it('treats in/notin as values inside parentheses, and empty values', () => {
    expect(matches('x in (in,notin)', { x: 'notin' })).toBe(true);
    expect(matches('x=', { x: '' })).toBe(true);
    expect(matches('x in (a,,b)', { x: '' })).toBe(true);
  });

  it('supports gt and lt on integer values', () => {
    expect(matches('n>5', { n: '6' })).toBe(true);
    expect(matches('n<5', { n: '6' })).toBe(false);
    expect(matches('n>5', { n: 'x' })).toBe(false);
  });

  it('rejects malformed selectors with the apimachinery wording', () => {
    // Observed on kube-apiserver 1.34 for `spark-role in (`.
    expect(badRequestMessage(() => parseLabelSelector('spark-role in ('))).toBe("unable to parse requirement: found '', expected: ',', ')' or identifier");
    expect(badRequestMessage(() => parseLabelSelector('a b'))).toBe("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    expect(badRequestMessage(() => parseLabelSelector('a=b c'))).toBe("found 'c', expected: ',' or 'end of string'");
    expect(badRequestMessage(() => parseLabelSelector('a,'))).toBe("found '', expected: identifier after ','");
    expect(badRequestMessage(() => parseLabelSelector('bad$key'))).toMatch(/^unable to parse requirement: <nil>: Invalid value: "bad\$key": name part must consist of/);
    expect(badRequestMessage(() => parseLabelSelector('a=b$'))).toMatch(/^unable to parse requirement: values\[0\]\[a\]: Invalid value: "b\$": a valid label must be/);
  });

  it('treats an empty selector as everything', () => {
    expect(parseLabelSelector('')).toBeNull();
    expect(parseLabelSelector(null)).toBeNull();
  });
});

describe('field selectors', () => {
  const pod = (fields: Record<string, string>) => (f: string) => fields[f] ?? '';

  it('matches the pod field labels with = , == and !=', () => {
    const s = parseFieldSelector('spec.nodeName=node-a,status.phase!=Failed', 'Pod')!;
    expect(s.match(pod({ 'spec.nodeName': 'node-a', 'status.phase': 'Running' }))).toBe(true);
    expect(s.match(pod({ 'spec.nodeName': 'node-a', 'status.phase': 'Failed' }))).toBe(false);
    expect(parseFieldSelector('metadata.name==x', 'Pod')!.match(pod({ 'metadata.name': 'x' }))).toBe(true);
    expect(parseFieldSelector('spec.serviceAccountName=spark', 'Pod')!.match(pod({ 'spec.serviceAccountName': 'spark' }))).toBe(true);
  });

  it('rejects unknown fields as the real conversion functions do', () => {
    expect(badRequestMessage(() => parseFieldSelector('spec.foo=1', 'Pod'))).toBe('field label not supported: spec.foo');
    expect(badRequestMessage(() => parseFieldSelector('data.x=1', 'ConfigMap'))).toBe('"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"');
    expect(badRequestMessage(() => parseFieldSelector('nonsense', 'Pod'))).toBe("invalid selector: 'nonsense'; can't understand 'nonsense'");
  });
});
