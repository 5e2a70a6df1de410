// Kubeconfig files for the embedded cluster: the CA as certificate-authority-data (TLS is
// verified, never skipped) and one user + context per identity, each with its client
// certificate; or a token user. YAML text, which kubectl and client-node both read.

import fs from 'node:fs';
import path from 'node:path';

export interface KubeconfigUser {
  /** Context and user name in the file. */
  name: string;
  clientCertificatePem?: string;
  clientKeyPem?: string;
  token?: string;
}

export interface KubeconfigSpec {
  server: string;
  caPem: string;
  clusterName?: string;
  users: KubeconfigUser[];
  /** Defaults to the first user. */
  currentContext?: string;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
// JSON string quoting is valid YAML (a double-quoted scalar), so names can hold anything.
const q = (text: string) => JSON.stringify(text);

export function kubeconfigYaml(spec: KubeconfigSpec): string {
  const cluster = spec.clusterName ?? 'spark-sim';
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'preferences: {}',
    'clusters:',
    `- name: ${q(cluster)}`,
    '  cluster:',
    `    server: ${q(spec.server)}`,
    `    certificate-authority-data: ${b64(spec.caPem)}`,
    'users:',
  ];
  for (const u of spec.users) {
    lines.push(`- name: ${q(u.name)}`, '  user:');
    if (u.clientCertificatePem && u.clientKeyPem) {
      lines.push(`    client-certificate-data: ${b64(u.clientCertificatePem)}`, `    client-key-data: ${b64(u.clientKeyPem)}`);
    }
    if (u.token) lines.push(`    token: ${q(u.token)}`);
    if (!u.token && !u.clientCertificatePem) lines.push('    {}');
  }
  lines.push('contexts:');
  for (const u of spec.users) lines.push(`- name: ${q(u.name)}`, '  context:', `    cluster: ${q(cluster)}`, `    user: ${q(u.name)}`);
  lines.push(`current-context: ${q(spec.currentContext ?? spec.users[0]?.name ?? '')}`);
  return lines.join('\n') + '\n';
}

/** Writes the file with owner-only permissions (it holds private keys) and returns its text. */
export function writeKubeconfig(file: string, spec: KubeconfigSpec): string {
  const text = kubeconfigYaml(spec);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o600 });
  return text;
}

export interface KubeconfigCluster {
  /** Cluster and context name; its first user's context is this name, others are `name-user`. */
  name: string;
  server: string;
  caPem: string;
  users: KubeconfigUser[];
}

/** One file for several clusters: a context per cluster (its first user) and per other user. */
export function multiClusterKubeconfigYaml(clusters: readonly KubeconfigCluster[]): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'preferences: {}', 'clusters:'];
  for (const c of clusters) lines.push(`- name: ${q(c.name)}`, '  cluster:', `    server: ${q(c.server)}`, `    certificate-authority-data: ${b64(c.caPem)}`);
  lines.push('users:');
  for (const c of clusters) {
    for (const u of c.users) {
      lines.push(`- name: ${q(`${c.name}-${u.name}`)}`, '  user:');
      if (u.clientCertificatePem && u.clientKeyPem) lines.push(`    client-certificate-data: ${b64(u.clientCertificatePem)}`, `    client-key-data: ${b64(u.clientKeyPem)}`);
      if (u.token) lines.push(`    token: ${q(u.token)}`);
      if (!u.token && !u.clientCertificatePem) lines.push('    {}');
    }
  }
  lines.push('contexts:');
  for (const c of clusters) {
    c.users.forEach((u, i) => lines.push(`- name: ${q(i === 0 ? c.name : `${c.name}-${u.name}`)}`, '  context:', `    cluster: ${q(c.name)}`, `    user: ${q(`${c.name}-${u.name}`)}`));
  }
  lines.push(`current-context: ${q(clusters[0]?.name ?? '')}`);
  return lines.join('\n') + '\n';
}