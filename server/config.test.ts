import { describe, expect, it } from 'vitest';
import { clusterChoice, ConfigError, helpText, loadConfig, parseDuration } from './config';

describe('loadConfig', () => {
  it('has working defaults: the embedded cluster on 127.0.0.1:3000, Spark 4 semantics', () => {
    const c = loadConfig([], {});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', pollInterval: 30_000, batchInterval: 50, checkAllContainers: true, namespaces: ['*'], labelSelector: 'spark-role' });
    expect(clusterChoice(c)).toEqual({ kind: 'embedded', count: 2 });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes flags over environment variables', () => {
    const c = loadConfig(['--port', '4000', '--poll-interval=10s', '--no-check-all-containers', '--namespaces', 'a,b'], { PORT: '5000', POLL_INTERVAL: '1m' });
    expect(c).toMatchObject({ port: 4000, pollInterval: 10_000, checkAllContainers: false, namespaces: ['a', 'b'] });
  });

  it('reads the environment', () => {
    const c = loadConfig([], { PORT: '8080', BATCH_INTERVAL: '100ms', KUBECONFIG: '/tmp/k', CHECK_ALL_CONTAINERS: 'false' });
    expect(c).toMatchObject({ port: 8080, batchInterval: 100, checkAllContainers: false });
    expect(clusterChoice(c)).toEqual({ kind: 'real', kubeconfigs: ['/tmp/k'], contexts: 'current', inCluster: false });
  });

  it.each([
    [['--port', 'abc'], /Invalid --port "abc": expected a whole number/],
    [['--port', '70000'], /Invalid --port "70000": must be between 0 and 65535/],
    [['--poll-interval', '30'], /Invalid --poll-interval "30": expected a duration such as 500ms/],
    [['--batch-interval', '1ms'], /Invalid --batch-interval "1ms": must be between 5 ms/],
    [['--namespaces', 'Bad_Name'], /Invalid --namespaces "Bad_Name": must be \* or a comma-separated list/],
    [['--check-all-containers', 'maybe'], /Invalid --check-all-containers "maybe": expected true or false/],
    [['--frobnicate'], /Unknown setting --frobnicate/],
    [['--auth', 'ldap'], /Invalid --auth "ldap": must be none, proxy or oidc/],
    [['--auth', 'proxy'], /--auth proxy needs --trusted-proxies/],
    [['--auth', 'proxy', '--trusted-proxies', '10.0.0.0/33'], /Invalid --trusted-proxies "10.0.0.0\/33": "10.0.0.0\/33" is not an address or CIDR range/],
    [['--auth', 'oidc', '--oidc-issuer', 'https://idp.example.com'], /--auth oidc needs --oidc-audience/],
    [['--auth', 'oidc', '--oidc-issuer', 'http://idp.example.com', '--oidc-audience', 'x'], /Invalid --oidc-issuer "http:\/\/idp.example.com": must be an https:\/\/ URL/],
    [['--port'], /--port needs a value/],
    [['stray'], /Unexpected argument "stray"/],
    [['--base-path', 'spark/'], /Invalid --base-path "spark\/"/],
    [['--contexts', 'a,b', '--all-contexts', '--kubeconfig', '/x'], /--contexts and --all-contexts cannot be combined/],
    [['--context', 'prod'], /--context needs --kubeconfig/],
    [['--all-contexts'], /--all-contexts needs --kubeconfig/],
    [['--cluster-names', 'prod'], /must be pairs like prod-eu=Production EU/],
    [['--sim-clusters', '9'], /must be between 1 and 8/],
    [['--allowed-hosts', 'https://x.example.com'], /Invalid --allowed-hosts "https:\/\/x.example.com": must be host names/],
    [['--allowed-origins', 'portal.example.com'], /Invalid --allowed-origins "portal.example.com": must be origins/],
    [['--max-client-queue', '16MB'], /Invalid --max-client-queue "16MB": expected a size such as 512KiB/],
    [['--max-client-queue', '1KiB'], /Invalid --max-client-queue "1KiB": must be between/],
  ])('rejects %j with a message that names the setting', (argv, message) => {
    expect(() => loadConfig(argv as string[], {})).toThrow(ConfigError);
    expect(() => loadConfig(argv as string[], {})).toThrow(message);
  });

  it('takes several clusters: kubeconfig lists (KUBECONFIG with ":" as kubectl does), contexts, all contexts, in-cluster beside kubeconfigs', () => {
    expect(clusterChoice(loadConfig(['--kubeconfig', 'a.yaml,b.yaml'], {}))).toEqual({ kind: 'real', kubeconfigs: ['a.yaml', 'b.yaml'], contexts: 'current', inCluster: false });
    expect(clusterChoice(loadConfig([], { KUBECONFIG: 'a.yaml:b.yaml' }))).toMatchObject({ kubeconfigs: ['a.yaml', 'b.yaml'] });
    expect(clusterChoice(loadConfig(['--kubeconfig', 'a.yaml', '--contexts', 'prod,staging'], {}))).toMatchObject({ contexts: ['prod', 'staging'] });
    expect(clusterChoice(loadConfig(['--kubeconfig', 'a.yaml', '--context', 'prod'], {}))).toMatchObject({ contexts: ['prod'] });
    expect(clusterChoice(loadConfig(['--kubeconfig', 'a.yaml', '--all-contexts'], {}))).toMatchObject({ contexts: 'all' });
    expect(clusterChoice(loadConfig(['--in-cluster', '--kubeconfig', 'a.yaml'], {}))).toMatchObject({ kind: 'real', inCluster: true, kubeconfigs: ['a.yaml'] });
    expect(clusterChoice(loadConfig(['--sim-clusters', '3'], {}))).toEqual({ kind: 'embedded', count: 3 });
  });

  it('names the environment variable when the bad value came from there', () => {
    expect(() => loadConfig([], { POLL_INTERVAL: 'soon' })).toThrow(/Invalid POLL_INTERVAL \(environment\) "soon"/);
  });

  it('documents every setting in --help', () => {
    const text = helpText();
    for (const flag of ['--kubeconfig', '--context', '--in-cluster', '--namespaces', '--label-selector', '--poll-interval', '--batch-interval', '--host', '--port', '--check-all-containers', '--sim-scale', '--sim-churn', '--sim-seed', '--retention']) {
      expect(text).toContain(flag);
    }
  });

  it('has client limits that a browser never reaches, and reads sizes', () => {
    expect(loadConfig([], {})).toMatchObject({ maxConnections: 2000, maxConnectionsPerAddress: 200, messageRate: 10, messageBurst: 40, maxClientQueue: 16 * 1024 ** 2, slowClientTimeout: 60_000, allowedHosts: [], allowedOrigins: [] });
    expect(loadConfig(['--max-client-queue', '512KiB', '--allowed-hosts', 'dash.example.com,*.intranet.example.com'], { ALLOWED_ORIGINS: 'https://portal.example.com' }))
      .toMatchObject({ maxClientQueue: 512 * 1024, allowedHosts: ['dash.example.com', '*.intranet.example.com'], allowedOrigins: ['https://portal.example.com'] });
  });

  it('parses durations', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('5')).toBeNull();
  });
});

describe('identity settings', () => {
  it('default to no identities; proxy and oidc modes read theirs', () => {
    expect(loadConfig([], {})).toMatchObject({ auth: 'none', trustedProxies: [], proxyUserHeader: 'X-Forwarded-User', proxyGroupsHeader: 'X-Forwarded-Groups', accessCacheTtl: 30_000, accessRecheckInterval: 30_000 });
    expect(loadConfig(['--auth', 'proxy', '--trusted-proxies', '10.0.0.0/8, fd00::/8'], {})).toMatchObject({ auth: 'proxy', trustedProxies: ['10.0.0.0/8', 'fd00::/8'] });
    expect(loadConfig([], { AUTH: 'oidc', OIDC_ISSUER: 'https://idp.example.com/realms/corp', OIDC_AUDIENCE: 'spark-dashboard', OIDC_USERNAME_PREFIX: 'oidc:' }))
      .toMatchObject({ auth: 'oidc', oidcIssuer: 'https://idp.example.com/realms/corp', oidcAudience: 'spark-dashboard', oidcUsernameClaim: 'email', oidcGroupsClaim: 'groups', oidcUsernamePrefix: 'oidc:', oidcGroupsPrefix: undefined, oidcClockSkew: 30_000 });
  });
});
