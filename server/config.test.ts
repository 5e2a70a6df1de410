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

  it('parses durations', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('5')).toBeNull();
  });
});
