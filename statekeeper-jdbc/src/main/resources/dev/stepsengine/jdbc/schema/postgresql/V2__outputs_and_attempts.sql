-- Steps Engine database keeper, schema version 2 (postgresql): durable step outputs (R18), the attempt of
-- each transition and an index for history retention (J6).
ALTER TABLE ${prefix}state ADD COLUMN outputs TEXT;
ALTER TABLE ${prefix}transition ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
CREATE INDEX ${prefix}transition_by_execution ON ${prefix}transition (execution_id, id);
INSERT INTO ${prefix}schema (version, applied_at) VALUES (2, CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT));
