// Opening a SQLite study file safely: WAL, busy handling, schema checks that never overwrite a foreign file.
import type Database from "better-sqlite3";
import { existsSync, statSync } from "node:fs";
import { loadDriver } from "./optional-driver.js";
import { SCHEMA_APPLICATION, SQLITE_SCHEMA_V1, SQLITE_SCHEMA_VERSION } from "./sqlite-schema.js";

/** Options for opening a SQLite study file. */
export interface SqliteOpenOptions {
  /** How long one statement waits for another process's lock (SQLite busy_timeout), ms. @default 5000 */
  busyTimeoutMs?: number;
  /** Total time a write keeps retrying while the file is locked, ms; only then an error reaches the caller. @default 120000 */
  lockRetryMs?: number;
  /** `full` makes every commit durable against power loss; `normal` only against process crashes. @default "full" */
  synchronous?: "full" | "normal";
}

/** Error raised for a file that is not (or no longer) a usable tfjs-tune study database. */
export class StorageFileError extends Error {
  override name = "StorageFileError";
}

const BUSY_CODES = new Set(["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY", "SQLITE_LOCKED_SHAREDCACHE"]);

/** True for SQLite's "database is locked"/"busy" errors, which are retried instead of surfacing. */
export function isSqliteBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && (BUSY_CODES.has(code) || code.startsWith("SQLITE_BUSY"));
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` milliseconds (used between lock retries; better-sqlite3 is synchronous anyway). */
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** Runs `fn`, retrying with jittered exponential back-off while SQLite reports a lock, up to `totalMs`. */
export function retryWhileBusy<T>(fn: () => T, totalMs: number, what: string): T {
  const deadline = Date.now() + totalMs;
  let delay = 2;
  for (;;) {
    try {
      return fn();
    } catch (e) {
      if (!isSqliteBusy(e)) throw e;
      if (Date.now() >= deadline) {
        throw new Error(
          `SQLite ${what}: the file stayed locked by another process for ${Math.round(totalMs / 1000)} s (raise lockRetryMs or use PostgreSQL for many writers)`,
          { cause: e },
        );
      }
      sleepSync(delay * (0.5 + Math.random()));
      delay = Math.min(delay * 2, 100);
    }
  }
}

function describe(path: string, e: unknown): StorageFileError {
  const code = (e as { code?: string }).code ?? "";
  const msg = (e as Error).message ?? String(e);
  if (code === "SQLITE_NOTADB") {
    return new StorageFileError(`${path} is not a SQLite database (${msg}); refusing to touch it. Pass a new path or the right file.`);
  }
  if (code.startsWith("SQLITE_CORRUPT")) {
    return new StorageFileError(`${path} is a corrupt SQLite database (${msg}); refusing to touch it. Restore it from a backup or export what is readable.`);
  }
  return new StorageFileError(`cannot open ${path} as a tfjs-tune study database: ${msg}`);
}

let driver: typeof Database | undefined;

/** better-sqlite3, loaded on first use (a native addon: users of memory or PostgreSQL storage never load it). */
function sqliteDriver(): typeof Database {
  driver ??= loadDriver<typeof Database>("better-sqlite3", 'SQLite storage (a study file such as "study.db")');
  return driver;
}

/**
 * Opens (or creates) a tfjs-tune SQLite file: checks the header and schema before any write,
 * creates schema v1 on an empty file, refuses foreign files and newer schema versions.
 */
export function openSqliteStudyFile(path: string, options: SqliteOpenOptions = {}): Database.Database {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const lockRetryMs = options.lockRetryMs ?? 120_000;
  if (path !== ":memory:" && existsSync(path) && statSync(path).isDirectory()) {
    throw new StorageFileError(`${path} is a directory; expected a SQLite file path such as ${path}/study.db`);
  }
  let db: Database.Database;
  try {
    const Driver = sqliteDriver();
    db = new Driver(path, { timeout: busyTimeoutMs });
  } catch (e) {
    throw describe(path, e);
  }
  try {
    // Read-only inspection first: a foreign or corrupt file fails here, before anything is written.
    const tables = retryWhileBusy(() => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[], lockRetryMs, "open");
    if (tables.length > 0 && !tables.includes("tfjs_tune_meta")) {
      throw new StorageFileError(
        `${path} is a SQLite database of another application (tables: ${tables.slice(0, 6).join(", ")}${tables.length > 6 ? ", …" : ""}); ` +
          `it has no tfjs_tune_meta table, so it is left untouched. Use a new file for the study.`,
      );
    }
    if (tables.length > 0) retryWhileBusy(() => checkMeta(db, path), lockRetryMs, "open");
    retryWhileBusy(() => db.pragma("journal_mode = WAL"), lockRetryMs, "enable WAL");
    db.pragma(`synchronous = ${options.synchronous === "normal" ? "NORMAL" : "FULL"}`);
    db.pragma("foreign_keys = ON");
    if (tables.length === 0) {
      retryWhileBusy(
        () =>
          db
            .transaction(() => {
              // Another process may have created the schema between our check and this lock.
              const again = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
              if (again.includes("tfjs_tune_meta")) return;
              if (again.length > 0) throw new StorageFileError(`${path} became a foreign SQLite database while opening; left untouched`);
              db.exec(SQLITE_SCHEMA_V1);
              const put = db.prepare("INSERT INTO tfjs_tune_meta (key, value) VALUES (?, ?)");
              put.run("application", SCHEMA_APPLICATION);
              put.run("schema_version", String(SQLITE_SCHEMA_VERSION));
            })
            .immediate(),
        lockRetryMs,
        "create schema",
      );
      checkMeta(db, path);
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof StorageFileError) throw e;
    if (isSqliteBusy(e) || (e as Error).message?.startsWith("SQLite ")) throw e;
    throw describe(path, e);
  }
}

function checkMeta(db: Database.Database, path: string): void {
  const rows = db.prepare("SELECT key, value FROM tfjs_tune_meta").all() as Array<{ key: string; value: string }>;
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  if (meta.get("application") !== SCHEMA_APPLICATION) {
    throw new StorageFileError(
      `${path} has a tfjs_tune_meta table but application=${JSON.stringify(meta.get("application"))}, expected "${SCHEMA_APPLICATION}"; left untouched`,
    );
  }
  const version = Number(meta.get("schema_version"));
  if (!Number.isInteger(version) || version < 1) {
    throw new StorageFileError(`${path} has an invalid schema_version ${JSON.stringify(meta.get("schema_version"))}; left untouched`);
  }
  if (version > SQLITE_SCHEMA_VERSION) {
    throw new StorageFileError(
      `${path} uses storage schema version ${version}, newer than this tfjs-tune understands (${SQLITE_SCHEMA_VERSION}); ` +
        `upgrade tfjs-tune to open it. The file was not modified.`,
    );
  }
}
