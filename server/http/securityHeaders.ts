// Headers on every page the dashboard serves. Which sites may frame it (portal embedding) is
// enforced with CSP frame-ancestors: the dashboard's own origin always, plus the origins
// configured with --frame-ancestors; nothing else may put it in an iframe.

export function pageSecurityHeaders(frameAncestors: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': `frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
  };
}

/** An origin CSP accepts in frame-ancestors: scheme://host[:port], host may start with "*.". */
export function isFrameAncestor(value: string): boolean {
  return /^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(value);
}
