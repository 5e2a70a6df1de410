// Builds the KubeConfig the dashboard uses: a kubeconfig file (and context), the pod's
// service account (in-cluster), or the embedded cluster's own kubeconfig. client-node does
// the credential work (certificates, tokens, exec plugins); our transport does the HTTP.

import crypto from 'node:crypto';
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
  const current = kc.getCurrentContext();
  const contexts = kc.getContexts().map((c) => c.name);
  if (!contexts.includes(current)) {
    throw new ConfigError(`--kubeconfig ${path}: its current-context "${current || '(none)'}" is not one of its contexts (${contexts.join(', ') || 'it has none'}); choose one with --context.`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ConfigError(`--kubeconfig ${path}: context "${current}" names a cluster the file does not define.`);
  const caProblem = certificateAuthorityProblem(cluster);
  if (caProblem) throw new ConfigError(`--kubeconfig ${path}, context "${current}", cluster "${cluster.name}": ${caProblem}`);
  return kc;
}

/**
 * Why the cluster's certificate authority cannot be used, or null. Checked at start: a broken
 * CA would otherwise show up only as a TLS failure of every request, minutes later.
 */
export function certificateAuthorityProblem(cluster: { caData?: string; caFile?: string; skipTLSVerify?: boolean }): string | null {
  if (cluster.skipTLSVerify) return null;
  let pem: string;
  if (cluster.caData) pem = Buffer.from(cluster.caData, 'base64').toString('utf8');
  else if (cluster.caFile) {
    try {
      pem = fs.readFileSync(cluster.caFile, 'utf8');
    } catch (e) {
      return `certificate-authority ${cluster.caFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`;
    }
  } else return null;
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks) return `its certificate-authority${cluster.caData ? '-data' : ''} holds no PEM certificate (expected base64 of "-----BEGIN CERTIFICATE-----…").`;
  for (const block of blocks) {
    try {
      new crypto.X509Certificate(block);
    } catch (e) {
      return `its certificate-authority${cluster.caData ? '-data' : ''} is not a valid certificate: ${e instanceof Error ? e.message : String(e)}.`;
    }
  }
  return null;
}

export function kubeConfigInCluster(): KubeConfig {
  if (!process.env.KUBERNETES_SERVICE_HOST) {
    throw new ConfigError('--in-cluster: KUBERNETES_SERVICE_HOST is not set; the dashboard is not running in a Kubernetes pod.');
  }
  const kc = new KubeConfig();
  kc.loadFromCluster();
  return kc;
}
