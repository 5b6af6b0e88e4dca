// `tfjs-tune/postgres`: studies shared through a PostgreSQL database (transactions and row locks: no trial
// lost or run twice). Needs the optional peer dependency pg (`npm install pg`), loaded on first use.
// `storage: "postgres://…"` uses it too.
export { postgresStorage, PostgresStorage, PostgresStorageError, redactUrl } from "./hpo/storage/postgres-storage.js";
export type { PostgresStorageOptions } from "./hpo/storage/postgres-storage.js";
