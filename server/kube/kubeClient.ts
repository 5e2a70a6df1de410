// Builds the KubeConfig the dashboard uses: a kubeconfig file (and context), the pod's
// service account (in-cluster), or the embedded cluster's own kubeconfig. client-node does
// the credential work (certificates, tokens, exec plugins); our transport does the HTTP.

import fs from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { ConfigError } from '../config';

export function kubeConfigFromFile(path: string, context?: string): KubeConfig {
  if (!fs.existsSync(path)) throw new ConfigError(`--kubeconfig ${path}: no such file.`);
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (e) {
    throw new ConfigError(`--kubeconfig ${path} could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (context) {
    if (!kc.getContexts().some((c) => c.name === context)) {
      throw new ConfigError(`--context ${context}: the kubeconfig has no such context (it has: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'}).`);
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new ConfigError(`--kubeconfig ${path}: the current context names no cluster.`);
  return kc;
}

export function kubeConfigInCluster(): KubeConfig {
  if (!process.env.KUBERNETES_SERVICE_HOST) {
    throw new ConfigError('--in-cluster: KUBERNETES_SERVICE_HOST is not set; the dashboard is not running in a Kubernetes pod.');
  }
  const kc = new KubeConfig();
  kc.loadFromCluster();
  return kc;
}
