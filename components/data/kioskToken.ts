// A kiosk or portal token (?token= in a wall's or panel's address): read once, kept in memory
// (and in the tab's sessionStorage, so a reload of the same wall keeps it), removed from the
// address bar, and sent with every API request (Authorization: Bearer) and the live
// connection's handshake. Only wall and panel pages use it: a person who opens another page
// in the same tab is not seen through a kiosk's token.

import { kioskPage } from '../../lib/access/kioskGrant';
import { BASE_PATH } from './basePath';

const STORAGE_KEY = 'spark-pod-dashboard:kiosk-token';
let held: string | null | undefined;

const pagePath = () => {
  const path = window.location.pathname;
  return BASE_PATH && path.startsWith(BASE_PATH) ? path.slice(BASE_PATH.length) || '/' : path;
};

/** The token of this wall or panel page; null anywhere else (and while rendering on the server). */
export function kioskToken(): string | null {
  if (typeof window === 'undefined') return null;
  if (held === undefined) {
    const fromAddress = new URLSearchParams(window.location.search).get('token');
    held = fromAddress || null;
    try {
      if (held) window.sessionStorage.setItem(STORAGE_KEY, held);
      else held = window.sessionStorage.getItem(STORAGE_KEY);
    } catch {
      // Storage blocked (a sandboxed or third-party frame): memory alone still serves this page.
    }
  }
  return held && kioskPage(pagePath()).kind !== 'other' ? held : null;
}

/** Headers that carry the token, if this page has one. */
export function kioskAuthHeaders(): Record<string, string> {
  const token = kioskToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** Takes ?token= out of the address bar (and so out of history and bookmarks) once it is kept. */
export function forgetTokenInAddress(): void {
  if (!kioskToken()) return;
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  // No state of ours: Next's router takes the new address as its own (given its own state, it would not).
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

/** Reloads the page with its token back in the address (the server needs it to serve the page when people sign in). */
export function reloadKeepingToken(): void {
  const token = kioskToken();
  if (!token) return window.location.reload();
  const url = new URL(window.location.href);
  url.searchParams.set('token', token);
  window.location.replace(url.href);
}
