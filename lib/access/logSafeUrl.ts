// A request URL as the log may print it: a kiosk link carries its token in ?token=, and a
// token in a log file is a key anyone reading the log could use.

const SECRET_PARAMS = new Set(['token', 'access_token', 'id_token']);

export function logSafeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const kept = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    let name = eq < 0 ? pair : pair.slice(0, eq);
    try { name = decodeURIComponent(name.replace(/\+/g, ' ')); } catch { /* kept as sent */ }
    return SECRET_PARAMS.has(name.toLowerCase()) ? `${pair.slice(0, eq < 0 ? pair.length : eq)}=REDACTED` : pair;
  });
  // Browsers never send a fragment; a URL that has one keeps it as it is.
  return `${url.slice(0, q)}?${kept.join('&')}${hash < 0 ? '' : url.slice(hash)}`;
}
