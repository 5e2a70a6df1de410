import { describe, expect, it } from 'vitest';
import { describeGrant, grantCovers, grantFromClaims, grantReadable, kioskPage, labelProblem, namespacesProblem, parseTtl } from './kioskGrant';
import { logSafeUrl } from './logSafeUrl';
import { mayRead } from './readableNamespaces';

describe('kiosk grants', () => {
  it('reads a grant from claims, refusing anything malformed', () => {
    expect(grantFromClaims({ label: 'lobby-wall', namespaces: ['a', 'b'], clusters: ['prod'] })).toEqual({ ok: true, grant: { label: 'lobby-wall', namespaces: ['a', 'b'], clusters: ['prod'] } });
    expect(grantFromClaims({ label: 'lobby', namespaces: ['*'] })).toEqual({ ok: true, grant: { label: 'lobby', namespaces: '*', clusters: null } });
    expect(grantFromClaims({ label: 'lobby', namespaces: [] })).toMatchObject({ ok: false, error: 'the token names no valid namespaces' });
    expect(grantFromClaims({ label: 'lobby', namespaces: ['*', 'a'] })).toMatchObject({ ok: false });
    expect(grantFromClaims({ label: 'lobby', namespaces: 'a' })).toMatchObject({ ok: false });
    expect(grantFromClaims({ label: 'has space', namespaces: ['a'] })).toMatchObject({ ok: false, error: 'the token has no valid label' });
    expect(grantFromClaims({ label: 'lobby', namespaces: ['a'], clusters: [] })).toMatchObject({ ok: false, error: 'the token names no valid clusters' });
  });

  it('says what is wrong with a label or namespaces', () => {
    expect(labelProblem('lobby-wall.2')).toBeNull();
    expect(labelProblem('-x')).toContain('must be 1 to 63');
    expect(namespacesProblem(['Spark_ETL'])).toBe('"Spark_ETL" is not a namespace name');
  });

  it('parses TTLs in minutes, hours and days, within bounds', () => {
    expect(parseTtl('90d')).toEqual({ ok: true, ms: 90 * 86_400_000 });
    expect(parseTtl('12h')).toEqual({ ok: true, ms: 12 * 3_600_000 });
    expect(parseTtl('30m')).toEqual({ ok: true, ms: 30 * 60_000 });
    expect(parseTtl('2y')).toMatchObject({ ok: false, error: expect.stringContaining('e.g. 30m, 12h or 90d') });
    expect(parseTtl('0m')).toMatchObject({ ok: false, error: '--ttl must be at least 1m' });
    expect(parseTtl('731d')).toMatchObject({ ok: false, error: expect.stringContaining('at most 730d') });
  });

  it('covers its namespaces of its clusters, and reads only those of the clusters the dashboard has', () => {
    const grant = { label: 'w', clusters: ['prod'], namespaces: ['etl'] } as const;
    expect(grantCovers(grant, 'prod', 'etl')).toBe(true);
    expect(grantCovers(grant, 'prod', 'ml')).toBe(false);
    expect(grantCovers(grant, 'staging', 'etl')).toBe(false);
    const clusters = [{ id: 'prod', namespaces: ['etl', 'ml'] }, { id: 'staging', namespaces: ['etl'] }];
    const readable = grantReadable(grant, clusters);
    expect(mayRead(readable, 'prod', 'etl')).toBe(true);
    expect(mayRead(readable, 'prod', 'ml')).toBe(false);
    expect(mayRead(readable, 'staging', 'etl')).toBe(false);
    const everyNs = grantReadable({ label: 'w', clusters: null, namespaces: '*' }, clusters);
    expect(mayRead(everyNs, 'staging', 'etl') && mayRead(everyNs, 'prod', 'ml')).toBe(true);
    expect(describeGrant(grant)).toBe('etl of prod');
    expect(describeGrant({ label: 'w', clusters: null, namespaces: '*' })).toBe('every namespace of every cluster');
  });

  it('knows the pages a token opens and the namespace a panel names', () => {
    expect(kioskPage('/wall')).toEqual({ kind: 'wall' });
    expect(kioskPage('/embed/overview')).toEqual({ kind: 'embed', cluster: null, namespace: null });
    expect(kioskPage('/embed/apps/prod/spark-etl/app-1/timeline')).toEqual({ kind: 'embed', cluster: 'prod', namespace: 'spark-etl' });
    expect(kioskPage('/')).toEqual({ kind: 'other' });
    expect(kioskPage('/apps/prod/spark-etl/app-1')).toEqual({ kind: 'other' });
    expect(kioskPage('/history')).toEqual({ kind: 'other' });
    expect(kioskPage('/wallpaper')).toEqual({ kind: 'other' });
    expect(kioskPage('/embeds')).toEqual({ kind: 'other' });
  });
});

describe('log-safe URLs', () => {
  it('redacts tokens in query strings and leaves everything else', () => {
    expect(logSafeUrl('/wall?cluster=prod&token=eyJabc.def&ns=a')).toBe('/wall?cluster=prod&token=REDACTED&ns=a');
    expect(logSafeUrl('/wall?TOKEN=x')).toBe('/wall?TOKEN=REDACTED');
    expect(logSafeUrl('/wall?%74oken=x')).toBe('/wall?%74oken=REDACTED');
    expect(logSafeUrl('/x?access_token=1&id_token=2#token=3')).toBe('/x?access_token=REDACTED&id_token=REDACTED#token=3');
    expect(logSafeUrl('/wall?tokens=1&token')).toBe('/wall?tokens=1&token=REDACTED');
    expect(logSafeUrl('/api/apps')).toBe('/api/apps');
    expect(logSafeUrl(undefined)).toBeUndefined();
  });
});
