// The PV controller's part for on-demand claims (bind: spec.volumeName pvc-<uid>, then
// status Bound with capacity through the status subresource), a provisioner's failure
// event for the claims it leaves Pending, and deletion of claims Spark cleans up.

import type { KubePersistentVolumeClaim } from '../../lib/kube/types';
import type { Logger } from '../../server/log';
import type { EventRecorder } from './events';
import { classifyError, errorMessage, type RequestQueue, MERGE_PATCH } from './requestQueue';

const PROVISIONER = 'ebs.csi.aws.com';

export type ClaimResult = 'ok' | 'gone' | 'retry';

export interface ClaimRef {
  name: string;
  namespace: string;
  uid: string | null;
}

const claimPath = (c: ClaimRef) => `/api/v1/namespaces/${c.namespace}/persistentvolumeclaims/${c.name}`;

export class ClaimController {
  /** Where the status goes: the subresource (as a real API requires) or, if not served, the object. */
  private statusOnObject = false;
  readonly counters = { created: 0, bound: 0, deleted: 0 };

  constructor(private readonly queue: RequestQueue, private readonly events: EventRecorder, private readonly log: Logger) {}

  /** Creates a claim; an existing one with the same name counts as created. */
  async create(claim: KubePersistentVolumeClaim): Promise<{ result: ClaimResult | 'forbidden'; ref: ClaimRef }> {
    const ref: ClaimRef = { name: claim.metadata?.name ?? '', namespace: claim.metadata?.namespace ?? '', uid: null };
    try {
      const created = await this.queue.request<KubePersistentVolumeClaim>('POST', `/api/v1/namespaces/${ref.namespace}/persistentvolumeclaims`, { body: claim });
      ref.uid = created.metadata?.uid ?? null;
      this.counters.created++;
      return { result: 'ok', ref };
    } catch (e) {
      const cls = classifyError(e);
      if (cls === 'conflict') return { result: 'ok', ref };
      if (cls === 'forbidden' || cls === 'invalid') {
        this.log.once('warn', `claim-create:${cls}`, 'the API refused an on-demand claim', { claim: ref.name, error: errorMessage(e) });
        return { result: 'forbidden', ref };
      }
      return { result: cls === 'notFound' ? 'gone' : 'retry', ref };
    }
  }

  /** Plays the PV controller binding a dynamically provisioned volume to the claim. */
  async bind(ref: ClaimRef, claim: KubePersistentVolumeClaim): Promise<ClaimResult> {
    const uid = ref.uid ?? (await this.readUid(ref));
    if (uid === null) return 'gone';
    const storage = claim.spec?.resources?.requests?.storage ?? '1Gi';
    const bindPatch = {
      metadata: {
        annotations: {
          'pv.kubernetes.io/bind-completed': 'yes',
          'pv.kubernetes.io/bound-by-controller': 'yes',
          'volume.beta.kubernetes.io/storage-provisioner': PROVISIONER,
          'volume.kubernetes.io/storage-provisioner': PROVISIONER,
        },
      },
      spec: { volumeName: `pvc-${uid}` },
    };
    const status = { phase: 'Bound', accessModes: claim.spec?.accessModes ?? ['ReadWriteOncePod'], capacity: { storage } };
    try {
      await this.queue.request('PATCH', claimPath(ref), { body: bindPatch, contentType: MERGE_PATCH });
      await this.writeStatus(ref, status);
      this.counters.bound++;
      return 'ok';
    } catch (e) {
      return classifyError(e) === 'notFound' ? 'gone' : 'retry';
    }
  }

  private async writeStatus(ref: ClaimRef, status: Record<string, unknown>): Promise<void> {
    if (!this.statusOnObject) {
      try {
        await this.queue.request('PATCH', `${claimPath(ref)}/status`, { body: { status }, contentType: MERGE_PATCH });
        return;
      } catch (e) {
        const cls = classifyError(e);
        if (cls !== 'notFound' && cls !== 'unsupported') throw e;
        // A 404 on the subresource of a claim that still exists: the API has no such subresource.
        await this.queue.request('GET', claimPath(ref));
        this.statusOnObject = true;
        this.log.warn('the API does not serve persistentvolumeclaims/status; claim statuses are patched on the object', { error: errorMessage(e) });
      }
    }
    await this.queue.request('PATCH', claimPath(ref), { body: { status }, contentType: MERGE_PATCH });
  }

  /** The provisioner's complaint about a claim it cannot satisfy. */
  async reportProvisioningFailure(ref: ClaimRef, storageClass: string): Promise<void> {
    await this.events.record({ kind: 'PersistentVolumeClaim', ...ref }, {
      type: 'Warning',
      reason: 'ProvisioningFailed',
      message: `failed to provision volume with StorageClass "${storageClass}": rpc error: code = ResourceExhausted desc = Could not create volume "pvc-${ref.uid ?? 'unknown'}": volume limit exceeded for the availability zone`,
      component: `${PROVISIONER}_ebs-csi-controller`,
    });
  }

  async delete(ref: ClaimRef): Promise<ClaimResult> {
    try {
      await this.queue.request('DELETE', claimPath(ref));
      this.counters.deleted++;
      return 'ok';
    } catch (e) {
      const cls = classifyError(e);
      return cls === 'notFound' ? 'gone' : 'retry';
    }
  }

  private async readUid(ref: ClaimRef): Promise<string | null> {
    try {
      const seen = await this.queue.request<KubePersistentVolumeClaim>('GET', claimPath(ref));
      ref.uid = seen.metadata?.uid ?? null;
      return ref.uid;
    } catch {
      return null;
    }
  }
}
