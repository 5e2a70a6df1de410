// The paths of a running driver's Spark UI reached through the dashboard (--spark-ui-proxy):
// `<base>/spark-ui/<cluster>/<namespace>/<appId>/<path…>` on the dashboard side, the API
// server's service proxy `/api/v1/namespaces/<ns>/services/<svc>:<port>/proxy/<path…>` on the
// other. Pure: which requests are acceptable (no dot segments, no encoded slashes), and how
// the API server's absolute paths in a page map back to the dashboard's.

export const SPARK_UI_PROXY_ROUTE = 'spark-ui';

/** Spark's UI port (spark.ui.port) when the application does not say otherwise. */
export const DEFAULT_SPARK_UI_PORT = 4040;

export interface SparkUiProxyTarget {
  cluster: string;
  namespace: string;
  appId: string;
  /** What follows `<appId>/`, still percent-encoded as the browser sent it ('' for the UI's root). */
  rest: string;
  /** The request named the application without a trailing slash: relative links need one. */
  bare: boolean;
}

/** The dashboard-relative URL of an application's proxied Spark UI (base path included). */
export function sparkUiProxyHref(basePath: string, cluster: string, namespace: string, appId: string): string {
  return `${basePath}/${SPARK_UI_PROXY_ROUTE}/${[cluster, namespace, appId].map(encodeURIComponent).join('/')}/`;
}

/** The API server's service proxy prefix of a driver's UI; the proxied path follows it. */
export function serviceProxyPath(namespace: string, service: string, port: number): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(service)}:${port}/proxy/`;
}

/**
 * Reads the raw request path (after the base path, before any normalisation, without the query).
 * Dot segments and encoded slashes or backslashes are refused, even though URL parsing would
 * fold them away: what is forwarded is exactly what was checked.
 */
export function parseSparkUiProxyPath(rawPath: string): SparkUiProxyTarget | { error: string } {
  const segments = rawPath.split('/');
  if (segments[0] !== '' || segments[1] !== SPARK_UI_PROXY_ROUTE) return { error: `not a ${SPARK_UI_PROXY_ROUTE} path` };
  const decoded: string[] = [];
  for (const s of segments.slice(2)) {
    let d: string;
    try {
      d = decodeURIComponent(s);
    } catch {
      return { error: 'the path is not valid percent-encoding' };
    }
    if (d === '.' || d === '..') return { error: 'the path may not contain . or .. segments' };
    if (/[/\\]/.test(d) || /\\/.test(s)) return { error: 'the path may not contain encoded slashes or backslashes' };
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(d)) return { error: 'the path may not contain control characters' };
    decoded.push(d);
  }
  const [cluster, namespace, appId] = decoded;
  if (!cluster || !namespace || !appId) return { error: `expected /${SPARK_UI_PROXY_ROUTE}/CLUSTER/NAMESPACE/APP_ID/` };
  const restSegments = segments.slice(5);
  // An empty segment inside the path would become `//`: refused as the API server would fold it.
  if (restSegments.slice(0, -1).some((s) => s === '')) return { error: 'the path may not contain empty segments (//)' };
  return { cluster, namespace, appId, rest: restSegments.join('/'), bare: segments.length === 5 };
}

/**
 * The API server rewrites absolute links of a proxied HTML page and a redirect's Location to
 * its own proxy path (k8s.io/apimachinery/pkg/util/proxy/transport.go); in the dashboard
 * they must point at the dashboard's route instead.
 */
export function toDashboardPaths(text: string, apiPrefix: string, dashboardPrefix: string): string {
  return text.split(apiPrefix).join(dashboardPrefix);
}

/**
 * A redirect's Location as the browser must follow it on the dashboard: always inside the
 * proxied UI (the path of whatever Spark or the API server named), never another site.
 */
export function dashboardLocation(location: string, apiPrefix: string, dashboardPrefix: string): string {
  let url: URL;
  try {
    url = new URL(location, 'http://upstream.invalid' + apiPrefix);
  } catch {
    return dashboardPrefix;
  }
  const path = url.pathname + url.search + url.hash;
  if (url.pathname === apiPrefix.replace(/\/$/, '')) return dashboardPrefix + url.search + url.hash;
  if (path.startsWith(apiPrefix)) return dashboardPrefix + path.slice(apiPrefix.length);
  // Spark's own absolute paths (`/jobs/`) when nothing rewrote them: the UI's root is the proxy's.
  return dashboardPrefix + path.replace(/^\//, '');
}
