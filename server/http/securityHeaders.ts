// Security headers on every response. Pages get a strict Content-Security-Policy: scripts
// only with the request's nonce (Next puts it on its own script tags, and 'strict-dynamic'
// lets those load their chunks), everything else from the dashboard's own origin, and which
// sites may frame it (portal embedding) with frame-ancestors: its own origin always, plus
// --frame-ancestors. Everything that is not a page (JSON API, health, metrics, socket.io) may
// load nothing and be framed by no one.

const COMMON = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
} as const;

export function pageCsp(options: { nonce: string; frameAncestors: readonly string[]; dev: boolean }): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code; production never does.
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    // React and Recharts set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${["'self'", ...options.frameAncestors].join(' ')}`,
  ].join('; ');
}

export function pageSecurityHeaders(options: { nonce: string; frameAncestors: readonly string[]; dev: boolean }): Record<string, string> {
  return { 'Content-Security-Policy': pageCsp(options), ...COMMON };
}

/** For every response that is not a page: nothing to load, nothing may frame it. */
export function resourceSecurityHeaders(): Record<string, string> {
  return { 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'", 'Cross-Origin-Resource-Policy': 'same-origin', ...COMMON };
}

/** The dashboard's own small HTML answers (no scripts, inline styles only). */
export const STATIC_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/** An origin CSP accepts in frame-ancestors: scheme://host[:port], host may start with "*.". */
export function isFrameAncestor(value: string): boolean {
  return /^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(value);
}
