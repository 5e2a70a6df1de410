import { describe, expect, it } from 'vitest';
import type { KubePod } from '../kube/types';
import {
  EXECUTOR_ID_PLACEHOLDER, SPARK_APP_ID_LABEL, SPARK_APP_NAME_LABEL, SPARK_EXECUTOR_ID_LABEL, SPARK_EXECUTOR_INACTIVE_LABEL,
  SPARK_RESOURCE_PROFILE_ID_LABEL, SPARK_ROLE_LABEL, SPARK_VERSION_LABEL, appIdOf, appNameOf, executorIdOf, isInactiveExecutor,
  javaTrim, labelOf, parseJavaLong, resourceProfileIdOf, sanitizeAppNameLabel, sanitizeResourceNamePrefix, sparkRoleOf,
} from './labels';

const withLabels = (labels: Record<string, unknown> | undefined): KubePod => ({ metadata: { name: 'p', labels: labels as Record<string, string> } });
const withId = (value: string): KubePod => withLabels({ 'spark-exec-id': value });

describe('label keys', () => {
  it('are Spark\'s', () => {
    expect([
      SPARK_APP_ID_LABEL, SPARK_ROLE_LABEL, SPARK_EXECUTOR_ID_LABEL, SPARK_APP_NAME_LABEL,
      SPARK_RESOURCE_PROFILE_ID_LABEL, SPARK_EXECUTOR_INACTIVE_LABEL, SPARK_VERSION_LABEL,
    ]).toEqual([
      'spark-app-selector', 'spark-role', 'spark-exec-id', 'spark-app-name',
      'spark-exec-resourceprofile-id', 'spark-exec-inactive', 'spark-version',
    ]);
    expect(EXECUTOR_ID_PLACEHOLDER).toBe('EXECID');
  });
});

describe('simple readers', () => {
  const pod = withLabels({ 'spark-app-selector': 'spark-0123', 'spark-app-name': 'nightly-etl', 'spark-role': 'executor' });

  it('read the app id and name', () => {
    expect(appIdOf(pod)).toBe('spark-0123');
    expect(appNameOf(pod)).toBe('nightly-etl');
    expect(appIdOf(withLabels(undefined))).toBeUndefined();
    expect(appNameOf({})).toBeUndefined();
  });

  it('read the role exactly', () => {
    expect(sparkRoleOf(pod)).toBe('executor');
    expect(sparkRoleOf(withLabels({ 'spark-role': 'driver' }))).toBe('driver');
    expect(sparkRoleOf(withLabels({ 'spark-role': 'Executor' }))).toBeUndefined();
    expect(sparkRoleOf(withLabels({ 'spark-role': 'shuffle' }))).toBeUndefined();
    expect(sparkRoleOf(withLabels({}))).toBeUndefined();
  });

  it('ignore values that are not strings and keys inherited from Object', () => {
    expect(labelOf(withLabels({ 'spark-role': 5 }), 'spark-role')).toBeUndefined();
    expect(labelOf(withLabels({}), 'constructor')).toBeUndefined();
    expect(labelOf(withLabels({}), 'toString')).toBeUndefined();
  });
});

describe('executorIdOf', () => {
  it('skips a missing label and the EXECID placeholder, as Spark does', () => {
    expect(executorIdOf(withLabels({}))).toEqual({ kind: 'unregistered', reason: 'missing' });
    expect(executorIdOf({ metadata: {} })).toEqual({ kind: 'unregistered', reason: 'missing' });
    expect(executorIdOf({})).toEqual({ kind: 'unregistered', reason: 'missing' });
    expect(executorIdOf(withLabels({ 'spark-exec-id': null }))).toEqual({ kind: 'unregistered', reason: 'missing' });
    expect(executorIdOf(withId('EXECID'))).toEqual({ kind: 'unregistered', reason: 'placeholder' });
  });

  it.each([
    ['7', 7], ['0', 0], ['+5', 5], ['-3', -3], ['007', 7], ['-0', 0], ['+0', 0],
    ['9223372036854775807', 9223372036854775807], ['-9223372036854775808', -9223372036854775808],
    ['٣', 3], ['١٢٣', 123], ['１２', 12], ['-٧', -7],
  ])('accepts %j as %d, like Long.parseLong', (raw, id) => {
    expect(executorIdOf(withId(raw))).toEqual({ kind: 'id', id });
  });

  it.each([
    ['execid'], ['EXECID '], ['1.0'], [' 1'], ['1 '], [''], ['+'], ['-'], ['--1'], ['+-1'], ['0x1F'], ['1e3'], ['1_000'], ['1,000'],
    ['9223372036854775808'], ['-9223372036854775809'], ['99999999999999999999'], ['𝟏'], ['\u00a01'], ['Ⅻ'], ['²'],
  ])('rejects %j (Spark would throw NumberFormatException)', (raw) => {
    expect(executorIdOf(withId(raw))).toEqual({ kind: 'invalid', raw });
  });
});

describe('parseJavaLong', () => {
  it('keeps full Long precision as a bigint', () => {
    expect(parseJavaLong('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseJavaLong('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(parseJavaLong('000000000000000000000000001')).toBe(1n);
  });

  it('takes other bounds for Integer.parseInt', () => {
    expect(parseJavaLong('2147483647', -(2n ** 31n), 2n ** 31n - 1n)).toBe(2147483647n);
    expect(parseJavaLong('2147483648', -(2n ** 31n), 2n ** 31n - 1n)).toBeUndefined();
  });
});

describe('resourceProfileIdOf', () => {
  it('reads an int', () => {
    expect(resourceProfileIdOf(withLabels({ 'spark-exec-resourceprofile-id': '0' }))).toBe(0);
    expect(resourceProfileIdOf(withLabels({ 'spark-exec-resourceprofile-id': '3' }))).toBe(3);
  });

  it('gives undefined for a missing label or one toInt rejects', () => {
    expect(resourceProfileIdOf(withLabels({}))).toBeUndefined();
    expect(resourceProfileIdOf(withLabels({ 'spark-exec-resourceprofile-id': 'default' }))).toBeUndefined();
    expect(resourceProfileIdOf(withLabels({ 'spark-exec-resourceprofile-id': '2147483648' }))).toBeUndefined();
  });
});

describe('isInactiveExecutor', () => {
  it.each([
    ['true', true], ['True', false], ['TRUE', false], ['', false], ['yes', false], ['false', false], [' true', false],
  ])('is %j → %s, like the selector spark-exec-inactive!=true', (value, inactive) => {
    expect(isInactiveExecutor(withLabels({ 'spark-exec-inactive': value }))).toBe(inactive);
  });

  it('is false without the label', () => {
    expect(isInactiveExecutor(withLabels({}))).toBe(false);
  });
});

describe('javaTrim', () => {
  it('strips control characters and spaces but not other Unicode whitespace', () => {
    expect(javaTrim('\u0001\t app \n\u0000')).toBe('app');
    expect(javaTrim('\u00a0app\u2003')).toBe('\u00a0app\u2003');
    expect(javaTrim('   ')).toBe('');
  });
});

describe('sanitizeAppNameLabel', () => {
  it.each([
    ['Nightly ETL', 'nightly-etl'],
    ['  My_App.v2  ', 'my-app-v2'],
    ['--Spark--Pi--', 'spark-pi'],
    ['spark-pi', 'spark-pi'],
    ['Ünïcödé', 'n-c-d'],
    ['日本語', ''],
    ['', ''],
    ['-', ''],
    ['İstanbul', 'i-stanbul'],
    ['\u0001job\u0001', 'job'],
  ])('%j → %j', (name, label) => {
    expect(sanitizeAppNameLabel(name)).toBe(label);
  });

  it('cuts to 63 characters before stripping the dashes', () => {
    expect(sanitizeAppNameLabel('a'.repeat(70))).toBe('a'.repeat(63));
    expect(sanitizeAppNameLabel(`${'x'.repeat(62)} y`)).toBe('x'.repeat(62));
    expect(sanitizeAppNameLabel(`-${'a'.repeat(70)}`)).toBe('a'.repeat(62));
  });

  it('trims like Java: a leading no-break space becomes a dash that costs a character', () => {
    expect(sanitizeAppNameLabel(`\u00a0${'a'.repeat(63)}`)).toBe('a'.repeat(62));
  });
});

describe('sanitizeResourceNamePrefix', () => {
  it.each([
    ['Nightly ETL', '3fa2c19b76daa800', 'nightly-etl-3fa2c19b76daa800'],
    ['42 Jobs', 'abc', 'x2-jobs-abc'],
    ['-lead', 'abc', 'lead-abc'],
    ['_x', 'a', 'x-a'],
    ['.9lives', 'a', 'xlives-a'],
    ['', 'abc', 'abc'],
    ['Spark  Pi!!', 'f00', 'spark-pi-f00'],
    ['spark-pi-', 'f00', 'spark-pi-f00'],
  ])('%j with %j → %j', (name, id, prefix) => {
    expect(sanitizeResourceNamePrefix(name, id)).toBe(prefix);
  });

  it('does not cut long names', () => {
    expect(sanitizeResourceNamePrefix('a'.repeat(100), '1')).toBe(`${'a'.repeat(100)}-1`);
  });
});
