// Resolves the settings into the clusters the dashboard watches: one per kubeconfig context
// chosen (each file's current context, the contexts named, or all of them), plus the cluster
// it runs in. Each gets an id (a DNS label used in keys and URLs) and a display name.

import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { uniqueClusterIds } from '../lib/cluster';
import { ConfigError, type ClusterChoice } from './config';
import { kubeConfigFromFile, kubeConfigInCluster } from './kube/kubeClient';

export interface ClusterSpec {
  id: string;
  name: string;
  kubeConfig: KubeConfig;
}

interface Candidate {
  /** What the id is made from and a name defaults to: the context's name. */
  label: string;
  load: () => KubeConfig;
}

function contextsOf(file: string): { names: string[]; current: string } {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (e) {
    throw new ConfigError(`--kubeconfig ${file} could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { names: kc.getContexts().map((c) => c.name), current: kc.getCurrentContext() };
}

/** `ID_OR_CONTEXT=Name` pairs → a lookup. */
function displayNames(pairs: readonly string[]): Map<string, string> {
  return new Map(pairs.map((p) => { const at = p.indexOf('='); return [p.slice(0, at).trim(), p.slice(at + 1).trim()]; }));
}

export function resolveClusters(choice: Extract<ClusterChoice, { kind: 'real' }>, namePairs: readonly string[] = []): ClusterSpec[] {
  const candidates: Candidate[] = [];
  if (choice.inCluster) candidates.push({ label: 'in-cluster', load: kubeConfigInCluster });
  const wanted = Array.isArray(choice.contexts) ? new Set<string>(choice.contexts) : null;
  const found = new Set<string>();
  const known: string[] = [];
  for (const file of choice.kubeconfigs) {
    const { names, current } = contextsOf(file);
    known.push(...names.map((n) => `${n} (${path.basename(file)})`));
    const picked = choice.contexts === 'all' ? names : choice.contexts === 'current' ? [current] : names.filter((n) => wanted!.has(n));
    if (choice.contexts === 'current' && !names.includes(current)) {
      throw new ConfigError(`--kubeconfig ${file}: its current-context "${current || '(none)'}" is not one of its contexts (${names.join(', ') || 'none'}); choose one with --context or --contexts.`);
    }
    for (const context of picked) {
      found.add(context);
      candidates.push({ label: context, load: () => kubeConfigFromFile(file, context) });
    }
  }
  if (wanted) {
    const missing = [...wanted].filter((c) => !found.has(c));
    if (missing.length) throw new ConfigError(`no kubeconfig given has the context${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (known: ${known.join(', ') || 'none'}).`);
  }
  if (!candidates.length) throw new ConfigError('no cluster to watch: the kubeconfig files given have no contexts.');
  const ids = uniqueClusterIds(candidates.map((c) => c.label));
  const names = displayNames(namePairs);
  return candidates.map((c, i) => ({ id: ids[i], name: names.get(ids[i]) ?? names.get(c.label) ?? c.label, kubeConfig: c.load() }));
}
