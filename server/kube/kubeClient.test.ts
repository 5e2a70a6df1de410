import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config';
import { kubeConfigFromFile } from './kubeClient';
import { createKubeTransport } from './kubeTransport';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-kubeclient-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function kubeconfig(name: string, opts: { server?: string; ca?: string; current?: string }): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: ${opts.server ?? 'https://127.0.0.1:6443'}
${opts.ca !== undefined ? `    certificate-authority-data: ${opts.ca}\n` : ''}contexts:
- name: prod-admin
  context: { cluster: prod, user: admin }
- name: prod-viewer
  context: { cluster: prod, user: admin }
current-context: ${opts.current ?? 'prod-admin'}
users:
- name: admin
  user: { token: abc }
`);
  return file;
}

describe('kubeConfigFromFile', () => {
  it('stops at start on certificate-authority-data that is not a certificate, naming file, context and cluster', () => {
    const file = kubeconfig('bad-ca.yaml', { ca: Buffer.from('-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n').toString('base64') });
    expect(() => kubeConfigFromFile(file)).toThrow(ConfigError);
    expect(() => kubeConfigFromFile(file)).toThrow(/bad-ca\.yaml, context "prod-admin", cluster "prod": its certificate-authority-data is not a valid certificate/);
    const garbage = kubeconfig('garbage-ca.yaml', { ca: Buffer.from('hello').toString('base64') });
    expect(() => kubeConfigFromFile(garbage)).toThrow(/holds no PEM certificate/);
  });

  it('says which contexts exist when current-context names none of them', () => {
    const file = kubeconfig('lost.yaml', { current: 'staging' });
    expect(() => kubeConfigFromFile(file)).toThrow(/current-context "staging" is not one of its contexts \(prod-admin, prod-viewer\)/);
    expect(kubeConfigFromFile(file, 'prod-viewer').getCurrentContext()).toBe('prod-viewer');
  });
});

describe('the transport against a server that speaks plain HTTP', () => {
  it('says the API server does not speak HTTPS instead of an OpenSSL error', async () => {
    const server = http.createServer((_q, r) => r.end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig('plain.yaml', { server: `https://127.0.0.1:${port}` }));
      const error = await createKubeTransport(kc).getJson('/version').then(() => null, (e: Error) => e);
      expect(error?.message).toBe(`the API server at https://127.0.0.1:${port} does not speak HTTPS (it answered in plain HTTP): check the server URL in the kubeconfig`);
    } finally {
      server.close();
    }
  });
});
