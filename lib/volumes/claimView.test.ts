import { describe, expect, it } from 'vitest';
import { FIXTURE_BASE_MS } from '../spark/testing/podFixtures';
import { claimView, podCreationTimeoutMs, type ClaimContext } from './claimView';
import { APP_ID, claimNameFor, DRIVER_NAME, onDemandClaim, PREFIX } from './testing/volumePods';

const CREATED = 21_000 + 7 * 1000; // onDemandClaim({ execId: 7 })'s creation offset
const after = (ms: number) => FIXTURE_BASE_MS + CREATED + ms;
const ctx = (patch: Partial<ClaimContext> = {}): ClaimContext => ({
  podsUsing: [], appFinished: false, now: after(700_000), appId: APP_ID, driverPodName: DRIVER_NAME, prefix: PREFIX, ...patch,
});

describe('podCreationTimeoutMs', () => {
  it('is max(5 × batch.delay, executor.timeout), 600 s by default', () => {
    expect(podCreationTimeoutMs()).toBe(600_000);
    expect(podCreationTimeoutMs(200_000)).toBe(1_000_000);
    expect(podCreationTimeoutMs(1000, 30_000)).toBe(30_000);
  });
});

describe('claimView', () => {
  it('describes a bound on-demand claim', () => {
    const v = claimView(onDemandClaim({ execId: 7 }), ctx({ podsUsing: [{ name: `${PREFIX}-exec-7`, role: 'executor', state: 'running', executorId: 7 }] }));
    expect(v).toMatchObject({
      name: claimNameFor(7), namespace: 'spark-jobs', phase: 'Bound', requested: '100Gi', capacity: '100Gi', storageClass: 'gp3',
      accessModes: ['ReadWriteOncePod'], owner: { kind: 'Pod', name: DRIVER_NAME, role: 'driver' }, appId: APP_ID,
      usedBy: [`${PREFIX}-exec-7`], reusableBySpark: false, createdAt: FIXTURE_BASE_MS + CREATED, beingDeleted: false,
    });
    expect(v.volumeName).toMatch(/^pvc-/);
    expect(v.onDemand).toMatchObject({ onDemand: true, executorId: 7 });
    expect(v.reuseReason).toContain('Mounted by executor pod');
  });

  it('is reusable when labelled, driver-owned, unused and older than the timeout', () => {
    const v = claimView(onDemandClaim({ execId: 7 }), ctx());
    expect(v.reusableBySpark).toBe(true);
    expect(v.reuseReason).toContain('Free for Spark to reuse');
    expect(v.reuseReason).toContain('storage class gp3 and at most 100Gi');
  });

  it('is not reusable up to and including the timeout (Spark compares with >)', () => {
    expect(claimView(onDemandClaim({ execId: 7 }), ctx({ now: after(600_000) })).reusableBySpark).toBe(false);
    expect(claimView(onDemandClaim({ execId: 7 }), ctx({ now: after(600_001) })).reusableBySpark).toBe(true);
    const young = claimView(onDemandClaim({ execId: 7 }), ctx({ now: after(42_000) }));
    expect(young.reuseReason).toContain('Created 42s ago');
    expect(young.reuseReason).toContain('600s');
    // A longer timeout (batch.delay 200s) is taken as an option.
    expect(claimView(onDemandClaim({ execId: 7 }), ctx(), { podCreationTimeoutMs: podCreationTimeoutMs(200_000) }).reusableBySpark).toBe(false);
  });

  it('is not reusable while a terminating executor pod still mounts it', () => {
    const v = claimView(onDemandClaim({ execId: 7 }), ctx({ podsUsing: [{ name: `${PREFIX}-exec-7`, role: 'executor', state: 'running', executorId: 7, beingDeleted: true }] }));
    expect(v.reusableBySpark).toBe(false);
    expect(v.reuseReason).toContain('still terminating');
  });

  it('is not reusable when owned by the executor pod (ownPersistentVolumeClaim=false)', () => {
    const v = claimView(onDemandClaim({ execId: 7, owner: 'executor' }), ctx());
    expect(v).toMatchObject({ reusableBySpark: false, owner: { role: 'executor' } });
    expect(v.reuseReason).toContain('ownPersistentVolumeClaim is false');
  });

  it('is not reusable without the app label, for another app, without owner, or after the app ended', () => {
    expect(claimView(onDemandClaim({ execId: 7, appLabel: false }), ctx()).reuseReason).toContain('has no such label');
    expect(claimView(onDemandClaim({ execId: 7 }), ctx({ appId: 'spark-other' })).reuseReason).toContain('not spark-other');
    expect(claimView(onDemandClaim({ execId: 7, owner: 'none' }), ctx()).reuseReason).toContain('reuse cannot be confirmed');
    const finished = claimView(onDemandClaim({ execId: 7 }), ctx({ appFinished: true }));
    expect(finished).toMatchObject({ reusableBySpark: false });
    expect(finished.reuseReason).toContain('has finished');
  });

  it('follows Spark where it does not check: a Pending claim, a deleting claim, a claim the driver mounts', () => {
    const pending = claimView(onDemandClaim({ execId: 7, phase: 'Pending' }), ctx());
    expect(pending).toMatchObject({ reusableBySpark: true, phase: 'Pending' });
    expect(pending.capacity).toBeUndefined();
    expect(pending.reuseReason).toContain('not Bound');
    expect(claimView(onDemandClaim({ execId: 7, deleting: true }), ctx()).reuseReason).toContain('being deleted');
    const driverClaim = claimView(onDemandClaim({ driver: true }), ctx({ podsUsing: [{ name: DRIVER_NAME, role: 'driver', state: 'running', executorId: null }] }));
    expect(driverClaim.reusableBySpark).toBe(true);
    expect(driverClaim.reuseReason).toContain('only counts claims mounted by executor pods');
  });

  it('survives a claim with no status, no times and no metadata', () => {
    const v = claimView({}, ctx());
    expect(v).toMatchObject({ name: '', namespace: '', phase: 'Unknown', accessModes: [], usedBy: [], reusableBySpark: false });
    expect(v.createdAt).toBeUndefined();
  });
});
