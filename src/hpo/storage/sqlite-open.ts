// Opening a SQLite study file safely: WAL, busy handling, schema checks that never overwrite a foreign file.
import type Database from "better-sqlite3";
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
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
  /**
   * Open an existing study file for reading only (analysis): nothing is written to it, not even the
   * schema, and every write throws a `StorageFileError`. A file that cannot be written (read-only
   * file system or permissions) is opened this way without the option. @default false
   */
  readOnly?: boolean;
}

/**
 * Error raised for a file that is not (or no longer) a usable tfjs-tune study database, and for a
 * file-level failure while using one (disk full, damaged pages, I/O errors, a read-only file): the
 * message names the file and what to do.
 */
export class StorageFileError extends Error {
  override name = "StorageFileError";
  /** SQLite's error code when SQLite reported the problem (e.g. "SQLITE_FULL", "SQLITE_CORRUPT"). */
  readonly sqliteCode?: string;
  constructor(message: string, options?: { cause?: unknown; sqliteCode?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.sqliteCode !== undefined) this.sqliteCode = options.sqliteCode;
  }
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
  const code = sqliteCode(e) ?? "";
  const msg = (e as Error).message ?? String(e);
  if (code === "SQLITE_NOTADB") {
    return new StorageFileError(`${path} is not a SQLite database (${msg}); refusing to touch it. Pass a new path or the right file.`, {
      cause: e,
      sqliteCode: code,
    });
  }
  if (code.startsWith("SQLITE_CORRUPT")) {
    return new StorageFileError(
      `${path} is a corrupt SQLite database (${msg}); refusing to touch it. Restore it from a backup, or recover what is readable with \`sqlite3 ${path} .recover | sqlite3 recovered.db\`.`,
      { cause: e, sqliteCode: code },
    );
  }
  return new StorageFileError(`cannot open ${path} as a tfjs-tune study database: ${msg}`, { cause: e, sqliteCode: code || undefined });
}

/** SQLite's error code of a better-sqlite3 error, or undefined for any other error. */
function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_") ? code : undefined;
}

/**
 * A file-level SQLite failure during `what` (disk full, damaged pages, I/O error, read-only file) as a
 * `StorageFileError` naming the file and what to do; any other error is returned unchanged.
 */
export function sqliteFileProblem(path: string, what: string, e: unknown): unknown {
  const code = sqliteCode(e);
  if (code === undefined) return e;
  const kept = "Trials finished before are kept; this write was rolled back.";
  if (code.startsWith("SQLITE_FULL") || code === "SQLITE_IOERR_NOSPC" || /ENOSPC/.test((e as Error).message)) {
    return new StorageFileError(
      `SQLite ${what}: the disk holding ${path} is full (or the file reached its size limit). ${kept} Free space on that disk, or copy the file to another disk and use that path, then run again.`,
      { cause: e, sqliteCode: code },
    );
  }
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") {
    return new StorageFileError(
      `SQLite ${what}: ${path} is damaged (${(e as Error).message}). Stop the workers using it, keep a copy, then restore it from a backup or recover what is readable with \`sqlite3 ${path} .recover | sqlite3 recovered.db\` and use recovered.db.`,
      { cause: e, sqliteCode: code },
    );
  }
  if (code.startsWith("SQLITE_READONLY")) {
    return new StorageFileError(
      `SQLite ${what}: ${path} cannot be written (read-only file, directory or file system). Reading it works; to add trials, copy it to a writable place and use that path.`,
      { cause: e, sqliteCode: code },
    );
  }
  if (code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_CANTOPEN")) {
    return new StorageFileError(
      `SQLite ${what}: input/output error on ${path} or its -wal/-shm files (${code}). ${kept} Check that the disk is mounted, has free space and reports no errors (dmesg), then run again.`,
      { cause: e, sqliteCode: code },
    );
  }
  return e;
}

let driver: typeof Database | undefined;

/** better-sqlite3, loaded on first use (a native addon: users of memory or PostgreSQL storage never load it). */
function sqliteDriver(): typeof Database {
  driver ??= loadDriver<typeof Database>("better-sqlite3", 'SQLite storage (a study file such as "study.db")');
  return driver;
}

/** An open study file. */
export interface OpenStudyFile {
  /** The better-sqlite3 handle. */
  readonly db: Database.Database;
  /** Why the file is open for reading only (the option, or the file could not be written); undefined when writable. */
  readonly readOnly?: string;
  /** When the file's directory is read-only too: the temporary directory holding the snapshot copy that was opened (removed on close). */
  readonly snapshotDir?: string;
}

/**
 * True when SQLite failed because it cannot write, and the file or its directory (where the -wal and
 * -shm files go) really is not writable: a transient open error never turns a worker read-only.
 */
function cannotWrite(path: string, e: unknown): boolean {
  if (!/^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(sqliteCode(e) ?? "")) return false;
  for (const p of [path, dirname(path)]) {
    try {
      accessSync(p, constants.W_OK); // EROFS on a read-only file system, even for root
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * Opens (or creates) a tfjs-tune SQLite file: checks the header and schema before any write,
 * creates schema v1 on an empty file, refuses foreign files and newer schema versions. An existing
 * file that cannot be written is opened for reading only.
 */
export function openSqliteStudyFile(path: string, options: SqliteOpenOptions = {}): OpenStudyFile {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const lockRetryMs = options.lockRetryMs ?? 120_000;
  if (path !== ":memory:" && existsSync(path) && statSync(path).isDirectory()) {
    throw new StorageFileError(`${path} is a directory; expected a SQLite file path such as ${path}/study.db`);
  }
  if (options.readOnly === true) return openReadOnly(path, busyTimeoutMs, lockRetryMs, "opened with readOnly: true");
  const exists = path !== ":memory:" && existsSync(path);
  let db: Database.Database;
  try {
    const Driver = sqliteDriver();
    db = new Driver(path, { timeout: busyTimeoutMs });
  } catch (e) {
    if (exists && cannotWrite(path, e)) return openReadOnly(path, busyTimeoutMs, lockRetryMs, "the file cannot be written");
    throw describe(path, e);
  }
  try {
    let tables: string[];
    try {
      // SQLite opens a file it may not write read-only without saying so; the first read (a WAL file
      // needs its -shm) or the WAL switch then fails: read the study instead of failing.
      tables = inspect(db, path, lockRetryMs);
      retryWhileBusy(() => db.pragma("journal_mode = WAL"), lockRetryMs, "enable WAL");
    } catch (e) {
      if (!(exists && cannotWrite(path, e))) throw e;
      db.close();
      return openReadOnly(path, busyTimeoutMs, lockRetryMs, "the file cannot be written");
    }
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
    return { db };
  } catch (e) {
    if (db.open) db.close();
    if (e instanceof StorageFileError) throw e;
    if (isSqliteBusy(e) || (e as Error).message?.startsWith("SQLite ")) throw e;
    throw describe(path, e);
  }
}

/** Read-only inspection before any write: a foreign or corrupt file fails here. Returns the table names. */
function inspect(db: Database.Database, path: string, lockRetryMs: number): string[] {
  const tables = retryWhileBusy(() => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[], lockRetryMs, "open");
  if (tables.length > 0 && !tables.includes("tfjs_tune_meta")) {
    throw new StorageFileError(
      `${path} is a SQLite database of another application (tables: ${tables.slice(0, 6).join(", ")}${tables.length > 6 ? ", …" : ""}); ` +
        `it has no tfjs_tune_meta table, so it is left untouched. Use a new file for the study.`,
    );
  }
  if (tables.length > 0) retryWhileBusy(() => checkMeta(db, path), lockRetryMs, "open");
  return tables;
}

/**
 * Opens an existing study file for reading only. A WAL file whose directory cannot be written cannot
 * be opened in place (SQLite needs its -shm file beside it, and this build takes no `immutable` URI),
 * so a snapshot copy (with its -wal, if any) is read from a temporary directory instead.
 */
function openReadOnly(path: string, busyTimeoutMs: number, lockRetryMs: number, why: string): OpenStudyFile {
  if (path === ":memory:" || !existsSync(path)) throw new StorageFileError(`${path} does not exist; a read-only storage opens an existing study file`);
  const Driver = sqliteDriver();
  const open = (file: string, snapshotDir?: string): OpenStudyFile => {
    const db = new Driver(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    try {
      if (inspect(db, path, lockRetryMs).length === 0) throw new StorageFileError(`${path} holds no tfjs-tune study (an empty database); nothing to read`);
      return snapshotDir === undefined
        ? { db, readOnly: why }
        : { db, readOnly: `${why}; reading a copy taken when it was opened, as its directory is read-only too`, snapshotDir };
    } catch (e) {
      db.close();
      throw e;
    }
  };
  try {
    return open(path);
  } catch (e) {
    if (e instanceof StorageFileError) throw e;
    if (sqliteCode(e) !== "SQLITE_CANTOPEN") throw describe(path, e);
  }
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-readonly-"));
  snapshotDirs.add(dir);
  if (snapshotDirs.size === 1) process.once("exit", removeAllSnapshots);
  try {
    const copy = join(dir, basename(path));
    copyFileSync(path, copy);
    if (existsSync(path + "-wal")) copyFileSync(path + "-wal", copy + "-wal");
    return open(copy, dir);
  } catch (e) {
    removeSnapshot(dir);
    throw e instanceof StorageFileError ? e : describe(path, e);
  }
}

/** Snapshot directories still open: removed on close, or when the process exits without closing. */
const snapshotDirs = new Set<string>();

function removeAllSnapshots(): void {
  for (const dir of snapshotDirs) rmSync(dir, { recursive: true, force: true });
  snapshotDirs.clear();
}

/** Removes a read-only snapshot directory (`OpenStudyFile.snapshotDir`) once its database is closed. */
export function removeSnapshot(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  snapshotDirs.delete(dir);
  if (snapshotDirs.size === 0) process.removeListener("exit", removeAllSnapshots);
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
