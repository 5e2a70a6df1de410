import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config';
import { resolveClusters } from './clusterSpecs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-clusters-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function kubeconfig(file: string, contexts: string[], current = contexts[0]): string {
  const p = path.join(dir, file);
  fs.writeFileSync(p, `apiVersion: v1
kind: Config
clusters:
${contexts.map((_c, i) => `- name: c${i}\n  cluster: { server: "https://10.0.0.${i + 1}:6443" }`).join('\n')}
users:
- name: u
  user: { token: t }
contexts:
${contexts.map((c, i) => `- name: "${c}"\n  context: { cluster: c${i}, user: u }`).join('\n')}
current-context: "${current}"
`);
  return p;
}

describe('resolveClusters', () => {
  const eks = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu';
  const a = kubeconfig('a.yaml', [eks, 'staging']);
  const b = kubeconfig('b.yaml', ['gpu-cluster']);

  it('takes each file\'s current context by default: one cluster per file, ids made from context names', () => {
    const clusters = resolveClusters({ kind: 'real', kubeconfigs: [a, b], contexts: 'current', inCluster: false });
    expect(clusters.map((c) => [c.id, c.name, c.kubeConfig.getCurrentCluster()?.server])).toEqual([
      ['prod-eu', eks, 'https://10.0.0.1:6443'], ['gpu-cluster', 'gpu-cluster', 'https://10.0.0.1:6443'],
    ]);
  });

  it('takes the contexts named, or all, with display names from --cluster-names', () => {
    expect(resolveClusters({ kind: 'real', kubeconfigs: [a, b], contexts: 'all', inCluster: false }).map((c) => c.id)).toEqual(['prod-eu', 'staging', 'gpu-cluster']);
    const named = resolveClusters({ kind: 'real', kubeconfigs: [a, b], contexts: ['staging', 'gpu-cluster'], inCluster: false }, ['staging=Staging (EU)', 'gpu-cluster=GPU']);
    expect(named.map((c) => [c.id, c.name])).toEqual([['staging', 'Staging (EU)'], ['gpu-cluster', 'GPU']]);
  });

  it('says which contexts exist when one named is in no file', () => {
    expect(() => resolveClusters({ kind: 'real', kubeconfigs: [a, b], contexts: ['prod-us'], inCluster: false })).toThrow(ConfigError);
    expect(() => resolveClusters({ kind: 'real', kubeconfigs: [a, b], contexts: ['prod-us'], inCluster: false })).toThrow(/no kubeconfig given has the context prod-us \(known: .*staging \(a\.yaml\), gpu-cluster \(b\.yaml\)\)/);
  });

  it('stops on a file whose current context does not exist', () => {
    const lost = kubeconfig('lost.yaml', ['x'], 'y');
    expect(() => resolveClusters({ kind: 'real', kubeconfigs: [lost], contexts: 'current', inCluster: false })).toThrow(/current-context "y" is not one of its contexts \(x\)/);
  });
});
