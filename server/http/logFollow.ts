// A running Spark pod's log, followed while someone reads it: the executor drawer opens it and
// closes it. `GET /api/pods/:cluster/:namespace/:name/log` answers newline-delimited JSON
// (`LogFollowMessage`): `open`, then one `line` per log line, then `end` with the reason. The
// API's stream (pods/log with follow=true) lives exactly as long as the browser's: a client that
// goes away closes it. Bounded, so no reader can knock the server over: lines and time per
// stream, streams per address and in all, and bytes asked of the kubelet (`limitBytes`).

import type http from 'node:http';
import type { LogFollowMessage } from '../../lib/apiTypes';
import type { ClusterEngine } from '../engine/clusterEngine';
import { KubeApiError } from '../kube/kubeTransport';
import { podLogPath, podLogsForbidden } from '../kube/podLog';
import type { Scheduler } from '../scheduling/scheduler';
import { createConcurrencyLimit, type ConcurrencyMetrics } from './concurrencyLimit';
import { sendError } from './respond';

export interface LogFollowLimits {
  /** Streams open at once, in all and per client address. */
  maxOpen: number;
  maxPerAddress: number;
  /** A stream ends after this long or this many lines (the drawer offers to follow again). */
  maxMs: number;
  maxLines: number;
  /** Lines before now sent first. */
  tailLines: number;
  /** Bytes asked of the kubelet per stream (it stops there): the most one stream can buffer. */
  limitBytes: number;
}

export const DEFAULT_LOG_FOLLOW_LIMITS: LogFollowLimits = {
  maxOpen: 32, maxPerAddress: 4, maxMs: 5 * 60_000, maxLines: 5000, tailLines: 100, limitBytes: 1024 * 1024,
};

export type LogFollowMetrics = ConcurrencyMetrics;

export interface LogFollows {
  handle(req: http.IncomingMessage, res: http.ServerResponse, engine: ClusterEngine, namespace: string, name: string, containerNames: { executor: string; driver: string }): void;
  readonly metrics: LogFollowMetrics;
  /** Ends every open stream (the server is stopping). */
  closeAll(): void;
}

export function createLogFollows(scheduler: Scheduler, limits: LogFollowLimits = DEFAULT_LOG_FOLLOW_LIMITS): LogFollows {
  const limit = createConcurrencyLimit(limits);
  const open = new Set<(reason: 'server-stopping') => void>();

  function handle(req: http.IncomingMessage, res: http.ServerResponse, engine: ClusterEngine, namespace: string, name: string, containerNames: { executor: string; driver: string }): void {
    const watched = engine.namespaces.includes('*') || engine.namespaces.includes(namespace);
    const record = watched ? engine.core.findPod(namespace, name) : undefined;
    const row = record?.version.row;
    // Only Spark drivers and executors the dashboard watches, as for every other pod route.
    if (!row || row.role === 'other') return sendError(res, 404, `no Spark pod ${name} in namespace ${namespace} (the dashboard serves only Spark pods of the namespaces it watches)`);
    if (row.gone || row.state !== 'running') return sendError(res, 409, `pod ${name} is ${row.gone ? 'gone' : row.state}: only a running pod's log can be followed (a failed pod's last lines are in its log tail)`);
    const slot = limit.acquire(req.socket.remoteAddress ?? '');
    if (!slot.ok) {
      res.setHeader('Retry-After', '30');
      return sendError(res, 429, slot.perAddress
        ? `at most ${limits.maxPerAddress} logs can be followed at once from one address; close another first`
        : `the dashboard follows at most ${limits.maxOpen} logs at once; try again shortly`);
    }

    const container = row.role === 'driver' ? containerNames.driver : containerNames.executor;
    let lines = 0;
    let started = false;
    let finished = false;
    const send = (m: LogFollowMessage) => { if (!res.writableEnded) res.write(`${JSON.stringify(m)}\n`); };
    const finish = (end: Extract<LogFollowMessage, { kind: 'end' }> | null) => {
      if (finished) return;
      finished = true;
      slot.release();
      open.delete(stopForServer);
      cancelTimer();
      upstream.abort();
      if (started) {
        if (end) send(end);
        if (!res.writableEnded) res.end();
      } else if (end && !res.headersSent) sendError(res, 504, end.message);
    };
    const stopForServer = () => finish({ kind: 'end', reason: 'server-stopping', message: 'The dashboard is restarting.' });
    open.add(stopForServer);
    const cancelTimer = scheduler.after(limits.maxMs, () => finish({ kind: 'end', reason: 'time-limit', message: `Followed for ${Math.round(limits.maxMs / 60_000)} minutes; follow again to go on.` }));

    const path = podLogPath(namespace, name);
    const upstream = engine.transport.streamLines(path, { container, follow: 'true', tailLines: limits.tailLines, limitBytes: limits.limitBytes }, {
      onOpen() {
        started = true;
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
        send({ kind: 'open', container, maxLines: limits.maxLines, maxSeconds: Math.round(limits.maxMs / 1000) });
      },
      onLine(line) {
        send({ kind: 'line', text: line });
        if (++lines >= limits.maxLines) finish({ kind: 'end', reason: 'line-limit', message: `Stopped after ${limits.maxLines} lines; follow again to go on.` });
      },
      onClose(error) {
        if (finished) return;
        if (!started) {
          // Refused before any line: an HTTP error the drawer can show as it shows others.
          const err = error instanceof KubeApiError ? error : null;
          finish(null);
          if (err?.status === 403) return sendError(res, 403, podLogsForbidden(namespace, err.message), { missingPermission: { verb: 'get', resource: 'pods/log', namespace } });
          if (err?.status === 400) return sendError(res, 409, `the log cannot be followed yet: ${err.message}`);
          return sendError(res, 502, `the log could not be read: ${error?.message ?? 'the API server ended the stream before it began'}`);
        }
        if (!error) finish({ kind: 'end', reason: 'container-stopped', message: 'The container stopped (or the kubelet ended the stream).' });
        else finish({ kind: 'end', reason: 'error', message: `The stream broke: ${error.message}` });
      },
    }, limits.maxMs + 60_000);
    // The browser left (drawer closed, tab gone): the API's stream goes with it.
    res.on('close', () => finish(null));
  }

  return {
    handle,
    metrics: limit.metrics,
    closeAll() { for (const stop of [...open]) stop('server-stopping'); },
  };
}
