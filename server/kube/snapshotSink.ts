// The two verbs a source may call on the store (Spark's updatePod / replaceSnapshot).
// Sources know nothing else: not sockets, not history, not the UI protocol.

import type { KubePod } from '../../lib/kube/types';

export type PodEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface FullListing {
  /** Namespace the list covered, or '*' for all namespaces. */
  namespace: string;
  listedAt: number;
  resourceVersion: string | undefined;
  source: string;
}

export interface SnapshotSink {
  updatePod(pod: KubePod, type: PodEventType, receivedAt: number): void;
  replaceSnapshot(pods: KubePod[], listing: FullListing): void;
}
