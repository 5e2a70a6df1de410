// Tools of the abuse suite: a raw socket.io client over a bare websocket (it can stop reading
// and send anything), a memory sampler of this process (the dashboard under test runs in it),
// a /healthz prober that records latencies while an attack runs, and a /metrics reader.

import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import WebSocket from 'ws';

// ---------------------------------------------------------------- raw socket.io client

export interface RawClientOptions {
  path?: string;
  headers?: Record<string, string>;
  /** Connect the socket.io namespace after the engine.io handshake (default true). */
  connectNamespace?: boolean;
  /** Offer per-message deflate (default true); without it the server's bytes are not hidden by compression. */
  deflate?: boolean;
}

/**
 * engine.io v4 / socket.io v5 spoken by hand: `0{…}` open, `40` connect, `42[…]` events,
 * `2`/`3` ping/pong. Counts what it receives; `pauseReading()` leaves the server's writes in
 * the kernel and in the server's own buffers, as a client that never reads would.
 */
export class RawSocketIo {
  readonly received: string[] = [];
  receivedBytes = 0;
  readonly closed: Promise<{ code: number; reason: string }>;
  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      const text = data.toString();
      this.receivedBytes += text.length;
      // Keep the small ones for assertions; count the rest.
      this.received.push(text.length > 2000 ? `${text.slice(0, 200)}…` : text);
      if (text === '2') ws.send('3');
    });
    ws.on('error', () => { /* refusals and resets are what these tests provoke */ });
  }

  static open(origin: string, options: RawClientOptions = {}): Promise<RawSocketIo> {
    const url = `${origin.replace(/^http/, 'ws')}${options.path ?? '/socket.io'}/?EIO=4&transport=websocket`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers: options.headers, perMessageDeflate: options.deflate ?? true });
      const client = new RawSocketIo(ws);
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d: Buffer) => { body += d.toString(); });
        res.on('end', () => reject(new RefusedError(res.statusCode ?? 0, body)));
      });
      ws.once('error', reject);
      const onMessage = (data: WebSocket.RawData) => {
        const text = data.toString();
        if (text.startsWith('0') && options.connectNamespace !== false) ws.send('40');
        else if (text.startsWith('0')) { ws.off('message', onMessage); resolve(client); }
        if (text.startsWith('40')) { ws.off('message', onMessage); resolve(client); }
        if (text.startsWith('44')) reject(new Error(`namespace refused: ${text}`));
      };
      ws.on('message', onMessage);
    });
  }

  /** Events of this name received so far (snapshots carry an acknowledgement id: `42<id>[…]`). */
  count(event: string): number {
    const pattern = new RegExp(`^42\\d*\\[${JSON.stringify(event)}`);
    return this.received.filter((m) => pattern.test(m)).length;
  }

  emit(event: string, ...args: unknown[]): void {
    this.ws.send(`42${JSON.stringify([event, ...args])}`);
  }

  /** An event with an acknowledgement id: the server's answer arrives as `43<id>[…]`. */
  emitWithId(id: number, event: string, ...args: unknown[]): void {
    this.ws.send(`42${id}${JSON.stringify([event, ...args])}`);
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /**
   * Sends `count` frames as fast as the connection takes them. Waits whenever a megabyte is
   * buffered on this side, so that the flood measures the server's memory, not the attacker's.
   */
  async flood(count: number, frame: (i: number) => string | Buffer): Promise<number> {
    let sent = 0;
    for (; sent < count && this.isOpen; sent++) {
      this.ws.send(frame(sent));
      while (this.ws.bufferedAmount > 1024 * 1024 && this.isOpen) await new Promise((r) => setTimeout(r, 1));
    }
    return sent;
  }

  /** Stops reading from the TCP connection (ws has no other way to apply backpressure). */
  pauseReading(): void {
    (this.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.terminate();
  }
}

export class RefusedError extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(`refused with HTTP ${status}: ${body}`);
  }
}

// ---------------------------------------------------------------- memory

export interface MemoryFigures {
  rssBefore: number; rssPeak: number; rssAfter: number;
  heapBefore: number; heapPeak: number; heapAfter: number;
}

/** A full garbage collection, without starting node with --expose-gc (V8 exposes `gc` to contexts created after the flag is set). */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/**
 * Samples this process's memory until stopped. `before` and `after` follow a full collection,
 * so after − before is what the attack left behind; the peak includes garbage.
 */
export function sampleMemory(intervalMs = 20): { stop(): Promise<MemoryFigures> } {
  collectGarbage();
  const first = process.memoryUsage();
  let rssPeak = first.rss, heapPeak = first.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      const last = process.memoryUsage();
      rssPeak = Math.max(rssPeak, last.rss);
      heapPeak = Math.max(heapPeak, last.heapUsed);
      collectGarbage();
      const after = process.memoryUsage();
      return { rssBefore: first.rss, rssPeak, rssAfter: after.rss, heapBefore: first.heapUsed, heapPeak, heapAfter: after.heapUsed };
    },
  };
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function formatMemory(m: MemoryFigures): string {
  return `RSS ${mb(m.rssBefore)} → peak ${mb(m.rssPeak)} → ${mb(m.rssAfter)}; heap ${mb(m.heapBefore)} → peak ${mb(m.heapPeak)} → ${mb(m.heapAfter)} after GC`;
}

/** Heap the attack left behind (after a full collection). */
export const retainedHeap = (m: MemoryFigures) => m.heapAfter - m.heapBefore;

// ---------------------------------------------------------------- /healthz while under attack

export interface HealthFigures { answered: number; failed: number; p50: number; p99: number; max: number }

/** GETs /healthz one after the other until stopped; a probe that takes over 10 s counts as failed. */
export function probeHealthz(origin: string): { stop(): Promise<HealthFigures> } {
  const latencies: number[] = [];
  let failed = 0, running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(10_000) });
        await res.text();
        if (res.status === 200) latencies.push(performance.now() - started); else failed++;
      } catch {
        failed++;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
      return { answered: sorted.length, failed, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
    },
  };
}

export function formatHealth(h: HealthFigures): string {
  return `/healthz ${h.answered} answered, ${h.failed} failed, p50 ${h.p50.toFixed(1)} ms, p99 ${h.p99.toFixed(1)} ms, max ${h.max.toFixed(1)} ms`;
}

// ---------------------------------------------------------------- /metrics

/** One sample of /metrics, e.g. metric(text, 'spark_dashboard_refusals_total', { reason: 'origin' }); undefined when absent. */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const key = line.slice(0, space);
    if (key === (want ? `${name}{${want}}` : name)) return Number(line.slice(space + 1));
  }
  return undefined;
}

export async function readMetrics(origin: string): Promise<(name: string, labels?: Record<string, string>) => number | undefined> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  return (name, labels) => metric(text, name, labels);
}

// ---------------------------------------------------------------- a big application

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at once. */
export async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await task(next++);
  }));
}

// ---------------------------------------------------------------- raw HTTP

export interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** A request with exactly these headers (fetch may not set Host); upgrades answer with their status line too. */
export function rawRequest(origin: string, path: string, headers: Record<string, string> = {}, options: { method?: string; body?: string | Buffer; timeoutMs?: number } = {}): Promise<RawResponse> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers, agent: false, setHost: !('host' in headers || 'Host' in headers) }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve({ status: res.statusCode ?? 101, headers: res.headers, body: '' }); });
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`no answer to ${path} within ${options.timeoutMs ?? 10_000} ms`)));
    // A server that answers before reading the whole body (413) may reset the rest of the upload.
    req.on('error', (e) => { if (!answered) reject(e); });
    req.end(options.body);
  });
}

/** Headers of a websocket upgrade to socket.io. */
export function upgradeHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...extra };
}
