-- Core-hours: each pod's CPU request (cores) and how long it ran, so an application's
-- core-hours survive its pods leaving memory. A pod still running keeps its open spell as a
-- start time; the application keeps two sums over those open spells, so its core-hours at any
-- time t are core_seconds + (t * open_cores - open_core_since) / 1000, without rewriting
-- every running pod each second.
ALTER TABLE history_pods
  ADD COLUMN cores         double precision,
  ADD COLUMN running_ms    bigint NOT NULL DEFAULT 0,
  ADD COLUMN running_since bigint;

ALTER TABLE history_apps
  ADD COLUMN open_cores      double precision NOT NULL DEFAULT 0,
  ADD COLUMN open_core_since double precision NOT NULL DEFAULT 0;

-- Rows rewritten every second (a pod's row, an application's summary) are updated in place
-- (HOT: no new index entries) when their page has room and no indexed column changed. The
-- embedded database has no autovacuum; the dashboard vacuums it itself (historyService.ts).
ALTER TABLE history_pods SET (fillfactor = 70);
ALTER TABLE history_apps SET (fillfactor = 50);
-- last_change changes with every write, so an index on it kept every summary update off HOT;
-- pruning and "sort by end" use ended_at, which is set once.
DROP INDEX history_apps_last_change;
CREATE INDEX history_apps_ended ON history_apps (ended_at);

-- Nothing queries inside a pod's row or an application's summary; they are stored and read
-- whole. json keeps the text as given, where jsonb would convert each of the thousands
-- written per second to its binary form.
ALTER TABLE history_pods ALTER COLUMN row TYPE json;
ALTER TABLE history_apps ALTER COLUMN summary TYPE json;
-- Transitions are written by the thousand per second and read by no query of their own:
-- pruning finds them by pod (the primary key), so the per-application index only cost writes.
DROP INDEX history_transitions_app;
