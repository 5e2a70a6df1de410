import { describe, expect, it } from 'vitest';
import type { KubeTransport } from '../kube/kubeTransport';
import { kioskViewer } from './kioskViewer';

const clusters = () => [{ id: 'prod', transport: {} as KubeTransport, namespaces: () => ['spark-etl', 'spark-secret-project'] }];

describe('kioskViewer', () => {
  it('a refusal names the namespace asked about, and its everywhere form names none', async () => {
    const viewer = kioskViewer({ label: 'lobby-wall', clusters: ['prod'], namespaces: ['spark-etl'] }, clusters, () => null);
    expect(await viewer.check('prod', 'spark-etl')).toBeNull();
    const denial = (await viewer.check('prod', 'spark-secret-project'))!;
    expect(denial.message).toContain('namespace spark-secret-project of prod');
    expect(denial.everywhere).toBe('the token "lobby-wall" may not see any namespace that holds Spark applications (it shows spark-etl of prod)');
    expect(denial.everywhere).not.toContain('spark-secret-project');
    expect(denial.missing).toEqual({ verb: 'list', resource: 'pods', namespace: 'spark-secret-project', cluster: 'prod' });
  });
});
