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

describe('the transport and keep-alive sockets the server closed', () => {
  it('sends a request again, once, when its reused socket turns out closed before anything was read', async () => {
    const https = await import('node:https');
    const { execFileSync } = await import('node:child_process');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'ka.key'), '-out', path.join(dir, 'ka.crt')], { stdio: 'pipe' });
    const cert = fs.readFileSync(path.join(dir, 'ka.crt'), 'utf8');
    let served = 0;
    // Every second request on one connection finds it closed, as a server's keepAliveTimeout would leave it.
    const server = https.createServer({ cert, key: fs.readFileSync(path.join(dir, 'ka.key')) }, (req, res) => {
      const socket = req.socket as typeof req.socket & { requests?: number };
      socket.requests = (socket.requests ?? 0) + 1;
      if (socket.requests > 1) return void socket.destroy();
      served++;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ n: served }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig('keepalive.yaml', { server: `https://127.0.0.1:${(server.address() as { port: number }).port}`, ca: Buffer.from(cert).toString('base64') }));
      const transport = createKubeTransport(kc);
      expect(await transport.getJson('/a')).toEqual({ n: 1 });
      expect(await transport.getJson('/b')).toEqual({ n: 2 });
      expect(await transport.requestJson('POST', '/c', { body: {} })).toEqual({ n: 3 });
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});
