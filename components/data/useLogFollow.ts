'use client';

// A running pod's log, followed while `following` is true: the server's newline-delimited JSON
// stream read as it arrives, the last lines kept. Turning it off, or unmounting (the drawer
// closed), aborts the request, and the server closes its stream to the API with it.

import { useEffect, useState } from 'react';
import { apiPath } from '../../lib/apiRoutes';
import type { LogFollowMessage } from '../../lib/apiTypes';
import { apiUrl } from './basePath';
import { kioskAuthHeaders } from './kioskToken';

/** Lines kept in the browser: the newest, like a terminal's scrollback. */
const KEEP_LINES = 2000;

export interface LogFollowState {
  status: 'idle' | 'opening' | 'open' | 'ended' | 'failed';
  container: string | null;
  lines: string[];
  /** How it ended (the server's words), or why it could not start. */
  message: string | null;
  /** True when the server refused for lack of `get pods/log`. */
  forbidden: boolean;
}

const IDLE: LogFollowState = { status: 'idle', container: null, lines: [], message: null, forbidden: false };

export function useLogFollow(cluster: string, namespace: string, name: string, following: boolean, attempt = 0): LogFollowState {
  const [state, setState] = useState<LogFollowState>(IDLE);
  useEffect(() => {
    if (!following) return;
    const controller = new AbortController();
    // Appended in place; each render gets a copy of the newest KEEP_LINES (one copy per frame, not per line).
    const buffer: string[] = [];
    const kept = () => buffer.slice(-KEEP_LINES);
    let flushQueued = false;
    // Many lines a second arrive in chunks: render at most once per frame.
    const flush = () => {
      if (flushQueued) return;
      flushQueued = true;
      requestAnimationFrame(() => { flushQueued = false; setState((s) => ({ ...s, lines: kept() })); });
    };
    setState({ ...IDLE, status: 'opening' });
    const base = apiPath('pod', { cluster, namespace, name });
    void (async () => {
      try {
        const res = await fetch(apiUrl(`${base}/log`), { signal: controller.signal, headers: { Accept: 'application/x-ndjson', ...kioskAuthHeaders() } });
        if (!res.ok || !res.body) {
          const body = await res.json().catch(() => null) as { error?: string } | null;
          setState({ ...IDLE, status: 'failed', message: body?.error ?? `HTTP ${res.status}`, forbidden: res.status === 403 });
          return;
        }
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffered = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffered += decoder.decode(value, { stream: true });
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const m = JSON.parse(buffered.slice(0, nl)) as LogFollowMessage;
            buffered = buffered.slice(nl + 1);
            if (m.kind === 'open') setState((s) => ({ ...s, status: 'open', container: m.container }));
            else if (m.kind === 'line') {
              buffer.push(m.text);
              if (buffer.length >= 2 * KEEP_LINES) buffer.splice(0, buffer.length - KEEP_LINES);
              flush();
            } else setState((s) => ({ ...s, lines: kept(), status: 'ended', message: m.message }));
          }
        }
        setState((s) => (s.status === 'ended' ? s : { ...s, lines: kept(), status: 'ended', message: s.message ?? 'The stream ended.' }));
      } catch (e) {
        if ((e as Error)?.name === 'AbortError') return;
        setState((s) => ({ ...s, lines: kept(), status: 'failed', message: 'The stream broke: the dashboard server is unreachable.' }));
      }
    })();
    return () => {
      controller.abort();
      // Stopped by the reader: the lines stay to read.
      setState((s) => (s.status === 'opening' || s.status === 'open' ? { ...s, lines: kept(), status: 'ended', message: 'Stopped.' } : s));
    };
  }, [cluster, namespace, name, following, attempt]);
  return state;
}
