// SQL schema of a tfjs-tune SQLite study file (version 1).

/** Schema version written by this release; a file with a higher version is refused, never rewritten. */
export const SQLITE_SCHEMA_VERSION = 1;

/** Marker stored in `tfjs_tune_meta` so that a foreign SQLite file is never mistaken for ours. */
export const SCHEMA_APPLICATION = "tfjs-tune";

/**
 * DDL of schema version 1 (run inside one transaction on an empty file). JSON columns hold
 * objects; REAL NULL stands for NaN/undefined; `next_number` is the per-study trial counter.
 */
export const SQLITE_SCHEMA_V1 = `
CREATE TABLE tfjs_tune_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE studies (
  study_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  direction TEXT NOT NULL,
  seed REAL NOT NULL,
  user_attrs TEXT NOT NULL DEFAULT '{}',
  next_number INTEGER NOT NULL DEFAULT 0,
  created_at REAL NOT NULL
);
CREATE TABLE trials (
  trial_id INTEGER PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies(study_id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  state TEXT NOT NULL,
  params TEXT NOT NULL DEFAULT '{}',
  value REAL,
  why TEXT NOT NULL DEFAULT '',
  note TEXT,
  user_attrs TEXT NOT NULL DEFAULT '{}',
  system_attrs TEXT NOT NULL DEFAULT '{}',
  created_at REAL NOT NULL,
  started_at REAL,
  completed_at REAL,
  heartbeat_at REAL,
  UNIQUE (study_id, number)
);
CREATE INDEX trials_by_state ON trials (study_id, state, number);
CREATE TABLE intermediate (
  trial_id INTEGER NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
  step REAL NOT NULL,
  value REAL,
  PRIMARY KEY (trial_id, step)
) WITHOUT ROWID;
`;
