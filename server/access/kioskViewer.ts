// A kiosk or portal token as a viewer: it sees the namespaces of the clusters its grant names
// (of those the dashboard shows), opens only /wall and /embed/* pages and the API those pages
// use, never History and never pod logs (what containers print can hold secrets, and a wall
// hangs where anyone passes). Every check first asks whether the key that signed it is still
// in use, so a rotated key ends open connections at the next recheck too.

import { describeGrant, grantCovers, grantCoversCluster, grantReadable, kioskPage, type KioskGrant } from '../../lib/access/kioskGrant';
import { LIST_PODS } from './accessReviews';
import { ANY_SPARK_NAMESPACE, missingGrant, type AccessCluster, type Denial, type ViewerAccess } from './viewerAccess';

export function kioskViewer(grant: KioskGrant, clusters: () => readonly AccessCluster[], keyRetired: () => string | null): ViewerAccess {
  const who = `the token "${grant.label}"`;
  const check: ViewerAccess['check'] = async (cluster, namespace, action = LIST_PODS) => {
    const missing = missingGrant(action, namespace, cluster);
    const retired = keyRetired();
    if (retired) return { message: retired, everywhere: retired, missing };
    // No such cluster: nothing to see; the route says 404 as it does to everyone.
    if (!clusters().some((c) => c.id === cluster)) return null;
    if (action !== LIST_PODS) {
      const message = `${who} may not ${action.text}: tokens show walls and panels, never pod logs`;
      return { message, everywhere: message, missing } satisfies Denial;
    }
    if (grantCovers(grant, cluster, namespace)) return null;
    const say = (what: string) => `${who} may not see ${what} (it shows ${describeGrant(grant)})`;
    return { message: say(grantCoversCluster(grant, cluster) ? `namespace ${namespace} of ${cluster}` : `cluster ${cluster}`), everywhere: say(ANY_SPARK_NAMESPACE), missing };
  };
  return {
    identity: null,
    principal: { kind: 'token', label: grant.label },
    restricted: true,
    check,
    revoked: keyRetired,
    // A retired key reads nothing, whatever asks before the connection is ended.
    readable: async () => (keyRetired() ? { all: false, byCluster: new Map() } : grantReadable(grant, clusters().map((c) => ({ id: c.id, namespaces: c.namespaces() })))),
    async refuses(surface) {
      const retired = keyRetired();
      if (retired) return retired;
      if (surface.kind === 'api') {
        if (surface.route === 'historyApps') return `${who} shows walls and panels; History is not among them`;
        return null;
      }
      const page = kioskPage(surface.pathname);
      if (page.kind === 'other') return `${who} opens only the wall (/wall) and embedded panels (/embed/…), not ${surface.pathname}`;
      if (page.kind === 'embed' && page.cluster !== null && page.namespace !== null) return (await check(page.cluster, page.namespace))?.message ?? null;
      return null;
    },
  };
}
