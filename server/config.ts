// Every setting, declared once: flag, environment variable, default, check and the line
// that documents it. --help and start-up errors are generated from this table; a wrong
// value stops the process with a message that names the setting. The result is frozen.

import { isHostPattern } from './http/originPolicy';
import { isFrameAncestor } from './http/securityHeaders';
import { parseUrlTemplate } from '../lib/links/urlTemplate';
import { parseCidr } from '../lib/access/cidr';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Kind = 'string' | 'int' | 'number' | 'bool' | 'duration' | 'size' | 'list';

interface Setting<K extends Kind> {
  flag: string;
  env: string;
  kind: K;
  default: string | undefined;
  doc: string;
  check?: (value: Parsed<K>) => string | null;
}

type Parsed<K extends Kind> = K extends 'int' | 'number' | 'duration' | 'size' ? number : K extends 'bool' ? boolean : K extends 'list' ? string[] : string;

function s<K extends Kind>(setting: Setting<K>): Setting<K> {
  return setting;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CONTAINER_NAME = DNS_LABEL;
const templateCheck = (v: string) => { const t = parseUrlTemplate(v); return 'error' in t ? t.error : null; };
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const headerCheck = (v: string) => (HEADER_NAME.test(v) ? null : 'must be an HTTP header name');
/** kube-apiserver takes only https issuers; plain http is allowed on loopback (a local identity provider, tests). */
const issuerCheck = (v: string) => {
  try {
    const u = new URL(v);
    if (u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))) return u.search || u.hash ? 'must have no query or fragment' : null;
  } catch { /* not a URL */ }
  return 'must be an https:// URL (http:// only on 127.0.0.1 or localhost), exactly as the tokens\' iss claim says it';
};
const between = (lo: number, hi: number, unit = '') => (v: number) => (v >= lo && v <= hi ? null : `must be between ${lo}${unit} and ${hi}${unit}`);

export const SETTINGS = {
  kubeconfig: s({ flag: 'kubeconfig', env: 'KUBECONFIG', kind: 'list', default: undefined, doc: 'Kubeconfig files of real clusters, comma-separated (KUBECONFIG may also separate them with ":"). Each file gives its current context, unless --contexts or --all-contexts says otherwise. Without any (and without --in-cluster) the embedded simulated clusters run.' }),
  context: s({ flag: 'context', env: 'KUBE_CONTEXT', kind: 'string', default: undefined, doc: 'One context of the kubeconfig to use (default: its current-context); --contexts for several.' }),
  contexts: s({ flag: 'contexts', env: 'KUBE_CONTEXTS', kind: 'list', default: undefined, doc: 'Contexts to watch, comma-separated, looked up in every kubeconfig file given: one cluster each.', check: (v) => (v.length ? null : 'must name at least one context') }),
  allContexts: s({ flag: 'all-contexts', env: 'KUBE_ALL_CONTEXTS', kind: 'bool', default: 'false', doc: 'Watch every context of every kubeconfig file given.' }),
  inCluster: s({ flag: 'in-cluster', env: 'IN_CLUSTER', kind: 'bool', default: 'false', doc: 'Watch the cluster the dashboard runs in, with its pod service account (combinable with --kubeconfig for more clusters).' }),
  clusterNames: s({ flag: 'cluster-names', env: 'CLUSTER_NAMES', kind: 'list', default: '', doc: 'Display names, comma-separated ID_OR_CONTEXT=Name pairs, e.g. prod-eu=Production EU,in-cluster=This cluster.', check: (v) => (v.every((p) => /^[^=]+=.+$/.test(p)) ? null : 'must be pairs like prod-eu=Production EU') }),
  namespaces: s({ flag: 'namespaces', env: 'NAMESPACES', kind: 'list', default: '*', doc: 'Comma-separated namespaces to watch, or * for all.', check: (v) => v.every((n) => n === '*' || DNS_LABEL.test(n)) && !(v.includes('*') && v.length > 1) ? null : 'must be * or a comma-separated list of namespace names' }),
  labelSelector: s({ flag: 'label-selector', env: 'LABEL_SELECTOR', kind: 'string', default: 'spark-role', doc: 'Label selector for Spark pods (drivers and executors).', check: (v) => (v.trim() && !/\s/.test(v.trim()) ? null : 'must be a non-empty label selector without spaces, e.g. spark-role or spark-role in (driver,executor)') }),
  pollInterval: s({ flag: 'poll-interval', env: 'POLL_INTERVAL', kind: 'duration', default: '30s', doc: "Full list of Spark pods every interval (Spark's apiPollingInterval).", check: between(1000, 3_600_000, ' ms') }),
  pollResourceVersion0: s({ flag: 'poll-resource-version-0', env: 'POLL_RESOURCE_VERSION_0', kind: 'bool', default: 'true', doc: "Poll with resourceVersion=0 so the API server may answer from its cache (Spark's enablePollingWithResourceVersion)." }),
  pageSize: s({ flag: 'page-size', env: 'PAGE_SIZE', kind: 'int', default: '500', doc: 'Pods per page when listing (limit/continue).', check: between(1, 10_000) }),
  batchInterval: s({ flag: 'batch-interval', env: 'BATCH_INTERVAL', kind: 'duration', default: '50ms', doc: 'Changes are coalesced into one diff per scope every interval.', check: between(5, 10_000, ' ms') }),
  overviewInterval: s({ flag: 'overview-interval', env: 'OVERVIEW_INTERVAL', kind: 'duration', default: '250ms', doc: 'The overview (application counts) is pushed at most this often; applications get every batch.', check: between(0, 60_000, ' ms') }),
  watchTimeout: s({ flag: 'watch-timeout', env: 'WATCH_TIMEOUT', kind: 'duration', default: '5m', doc: 'Each watch request ends after about this long and resumes from its resourceVersion.', check: between(10_000, 3_600_000, ' ms') }),
  apiProbeInterval: s({ flag: 'api-probe-interval', env: 'API_PROBE_INTERVAL', kind: 'duration', default: '5s', doc: 'How often the API server is asked whether it is alive (a one-pod list): a frozen API is noticed within this interval plus the timeout.', check: between(1000, 600_000, ' ms') }),
  apiProbeTimeout: s({ flag: 'api-probe-timeout', env: 'API_PROBE_TIMEOUT', kind: 'duration', default: '5s', doc: 'An API server that does not answer the probe within this long is reported as not answering.', check: between(500, 120_000, ' ms') }),
  checkAllContainers: s({ flag: 'check-all-containers', env: 'CHECK_ALL_CONTAINERS', kind: 'bool', default: 'true', doc: "Spark's spark.kubernetes.executor.checkAllContainers (true since Spark 4.0, false in 3.x)." }),
  executorContainerName: s({ flag: 'executor-container-name', env: 'EXECUTOR_CONTAINER_NAME', kind: 'string', default: 'spark-kubernetes-executor', doc: "Spark's executor container name (spark.kubernetes.executor.podTemplateContainerName).", check: (v) => (CONTAINER_NAME.test(v) ? null : 'must be a container name (DNS label)') }),
  driverContainerName: s({ flag: 'driver-container-name', env: 'DRIVER_CONTAINER_NAME', kind: 'string', default: 'spark-kubernetes-driver', doc: "Spark's driver container name (spark.kubernetes.driver.podTemplateContainerName).", check: (v) => (CONTAINER_NAME.test(v) ? null : 'must be a container name (DNS label)') }),
  retention: s({ flag: 'retention', env: 'RETENTION', kind: 'duration', default: '2h', doc: 'How long executors that left the cluster stay visible as history.', check: between(10_000, 30 * 86_400_000, ' ms') }),
  maxDepartedPerApp: s({ flag: 'max-departed-per-app', env: 'MAX_DEPARTED_PER_APP', kind: 'int', default: '20000', doc: 'At most this many departed executors kept per application (oldest forgotten first).', check: between(10, 1_000_000) }),
  maxTransitions: s({ flag: 'max-transitions', env: 'MAX_TRANSITIONS', kind: 'int', default: '32', doc: 'Transitions kept per executor (the first one is always kept).', check: between(2, 1000) }),
  history: s({ flag: 'history', env: 'HISTORY', kind: 'bool', default: 'true', doc: 'Keep a record of every application, executor, transition and driver log line in a database, so finished applications survive restarts and the past can be searched; --no-history keeps everything in memory only.' }),
  databaseUrl: s({ flag: 'database-url', env: 'DATABASE_URL', kind: 'string', default: undefined, doc: 'PostgreSQL for history, e.g. postgres://dashboard@db.example.com:5432/spark_history (the password is best given in DATABASE_URL or PGPASSWORD). Without it history goes to an embedded PostgreSQL in --history-dir.', check: (v) => (/^postgres(ql)?:\/\/.+/.test(v) ? null : 'must be a postgres:// or postgresql:// URL') }),
  historyDir: s({ flag: 'history-dir', env: 'HISTORY_DIR', kind: 'string', default: '.data/history', doc: 'Directory of the embedded history database (used when there is no --database-url); one dashboard process at a time.' }),
  historyRetention: s({ flag: 'history-retention', env: 'HISTORY_RETENTION', kind: 'duration', default: '14d', doc: 'Applications that ended longer ago than this are pruned from history, in the background.', check: between(60_000, 3650 * 86_400_000, ' ms') }),
  historyInterval: s({ flag: 'history-interval', env: 'HISTORY_INTERVAL', kind: 'duration', default: '1s', doc: 'History is written in one transaction every interval (never on the live path).', check: between(50, 60_000, ' ms') }),
  sparkUiUrl: s({ flag: 'spark-ui-url', env: 'SPARK_UI_URL', kind: 'string', default: undefined, doc: "Link to a running driver's Spark UI, a URL template with {cluster}, {namespace}, {appId}, {appName}, {driverService}, e.g. https://spark-ui.example.com/{namespace}/{driverService}/ (offered only while the driver runs and every value it uses is known).", check: templateCheck }),
  historyServerUrl: s({ flag: 'history-server-url', env: 'HISTORY_SERVER_URL', kind: 'string', default: undefined, doc: "Link to a finished application in the Spark History Server, a URL template like --spark-ui-url, e.g. https://spark-history.example.com/history/{appId}/ (offered once the driver succeeded or failed).", check: templateCheck }),
  sparkUiProxy: s({ flag: 'spark-ui-proxy', env: 'SPARK_UI_PROXY', kind: 'bool', default: 'false', doc: "Offer each running driver's Spark UI through the dashboard itself (the API server's service proxy, GET and HEAD only, sandboxed). Everyone who may use the dashboard then sees those UIs, configuration included; the dashboard's identity needs get on services/proxy (deploy/rbac-spark-ui-proxy.yaml)." }),
  host: s({ flag: 'host', env: 'HOST', kind: 'string', default: '127.0.0.1', doc: 'Address to listen on (0.0.0.0 to accept remote browsers).' }),
  port: s({ flag: 'port', env: 'PORT', kind: 'int', default: '3000', doc: 'Port for the dashboard (pages, JSON API and socket.io).', check: between(0, 65_535) }),
  basePath: s({ flag: 'base-path', env: 'BASE_PATH', kind: 'string', default: '', doc: 'Serve everything under this path prefix (behind a reverse proxy), e.g. /spark.', check: (v) => (v === '' || /^\/[A-Za-z0-9._~\-/]*[A-Za-z0-9._~-]$/.test(v) ? null : 'must be empty or start with / and not end with /') }),
  frameAncestors: s({ flag: 'frame-ancestors', env: 'FRAME_ANCESTORS', kind: 'list', default: '', doc: 'Origins allowed to embed the dashboard in an iframe (CSP frame-ancestors), comma-separated, e.g. https://portal.example.com; its own origin always may.', check: (v) => (v.every(isFrameAncestor) ? null : 'must be origins like https://portal.example.com or https://*.example.com') }),
  showEnvValues: s({ flag: 'show-env-values', env: 'SHOW_ENV_VALUES', kind: 'bool', default: 'false', doc: 'Show literal environment values of Spark pods in the browser. Off by default: env values often hold secrets, so only names and valueFrom references are sent.' }),
  allowedOrigins: s({ flag: 'allowed-origins', env: 'ALLOWED_ORIGINS', kind: 'list', default: '', doc: 'Origins of other sites whose pages may open live connections (besides its own origin and --frame-ancestors), e.g. https://portal.example.com.', check: (v) => (v.every(isFrameAncestor) ? null : 'must be origins like https://portal.example.com or https://*.example.com') }),
  allowedHosts: s({ flag: 'allowed-hosts', env: 'ALLOWED_HOSTS', kind: 'list', default: '', doc: 'Host names the dashboard answers to when listening beyond loopback (besides IP addresses and the --host name), e.g. dashboard.example.com,*.intranet.example.com; * answers to any (no DNS-rebinding protection).', check: (v) => (v.every(isHostPattern) ? null : 'must be host names like dashboard.example.com or *.example.com, or *') }),
  maxConnections: s({ flag: 'max-connections', env: 'MAX_CONNECTIONS', kind: 'int', default: '2000', doc: 'Live (socket.io) connections accepted in total (each costs the server some 50-150 KB).', check: between(1, 1_000_000) }),
  maxConnectionsPerAddress: s({ flag: 'max-connections-per-address', env: 'MAX_CONNECTIONS_PER_ADDRESS', kind: 'int', default: '200', doc: 'Live connections accepted from one remote address (behind a reverse proxy every browser shares its address: raise it).', check: between(1, 1_000_000) }),
  messageRate: s({ flag: 'message-rate', env: 'MESSAGE_RATE', kind: 'number', default: '10', doc: 'Messages per second one live connection may send, sustained.', check: between(0.1, 1_000_000) }),
  messageBurst: s({ flag: 'message-burst', env: 'MESSAGE_BURST', kind: 'int', default: '40', doc: 'Messages one live connection may send at once above --message-rate.', check: between(1, 1_000_000) }),
  addressMessageRate: s({ flag: 'address-message-rate', env: 'ADDRESS_MESSAGE_RATE', kind: 'number', default: '100', doc: 'Messages per second all live connections of one remote address may send together, sustained.', check: between(0.1, 1_000_000) }),
  addressMessageBurst: s({ flag: 'address-message-burst', env: 'ADDRESS_MESSAGE_BURST', kind: 'int', default: '400', doc: 'Messages all live connections of one address may send at once above --address-message-rate.', check: between(1, 1_000_000) }),
  maxClientQueue: s({ flag: 'max-client-queue', env: 'MAX_CLIENT_QUEUE', kind: 'size', default: '16MiB', doc: 'Bytes queued for one live client before it is paused (no diffs, no snapshots) until it drains.', check: between(64 * 1024, 1024 ** 3, ' bytes') }),
  slowClientTimeout: s({ flag: 'slow-client-timeout', env: 'SLOW_CLIENT_TIMEOUT', kind: 'duration', default: '60s', doc: 'A live client paused for falling behind that has not caught up after this long is disconnected.', check: between(1000, 3_600_000, ' ms') }),
  buildId: s({ flag: 'build-id', env: 'DASHBOARD_BUILD_ID', kind: 'string', default: '', doc: 'The deployed version as long-running displays see it (they reload when it changes); default: the pages build id.' }),
  simClusters: s({ flag: 'sim-clusters', env: 'SIM_CLUSTERS', kind: 'int', default: '2', doc: 'Embedded clusters to start, each its own API server with its own workload (a kubeconfig context each).', check: between(1, 8) }),
  simScale: s({ flag: 'sim-scale', env: 'SIM_SCALE', kind: 'number', default: '1', doc: 'Embedded cluster: size multiplier (1 = about ten applications, some with 200+ executors).', check: between(0.05, 100) }),
  simChurn: s({ flag: 'sim-churn', env: 'SIM_CHURN', kind: 'number', default: '1', doc: 'Embedded cluster: speed multiplier of the simulated workload.', check: between(0, 1000) }),
  simSeed: s({ flag: 'sim-seed', env: 'SIM_SEED', kind: 'int', default: '1', doc: 'Embedded cluster: random seed; the same seed repeats the same run.', check: between(0, 2 ** 31 - 1) }),
  simDir: s({ flag: 'sim-dir', env: 'SIM_DIR', kind: 'string', default: '.sim', doc: "Embedded cluster: directory for its certificate authority and kubeconfig." }),
  simPort: s({ flag: 'sim-port', env: 'SIM_PORT', kind: 'int', default: '0', doc: 'Embedded cluster: HTTPS port of its API server (0 = any free port).', check: between(0, 65_535) }),
  auth: s({ flag: 'auth', env: 'AUTH', kind: 'string', default: 'none', doc: "Who the person is: none (everyone sees everything, for a laptop), proxy (an authenticating reverse proxy such as oauth2-proxy passes the user in headers, trusted only from --trusted-proxies) or oidc (bearer ID tokens verified against --oidc-issuer). With proxy or oidc each person sees only the namespaces Kubernetes lets them list pods in.", check: (v) => (['none', 'proxy', 'oidc'].includes(v) ? null : 'must be none, proxy or oidc') }),
  trustedProxies: s({ flag: 'trusted-proxies', env: 'TRUSTED_PROXIES', kind: 'list', default: '', doc: 'With --auth proxy: addresses of the sign-in proxy, comma-separated CIDR ranges or addresses (IPv4 and IPv6), e.g. 10.0.0.0/8,fd00::/8. Identity headers from any other address are ignored (the request is not signed in).', check: (v) => { const bad = v.find((c) => !parseCidr(c)); return bad ? `"${bad}" is not an address or CIDR range like 10.0.0.0/8 or fd00::/8` : null; } }),
  proxyUserHeader: s({ flag: 'proxy-user-header', env: 'PROXY_USER_HEADER', kind: 'string', default: 'X-Forwarded-User', doc: 'With --auth proxy: the header naming the user, as Kubernetes RBAC knows them (the email header is used when it is absent).', check: headerCheck }),
  proxyEmailHeader: s({ flag: 'proxy-email-header', env: 'PROXY_EMAIL_HEADER', kind: 'string', default: 'X-Forwarded-Email', doc: "With --auth proxy: the header with the user's email.", check: headerCheck }),
  proxyGroupsHeader: s({ flag: 'proxy-groups-header', env: 'PROXY_GROUPS_HEADER', kind: 'string', default: 'X-Forwarded-Groups', doc: "With --auth proxy: the header with the user's groups, comma-separated.", check: headerCheck }),
  oidcIssuer: s({ flag: 'oidc-issuer', env: 'OIDC_ISSUER', kind: 'string', default: undefined, doc: "With --auth oidc: the issuer URL of the ID tokens (its /.well-known/openid-configuration names the signing keys), e.g. https://login.example.com/realms/corp.", check: issuerCheck }),
  oidcAudience: s({ flag: 'oidc-audience', env: 'OIDC_AUDIENCE', kind: 'string', default: undefined, doc: 'With --auth oidc: the audience (client id) the ID tokens must be issued for.' }),
  oidcUsernameClaim: s({ flag: 'oidc-username-claim', env: 'OIDC_USERNAME_CLAIM', kind: 'string', default: 'email', doc: "With --auth oidc: the claim naming the user (as kube-apiserver's --oidc-username-claim)." }),
  oidcGroupsClaim: s({ flag: 'oidc-groups-claim', env: 'OIDC_GROUPS_CLAIM', kind: 'string', default: 'groups', doc: "With --auth oidc: the claim listing the user's groups (as kube-apiserver's --oidc-groups-claim)." }),
  oidcUsernamePrefix: s({ flag: 'oidc-username-prefix', env: 'OIDC_USERNAME_PREFIX', kind: 'string', default: undefined, doc: "With --auth oidc: prefixed to user names, as kube-apiserver's --oidc-username-prefix (unset: the issuer URL and # for claims other than email; - for none). Use the cluster's value so names match its RoleBindings." }),
  oidcGroupsPrefix: s({ flag: 'oidc-groups-prefix', env: 'OIDC_GROUPS_PREFIX', kind: 'string', default: undefined, doc: "With --auth oidc: prefixed to group names, as kube-apiserver's --oidc-groups-prefix." }),
  oidcClockSkew: s({ flag: 'oidc-clock-skew', env: 'OIDC_CLOCK_SKEW', kind: 'duration', default: '30s', doc: 'With --auth oidc: clock difference tolerated when checking a token\'s expiry.', check: between(0, 600_000, ' ms') }),
  accessCacheTtl: s({ flag: 'access-cache-ttl', env: 'ACCESS_CACHE_TTL', kind: 'duration', default: '30s', doc: 'With --auth proxy or oidc: how long an answer of Kubernetes about what a person may read is reused (a revoked RoleBinding takes effect within it).', check: between(1000, 3_600_000, ' ms') }),
  accessCacheSize: s({ flag: 'access-cache-size', env: 'ACCESS_CACHE_SIZE', kind: 'int', default: '10000', doc: 'With --auth proxy or oidc: answers about access kept at most (per person, cluster, namespace and action; least recently used forgotten first).', check: between(10, 10_000_000) }),
  accessRecheckInterval: s({ flag: 'access-recheck-interval', env: 'ACCESS_RECHECK_INTERVAL', kind: 'duration', default: '30s', doc: 'With --auth proxy or oidc: how often each live connection\'s access is checked again: a subscription the person may no longer read ends, with a message.', check: between(500, 3_600_000, ' ms') }),
  tokenKeyFile: s({ flag: 'token-key-file', env: 'TOKEN_KEY_FILE', kind: 'string', default: undefined, doc: "A file with the key (at least 32 bytes, e.g. openssl rand -base64 48) that signs kiosk and portal tokens (npm run token): read-only links to /wall and /embed/* limited to some clusters and namespaces, in every --auth mode. Without it no token is accepted. Changing the file's content revokes every token." }),
  maxConnectionsPerIdentity: s({ flag: 'max-connections-per-identity', env: 'MAX_CONNECTIONS_PER_IDENTITY', kind: 'int', default: '50', doc: 'Live connections one person or one kiosk token label may hold at once (screens sharing a token count together).', check: between(1, 1_000_000) }),
  maxSubscriptionsPerIdentity: s({ flag: 'max-subscriptions-per-identity', env: 'MAX_SUBSCRIPTIONS_PER_IDENTITY', kind: 'int', default: '400', doc: 'Live subscriptions (the overview, one application each) one person or one kiosk token label may hold at once over all its connections.', check: between(1, 10_000_000) }),
  logLevel: s({ flag: 'log-level', env: 'LOG_LEVEL', kind: 'string', default: 'info', doc: 'debug, info, warn or error.', check: (v) => (['debug', 'info', 'warn', 'error'].includes(v) ? null : 'must be debug, info, warn or error') }),
  pages: s({ flag: 'pages', env: 'DASHBOARD_PAGES', kind: 'bool', default: 'true', doc: 'Serve the web pages; --no-pages serves only the JSON API, health, metrics and socket.io.' }),
  dev: s({ flag: 'dev', env: 'DASHBOARD_DEV', kind: 'bool', default: 'false', doc: 'Run Next.js in development mode (hot reload).' }),
} as const;

type Settings = typeof SETTINGS;

/** The parsed, frozen settings (durations in milliseconds). */
export interface Config {
  readonly kubeconfig: readonly string[] | undefined;
  readonly context: string | undefined;
  readonly contexts: readonly string[] | undefined;
  readonly allContexts: boolean;
  readonly inCluster: boolean;
  readonly clusterNames: readonly string[];
  readonly namespaces: readonly string[];
  readonly labelSelector: string;
  readonly pollInterval: number;
  readonly pollResourceVersion0: boolean;
  readonly pageSize: number;
  readonly batchInterval: number;
  readonly overviewInterval: number;
  readonly watchTimeout: number;
  readonly apiProbeInterval: number;
  readonly apiProbeTimeout: number;
  readonly checkAllContainers: boolean;
  readonly executorContainerName: string;
  readonly driverContainerName: string;
  readonly retention: number;
  readonly maxDepartedPerApp: number;
  readonly maxTransitions: number;
  readonly history: boolean;
  readonly databaseUrl: string | undefined;
  readonly historyDir: string;
  readonly historyRetention: number;
  readonly historyInterval: number;
  readonly sparkUiUrl: string | undefined;
  readonly historyServerUrl: string | undefined;
  readonly sparkUiProxy: boolean;
  readonly host: string;
  readonly port: number;
  readonly basePath: string;
  readonly frameAncestors: readonly string[];
  readonly showEnvValues: boolean;
  readonly allowedOrigins: readonly string[];
  readonly allowedHosts: readonly string[];
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
  readonly messageRate: number;
  readonly messageBurst: number;
  readonly addressMessageRate: number;
  readonly addressMessageBurst: number;
  readonly maxClientQueue: number;
  readonly slowClientTimeout: number;
  readonly buildId: string;
  readonly simClusters: number;
  readonly simScale: number;
  readonly simChurn: number;
  readonly simSeed: number;
  readonly simDir: string;
  readonly simPort: number;
  readonly auth: 'none' | 'proxy' | 'oidc';
  readonly trustedProxies: readonly string[];
  readonly proxyUserHeader: string;
  readonly proxyEmailHeader: string;
  readonly proxyGroupsHeader: string;
  readonly oidcIssuer: string | undefined;
  readonly oidcAudience: string | undefined;
  readonly oidcUsernameClaim: string;
  readonly oidcGroupsClaim: string;
  readonly oidcUsernamePrefix: string | undefined;
  readonly oidcGroupsPrefix: string | undefined;
  readonly oidcClockSkew: number;
  readonly accessCacheTtl: number;
  readonly accessCacheSize: number;
  readonly accessRecheckInterval: number;
  readonly tokenKeyFile: string | undefined;
  readonly maxConnectionsPerIdentity: number;
  readonly maxSubscriptionsPerIdentity: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly pages: boolean;
  readonly dev: boolean;
}

// The table and the interface must name the same settings.
type _SameKeys = [keyof Settings] extends [keyof Config] ? ([keyof Config] extends [keyof Settings] ? true : never) : never;
const _sameKeys: _SameKeys = true;
void _sameKeys;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE = /^(\d+(?:\.\d+)?)(B|KiB|MiB|GiB)?$/;
const UNIT_BYTES: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  return m ? Math.round(parseFloat(m[1]) * UNIT_MS[m[2]]) : null;
}

function parseValue(kind: Kind, raw: string): { ok: true; value: unknown } | { ok: false; expected: string } {
  switch (kind) {
    case 'string': return { ok: true, value: raw };
    case 'int': return /^-?\d+$/.test(raw.trim()) ? { ok: true, value: parseInt(raw, 10) } : { ok: false, expected: 'a whole number' };
    case 'number': return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? { ok: true, value: parseFloat(raw) } : { ok: false, expected: 'a number' };
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return { ok: true, value: true };
      if (['false', '0', 'no', 'off'].includes(v)) return { ok: true, value: false };
      return { ok: false, expected: 'true or false' };
    }
    case 'duration': {
      const ms = parseDuration(raw);
      return ms === null ? { ok: false, expected: 'a duration such as 500ms, 30s, 5m or 2h' } : { ok: true, value: ms };
    }
    case 'size': {
      const m = SIZE.exec(raw.trim());
      return m ? { ok: true, value: Math.round(parseFloat(m[1]) * UNIT_BYTES[m[2] ?? 'B']) } : { ok: false, expected: 'a size such as 512KiB, 16MiB or 1GiB' };
    }
    case 'list': return { ok: true, value: raw.split(',').map((x) => x.trim()).filter(Boolean) };
  }
}

/** Reads argv (`--flag value`, `--flag=value`, `--flag` / `--no-flag` for booleans) over the environment. */
export function loadConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Config {
  const byFlag = new Map(Object.entries(SETTINGS).map(([key, st]) => [st.flag, key as keyof Settings]));
  const fromArgs = new Map<keyof Settings, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new ConfigError(`Unexpected argument "${arg}". Settings are given as --name value; see --help.`);
    let name = arg.slice(2), value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) { value = name.slice(eq + 1); name = name.slice(0, eq); }
    let key = byFlag.get(name);
    if (!key && name.startsWith('no-') && byFlag.has(name.slice(3)) && value === undefined) {
      key = byFlag.get(name.slice(3))!;
      if (SETTINGS[key].kind !== 'bool') throw new ConfigError(`--${name}: --${name.slice(3)} is not a true/false setting.`);
      value = 'false';
    }
    if (!key) throw new ConfigError(`Unknown setting --${name}. Run with --help to list the settings.`);
    if (value === undefined) {
      if (SETTINGS[key].kind === 'bool' && (i + 1 >= argv.length || argv[i + 1].startsWith('--'))) value = 'true';
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new ConfigError(`--${name} needs a value. ${SETTINGS[key].doc}`);
    }
    fromArgs.set(key, value);
  }
  const out: Record<string, unknown> = {};
  for (const [key, st] of Object.entries(SETTINGS) as [keyof Settings, Setting<Kind>][]) {
    const fromFlag = fromArgs.get(key);
    const raw = fromFlag ?? env[st.env] ?? st.default;
    const origin = fromFlag !== undefined ? `--${st.flag}` : env[st.env] !== undefined ? `${st.env} (environment)` : `--${st.flag} default`;
    if (raw === undefined || (raw === '' && st.default === undefined)) { out[key] = undefined; continue; }
    const parsed = parseValue(st.kind, raw);
    if (!parsed.ok) throw new ConfigError(`Invalid ${origin} "${raw}": expected ${parsed.expected}. ${st.doc}`);
    const problem = st.check?.(parsed.value as never);
    if (problem) throw new ConfigError(`Invalid ${origin} "${raw}": ${problem}. ${st.doc}`);
    out[key] = parsed.value;
  }
  // KUBECONFIG is a path list in kubectl's convention: "a:b" names two files.
  if (Array.isArray(out.kubeconfig)) out.kubeconfig = (out.kubeconfig as string[]).flatMap((p) => p.split(':')).filter(Boolean);
  const kubeconfigs = (out.kubeconfig as string[] | undefined) ?? [];
  const picks = [out.context && '--context', out.contexts && '--contexts', out.allContexts && '--all-contexts'].filter(Boolean);
  if (picks.length > 1) throw new ConfigError(`${picks.join(' and ')} cannot be combined: name one context, several, or all.`);
  if (picks.length && !kubeconfigs.length) throw new ConfigError(`${picks[0]} needs --kubeconfig (or KUBECONFIG): the embedded clusters have no contexts to choose from.`);
  if (out.auth === 'proxy' && !(out.trustedProxies as string[]).length) {
    throw new ConfigError('--auth proxy needs --trusted-proxies (TRUSTED_PROXIES): the addresses of the sign-in proxy, e.g. 10.0.0.0/8. Without them anyone who reaches the dashboard could claim to be anyone by sending the identity headers.');
  }
  if (out.auth === 'oidc' && (!out.oidcIssuer || !out.oidcAudience)) {
    throw new ConfigError(`--auth oidc needs ${[!out.oidcIssuer && '--oidc-issuer', !out.oidcAudience && '--oidc-audience'].filter(Boolean).join(' and ')}: the issuer whose ID tokens are accepted and the audience (client id) they must be for.`);
  }
  return Object.freeze(out) as unknown as Config;
}

export function helpText(): string {
  const lines = ['Spark Pod Dashboard', '', 'Usage: npm start -- [--setting value ...]', ''];
  for (const st of Object.values(SETTINGS) as Setting<Kind>[]) {
    lines.push(`  --${st.flag.padEnd(26)} ${st.env.padEnd(26)} default: ${st.default === undefined ? '(none)' : st.default === '' ? '(empty)' : st.default}`);
    lines.push(`      ${st.doc}`);
  }
  return lines.join('\n');
}

/** Where the dashboard's clusters come from, decided from the settings alone (server/clusterSpecs resolves it). */
export type ClusterChoice =
  | { kind: 'embedded'; count: number }
  | { kind: 'real'; kubeconfigs: readonly string[]; contexts: readonly string[] | 'current' | 'all'; inCluster: boolean };

export function clusterChoice(config: Config): ClusterChoice {
  const kubeconfigs = config.kubeconfig ?? [];
  if (!config.inCluster && !kubeconfigs.length) return { kind: 'embedded', count: config.simClusters };
  const contexts = config.allContexts ? 'all' : config.contexts ?? (config.context ? [config.context] : 'current');
  return { kind: 'real', kubeconfigs, contexts, inCluster: config.inCluster };
}
