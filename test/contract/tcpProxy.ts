// A TCP proxy between the dashboard and a cluster, so a test can take the API away from the
// dashboard alone (cut its connections, refuse new ones), or freeze it (connections stay
// open and new ones are accepted, but no byte moves: what a stopped API server process
// looks like from outside), while the test itself keeps writing to the cluster directly. TLS
// passes through untouched: the certificate is for 127.0.0.1, whatever the port.

import net from 'node:net';

export interface TcpProxy {
  port: number;
  setDown(down: boolean): Promise<void>;
  setFrozen(frozen: boolean): void;
  close(): Promise<void>;
}

interface Pair { client: net.Socket; upstream: net.Socket }

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let port = 0;
  let frozen = false;
  let server: net.Server | null = null;
  const flow = (p: Pair) => { p.client.pipe(p.upstream); p.upstream.pipe(p.client); };
  const halt = (p: Pair) => { p.client.unpipe(p.upstream); p.upstream.unpipe(p.client); p.client.pause(); p.upstream.pause(); };
  const listen = () => new Promise<void>((resolve, reject) => {
    const s = net.createServer((client) => {
      const pair = { client, upstream: net.connect(target.port, target.host) };
      pairs.add(pair);
      const drop = () => { client.destroy(); pair.upstream.destroy(); pairs.delete(pair); };
      client.on('error', drop).on('close', drop);
      pair.upstream.on('error', drop).on('close', drop);
      if (frozen) halt(pair); else flow(pair);
    });
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      port = (s.address() as net.AddressInfo).port;
      server = s;
      resolve();
    });
  });
  const stop = () => new Promise<void>((resolve) => {
    for (const p of pairs) { p.client.destroy(); p.upstream.destroy(); }
    pairs.clear();
    if (!server) return resolve();
    server.close(() => resolve());
    server = null;
  });
  await listen();
  return {
    get port() { return port; },
    setDown: (down) => (down ? stop() : listen()),
    setFrozen: (value) => {
      if (value === frozen) return;
      frozen = value;
      for (const p of pairs) if (frozen) halt(p); else flow(p);
    },
    close: stop,
  };
}
