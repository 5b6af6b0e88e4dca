// SQLite Storage (better-sqlite3, WAL): the default whenever a study is given a file path.
// Every write is one IMMEDIATE transaction with synchronous=FULL, so a resolved call is durable;
// lock contention between processes is retried internally and never surfaces as "database is locked".
import type Database from "better-sqlite3";
import type { AttrValue, Direction, Intermediate, Storage, StudyRecord, TrialInit, TrialPatch, TrialRecord, TrialState } from "../types.js";
import { applyPatch, newTrialRecord, withIntermediate } from "./record.js";
import { openSqliteStudyFile, removeSnapshot, retryWhileBusy, sqliteFileProblem, StorageFileError, type SqliteOpenOptions } from "./sqlite-open.js";
import { checkGuard, type TrialGuard } from "./stale-trials.js";
import { checkOptions, optionKeys } from "../../util/options.js";
import {
  groupIntermediate,
  rowToRecord,
  rowToStudy,
  staleNote,
  toJson,
  trialInsertValues,
  trialUpdateValues,
  type StaleTrialOptions,
  type StudyRow,
  type TrialRow,
} from "./sql-rows.js";

/** Options of `SqliteStorage`. */
export interface SqliteStorageOptions extends SqliteOpenOptions {
  /** Clock in ms since the epoch (injectable for tests). @default Date.now */
  now?: () => number;
}

type Row = TrialRow & { trial_id: number };

/** Studies and trials in one SQLite file, shared safely by the threads and processes of one machine. */
export class SqliteStorage implements Storage {
  /** Writes accept a `TrialGuard` checked in the same transaction. */
  readonly supportsGuards = true;
  /** The open better-sqlite3 handle (for diagnostics; do not write to it). */
  readonly db: Database.Database;
  /**
   * Why the file is open for reading only (`readOnly: true`, or the file could not be written), or
   * undefined when it is writable. Reading works either way; writes throw a `StorageFileError`.
   */
  readonly readOnly: string | undefined;
  private readonly snapshotDir: string | undefined;
  private readonly now: () => number;
  private readonly retryMs: number;
  private readonly ids = new Map<string, number>();
  private readonly q: ReturnType<SqliteStorage["prepare"]>;

  /**
   * Opens or creates the file at `path`; throws `StorageFileError` for a foreign, corrupt or newer file.
   * An existing file that cannot be written is opened for reading only (see `readOnly`).
   */
  constructor(
    readonly path: string,
    options: SqliteStorageOptions = {},
  ) {
    checkOptions(
      "sqliteStorage",
      options,
      optionKeys<SqliteStorageOptions>({ busyTimeoutMs: true, lockRetryMs: true, synchronous: true, readOnly: true, now: true }),
    );
    const file = openSqliteStudyFile(path, options);
    this.db = file.db;
    this.readOnly = file.readOnly;
    this.snapshotDir = file.snapshotDir;
    this.now = options.now ?? Date.now;
    this.retryMs = options.lockRetryMs ?? 120_000;
    this.q = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      study: db.prepare("SELECT study_id, name, direction, seed, user_attrs, created_at FROM studies WHERE name = ?"),
      insertStudy: db.prepare("INSERT INTO studies (name, direction, seed, user_attrs, created_at) VALUES (?, ?, ?, ?, ?)"),
      setStudyAttrs: db.prepare("UPDATE studies SET user_attrs = ? WHERE study_id = ?"),
      studyNames: db.prepare("SELECT name FROM studies ORDER BY study_id").pluck(),
      bump: db.prepare("UPDATE studies SET next_number = next_number + 1 WHERE study_id = ? AND (? < 0 OR next_number < ?) RETURNING next_number - 1").pluck(),
      insertTrial: db.prepare(
        `INSERT INTO trials (study_id, number, state, params, value, why, note, user_attrs, system_attrs, created_at, started_at, completed_at, heartbeat_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateTrial: db.prepare(
        `UPDATE trials SET state = ?, params = ?, value = ?, why = ?, note = ?, user_attrs = ?, system_attrs = ?, started_at = ?, completed_at = ?, heartbeat_at = ?
         WHERE study_id = ? AND number = ?`,
      ),
      trial: db.prepare("SELECT * FROM trials WHERE study_id = ? AND number = ?"),
      trials: db.prepare("SELECT * FROM trials WHERE study_id = ? ORDER BY number"),
      firstWaiting: db.prepare("SELECT number FROM trials WHERE study_id = ? AND state = 'waiting' ORDER BY number LIMIT 1").pluck(),
      inter: db.prepare("SELECT step, value FROM intermediate WHERE trial_id = ? ORDER BY step"),
      interOfStudy: db.prepare(
        "SELECT i.trial_id AS key, i.step, i.value FROM intermediate i JOIN trials t ON t.trial_id = i.trial_id WHERE t.study_id = ? ORDER BY i.trial_id, i.step",
      ),
      putInter: db.prepare(
        "INSERT INTO intermediate (trial_id, step, value) VALUES (?, ?, ?) ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value",
      ),
      clearInter: db.prepare("DELETE FROM intermediate WHERE trial_id = ?"),
      beat: db.prepare("UPDATE trials SET heartbeat_at = ? WHERE study_id = ? AND number = ?"),
      stale: db
        .prepare("SELECT number FROM trials WHERE study_id = ? AND state = 'running' AND COALESCE(heartbeat_at, started_at, created_at) < ? ORDER BY number")
        .pluck(),
    };
  }

  private write<T>(what: string, fn: () => T): T {
    if (this.readOnly !== undefined) {
      throw new StorageFileError(
        `SQLite ${what}: ${this.path} is open for reading only (${this.readOnly}); nothing was written. ` +
          `Reading and analysis work; to add trials, open a writable copy of the file.`,
      );
    }
    const tx = this.db.transaction(fn);
    try {
      return retryWhileBusy(() => tx.immediate(), this.retryMs, what);
    } catch (e) {
      throw sqliteFileProblem(this.path, what, e);
    }
  }

  private read<T>(what: string, fn: () => T): T {
    const tx = this.db.transaction(fn);
    try {
      return retryWhileBusy(() => tx.deferred(), this.retryMs, what);
    } catch (e) {
      throw sqliteFileProblem(this.path, what, e);
    }
  }

  private studyId(name: string): number {
    const cached = this.ids.get(name);
    if (cached !== undefined) return cached;
    const row = this.q.study.get(name) as (StudyRow & { study_id: number }) | undefined;
    if (!row) throw new Error(`no study named ${JSON.stringify(name)} in ${this.path}`);
    this.ids.set(name, row.study_id);
    return row.study_id;
  }

  private row(studyId: number, number: number, study: string): Row {
    const row = this.q.trial.get(studyId, number) as Row | undefined;
    if (!row) throw new RangeError(`study ${JSON.stringify(study)} has no trial ${number}`);
    return row;
  }

  private record(row: Row): TrialRecord {
    const inter = (this.q.inter.all(row.trial_id) as Array<{ step: number; value: number | null }>).map((r): Intermediate => ({
      step: r.step,
      value: r.value === null ? NaN : r.value,
    }));
    return rowToRecord(row, inter);
  }

  private save(studyId: number, r: TrialRecord): void {
    this.q.updateTrial.run(...trialUpdateValues(studyId, r));
  }

  async createStudy(study: {
    readonly name: string;
    readonly direction: Direction;
    readonly seed: number;
    readonly userAttrs?: Readonly<Record<string, AttrValue>>;
  }): Promise<StudyRecord> {
    if (typeof study.name !== "string" || study.name.length === 0)
      throw new TypeError(`study name must be a non-empty string, got ${JSON.stringify(study.name)}`);
    return this.write("create study", () => {
      if (this.q.study.get(study.name)) throw new Error(`a study named ${JSON.stringify(study.name)} already exists in ${this.path}; open it with loadStudy`);
      const created = this.now();
      this.q.insertStudy.run(study.name, study.direction, study.seed, toJson(study.userAttrs ?? {}), created);
      return rowToStudy({ name: study.name, direction: study.direction, seed: study.seed, user_attrs: toJson(study.userAttrs ?? {}), created_at: created });
    });
  }

  async loadStudy(name: string): Promise<StudyRecord | undefined> {
    const row = this.read("load study", () => this.q.study.get(name) as StudyRow | undefined);
    return row && rowToStudy(row);
  }

  async setStudyUserAttrs(name: string, attrs: Readonly<Record<string, AttrValue>>): Promise<StudyRecord> {
    return this.write("set study attributes", () => {
      this.q.setStudyAttrs.run(toJson(attrs), this.studyId(name));
      return rowToStudy(this.q.study.get(name) as StudyRow);
    });
  }

  /** Names of the studies in the file, oldest first. */
  async studyNames(): Promise<string[]> {
    return this.read("list studies", () => this.q.studyNames.all() as string[]);
  }

  async createTrial(study: string, init: TrialInit): Promise<TrialRecord> {
    const r = this.createTrialSync(study, init, -1);
    if (!r) throw new Error("unreachable: unlimited createTrial returned nothing");
    return r;
  }

  /** Like `createTrial`, but only while fewer than `maxTrials` trials exist (atomic across processes); else undefined. */
  async createTrialWithin(study: string, init: TrialInit, maxTrials: number): Promise<TrialRecord | undefined> {
    return this.createTrialSync(study, init, maxTrials);
  }

  private createTrialSync(study: string, init: TrialInit, max: number): TrialRecord | undefined {
    return this.write("create trial", () => {
      const sid = this.studyId(study);
      const n = this.q.bump.get(sid, max, max) as number | undefined;
      if (n === undefined) return undefined;
      const now = this.now();
      let r = newTrialRecord(n, init, now);
      if (r.state === "running") r = Object.freeze({ ...r, heartbeatAt: now });
      this.q.insertTrial.run(...trialInsertValues(sid, r));
      return r;
    });
  }

  async claimWaitingTrial(study: string): Promise<TrialRecord | undefined> {
    return this.write("claim trial", () => {
      const sid = this.studyId(study);
      const n = this.q.firstWaiting.get(sid) as number | undefined;
      if (n === undefined) return undefined;
      const now = this.now();
      const r = Object.freeze({ ...applyPatch(this.record(this.row(sid, n, study)), { state: "running" }, now), heartbeatAt: now });
      this.save(sid, r);
      return r;
    });
  }

  /** Applies a patch; with `guard`, only while the trial is still that attempt (else `TrialTakenOverError`), atomically. */
  async updateTrial(study: string, number: number, patch: TrialPatch, guard?: TrialGuard): Promise<TrialRecord> {
    return this.write("update trial", () => {
      const sid = this.studyId(study);
      const before = this.record(this.row(sid, number, study));
      checkGuard(before, guard);
      let r = applyPatch(before, patch, this.now());
      if (r.state === "running" && before.state !== "running") r = Object.freeze({ ...r, heartbeatAt: this.now() });
      this.save(sid, r);
      return r;
    });
  }

  /** Records an intermediate value; with `guard`, only while the trial is still that attempt, atomically. */
  async reportIntermediate(study: string, number: number, step: number, value: number, guard?: TrialGuard): Promise<TrialRecord> {
    return this.write("report", () => {
      const sid = this.studyId(study);
      const row = this.row(sid, number, study);
      const now = this.now();
      const before = this.record(row);
      checkGuard(before, guard);
      const r = Object.freeze({ ...withIntermediate(before, step, value), heartbeatAt: now });
      this.q.putInter.run(row.trial_id, step, Number.isNaN(value) ? null : value);
      this.q.beat.run(now, sid, number);
      return r;
    });
  }

  async listTrials(study: string, filter: { readonly states?: readonly TrialState[] } = {}): Promise<readonly TrialRecord[]> {
    return this.read("list trials", () => {
      const sid = this.studyId(study);
      const rows = this.q.trials.all(sid) as Row[];
      const inter = groupIntermediate(this.q.interOfStudy.all(sid) as Array<{ key: number; step: number; value: number | null }>);
      const all = rows.map((row) => rowToRecord(row, inter.get(row.trial_id) ?? []));
      return filter.states ? all.filter((t) => filter.states!.includes(t.state)) : all;
    });
  }

  /** Inserts a complete record as the study's next trial (its number must be the next one); used by import. */
  async importTrial(study: string, r: TrialRecord): Promise<TrialRecord> {
    return this.write("import trial", () => {
      const sid = this.studyId(study);
      const n = this.q.bump.get(sid, -1, -1) as number;
      if (n !== r.number)
        throw new Error(`import: study ${JSON.stringify(study)} expects trial ${n} next, got trial ${r.number} (import into a new, empty study)`);
      const info = this.q.insertTrial.run(...trialInsertValues(sid, r));
      for (const iv of r.intermediate) this.q.putInter.run(Number(info.lastInsertRowid), iv.step, Number.isNaN(iv.value) ? null : iv.value);
      return this.record(this.row(sid, r.number, study));
    });
  }

  /** One trial's record, or undefined (cheaper than `listTrials`). */
  async getTrial(study: string, number: number): Promise<TrialRecord | undefined> {
    return this.read("get trial", () => {
      const row = this.q.trial.get(this.studyId(study), number) as Row | undefined;
      return row && this.record(row);
    });
  }

  /** Marks the trial alive; with `guard`, only while it is still that attempt, atomically. */
  async heartbeat(study: string, number: number, guard?: TrialGuard): Promise<void> {
    this.write("heartbeat", () => {
      const sid = this.studyId(study);
      if (guard) checkGuard(this.record(this.row(sid, number, study)), guard);
      if (this.q.beat.run(this.now(), sid, number).changes !== 1) throw new RangeError(`study ${JSON.stringify(study)} has no trial ${number}`);
    });
  }

  /**
   * Atomically fails or re-queues the running trials whose last heartbeat is older than
   * `timeoutMs`; returns their new records. Safe to call from many processes at once.
   */
  async recoverStaleTrials(study: string, options: StaleTrialOptions): Promise<readonly TrialRecord[]> {
    checkOptions("SqliteStorage.recoverStaleTrials", options, optionKeys<StaleTrialOptions>({ timeoutMs: true, action: true, exclude: true }));
    const action = options.action ?? "fail";
    return this.write("recover stale trials", () => {
      const sid = this.studyId(study);
      const now = this.now();
      const out: TrialRecord[] = [];
      const skip = new Set(options.exclude ?? []);
      for (const n of this.q.stale.all(sid, now - options.timeoutMs) as number[]) {
        if (skip.has(n)) continue;
        const row = this.row(sid, n, study);
        const before = this.record(row);
        const note = staleNote(action, options.timeoutMs);
        let r: TrialRecord;
        if (action === "fail") {
          r = Object.freeze({ ...applyPatch(before, { state: "failed", note }, now), heartbeatAt: undefined });
        } else {
          const retries = typeof before.systemAttrs.retries === "number" ? before.systemAttrs.retries : 0;
          r = Object.freeze({
            ...applyPatch(before, { state: "waiting", note, systemAttrs: { retries: retries + 1 } }, now),
            intermediate: Object.freeze([]),
            startedAt: undefined,
            heartbeatAt: undefined,
          });
          this.q.clearInter.run(row.trial_id);
        }
        this.save(sid, r);
        out.push(r);
      }
      return out;
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
    if (this.snapshotDir !== undefined) removeSnapshot(this.snapshotDir);
  }
}

/** Opens (or creates) a SQLite study file as a `Storage`. */
export function sqliteStorage(path: string, options: SqliteStorageOptions = {}): SqliteStorage {
  return new SqliteStorage(path, options);
}
