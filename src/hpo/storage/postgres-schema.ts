// SQL schema of the PostgreSQL storage (version 1). Tables carry a `tfjs_tune_` prefix so that a
// study can live in a database that also holds other applications' tables.

/** Schema version written by this release; a database with a higher version is refused, never altered. */
export const POSTGRES_SCHEMA_VERSION = 1;

/** Advisory-lock key that serializes schema creation when many workers start at once. */
export const SCHEMA_LOCK_KEY = 0x7f_7475_6e65; // "tune"

/** DDL of schema version 1. */
export const POSTGRES_SCHEMA_V1 = `
CREATE TABLE tfjs_tune_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tfjs_tune_studies (
  study_id SERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  direction TEXT NOT NULL,
  seed DOUBLE PRECISION NOT NULL,
  user_attrs TEXT NOT NULL DEFAULT '{}',
  next_number INTEGER NOT NULL DEFAULT 0,
  created_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE tfjs_tune_trials (
  trial_id SERIAL PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES tfjs_tune_studies(study_id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  state TEXT NOT NULL,
  params TEXT NOT NULL DEFAULT '{}',
  value DOUBLE PRECISION,
  why TEXT NOT NULL DEFAULT '',
  note TEXT,
  user_attrs TEXT NOT NULL DEFAULT '{}',
  system_attrs TEXT NOT NULL DEFAULT '{}',
  created_at DOUBLE PRECISION NOT NULL,
  started_at DOUBLE PRECISION,
  completed_at DOUBLE PRECISION,
  heartbeat_at DOUBLE PRECISION,
  UNIQUE (study_id, number)
);
CREATE INDEX tfjs_tune_trials_by_state ON tfjs_tune_trials (study_id, state, number);
CREATE TABLE tfjs_tune_intermediate (
  trial_id INTEGER NOT NULL REFERENCES tfjs_tune_trials(trial_id) ON DELETE CASCADE,
  step DOUBLE PRECISION NOT NULL,
  value DOUBLE PRECISION,
  PRIMARY KEY (trial_id, step)
);
`;

/** Server clock in ms since the epoch (one clock for all machines sharing a study). */
export const SERVER_NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)::float8";

/**
 * The operation log (added to version 1 without a version bump: older releases ignore it). Every
 * write transaction inserts its id; a retry after a COMMIT whose answer was lost looks it up.
 */
export const POSTGRES_OPS_TABLE = `
CREATE TABLE IF NOT EXISTS tfjs_tune_ops (
  op_id TEXT PRIMARY KEY,
  study_id INTEGER,
  number INTEGER,
  created_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS tfjs_tune_ops_by_time ON tfjs_tune_ops (created_at);
`;
