-- The record of every Spark application, pod and transition the dashboard has seen.
-- Times are epoch milliseconds (bigint); `cluster` is the dashboard's cluster id.

-- One row per application: what History searches, sorts and pages through.
CREATE TABLE history_apps (
  cluster        text    NOT NULL,
  namespace      text    NOT NULL,
  app_id         text    NOT NULL,
  app_name       text,
  -- The summary as the overview shows it (lib/snapshot/appSummary), last written.
  summary        jsonb   NOT NULL,
  driver_state   text,
  -- succeeded / failed / deleted once the driver ended; null while it runs.
  final_state    text,
  started_at     bigint,
  ended_at       bigint,
  last_change    bigint  NOT NULL,
  executors      integer NOT NULL DEFAULT 0,
  peak_running   integer NOT NULL DEFAULT 0,
  core_seconds   double precision,
  PRIMARY KEY (cluster, namespace, app_id)
);
CREATE INDEX history_apps_started ON history_apps (started_at DESC NULLS LAST);
CREATE INDEX history_apps_last_change ON history_apps (last_change);

-- One row per pod: its compact row (lib/snapshot/executorRow, transitions included) and the
-- exit reason in words and Spark's loss message, as the live view served them.
CREATE TABLE history_pods (
  cluster     text    NOT NULL,
  uid         text    NOT NULL,
  namespace   text    NOT NULL,
  app_id      text    NOT NULL,
  name        text    NOT NULL,
  role        text    NOT NULL,
  created_at  bigint,
  gone_at     bigint,
  last_change bigint  NOT NULL,
  row         jsonb   NOT NULL,
  exit        jsonb,
  -- Drivers: what spark-submit's watcher last printed (a restart does not log it again).
  signature   text,
  -- The order pods were first seen in, which is the order the live view lists them in.
  seen_order  bigint  NOT NULL,
  PRIMARY KEY (cluster, uid)
);
CREATE INDEX history_pods_app ON history_pods (cluster, namespace, app_id, seen_order);

-- Every transition, once: a pod enters a state for the n-th time once, whoever records it.
CREATE TABLE history_transitions (
  cluster    text     NOT NULL,
  uid        text     NOT NULL,
  state      smallint NOT NULL,
  occurrence smallint NOT NULL,
  at         bigint   NOT NULL,
  namespace  text     NOT NULL,
  app_id     text     NOT NULL,
  PRIMARY KEY (cluster, uid, state, occurrence)
);
CREATE INDEX history_transitions_app ON history_transitions (cluster, namespace, app_id, at);

-- The driver's state log (what spark-submit's status watcher prints).
CREATE TABLE history_driver_log (
  cluster    text   NOT NULL,
  namespace  text   NOT NULL,
  app_id     text   NOT NULL,
  at         bigint NOT NULL,
  pod_name   text   NOT NULL,
  state      text   NOT NULL,
  entry      jsonb  NOT NULL,
  PRIMARY KEY (cluster, namespace, app_id, at, pod_name, state)
);

-- Executors per state of each application when they changed (at most one sample per few
-- seconds): counts over hours and days, downsampled in SQL.
CREATE TABLE history_counts (
  cluster    text      NOT NULL,
  namespace  text      NOT NULL,
  app_id     text      NOT NULL,
  at         bigint    NOT NULL,
  counts     integer[] NOT NULL,
  PRIMARY KEY (cluster, namespace, app_id, at)
);

-- When each cluster was being watched: the gaps between are gaps in observation, not activity.
CREATE TABLE history_observations (
  cluster     text   NOT NULL,
  started_at  bigint NOT NULL,
  last_seen   bigint NOT NULL,
  PRIMARY KEY (cluster, started_at)
);
