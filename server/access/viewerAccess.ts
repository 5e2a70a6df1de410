// What one person may read, asked of Kubernetes: a namespace of a cluster is theirs to see when
// they may `list pods` there, and its pods' logs when they may `get pods/log`. The namespaces
// asked about are the watched ones (for --namespaces '*': those the engine sees pods in). With
// --auth none there is no person: everything is readable and nothing is asked.

import { describeIdentity, type Identity } from '../../lib/access/identity';
import { EVERYTHING, type ReadableNamespaces } from '../../lib/access/readableNamespaces';
import type { KubeTransport } from '../kube/kubeTransport';
import { LIST_PODS, type AccessAction, type AccessReviews } from './accessReviews';

export interface AccessCluster {
  id: string;
  transport: KubeTransport;
  /** The namespaces whose pods the dashboard may show of this cluster. */
  namespaces(): readonly string[];
}

/** A refusal in words: "you (alice, groups: eng) may not list pods in spark-etl of prod". */
export interface Denial {
  message: string;
  missing: { verb: string; resource: string; namespace: string; cluster: string };
}

export interface ViewerAccess {
  /** Null with --auth none. */
  readonly identity: Identity | null;
  readable(): Promise<ReadableNamespaces>;
  /** Null when allowed. */
  check(cluster: string, namespace: string, action?: AccessAction): Promise<Denial | null>;
}

export const EVERYONE: ViewerAccess = {
  identity: null,
  readable: async () => EVERYTHING,
  check: async () => null,
};

export interface AccessControl {
  forIdentity(identity: Identity | null): ViewerAccess;
}

export function createAccessControl(reviews: AccessReviews, clusters: () => readonly AccessCluster[]): AccessControl {
  const byId = () => new Map(clusters().map((c) => [c.id, c]));
  return {
    forIdentity(identity) {
      if (!identity) return EVERYONE;
      return {
        identity,
        async readable() {
          const byCluster = new Map<string, Set<string>>();
          await Promise.all(clusters().map(async (c) => {
            const allowed = new Set<string>();
            await Promise.all(c.namespaces().map(async (ns) => {
              if ((await reviews.review(c, identity, ns, LIST_PODS)).allowed) allowed.add(ns);
            }));
            byCluster.set(c.id, allowed);
          }));
          return { all: false, byCluster };
        },
        async check(clusterId, namespace, action = LIST_PODS) {
          const cluster = byId().get(clusterId);
          // No such cluster: nothing to see; the route says 404 as it does to everyone.
          if (!cluster) return null;
          const verdict = await reviews.review(cluster, identity, namespace, action);
          if (verdict.allowed) return null;
          const sentence = `you (${describeIdentity(identity)}) may not ${action.text} in ${namespace} of ${clusterId}`;
          return {
            message: verdict.unanswered ? `${sentence}: ${verdict.reason}` : sentence,
            missing: { verb: action.verb, resource: action.subresource ? `${action.resource}/${action.subresource}` : action.resource, namespace, cluster: clusterId },
          };
        },
      };
    },
  };
}
