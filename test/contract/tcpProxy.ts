// A TCP proxy between the dashboard and a cluster, so a test can take the API away from the
// dashboard alone (cut its connections, refuse new ones) while the test itself keeps writing
// to the cluster directly. TLS passes through untouched: the certificate is for 127.0.0.1,
// whatever the port.

import net from 'node:net';

export interface TcpProxy {
  port: number;
  setDown(down: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let port = 0;
  let server: net.Server | null = null;
  const listen = () => new Promise<void>((resolve, reject) => {
    const s = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      sockets.add(client).add(upstream);
      const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      port = (s.address() as net.AddressInfo).port;
      server = s;
      resolve();
    });
  });
  const stop = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    if (!server) return resolve();
    server.close(() => resolve());
    server = null;
  });
  await listen();
  return {
    get port() { return port; },
    setDown: (down) => (down ? stop() : listen()),
    close: stop,
  };
}
