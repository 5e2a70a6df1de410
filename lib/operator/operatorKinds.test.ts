import { describe, expect, it } from 'vitest';
import {
  APACHE_APP_NAME_LABEL, APACHE_OPERATOR_NAME_LABEL, APACHE_SPARK_APPLICATION, APACHE_SPARK_CLUSTER, KUBEFLOW_APP_NAME_LABEL,
  KUBEFLOW_LAUNCHED_BY_OPERATOR_LABEL, KUBEFLOW_SCHEDULED_APP_NAME_LABEL, KUBEFLOW_SCHEDULED_SPARK_APPLICATION, KUBEFLOW_SPARK_APPLICATION,
  KUBEFLOW_SUBMISSION_ID_LABEL, OPERATOR_KINDS, groupVersionsToDiscover, operatorAppLabelOf, servedOperatorKinds,
} from './operatorKinds';

const sparkAppResource = (verbs = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch']) => ({
  name: 'sparkapplications', singularName: 'sparkapplication', namespaced: true, kind: 'SparkApplication', verbs, shortNames: ['sparkapp'],
});

/** Discovery of a cluster with Kubeflow v1beta2 and Apache v1 + v1beta1 (as the Apache chart installs them). */
function discovery(): { groups: unknown; lists: Record<string, unknown> } {
  return {
    groups: {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } },
        {
          name: 'sparkoperator.k8s.io',
          versions: [{ groupVersion: 'sparkoperator.k8s.io/v1beta2', version: 'v1beta2' }, { groupVersion: 'sparkoperator.k8s.io/v1alpha1', version: 'v1alpha1' }],
          preferredVersion: { groupVersion: 'sparkoperator.k8s.io/v1beta2', version: 'v1beta2' },
        },
        {
          name: 'spark.apache.org',
          versions: [{ groupVersion: 'spark.apache.org/v1', version: 'v1' }, { groupVersion: 'spark.apache.org/v1beta1', version: 'v1beta1' }],
          preferredVersion: { groupVersion: 'spark.apache.org/v1', version: 'v1' },
        },
      ],
    },
    lists: {
      'sparkoperator.k8s.io/v1beta2': {
        kind: 'APIResourceList',
        groupVersion: 'sparkoperator.k8s.io/v1beta2',
        resources: [
          sparkAppResource(),
          { name: 'sparkapplications/status', singularName: '', namespaced: true, kind: 'SparkApplication', verbs: ['get', 'patch', 'update'] },
          { name: 'scheduledsparkapplications', singularName: 'scheduledsparkapplication', namespaced: true, kind: 'ScheduledSparkApplication', verbs: ['get', 'list', 'watch'] },
        ],
      },
      'spark.apache.org/v1': {
        kind: 'APIResourceList',
        groupVersion: 'spark.apache.org/v1',
        resources: [sparkAppResource(), { name: 'sparkclusters', namespaced: true, kind: 'SparkCluster', verbs: ['get', 'list', 'watch'] }],
      },
      'spark.apache.org/v1beta1': {
        kind: 'APIResourceList',
        groupVersion: 'spark.apache.org/v1beta1',
        resources: [sparkAppResource(), { name: 'sparkclusters', namespaced: true, kind: 'SparkCluster', verbs: ['get', 'list', 'watch'] }],
      },
    },
  };
}

describe('known kinds', () => {
  it('are the operators\' groups, kinds and plurals, preferred versions first', () => {
    expect(OPERATOR_KINDS.map((k) => [k.operator, k.group, k.versions.join(','), k.kind, k.plural, k.read])).toEqual([
      ['kubeflow', 'sparkoperator.k8s.io', 'v1beta2', 'SparkApplication', 'sparkapplications', true],
      ['kubeflow', 'sparkoperator.k8s.io', 'v1beta2', 'ScheduledSparkApplication', 'scheduledsparkapplications', true],
      ['apache', 'spark.apache.org', 'v1,v1beta1,v1alpha1', 'SparkApplication', 'sparkapplications', true],
      ['apache', 'spark.apache.org', 'v1,v1beta1,v1alpha1', 'SparkCluster', 'sparkclusters', false],
    ]);
  });
});

describe('servedOperatorKinds', () => {
  it('finds every kind at its preferred version', () => {
    const d = discovery();
    expect(servedOperatorKinds(d.groups, (gv) => d.lists[gv])).toEqual([
      { operator: 'kubeflow', group: 'sparkoperator.k8s.io', version: 'v1beta2', kind: 'SparkApplication', plural: 'sparkapplications' },
      { operator: 'kubeflow', group: 'sparkoperator.k8s.io', version: 'v1beta2', kind: 'ScheduledSparkApplication', plural: 'scheduledsparkapplications' },
      { operator: 'apache', group: 'spark.apache.org', version: 'v1', kind: 'SparkApplication', plural: 'sparkapplications' },
      { operator: 'apache', group: 'spark.apache.org', version: 'v1', kind: 'SparkCluster', plural: 'sparkclusters' },
    ]);
  });

  it('falls back to an older version when the preferred one is not served or not confirmed', () => {
    const d = discovery();
    const lists: Record<string, unknown> = { ...d.lists, 'spark.apache.org/v1': undefined };
    const served = servedOperatorKinds(d.groups, (gv) => lists[gv]).filter((k) => k.operator === 'apache');
    expect(served.map((k) => `${k.kind}@${k.version}`)).toEqual(['SparkApplication@v1beta1', 'SparkCluster@v1beta1']);
  });

  it('takes an older Apache release serving only v1alpha1', () => {
    const groups = { groups: [{ name: 'spark.apache.org', versions: [{ groupVersion: 'spark.apache.org/v1alpha1', version: 'v1alpha1' }] }] };
    const list = { resources: [sparkAppResource()] };
    expect(servedOperatorKinds(groups, (gv) => (gv === 'spark.apache.org/v1alpha1' ? list : undefined))).toEqual([
      { operator: 'apache', group: 'spark.apache.org', version: 'v1alpha1', kind: 'SparkApplication', plural: 'sparkapplications' },
    ]);
  });

  it('ignores a kind that cannot be listed, a subresource, a cluster-scoped look-alike, a missing group', () => {
    const d = discovery();
    const lists: Record<string, unknown> = {
      ...d.lists,
      'sparkoperator.k8s.io/v1beta2': { resources: [sparkAppResource(['get']), { name: 'scheduledsparkapplications/status', kind: 'ScheduledSparkApplication', namespaced: true }] },
      'spark.apache.org/v1': { resources: [{ ...sparkAppResource(), namespaced: false }] },
      'spark.apache.org/v1beta1': { resources: [] },
    };
    expect(servedOperatorKinds(d.groups, (gv) => lists[gv])).toEqual([]);
    expect(servedOperatorKinds({ groups: [] }, (gv) => d.lists[gv])).toEqual([]);
  });

  it('survives malformed discovery answers', () => {
    expect(servedOperatorKinds(null, () => null)).toEqual([]);
    expect(servedOperatorKinds({ groups: 'x' }, () => null)).toEqual([]);
    expect(servedOperatorKinds({ groups: [null, 3, { name: 'spark.apache.org', versions: [null, { version: 5 }, { version: 'v1' }] }] }, () => ({ resources: [null, 'x', sparkAppResource()] })))
      .toEqual([{ operator: 'apache', group: 'spark.apache.org', version: 'v1', kind: 'SparkApplication', plural: 'sparkapplications' }]);
    expect(servedOperatorKinds({ groups: [{ name: 'spark.apache.org', versions: [{ version: 'v1' }] }] }, () => ({ resources: 'x' }))).toEqual([]);
  });

  it('accepts a resource without verbs (an old server that does not list them)', () => {
    const groups = { groups: [{ name: 'sparkoperator.k8s.io', versions: [{ version: 'v1beta2' }] }] };
    const { verbs: _verbs, ...noVerbs } = sparkAppResource();
    expect(servedOperatorKinds(groups, () => ({ resources: [noVerbs] })).map((k) => k.kind)).toEqual(['SparkApplication']);
  });

  it('can be narrowed to some kinds', () => {
    const d = discovery();
    expect(servedOperatorKinds(d.groups, (gv) => d.lists[gv], [KUBEFLOW_SPARK_APPLICATION, APACHE_SPARK_CLUSTER]).map((k) => k.kind))
      .toEqual(['SparkApplication', 'SparkCluster']);
    expect([KUBEFLOW_SCHEDULED_SPARK_APPLICATION.kind, APACHE_SPARK_APPLICATION.group]).toEqual(['ScheduledSparkApplication', 'spark.apache.org']);
  });
});

describe('groupVersionsToDiscover', () => {
  it('names the known versions the groups list, once each', () => {
    expect(groupVersionsToDiscover(discovery().groups)).toEqual(['sparkoperator.k8s.io/v1beta2', 'spark.apache.org/v1', 'spark.apache.org/v1beta1']);
    expect(groupVersionsToDiscover(undefined)).toEqual([]);
  });
});

describe('pod labels', () => {
  it('are the operators\' keys', () => {
    expect([KUBEFLOW_APP_NAME_LABEL, KUBEFLOW_LAUNCHED_BY_OPERATOR_LABEL, KUBEFLOW_SUBMISSION_ID_LABEL, KUBEFLOW_SCHEDULED_APP_NAME_LABEL]).toEqual([
      'sparkoperator.k8s.io/app-name', 'sparkoperator.k8s.io/launched-by-spark-operator', 'sparkoperator.k8s.io/submission-id', 'sparkoperator.k8s.io/scheduled-app-name',
    ]);
    expect([APACHE_APP_NAME_LABEL, APACHE_OPERATOR_NAME_LABEL]).toEqual(['spark.operator/spark-app-name', 'spark.operator/name']);
  });

  it('name the operator application of a Kubeflow driver pod', () => {
    expect(operatorAppLabelOf({
      'spark-app-selector': 'spark-4a7b', 'spark-role': 'driver', 'sparkoperator.k8s.io/app-name': 'spark-pi',
      'sparkoperator.k8s.io/launched-by-spark-operator': 'true', 'sparkoperator.k8s.io/submission-id': '6f1c',
    })).toEqual({ operator: 'kubeflow', name: 'spark-pi' });
  });

  it('name the operator application of an Apache executor pod, not the operator\'s own name', () => {
    expect(operatorAppLabelOf({ 'spark.operator/name': 'spark-kubernetes-operator', 'spark.operator/spark-app-name': 'pi', 'spark-role': 'executor' }))
      .toEqual({ operator: 'apache', name: 'pi' });
    expect(operatorAppLabelOf({ 'spark.operator/name': 'spark-kubernetes-operator' })).toBeNull();
  });

  it('read Kubeflow first when a pod carries both, whatever the key order', () => {
    const both = { 'spark.operator/spark-app-name': 'a', 'sparkoperator.k8s.io/app-name': 'k' };
    expect(operatorAppLabelOf(both)).toEqual({ operator: 'kubeflow', name: 'k' });
  });

  it('are null for plain Spark pods and malformed labels', () => {
    expect(operatorAppLabelOf({ 'spark-app-selector': 'spark-1', 'spark-role': 'driver' })).toBeNull();
    expect(operatorAppLabelOf({ 'sparkoperator.k8s.io/app-name': '' })).toBeNull();
    expect(operatorAppLabelOf({ 'sparkoperator.k8s.io/app-name': 5, 'spark.operator/spark-app-name': 'pi' })).toEqual({ operator: 'apache', name: 'pi' });
    expect(operatorAppLabelOf(undefined)).toBeNull();
    expect(operatorAppLabelOf(['sparkoperator.k8s.io/app-name'])).toBeNull();
    expect(operatorAppLabelOf(Object.create({ 'sparkoperator.k8s.io/app-name': 'inherited' }))).toBeNull();
  });
});
