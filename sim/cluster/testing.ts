// Helpers for tests that talk to an embedded cluster over real HTTPS: a raw request with an
// identity's credentials (what client-node hides: status lines, raw bodies, content types)
// and a line reader for watch streams.

import { execFileSync } from 'node:child_process';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { EmbeddedCluster } from './apiServer';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export function kubeConfigFor(cluster: EmbeddedCluster, identity = 'admin'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(cluster.kubeconfigYaml(identity));
  return kc;
}

export async function rawRequest(
  cluster: EmbeddedCluster,
  method: string,
  path: string,
  options: { identity?: string | null; body?: unknown; contentType?: string; accept?: string } = {},
): Promise<RawResponse> {
  const opts: https.RequestOptions = { method, headers: { Accept: options.accept ?? 'application/json' } };
  if (options.identity === null) opts.ca = cluster.caPem;
  else await kubeConfigFor(cluster, options.identity ?? 'admin').applyToHTTPSOptions(opts);
  const text = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  if (text !== undefined) {
    opts.headers = { ...opts.headers, 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(text) };
  }
  return new Promise((resolve, reject) => {
    const req = https.request(cluster.url + path, opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        let json: unknown = undefined;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: body, json });
      });
    });
    req.on('error', reject);
    if (text !== undefined) req.write(text);
    req.end();
  });
}

export interface LineStream {
  lines: string[];
  /** Resolves when `count` lines have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<string[]>;
  ended: Promise<void>;
  close(): void;
}

/** Opens a streaming GET (a watch) and collects its newline-delimited lines. */
export async function streamLines(cluster: EmbeddedCluster, path: string, identity = 'admin', accept = 'application/json'): Promise<LineStream> {
  const opts: https.RequestOptions = { method: 'GET', headers: { Accept: accept } };
  await kubeConfigFor(cluster, identity).applyToHTTPSOptions(opts);
  const lines: string[] = [];
  let waiters: (() => void)[] = [];
  let endResolve: () => void = () => {};
  const ended = new Promise<void>((r) => (endResolve = r));
  let request!: ReturnType<typeof https.request>;
  await new Promise<void>((resolve, reject) => {
    request = https.request(cluster.url + path, opts, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          lines.push(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
        for (const w of waiters) w();
      });
      res.on('end', endResolve);
      res.on('close', endResolve);
      res.on('error', endResolve);
      resolve();
    });
    request.on('error', (e) => {
      endResolve();
      reject(e);
    });
    request.end();
  });
  return {
    lines,
    ended,
    close: () => request.destroy(),
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (lines.length >= count) {
            waiters = waiters.filter((w) => w !== check);
            clearTimeout(timer);
            resolve(lines.slice(0, count));
          }
        };
        const timer = setTimeout(() => reject(new Error(`only ${lines.length} of ${count} lines: ${lines.join('\n').slice(0, 2000)}`)), timeoutMs);
        waiters.push(check);
        check();
      });
    },
  };
}

/** The real kubectl is on PATH (not on every machine: the tests that use it skip without it). */
export function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
