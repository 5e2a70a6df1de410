// A stand-in for an internal portal: a page on another origin that embeds a dashboard panel
// in an iframe and records the height messages the panel posts.

import http from 'node:http';
import net from 'node:net';

export interface Portal {
  port: number;
  /** The portal page at `host` (localhost and 127.0.0.1 are different origins). */
  pageUrl(host: 'localhost' | '127.0.0.1', src: string): string;
  close(): Promise<void>;
}

const PAGE = (src: string) => `<!doctype html>
<html><head><title>Portal</title></head><body>
<h1>Team portal</h1>
<iframe id="panel" src="${src.replace(/"/g, '&quot;')}" style="width:100%;height:200px;border:0"></iframe>
<script>
  window.heights = [];
  window.addEventListener('message', function (e) {
    if (e.data && e.data.type === 'spark-pod-dashboard:height') {
      window.heights.push({ origin: e.origin, panel: e.data.panel, height: e.data.height });
      document.getElementById('panel').style.height = e.data.height + 'px';
    }
  });
</script>
</body></html>`;

export async function startPortal(): Promise<Portal> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://portal');
    const src = url.searchParams.get('src') ?? '';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(PAGE(src));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    pageUrl: (host, src) => `http://${host}:${port}/?src=${encodeURIComponent(src)}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
