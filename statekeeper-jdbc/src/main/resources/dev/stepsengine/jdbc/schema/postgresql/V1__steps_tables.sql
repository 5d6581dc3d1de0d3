-- Steps Engine database keeper, schema version 1 (postgresql): states, leases, history, throttle times.
-- ${prefix} is the table name prefix (default steps_); Flyway and Liquibase replace it as a placeholder.
CREATE TABLE IF NOT EXISTS ${prefix}schema (version INTEGER NOT NULL, applied_at BIGINT NOT NULL);
CREATE TABLE ${prefix}execution (
  execution_id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL);
CREATE TABLE ${prefix}state (
  execution_id TEXT NOT NULL,
  state_name TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  owner TEXT NOT NULL,
  lease_expires_at BIGINT,
  PRIMARY KEY (execution_id, state_name));
CREATE TABLE ${prefix}transition (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  execution_id TEXT NOT NULL,
  state_name TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  owner TEXT NOT NULL,
  at BIGINT NOT NULL,
  version BIGINT NOT NULL);
CREATE INDEX ${prefix}transition_by_state ON ${prefix}transition (execution_id, state_name);
CREATE TABLE ${prefix}throttle (
  throttle_key TEXT PRIMARY KEY,
  last_start BIGINT,
  last_success BIGINT);
INSERT INTO ${prefix}schema (version, applied_at) VALUES (1, CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT));
