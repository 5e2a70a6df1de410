import { describe, expect, it } from 'vitest';
import { sanitizeResourceNamePrefix } from '../spark/labels';
import { onDemandClaimName, ownerRoleOf, parseOnDemandClaimName, recognizeOnDemandClaim } from './onDemandClaims';
import { APP_ID, claimNameFor, DRIVER_NAME, onDemandClaim, PREFIX } from './testing/volumePods';

describe('parseOnDemandClaimName', () => {
  it('reads executor and driver claims with the generated app prefix', () => {
    expect(parseOnDemandClaimName(claimNameFor(7))).toEqual({ role: 'executor', prefix: PREFIX, executorId: 7, volumeIndex: 0 });
    expect(parseOnDemandClaimName(`${PREFIX}-exec-123-pvc-2`)).toEqual({ role: 'executor', prefix: PREFIX, executorId: 123, volumeIndex: 2 });
    expect(parseOnDemandClaimName(`${PREFIX}-driver-pvc-1`)).toEqual({ role: 'driver', prefix: PREFIX, volumeIndex: 1 });
  });

  it('reads claims under a custom spark.kubernetes.executor.podNamePrefix (no app name in it)', () => {
    expect(parseOnDemandClaimName('etl-exec-4-pvc-0')).toEqual({ role: 'executor', prefix: 'etl', executorId: 4, volumeIndex: 0 });
    expect(parseOnDemandClaimName('etl-exec-4-pvc-0', 'etl')).toMatchObject({ executorId: 4 });
    expect(parseOnDemandClaimName('etl-exec-4-pvc-0', 'other')).toBeNull();
  });

  it('handles odd prefixes: containing -exec- or -driver, leading x, digits, long names', () => {
    const odd = sanitizeResourceNamePrefix('2 spark-exec-1 driver', 'a1b2c3199a0c5d3f0');
    expect(odd.startsWith('x-spark-exec-1-driver-')).toBe(true);
    expect(parseOnDemandClaimName(`${odd}-exec-12-pvc-0`)).toEqual({ role: 'executor', prefix: odd, executorId: 12, volumeIndex: 0 });
    expect(parseOnDemandClaimName(`${odd}-driver-pvc-0`)).toEqual({ role: 'driver', prefix: odd, volumeIndex: 0 });
    expect(parseOnDemandClaimName('a-exec-1-pvc-0-driver-pvc-3')).toEqual({ role: 'driver', prefix: 'a-exec-1-pvc-0', volumeIndex: 3 });
    // The known prefix disambiguates a prefix that itself looks like a claim.
    expect(parseOnDemandClaimName('job-exec-2-pvc-0-exec-9-pvc-1', 'job-exec-2-pvc-0')).toMatchObject({ executorId: 9, volumeIndex: 1 });
    const long = `${'a'.repeat(200)}-1a2b3c`;
    expect(parseOnDemandClaimName(`${long}-exec-99999-pvc-10`)).toMatchObject({ prefix: long, executorId: 99999, volumeIndex: 10 });
  });

  it('rejects what Spark never writes', () => {
    for (const name of ['exec-1-pvc-0', '-exec-1-pvc-0', 'app-exec-01-pvc-0', 'app-exec-1-pvc-00', 'app-exec--1-pvc-0', 'app-exec-1-pvc', 'app-exec-1', 'app-driver-pvc-x', 'data-volume', 'app-exec-1-pvc-0-extra']) {
      expect(parseOnDemandClaimName(name), name).toBeNull();
    }
  });

  it('builds the names Spark substitutes for OnDemand', () => {
    expect(onDemandClaimName(PREFIX, 'executor', 0, 7)).toBe(claimNameFor(7));
    expect(onDemandClaimName(PREFIX, 'driver', 1)).toBe(`${PREFIX}-driver-pvc-1`);
  });
});

describe('recognizeOnDemandClaim', () => {
  it('confirms a claim Spark created and the driver owns', () => {
    const r = recognizeOnDemandClaim({ claim: onDemandClaim({ execId: 7 }), appId: APP_ID, driverPodName: DRIVER_NAME });
    expect(r).toMatchObject({ onDemand: true, basis: 'claim', role: 'executor', executorId: 7, volumeIndex: 0, prefix: PREFIX });
    expect(r.evidence.join(' ')).toContain('Owned by the driver pod');
    expect(r.evidence.join(' ')).toContain(`spark-app-selector=${APP_ID}`);
  });

  it('confirms a claim owned by its executor pod (ownPersistentVolumeClaim=false)', () => {
    const r = recognizeOnDemandClaim({ claim: onDemandClaim({ execId: 3, owner: 'executor' }) });
    expect(r).toMatchObject({ onDemand: true, role: 'executor', executorId: 3 });
    expect(r.evidence.join(' ')).toContain('ownPersistentVolumeClaim=false');
  });

  it('confirms a claim with a templated name when label and pod owner say Spark created it', () => {
    const r = recognizeOnDemandClaim({ claim: onDemandClaim({ execId: 5, name: 'scratch-5', owner: 'executor' }) });
    expect(r).toMatchObject({ onDemand: true, role: 'executor', executorId: 5 });
    expect(r.volumeIndex).toBeUndefined();
    expect(r.evidence.join(' ')).toContain('need not be OnDemand-derived');
  });

  it('keeps an orphaned claim (no owner) that has the label and the name', () => {
    const r = recognizeOnDemandClaim({ claim: onDemandClaim({ execId: 2, owner: 'none' }) });
    expect(r.onDemand).toBe(true);
    expect(r.evidence.join(' ')).toContain('--cascade=orphan');
  });

  it('rejects a hand-made claim that only looks like one', () => {
    const r = recognizeOnDemandClaim({ claim: onDemandClaim({ execId: 2, owner: 'none', appLabel: false }) });
    expect(r.onDemand).toBe(false);
    expect(r.executorId).toBe(2);
    const plain = recognizeOnDemandClaim({ claim: onDemandClaim({ name: 'team-shared', owner: 'none', appLabel: false }) });
    expect(plain).toMatchObject({ onDemand: false, basis: 'claim' });
  });

  it('notes a label of another application', () => {
    const r = recognizeOnDemandClaim({ claim: onDemandClaim({ execId: 2 }), appId: 'spark-other' });
    expect(r.evidence.join(' ')).toContain('another application');
  });

  it('judges from the claim name alone when the claim object is missing', () => {
    expect(recognizeOnDemandClaim({ claimName: claimNameFor(9) })).toMatchObject({ onDemand: true, basis: 'name', executorId: 9 });
    expect(recognizeOnDemandClaim({ claimName: claimNameFor(9), prefix: 'other-app' })).toMatchObject({ onDemand: false, basis: 'name' });
    expect(recognizeOnDemandClaim({ claimName: 'datasets' })).toMatchObject({ onDemand: false, basis: 'name' });
    expect(recognizeOnDemandClaim({ claim: null, claimName: `${PREFIX}-driver-pvc-0` })).toMatchObject({ onDemand: true, role: 'driver' });
  });
});

describe('ownerRoleOf', () => {
  it('tells driver and executor owners apart by name', () => {
    expect(ownerRoleOf({ kind: 'Pod', name: DRIVER_NAME })).toBe('driver');
    expect(ownerRoleOf({ kind: 'Pod', name: `${PREFIX}-exec-4` })).toBe('executor');
    expect(ownerRoleOf({ kind: 'Pod', name: 'custom-driver-name' }, 'custom-driver-name')).toBe('driver');
    expect(ownerRoleOf({ kind: 'Pod', name: 'custom-driver-name' })).toBeUndefined();
    expect(ownerRoleOf({ kind: 'StatefulSet', name: `${PREFIX}-driver` })).toBeUndefined();
  });
});
