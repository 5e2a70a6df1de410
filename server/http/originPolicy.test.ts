import { describe, expect, it } from 'vitest';
import { hostAllowed, isHostPattern, isLoopbackBind, originAllowed, parseHostHeader } from './originPolicy';

describe('hostAllowed', () => {
  const loopback = { bindHost: '127.0.0.1', allowedHosts: [] };
  const wide = { bindHost: '0.0.0.0', allowedHosts: ['dashboard.example.com', '*.intranet.example.com'] };

  it.each(['127.0.0.1:3000', 'localhost:3000', 'LOCALHOST', '[::1]:3000', 'app.localhost:8080', '127.0.0.2', undefined, ''])('on loopback serves %j', (host) => {
    expect(hostAllowed(host, loopback)).toEqual({ ok: true });
  });

  it.each(['evil.example:3000', '10.0.0.5:3000', 'dashboard.example.com', '[fe80::1]:3000'])('on loopback refuses %j and names the settings', (host) => {
    const d = hostAllowed(host, loopback);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.message).toMatch(/--host.*--allowed-hosts/);
  });

  it.each(['10.0.0.5:3000', '[fd00::5]:3000', 'localhost:3000', '127.0.0.1', 'dashboard.example.com', 'DASHBOARD.example.com:443', 'a.intranet.example.com', 'a.b.intranet.example.com:8443'])('beyond loopback serves %j', (host) => {
    expect(hostAllowed(host, wide)).toEqual({ ok: true });
  });

  it.each(['evil.example', 'intranet.example.com', 'dashboard.example.com.evil.example', 'xintranet.example.com'])('beyond loopback refuses %j and says which setting admits it', (host) => {
    const d = hostAllowed(host, wide);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.message).toContain(`--allowed-hosts ${host.toLowerCase()}`);
  });

  it.each(['evil.example@127.0.0.1', 'a b', 'x:y:z', '<script>', 'host:99999999'])('refuses the malformed Host header %j', (host) => {
    expect(hostAllowed(host, wide).ok).toBe(false);
  });

  it('serves the name the dashboard listens on, and anything with *', () => {
    expect(hostAllowed('dash.internal:3000', { bindHost: 'dash.internal', allowedHosts: [] }).ok).toBe(true);
    expect(hostAllowed('anything.example', { bindHost: '0.0.0.0', allowedHosts: ['*'] }).ok).toBe(true);
  });
});

describe('isLoopbackBind', () => {
  it.each([['127.0.0.1', true], ['::1', true], ['localhost', true], ['0.0.0.0', false], ['::', false], ['10.1.2.3', false], ['dash.internal', false]] as const)('%s → %s', (host, loopback) => {
    expect(isLoopbackBind(host)).toBe(loopback);
  });
});

describe('originAllowed', () => {
  const allowed = ['https://portal.example.com', 'https://*.intranet.example.com', 'http://localhost:8080'];

  it('accepts requests without an Origin (not a browser)', () => {
    expect(originAllowed(undefined, '127.0.0.1:3000', [])).toBe(true);
  });

  it.each([
    ['http://127.0.0.1:3000', '127.0.0.1:3000'],
    ['https://dash.example.com', 'dash.example.com'],
    ['https://dash.example.com', 'dash.example.com:443'],
    ['http://[::1]:3000', '[::1]:3000'],
    // The scheme is not compared: behind a TLS proxy the server cannot know it, and one host and port is one server.
    ['https://127.0.0.1:3000', '127.0.0.1:3000'],
  ])('accepts its own origin %s for Host %s', (origin, host) => {
    expect(originAllowed(origin, host, [])).toBe(true);
  });

  it.each([
    'https://portal.example.com', 'https://portal.example.com:443', 'https://a.intranet.example.com', 'https://a.b.intranet.example.com', 'http://localhost:8080',
  ])('accepts the configured origin %s', (origin) => {
    expect(originAllowed(origin, '127.0.0.1:3000', allowed)).toBe(true);
  });

  it.each([
    'http://localhost:3000', 'http://127.0.0.1:3001', 'http://portal.example.com', 'https://portal.example.com:8443',
    'https://intranet.example.com', 'https://evil.example', 'http://localhost:8081', 'null', 'not a url', 'file:///etc/passwd',
  ])('refuses %s from another origin', (origin) => {
    expect(originAllowed(origin, '127.0.0.1:3000', allowed)).toBe(false);
  });
});

describe('isHostPattern and parseHostHeader', () => {
  it('validates --allowed-hosts entries', () => {
    for (const ok of ['dashboard.example.com', '*.example.com', '*', 'dash', 'a-b.c']) expect(isHostPattern(ok)).toBe(true);
    for (const bad of ['https://x.example.com', '*example.com', 'x.*.com', '-x.com', 'x.com:80', '']) expect(isHostPattern(bad)).toBe(false);
  });

  it('normalises names and addresses as browsers do', () => {
    expect(parseHostHeader('Dash.Example.COM:80')).toEqual({ hostname: 'dash.example.com', port: '' });
    expect(parseHostHeader('[::1]:3000')).toEqual({ hostname: '[::1]', port: '3000' });
    expect(parseHostHeader('a@b')).toBeNull();
  });
});
