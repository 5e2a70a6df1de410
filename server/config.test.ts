import { describe, expect, it } from 'vitest';
import { clusterChoice, ConfigError, helpText, loadConfig, parseDuration } from './config';

describe('loadConfig', () => {
  it('has working defaults: the embedded cluster on 127.0.0.1:3000, Spark 4 semantics', () => {
    const c = loadConfig([], {});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', pollInterval: 30_000, batchInterval: 50, checkAllContainers: true, namespaces: ['*'], labelSelector: 'spark-role' });
    expect(clusterChoice(c)).toEqual({ kind: 'embedded' });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes flags over environment variables', () => {
    const c = loadConfig(['--port', '4000', '--poll-interval=10s', '--no-check-all-containers', '--namespaces', 'a,b'], { PORT: '5000', POLL_INTERVAL: '1m' });
    expect(c).toMatchObject({ port: 4000, pollInterval: 10_000, checkAllContainers: false, namespaces: ['a', 'b'] });
  });

  it('reads the environment', () => {
    const c = loadConfig([], { PORT: '8080', BATCH_INTERVAL: '100ms', KUBECONFIG: '/tmp/k', CHECK_ALL_CONTAINERS: 'false' });
    expect(c).toMatchObject({ port: 8080, batchInterval: 100, checkAllContainers: false });
    expect(clusterChoice(c)).toEqual({ kind: 'kubeconfig', path: '/tmp/k', context: undefined });
  });

  it.each([
    [['--port', 'abc'], /Invalid --port "abc": expected a whole number/],
    [['--port', '70000'], /Invalid --port "70000": must be between 0 and 65535/],
    [['--poll-interval', '30'], /Invalid --poll-interval "30": expected a duration such as 500ms/],
    [['--batch-interval', '1ms'], /Invalid --batch-interval "1ms": must be between 5 ms/],
    [['--namespaces', 'Bad_Name'], /Invalid --namespaces "Bad_Name": must be \* or a comma-separated list/],
    [['--check-all-containers', 'maybe'], /Invalid --check-all-containers "maybe": expected true or false/],
    [['--frobnicate'], /Unknown setting --frobnicate/],
    [['--port'], /--port needs a value/],
    [['stray'], /Unexpected argument "stray"/],
    [['--base-path', 'spark/'], /Invalid --base-path "spark\/"/],
    [['--in-cluster', '--kubeconfig', '/x'], /cannot both be set/],
    [['--context', 'prod'], /--context needs --kubeconfig/],
    [['--allowed-hosts', 'https://x.example.com'], /Invalid --allowed-hosts "https:\/\/x.example.com": must be host names/],
    [['--allowed-origins', 'portal.example.com'], /Invalid --allowed-origins "portal.example.com": must be origins/],
    [['--max-client-queue', '16MB'], /Invalid --max-client-queue "16MB": expected a size such as 512KiB/],
    [['--max-client-queue', '1KiB'], /Invalid --max-client-queue "1KiB": must be between/],
  ])('rejects %j with a message that names the setting', (argv, message) => {
    expect(() => loadConfig(argv as string[], {})).toThrow(ConfigError);
    expect(() => loadConfig(argv as string[], {})).toThrow(message);
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
