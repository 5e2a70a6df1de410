-- The why, kept with the record: the Events about each pod (the API deletes them after an
-- hour) and the log tail of each driver or executor that ended failed (the kubelet's log goes
-- with the pod). Both as the live view served them (lib/why/podEvent, lib/apiTypes LogTail).
CREATE TABLE history_pod_events (
  cluster    text   NOT NULL,
  uid        text   NOT NULL,
  event_id   text   NOT NULL,
  namespace  text   NOT NULL,
  app_id     text   NOT NULL,
  at         bigint NOT NULL,
  event      json   NOT NULL,
  PRIMARY KEY (cluster, uid, event_id)
);

CREATE TABLE history_log_tails (
  cluster    text   NOT NULL,
  uid        text   NOT NULL,
  namespace  text   NOT NULL,
  app_id     text   NOT NULL,
  at         bigint NOT NULL,
  tail       json   NOT NULL,
  PRIMARY KEY (cluster, uid)
);
