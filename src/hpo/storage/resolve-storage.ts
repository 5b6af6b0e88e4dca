// Turns what a user passes as `storage` (an object, a path, a URL) into a Storage.
import type { Storage } from "../types.js";
import { MemoryStorage } from "./memory.js";
import { PostgresStorage } from "./postgres-storage.js";
import { SqliteStorage } from "./sqlite-storage.js";

/** A storage object, or a string: `"memory"`, `"sqlite:PATH"`, `"postgres://…"`/`"postgresql://…"`, or a file path (SQLite). */
export type StorageSpec = Storage | string;

/** True for objects that implement the Storage methods a study needs. */
export function isStorage(x: unknown): x is Storage {
  const s = x as Record<string, unknown> | null;
  return (
    typeof s === "object" &&
    s !== null &&
    ["createStudy", "loadStudy", "createTrial", "claimWaitingTrial", "updateTrial", "reportIntermediate", "listTrials", "heartbeat"].every(
      (m) => typeof s[m] === "function",
    )
  );
}

/**
 * Resolves a storage spec: undefined or "memory" → in-memory; "postgres://…" → PostgreSQL;
 * "sqlite:PATH" or any other string → a SQLite file at that path (created if missing).
 */
export function resolveStorage(spec: StorageSpec | undefined): Storage {
  if (spec === undefined || spec === "memory" || spec === ":memory:") return new MemoryStorage();
  if (typeof spec === "string") {
    const s = spec.trim();
    if (s.length === 0) throw new TypeError(`storage must be "memory", a file path, "sqlite:PATH" or "postgres://…", got an empty string`);
    if (/^postgres(ql)?:\/\//i.test(s)) return new PostgresStorage(s);
    if (/^sqlite:/i.test(s)) {
      const path = s.replace(/^sqlite:(\/\/)?/i, "");
      if (path.length === 0) throw new TypeError(`storage ${JSON.stringify(spec)} names no file; expected "sqlite:PATH"`);
      return new SqliteStorage(path);
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s))
      throw new TypeError(`unsupported storage URL ${JSON.stringify(spec)}; expected "postgres://…", "sqlite:PATH" or a file path`);
    return new SqliteStorage(s);
  }
  if (isStorage(spec)) return spec;
  throw new TypeError(`storage must be a Storage object or a string (path, "sqlite:PATH", "postgres://…"), got ${Object.prototype.toString.call(spec)}`);
}
