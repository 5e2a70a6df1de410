// /metrics through prom-client: the process and Node metrics it collects (memory, CPU,
// event-loop lag, handles, GC), and the dashboard's own, per cluster where they belong to
// one. Most of ours mirror counters the sources, store and hub already keep (read at scrape
// time, no second bookkeeping on hot paths); the latency from a watch event's arrival to its
// diff leaving the server is a histogram observed as diffs go out.

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import type { ClusterEngine } from '../engine/clusterEngine';
import type { HistoryService } from '../history/historyService';
import type { HubMetrics, RefusalCounts } from '../live/socketHub';
import type { TokenMetrics } from '../access/dashboardAccess';
import type { LogFollowMetrics } from './logFollow';
import type { SparkUiProxyMetrics } from './sparkUiProxy';

type Labels = Record<string, string>;

export interface MetricsSources {
  engines: () => readonly ClusterEngine[];
  hub: () => HubMetrics | null;
  refusals: RefusalCounts;
  now: () => number;
  /** The record's writers (one per cluster), absent with --no-history. */
  history?: () => HistoryService | null;
  /** Running pods' logs followed for open drawers. */
  logFollows?: LogFollowMetrics;
  /** Requests forwarded to drivers' Spark UIs (--spark-ui-proxy). */
  sparkUiProxy?: SparkUiProxyMetrics;
  /** Kiosk tokens used and refused. */
  tokens?: () => TokenMetrics | null;
}

/** A counter whose value lives elsewhere: read at each scrape. */
function mirroredCounter(register: Registry, name: string, help: string, labelNames: string[], read: () => [Labels, number][]): void {
  new Counter({
    name, help, labelNames, registers: [register],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, value);
    },
  });
}

function mirroredGauge(register: Registry, name: string, help: string, labelNames: string[], read: () => [Labels, number][]): void {
  new Gauge({
    name, help, labelNames, registers: [register],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.set(labels, value);
    },
  });
}

export interface DashboardMetrics {
  register: Registry;
  /** Seconds from a watch event's arrival to the diff carrying it leaving the server. */
  eventToDiff: Histogram<'cluster'>;
  text(): Promise<string>;
}

export function createMetrics(sources: MetricsSources): DashboardMetrics {
  const register = new Registry();
  collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 10 });
  const perEngine = (f: (e: ClusterEngine) => [Labels, number][]) => () => sources.engines().flatMap(f);
  const watchFamily = (pick: (m: ClusterEngine['watches'][number]['metrics']) => number) => perEngine((e) => e.watches.map((w) => [{ cluster: e.id, namespace: w.tracker.health.namespace }, pick(w.metrics)]));
  const pollFamily = (pick: (m: ClusterEngine['polls'][number]['metrics']) => number) => perEngine((e) => e.polls.map((p) => [{ cluster: e.id, namespace: p.tracker.health.namespace }, pick(p.metrics)]));
  const storeFamily = (pick: (e: ClusterEngine) => number) => perEngine((e) => [[{ cluster: e.id }, pick(e)]]);
  const byNs = ['cluster', 'namespace'];

  mirroredCounter(register, 'spark_dashboard_pod_events_total', 'Pod watch events received (ADDED, MODIFIED, DELETED).', byNs, watchFamily((m) => m.eventsIn));
  mirroredCounter(register, 'spark_dashboard_watch_restarts_total', 'Watch requests re-opened (server timeouts, errors, relists).', byNs, watchFamily((m) => m.watchRestarts));
  mirroredCounter(register, 'spark_dashboard_relists_total', 'Full relists after a 410 Gone or a reset.', byNs, watchFamily((m) => m.relists));
  mirroredCounter(register, 'spark_dashboard_malformed_watch_lines_total', 'Watch lines that were not JSON or not an event.', byNs, watchFamily((m) => m.malformedLines));
  mirroredCounter(register, 'spark_dashboard_polls_total', 'Full pod lists by the poller.', byNs, pollFamily((m) => m.polls));
  mirroredCounter(register, 'spark_dashboard_poll_failures_total', 'Poller lists that failed.', byNs, pollFamily((m) => m.failedPolls));
  mirroredCounter(register, 'spark_dashboard_stale_lists_dropped_total', 'Cached poller lists older than what was applied (dropped, then asked again consistently).', byNs, pollFamily((m) => m.droppedStaleLists));
  mirroredCounter(register, 'spark_dashboard_cluster_resets_total', "Times the cluster's state went back in time (etcd restore, cluster recreated) and the view was rebuilt.", ['cluster'], storeFamily((e) => e.core.metrics.resets));
  mirroredCounter(register, 'spark_dashboard_store_pod_updates_total', 'Pod objects applied to the store from watch events.', ['cluster'], storeFamily((e) => e.core.metrics.podUpdates));
  mirroredCounter(register, 'spark_dashboard_store_stale_updates_ignored_total', 'Pod objects ignored because a newer resourceVersion was held.', ['cluster'], storeFamily((e) => e.core.metrics.staleUpdatesIgnored));
  mirroredCounter(register, 'spark_dashboard_store_full_listings_total', 'Full listings applied to the store.', ['cluster'], storeFamily((e) => e.core.metrics.fullListings));
  mirroredCounter(register, 'spark_dashboard_store_missing_marked_deleted_total', 'Pods recorded as deleted because a full list no longer had them.', ['cluster'], storeFamily((e) => e.core.metrics.markedGoneByListing));
  mirroredCounter(register, 'spark_dashboard_store_malformed_pods_total', 'Pod objects that could not be read.', ['cluster'], storeFamily((e) => e.core.metrics.malformedPods));
  mirroredGauge(register, 'spark_dashboard_store_pods', 'Pods held by the store (including departed ones kept as history).', ['cluster'], storeFamily((e) => e.core.size().pods));
  mirroredGauge(register, 'spark_dashboard_store_departed_pods', 'Pods that left the cluster, kept as history.', ['cluster'], storeFamily((e) => e.core.size().departed));
  mirroredGauge(register, 'spark_dashboard_events_held', 'Kubernetes Events kept beside Spark pods and their claims (Warning events and those that explain a state).', ['cluster'], storeFamily((e) => e.events.size));
  mirroredCounter(register, 'spark_dashboard_events_dropped_total', 'Events forgotten to stay within the bound (per pod, and in all).', ['cluster'], storeFamily((e) => e.events.metrics.dropped));
  mirroredGauge(register, 'spark_dashboard_store_applications', 'Spark applications held by the store.', ['cluster'], storeFamily((e) => e.core.size().apps));
  mirroredCounter(register, 'spark_dashboard_diffs_out_total', 'Application scope diffs published.', ['cluster'], storeFamily((e) => e.scopes.metrics.diffsOut));
  mirroredCounter(register, 'spark_dashboard_rows_changed_total', 'Executor rows added, changed or removed in published diffs.', ['cluster'], storeFamily((e) => e.scopes.metrics.rowsChanged));
  mirroredGauge(register, 'spark_dashboard_subscriber_queued_batches', 'Change batches waiting for a store subscriber (a slow one merges them).', ['cluster', 'subscriber'],
    perEngine((e) => e.core.subscriberMetrics().map((s) => [{ cluster: e.id, subscriber: s.name }, s.metrics.queuedBatches])));
  mirroredCounter(register, 'spark_dashboard_subscriber_failures_total', 'Runs of a store subscriber that threw (the batch is lost to it).', ['cluster', 'subscriber'],
    perEngine((e) => e.core.subscriberMetrics().map((s) => [{ cluster: e.id, subscriber: s.name }, s.metrics.failures])));

  const hub = (pick: (h: HubMetrics) => number) => () => { const h = sources.hub(); return h ? [[{}, pick(h)]] as [Labels, number][] : []; };
  mirroredGauge(register, 'spark_dashboard_socket_clients', 'Connected socket.io clients.', [], hub((h) => h.clients));
  mirroredCounter(register, 'spark_dashboard_socket_diffs_sent_total', 'Diff broadcasts to socket.io rooms.', [], hub((h) => h.diffsSent));
  mirroredCounter(register, 'spark_dashboard_socket_snapshots_sent_total', 'Snapshots sent to socket.io clients.', [], hub((h) => h.snapshotsSent));
  mirroredCounter(register, 'spark_dashboard_slow_client_resyncs_total', 'Clients paused for falling behind (then caught up with a snapshot).', [], hub((h) => h.slowClientResyncs));
  mirroredCounter(register, 'spark_dashboard_rejected_client_messages_total', 'Client messages rejected by validation (bad scope, unknown event, too many subscriptions).', [], hub((h) => h.rejectedMessages));
  mirroredCounter(register, 'spark_dashboard_socket_snapshots_coalesced_total', 'Resyncs and subscribes answered by a snapshot already on its way to the client.', [], hub((h) => h.snapshotsCoalesced));
  mirroredCounter(register, 'spark_dashboard_socket_queued_bytes_total', 'Payload bytes queued for socket.io clients.', [], hub((h) => h.bytesQueued));
  mirroredCounter(register, 'spark_dashboard_refusals_total', 'Requests, connections and client messages refused, by reason: host (421), origin, unauthenticated (401 or a socket not signed in), forbidden_page (403: a page a kiosk token does not open), connections_total, connections_per_address, connections_per_identity, subscriptions_per_identity, message_rate, address_message_rate, queue_over_cap (snapshot withheld, client paused).', ['reason'],
    () => Object.entries(sources.refusals).map(([reason, n]) => [{ reason }, n]));
  mirroredCounter(register, 'spark_dashboard_socket_disconnections_total', 'Clients disconnected by the server, by reason: message_rate (kept sending after being told), slow_client (paused too long).', ['reason'],
    () => Object.entries(sources.hub()?.disconnections ?? {}).map(([reason, n]) => [{ reason }, n]));

  const sourceFamily = (pick: (s: ReturnType<ClusterEngine['health']>['sources'][number], now: number) => number) =>
    perEngine((e) => e.health().sources.map((s) => [{ cluster: e.id, source: s.name }, pick(s, sources.now())]));
  mirroredGauge(register, 'spark_dashboard_source_up', '1 when the source is healthy, 0 when it is retrying or has not synced.', ['cluster', 'source'], sourceFamily((s) => (s.state === 'healthy' ? 1 : 0)));
  mirroredGauge(register, 'spark_dashboard_last_sync_age_seconds', 'Seconds since the source last applied a full list.', ['cluster', 'source'], sourceFamily((s, now) => (s.lastSyncAt === null ? NaN : (now - s.lastSyncAt) / 1000)));
  mirroredGauge(register, 'spark_dashboard_last_event_age_seconds', 'Seconds since the source last received anything from the API.', ['cluster', 'source'], sourceFamily((s, now) => (s.lastEventAt === null ? NaN : (now - s.lastEventAt) / 1000)));
  mirroredGauge(register, 'spark_dashboard_source_consecutive_failures', 'Failures since the source last succeeded.', ['cluster', 'source'], sourceFamily((s) => s.failures));
  mirroredGauge(register, 'spark_dashboard_cluster_ready', '1 when the cluster is ready (synced, answering, published), 0 when it is degraded.', ['cluster'], storeFamily((e) => (e.health().ready ? 1 : 0)));

  const eventToDiff = new Histogram({
    name: 'spark_dashboard_event_to_diff_seconds',
    help: "From a watch event's arrival to the diff carrying it leaving the server, per cluster.",
    labelNames: ['cluster'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5],
    registers: [register],
  });
  const writers = (pick: (w: HistoryService['writers'][number]) => number) => () => (sources.history?.()?.writers ?? []).map((w) => [{ cluster: w.cluster }, pick(w)] as [Labels, number]);
  mirroredGauge(register, 'spark_dashboard_history_writer', 'Whether this process writes the cluster\'s history (1) or stands by (0): one replica per cluster holds the writer lock.', ['cluster'], writers((w) => (w.isWriter ? 1 : 0)));
  mirroredCounter(register, 'spark_dashboard_history_rows_written_total', 'Rows written to the history database (pods, transitions, driver log, applications, counts).', ['cluster'], writers((w) => w.metrics.rowsWritten));
  mirroredCounter(register, 'spark_dashboard_history_write_failures_total', 'History writes that failed (what they carried waits and is retried).', ['cluster'], writers((w) => w.metrics.failures));
  mirroredGauge(register, 'spark_dashboard_history_pending_pods', 'Pods whose changes wait to be written to history.', ['cluster'], writers((w) => w.metrics.pendingPods));
  mirroredCounter(register, 'spark_dashboard_history_dropped_total', 'Changes dropped because too many waited while the history database was unavailable.', ['cluster', 'kind'],
    () => (sources.history?.()?.writers ?? []).flatMap((w) => [[{ cluster: w.cluster, kind: 'pods' }, w.metrics.droppedPods], [{ cluster: w.cluster, kind: 'driver_log' }, w.metrics.droppedLogEntries]] as [Labels, number][]));
  mirroredGauge(register, 'spark_dashboard_history_write_lag_seconds', 'From the oldest change in the last history write to its commit.', ['cluster'], writers((w) => w.metrics.lastLagMs / 1000));
  new Summary({
    name: 'spark_dashboard_history_commit_lag_seconds', help: 'From the oldest change a history write carries to its commit, over the last 10 minutes.',
    labelNames: ['cluster'], percentiles: [0.5, 0.9, 0.99], maxAgeSeconds: 600, ageBuckets: 5, registers: [register],
    collect() {
      for (const w of sources.history?.()?.writers ?? []) for (const lag of w.takeLags()) this.observe({ cluster: w.cluster }, lag / 1000);
    },
  });
  mirroredCounter(register, 'spark_dashboard_history_reads_refused_total', 'History reads of the JSON API refused (503) because too many waited for the database.', [],
    () => { const h = sources.history?.(); return h ? [[{}, h.reads.metrics.refused]] : []; });
  mirroredCounter(register, 'spark_dashboard_history_record_reuses_total', 'Requests answered from an application record read moments before, instead of the database.', [],
    () => { const h = sources.history?.(); return h ? [[{}, h.reads.metrics.recordHits]] : []; });
  mirroredCounter(register, 'spark_dashboard_history_pruned_applications_total', 'Applications pruned from history past --history-retention.', [],
    () => { const h = sources.history?.(); return h ? [[{}, h.metrics.pruned]] : []; });
  mirroredGauge(register, 'spark_dashboard_log_follows_open', "Running pods' logs followed now (each closes with its browser's request).", [], () => (sources.logFollows ? [[{}, sources.logFollows.open]] : []));
  mirroredCounter(register, 'spark_dashboard_log_follows_total', 'Log follows opened.', [], () => (sources.logFollows ? [[{}, sources.logFollows.opened]] : []));
  mirroredCounter(register, 'spark_dashboard_log_follows_refused_total', 'Log follows refused (429) for too many open at once.', [], () => (sources.logFollows ? [[{}, sources.logFollows.refused]] : []));
  const proxied = (pick: (m: SparkUiProxyMetrics) => number) => (): [Labels, number][] => (sources.sparkUiProxy ? [[{}, pick(sources.sparkUiProxy)]] : []);
  mirroredGauge(register, 'spark_dashboard_spark_ui_requests_open', "Requests forwarded to running drivers' Spark UIs now.", [], proxied((m) => m.open));
  mirroredCounter(register, 'spark_dashboard_spark_ui_requests_total', "Requests forwarded to running drivers' Spark UIs.", [], proxied((m) => m.opened));
  mirroredCounter(register, 'spark_dashboard_spark_ui_requests_refused_total', 'Spark UI requests refused (429) for too many at once.', [], proxied((m) => m.refused));
  mirroredCounter(register, 'spark_dashboard_spark_ui_answers_cut_total', 'Spark UI answers refused or cut for being larger than the limit.', [], proxied((m) => m.tooLarge));
  mirroredCounter(register, 'spark_dashboard_token_uses_total', 'Requests, live connections and subscriptions that presented a valid kiosk token, by the token\'s label.', ['label'],
    () => [...(sources.tokens?.()?.uses ?? [])].map(([label, n]) => [{ label }, n]));
  mirroredCounter(register, 'spark_dashboard_token_refusals_total', 'Kiosk tokens refused, by reason: expired, rotated (signed with a key no longer in use), signature, malformed, not_accepted (no --token-key-file).', ['reason'],
    () => Object.entries(sources.tokens?.()?.refusals ?? {}).map(([reason, n]) => [{ reason }, n]));
  return { register, eventToDiff, text: () => register.metrics() };
}
