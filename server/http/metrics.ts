// /metrics in the Prometheus text exposition format (version 0.0.4): what came in from the
// API, what went out to browsers, and how healthy each source is.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SourceHealth } from '../../lib/health/sourceHealth';
import type { HubMetrics, RefusalCounts } from '../live/socketHub';

export interface MetricsSnapshot {
  now: number;
  store: { podUpdates: number; staleUpdatesIgnored: number; fullListings: number; markedGoneByListing: number; malformedPods: number; diffsOut: number; rowsChanged: number; evicted: number; staleListings: number; resets: number };
  storeSize: { pods: number; apps: number; departed: number };
  hub: HubMetrics;
  refusals: RefusalCounts;
  watches: { namespace: string; eventsIn: number; watchRestarts: number; relists: number; malformedLines: number }[];
  polls: { namespace: string; polls: number; failedPolls: number; droppedStaleLists: number }[];
  sources: SourceHealth[];
  memory: NodeJS.MemoryUsage;
  /** Event-loop delay since the last scrape (seconds) and resources keeping the process alive. */
  eventLoop: { p50: number; p99: number; max: number };
  activeResources: number;
}

type Sample = [labels: Record<string, string>, value: number];

function family(name: string, type: 'counter' | 'gauge', help: string, samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of samples) {
    const l = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',');
    lines.push(`${name}${l ? `{${l}}` : ''} ${Number.isFinite(value) ? value : 'NaN'}`);
  }
  return lines.join('\n');
}

export function renderMetrics(m: MetricsSnapshot): string {
  const out = [
    family('spark_dashboard_pod_events_total', 'counter', 'Pod watch events received (ADDED, MODIFIED, DELETED).', m.watches.map((w) => [{ namespace: w.namespace }, w.eventsIn])),
    family('spark_dashboard_watch_restarts_total', 'counter', 'Watch requests re-opened (server timeouts, errors, relists).', m.watches.map((w) => [{ namespace: w.namespace }, w.watchRestarts])),
    family('spark_dashboard_relists_total', 'counter', 'Full relists after a 410 Gone.', m.watches.map((w) => [{ namespace: w.namespace }, w.relists])),
    family('spark_dashboard_malformed_watch_lines_total', 'counter', 'Watch lines that were not JSON or not an event.', m.watches.map((w) => [{ namespace: w.namespace }, w.malformedLines])),
    family('spark_dashboard_polls_total', 'counter', 'Full pod lists by the poller.', m.polls.map((p) => [{ namespace: p.namespace }, p.polls])),
    family('spark_dashboard_poll_failures_total', 'counter', 'Poller lists that failed.', m.polls.map((p) => [{ namespace: p.namespace }, p.failedPolls])),
    family('spark_dashboard_stale_lists_dropped_total', 'counter', 'Cached poller lists older than what was applied (dropped, then asked again consistently).', m.polls.map((p) => [{ namespace: p.namespace }, p.droppedStaleLists])),
    family('spark_dashboard_cluster_resets_total', 'counter', "Times the cluster's state went back in time (etcd restore, cluster recreated) and the view was rebuilt.", [[{}, m.store.resets]]),
    family('spark_dashboard_store_pod_updates_total', 'counter', 'Pod objects applied to the store from watch events.', [[{}, m.store.podUpdates]]),
    family('spark_dashboard_store_stale_updates_ignored_total', 'counter', 'Pod objects ignored because we already held a newer resourceVersion.', [[{}, m.store.staleUpdatesIgnored]]),
    family('spark_dashboard_store_full_listings_total', 'counter', 'Full listings applied to the store.', [[{}, m.store.fullListings]]),
    family('spark_dashboard_store_missing_marked_deleted_total', 'counter', 'Pods recorded as deleted because a full list no longer had them.', [[{}, m.store.markedGoneByListing]]),
    family('spark_dashboard_store_malformed_pods_total', 'counter', 'Pod objects that could not be read.', [[{}, m.store.malformedPods]]),
    family('spark_dashboard_store_pods', 'gauge', 'Pods held by the store (including departed ones kept as history).', [[{}, m.storeSize.pods]]),
    family('spark_dashboard_store_departed_pods', 'gauge', 'Pods that left the cluster, kept as history.', [[{}, m.storeSize.departed]]),
    family('spark_dashboard_store_applications', 'gauge', 'Spark applications held by the store.', [[{}, m.storeSize.apps]]),
    family('spark_dashboard_diffs_out_total', 'counter', 'Scope diffs published by the store.', [[{}, m.store.diffsOut]]),
    family('spark_dashboard_rows_changed_total', 'counter', 'Executor rows added, changed or removed in published diffs.', [[{}, m.store.rowsChanged]]),
    family('spark_dashboard_socket_clients', 'gauge', 'Connected socket.io clients.', [[{}, m.hub.clients]]),
    family('spark_dashboard_socket_diffs_sent_total', 'counter', 'Diff broadcasts to socket.io rooms.', [[{}, m.hub.diffsSent]]),
    family('spark_dashboard_socket_snapshots_sent_total', 'counter', 'Snapshots sent to socket.io clients.', [[{}, m.hub.snapshotsSent]]),
    family('spark_dashboard_slow_client_resyncs_total', 'counter', 'Clients paused for falling behind (then caught up with a snapshot).', [[{}, m.hub.slowClientResyncs]]),
    family('spark_dashboard_rejected_client_messages_total', 'counter', 'Client messages rejected by validation (bad scope, unknown event, too many subscriptions).', [[{}, m.hub.rejectedMessages]]),
    family('spark_dashboard_socket_snapshots_coalesced_total', 'counter', 'Resyncs and subscribes answered by a snapshot already on its way to the client.', [[{}, m.hub.snapshotsCoalesced]]),
    family('spark_dashboard_socket_queued_bytes_total', 'counter', 'Payload bytes queued for socket.io clients.', [[{}, m.hub.bytesQueued]]),
    family('spark_dashboard_refusals_total', 'counter', 'Requests, connections and client messages refused, by reason: host (421), origin, connections_total, connections_per_address, message_rate, address_message_rate, queue_over_cap (snapshot withheld, client paused).', Object.entries(m.refusals).map(([reason, n]) => [{ reason }, n])),
    family('spark_dashboard_socket_disconnections_total', 'counter', 'Clients disconnected by the server, by reason: message_rate (kept sending after being told), slow_client (paused too long).', Object.entries(m.hub.disconnections).map(([reason, n]) => [{ reason }, n])),
    family('spark_dashboard_source_up', 'gauge', '1 when the source is healthy, 0 when it is retrying or has not synced.', m.sources.map((s) => [{ source: s.name }, s.state === 'healthy' ? 1 : 0])),
    family('spark_dashboard_last_sync_age_seconds', 'gauge', 'Seconds since the source last applied a full list.', m.sources.map((s) => [{ source: s.name }, s.lastSyncAt === null ? NaN : (m.now - s.lastSyncAt) / 1000])),
    family('spark_dashboard_last_event_age_seconds', 'gauge', 'Seconds since the source last received anything from the API.', m.sources.map((s) => [{ source: s.name }, s.lastEventAt === null ? NaN : (m.now - s.lastEventAt) / 1000])),
    family('spark_dashboard_source_consecutive_failures', 'gauge', 'Failures since the source last succeeded.', m.sources.map((s) => [{ source: s.name }, s.failures])),
    family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', [[{}, m.memory.rss]]),
    family('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use in bytes.', [[{}, m.memory.heapUsed]]),
    family('nodejs_eventloop_lag_p50_seconds', 'gauge', 'Median event-loop delay since the last scrape.', [[{}, m.eventLoop.p50]]),
    family('nodejs_eventloop_lag_p99_seconds', 'gauge', '99th percentile event-loop delay since the last scrape.', [[{}, m.eventLoop.p99]]),
    family('nodejs_eventloop_lag_max_seconds', 'gauge', 'Longest event-loop delay since the last scrape.', [[{}, m.eventLoop.max]]),
    family('nodejs_active_resources_total', 'gauge', 'Handles and requests keeping the event loop alive (sockets, timers, files).', [[{}, m.activeResources]]),
  ];
  return out.join('\n') + '\n';
}

/**
 * Event-loop delay, measured continuously and read (then reset) at each scrape, so every
 * scrape says how the loop did since the one before.
 */
export function createEventLoopMonitor(): { read(): { p50: number; p99: number; max: number }; stop(): void } {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const s = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
  return {
    read: () => {
      const out = { p50: s(h.percentile(50)), p99: s(h.percentile(99)), max: s(h.max) };
      h.reset();
      return out;
    },
    stop: () => h.disable(),
  };
}
