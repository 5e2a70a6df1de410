import { describe, expect, it } from 'vitest';
import { upgradeApiPath, upgradePagePath, type ClusterDirectory } from './legacyPaths';

const dir = (apps: Record<string, string[]>, pods: Record<string, string[]> = {}): ClusterDirectory => ({
  ids: ['prod', 'staging'],
  withApp: (ns, app) => apps[`${ns}/${app}`] ?? [],
  withPod: (ns, name) => pods[`${ns}/${name}`] ?? [],
});

describe('links from before several clusters', () => {
  it('fill in the cluster that has the application, for pages, embeds and the API', () => {
    const d = dir({ 'spark-etl/spark-1': ['staging'] }, { 'spark-etl/job-exec-1': ['staging'] });
    expect(upgradePagePath(['apps', 'spark-etl', 'spark-1'], d)).toEqual({ kind: 'rewrite', segments: ['apps', 'staging', 'spark-etl', 'spark-1'] });
    expect(upgradePagePath(['embed', 'apps', 'spark-etl', 'spark-1', 'timeline'], d)).toEqual({ kind: 'rewrite', segments: ['embed', 'apps', 'staging', 'spark-etl', 'spark-1', 'timeline'] });
    expect(upgradeApiPath(['api', 'apps', 'spark-etl', 'spark-1'], d)).toEqual({ kind: 'rewrite', segments: ['api', 'apps', 'staging', 'spark-etl', 'spark-1'] });
    expect(upgradeApiPath(['api', 'apps', 'spark-etl', 'spark-1', 'volumes'], d)).toEqual({ kind: 'rewrite', segments: ['api', 'apps', 'staging', 'spark-etl', 'spark-1', 'volumes'] });
    expect(upgradeApiPath(['api', 'pods', 'spark-etl', 'job-exec-1'], d)).toEqual({ kind: 'rewrite', segments: ['api', 'pods', 'staging', 'spark-etl', 'job-exec-1'] });
  });

  it('use the first cluster when none has it (its answer says it is not there)', () => {
    expect(upgradePagePath(['apps', 'ns', 'gone'], dir({}))).toEqual({ kind: 'rewrite', segments: ['apps', 'prod', 'ns', 'gone'] });
  });

  it('send an ambiguous link to the overview filtered to it', () => {
    const d = dir({ 'ns/spark-1': ['prod', 'staging'] });
    expect(upgradePagePath(['apps', 'ns', 'spark-1'], d)).toEqual({ kind: 'ambiguous', clusters: ['prod', 'staging'], overview: '/?q=spark-1' });
    expect(upgradeApiPath(['api', 'apps', 'ns', 'spark-1'], d)).toMatchObject({ kind: 'ambiguous' });
  });

  it('leave cluster-qualified and other paths alone', () => {
    const d = dir({});
    expect(upgradePagePath(['apps', 'prod', 'ns', 'spark-1'], d)).toEqual({ kind: 'unchanged' });
    expect(upgradePagePath(['embed', 'apps', 'prod', 'ns', 'spark-1', 'counts'], d)).toEqual({ kind: 'unchanged' });
    expect(upgradeApiPath(['api', 'apps', 'prod', 'ns', 'spark-1'], d)).toEqual({ kind: 'unchanged' });
    expect(upgradeApiPath(['api', 'apps', 'prod', 'ns', 'spark-1', 'rbac'], d)).toEqual({ kind: 'unchanged' });
    expect(upgradeApiPath(['api', 'apps'], d)).toEqual({ kind: 'unchanged' });
    expect(upgradePagePath(['wall'], d)).toEqual({ kind: 'unchanged' });
    expect(upgradeApiPath(['api', 'pods', 'prod', 'ns', 'x'], d)).toEqual({ kind: 'unchanged' });
  });
});
