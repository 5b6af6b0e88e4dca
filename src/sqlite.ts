// `tfjs-tune/sqlite`: studies in a SQLite file (WAL, synchronous=FULL). Needs the optional peer dependency
// better-sqlite3 (`npm install better-sqlite3`), loaded on first use. `storage: "study.db"` uses it too.
export { sqliteStorage, SqliteStorage } from "./hpo/storage/sqlite-storage.js";
export type { SqliteStorageOptions } from "./hpo/storage/sqlite-storage.js";
export { StorageFileError } from "./hpo/storage/sqlite-open.js";
export type { SqliteOpenOptions } from "./hpo/storage/sqlite-open.js";
