// What one person may read, asked of Kubernetes: a namespace of a cluster is theirs to see when
// they may `list pods` there, and its pods' logs when they may `get pods/log`. The namespaces
// asked about are the watched ones (for --namespaces '*': those the engine sees pods in). With
// --auth none there is no person: everything is readable and nothing is asked. A kiosk token
// is a viewer of its own kind (kioskViewer.ts): its grant, not Kubernetes, says what it reads.

import { ANONYMOUS, describeIdentity, type Identity, type Principal } from '../../lib/access/identity';
import type { ApiRouteName } from '../../lib/apiRoutes';
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
  /**
   * The same refusal naming no namespace or cluster, as if asked of every namespace that holds
   * Spark applications: said where the name asked about is not the asker's to see either.
   */
  everywhere: string;
  missing: { verb: string; resource: string; namespace: string; cluster: string };
}

/** What a refused action lacks, as a Denial names it. */
export function missingGrant(action: AccessAction, namespace: string, cluster: string): Denial['missing'] {
  return { verb: action.verb, resource: action.subresource ? `${action.resource}/${action.subresource}` : action.resource, namespace, cluster };
}

/** A part of the dashboard a viewer asks for: a page (by path, base path removed) or a JSON API route. */
export type Surface = { kind: 'page'; pathname: string } | { kind: 'api'; route: ApiRouteName | 'logFollow' };

export interface ViewerAccess {
  /** The person; null with --auth none and for a kiosk token. */
  readonly identity: Identity | null;
  /** Who this is, as the audit log and per-identity limits name them. */
  readonly principal: Principal;
  /** Sees part of the dashboard only: the overview is filtered for it and old links resolve among what it reads. */
  readonly restricted: boolean;
  /** Null when this viewer may use that page or route at all (what it shows is checked apart); else why not. */
  refuses(surface: Surface): Promise<string | null>;
  /** Null while its credential holds as a whole (a kiosk token's key may be rotated away); else why not. */
  revoked(): string | null;
  readable(): Promise<ReadableNamespaces>;
  /** Null when allowed. */
  check(cluster: string, namespace: string, action?: AccessAction): Promise<Denial | null>;
}

/** How a refusal names every namespace at once, naming none. */
export const ANY_SPARK_NAMESPACE = 'any namespace that holds Spark applications';

export const EVERYONE: ViewerAccess = {
  identity: null,
  principal: ANONYMOUS,
  restricted: false,
  refuses: async () => null,
  revoked: () => null,
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
        principal: { kind: 'user', identity },
        restricted: true,
        refuses: async () => null,
        revoked: () => null,
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
          const say = (place: string) => {
            const sentence = `you (${describeIdentity(identity)}) may not ${action.text} in ${place}`;
            return verdict.unanswered ? `${sentence}: ${verdict.reason}` : sentence;
          };
          return { message: say(`${namespace} of ${clusterId}`), everywhere: say(ANY_SPARK_NAMESPACE), missing: missingGrant(action, namespace, clusterId) };
        },
      };
    },
  };
}
