// A stand-in for oauth2-proxy in front of the dashboard: every request and websocket upgrade
// is passed on from its own address (127.0.0.2, the dashboard's --trusted-proxies) with the
// person it "signed in" in X-Forwarded-User / X-Forwarded-Groups; whatever identity headers
// the browser sent are dropped, as the real proxy does.

import http from 'node:http';
import net from 'node:net';

export const SIGN_IN_PROXY_ADDRESS = '127.0.0.2';

export interface SignInProxy {
  url: string;
  close(): Promise<void>;
}

export async function startSignInProxy(dashboardPort: number, person: { user: string; groups: string[] }): Promise<SignInProxy> {
  const identity = (headers: http.IncomingHttpHeaders) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(headers)) if (v !== undefined && !k.startsWith('x-forwarded-')) out[k] = v;
    return { ...out, 'x-forwarded-user': person.user, 'x-forwarded-email': `${person.user}@example.com`, 'x-forwarded-groups': person.groups.join(',') };
  };
  const server = http.createServer((req, res) => {
    const upstream = http.request({ host: '127.0.0.1', port: dashboardPort, localAddress: SIGN_IN_PROXY_ADDRESS, method: req.method, path: req.url, headers: identity(req.headers) }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket, head) => {
    const upstream = net.connect({ host: '127.0.0.1', port: dashboardPort, localAddress: SIGN_IN_PROXY_ADDRESS }, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (const [k, v] of Object.entries(identity(req.headers))) for (const value of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${value}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const close = () => { upstream.destroy(); socket.destroy(); };
    upstream.on('error', close);
    socket.on('error', close);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
