// PostgreSQL Storage (`pg`): many workers on many machines share one study. Trial numbers come from a
// per-study counter row (UPDATE … RETURNING under its row lock), waiting trials are claimed with
// SELECT … FOR UPDATE SKIP LOCKED, every change is one committed transaction, and all timestamps
// use the server's clock so that heartbeats compare across machines.
import type pg from "pg";
import type { AttrValue, Direction, Intermediate, Storage, StudyRecord, TrialInit, TrialPatch, TrialRecord, TrialState } from "../types.js";
import { POSTGRES_SCHEMA_V1, POSTGRES_SCHEMA_VERSION, SCHEMA_LOCK_KEY, SERVER_NOW_MS } from "./postgres-schema.js";
import { applyPatch, newTrialRecord, withIntermediate } from "./record.js";
import { loadDriver } from "./optional-driver.js";
import { checkGuard, type TrialGuard } from "./stale-trials.js";
import { groupIntermediate, realOrNull, rowToRecord, rowToStudy, staleNote, toJson, type StaleTrialOptions, type StudyRow, type TrialRow } from "./sql-rows.js";

/** Options of `PostgresStorage`. */
export interface PostgresStorageOptions {
  /** Maximum pooled connections of this process. @default 4 */
  poolSize?: number;
  /** Give up connecting after this long, ms. @default 10000 */
  connectTimeoutMs?: number;
  /** Retries of a transaction that hit a deadlock or serialization failure. @default 20 */
  maxRetries?: number;
}

/** Error raised when the PostgreSQL server cannot be reached or the database is not usable. */
export class PostgresStorageError extends Error {
  override name = "PostgresStorageError";
}

type Row = TrialRow & { trial_id: number };
type Client = pg.PoolClient;

const RETRYABLE = new Set(["40001", "40P01"]); // serialization_failure, deadlock_detected

/** The connection string with any password replaced by `***` (safe for error messages). */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

/** Studies and trials in a PostgreSQL database (tables prefixed `tfjs_tune_`, created on first use). */
export class PostgresStorage implements Storage {
  /** Writes accept a `TrialGuard` checked under the trial's row lock. */
  readonly supportsGuards = true;
  private pool: pg.Pool | undefined;
  private readonly poolOptions: pg.PoolConfig;
  private readonly ids = new Map<string, number>();
  private readonly maxRetries: number;
  private ready: Promise<void> | undefined;
  private closed = false;

  /** Prepares a pool for `url` (postgres://user:pass@host:port/db); connects lazily on the first call. */
  constructor(
    readonly url: string,
    options: PostgresStorageOptions = {},
  ) {
    this.poolOptions = { connectionString: url, max: options.poolSize ?? 4, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000 };
    this.maxRetries = options.maxRetries ?? 20;
  }

  /** Connects, creates the schema if the database has none, and checks its version. Called implicitly. */
  init(): Promise<void> {
    this.ready ??= this.initOnce().catch((e) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  private async initOnce(): Promise<void> {
    await this.tx(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1)", [SCHEMA_LOCK_KEY]);
      const exists = await c.query("SELECT to_regclass('tfjs_tune_meta') IS NOT NULL AS ok");
      if (!exists.rows[0].ok) {
        const other = await c.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'tfjs_tune_%'");
        if (other.rows[0].n > 0) throw new PostgresStorageError(`${redactUrl(this.url)} has tfjs_tune_* tables but no tfjs_tune_meta table; refusing to touch them`);
        await c.query(POSTGRES_SCHEMA_V1);
        await c.query("INSERT INTO tfjs_tune_meta (key, value) VALUES ('application', 'tfjs-tune'), ('schema_version', $1)", [String(POSTGRES_SCHEMA_VERSION)]);
        return;
      }
      const meta = new Map((await c.query("SELECT key, value FROM tfjs_tune_meta")).rows.map((r) => [r.key as string, r.value as string]));
      const version = Number(meta.get("schema_version"));
      if (meta.get("application") !== "tfjs-tune" || !Number.isInteger(version)) {
        throw new PostgresStorageError(`${redactUrl(this.url)}: tfjs_tune_meta does not describe a tfjs-tune schema; refusing to touch it`);
      }
      if (version > POSTGRES_SCHEMA_VERSION) {
        throw new PostgresStorageError(
          `${redactUrl(this.url)} uses storage schema version ${version}, newer than this tfjs-tune understands (${POSTGRES_SCHEMA_VERSION}); upgrade tfjs-tune on this machine. Nothing was changed.`,
        );
      }
    }, true);
  }

  private async getPool(): Promise<pg.Pool> {
    if (this.pool === undefined) {
      const driver = loadDriver<typeof pg>("pg", "PostgreSQL storage"); // loaded on first use: most studies never need it
      if (this.pool === undefined) {
        this.pool = new driver.Pool(this.poolOptions);
        this.pool.on("error", () => {
          /* an idle client lost its connection; the next query reconnects or reports it */
        });
      }
    }
    return this.pool;
  }

  private async connect(): Promise<Client> {
    if (this.closed) throw new PostgresStorageError("this PostgresStorage was closed");
    const pool = await this.getPool();
    try {
      return await pool.connect();
    } catch (e) {
      const err = e as Error & { code?: string };
      throw new PostgresStorageError(
        `cannot connect to PostgreSQL at ${redactUrl(this.url)}: ${err.code ? err.code + " " : ""}${err.message}. Is the server running, reachable from this machine, and does the database exist?`,
        { cause: e },
      );
    }
  }

  /** Runs `fn` in one transaction (retried on deadlock/serialization failure). */
  private async tx<T>(fn: (c: Client) => Promise<T>, skipInit = false): Promise<T> {
    if (!skipInit) await this.init();
    for (let attempt = 0; ; attempt++) {
      const c = await this.connect();
      let broken = false;
      try {
        await c.query("BEGIN");
        const out = await fn(c);
        await c.query("COMMIT");
        return out;
      } catch (e) {
        try {
          await c.query("ROLLBACK");
        } catch {
          broken = true;
        }
        const code = (e as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < this.maxRetries) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
        if (e instanceof PostgresStorageError || code === undefined || !/^[0-9A-Z]{5}$/.test(code)) throw e;
        throw new PostgresStorageError(`PostgreSQL error ${code} at ${redactUrl(this.url)}: ${(e as Error).message}`, { cause: e });
      } finally {
        c.release(broken);
      }
    }
  }

  private async studyId(c: Client, name: string): Promise<number> {
    const cached = this.ids.get(name);
    if (cached !== undefined) return cached;
    const r = await c.query("SELECT study_id FROM tfjs_tune_studies WHERE name = $1", [name]);
    if (r.rowCount === 0) throw new Error(`no study named ${JSON.stringify(name)} in ${redactUrl(this.url)}`);
    this.ids.set(name, r.rows[0].study_id);
    return r.rows[0].study_id;
  }

  private async lockRow(c: Client, sid: number, number: number, study: string): Promise<{ row: Row; now: number }> {
    const r = await c.query(`SELECT *, ${SERVER_NOW_MS} AS server_now FROM tfjs_tune_trials WHERE study_id = $1 AND number = $2 FOR UPDATE`, [sid, number]);
    if (r.rowCount === 0) throw new RangeError(`study ${JSON.stringify(study)} has no trial ${number}`);
    return { row: r.rows[0], now: r.rows[0].server_now };
  }

  private async record(c: Client, row: Row): Promise<TrialRecord> {
    const r = await c.query("SELECT step, value FROM tfjs_tune_intermediate WHERE trial_id = $1 ORDER BY step", [row.trial_id]);
    return rowToRecord(row, r.rows.map((x): Intermediate => ({ step: x.step, value: x.value === null ? NaN : x.value })));
  }

  private async save(c: Client, sid: number, r: TrialRecord): Promise<void> {
    await c.query(
      `UPDATE tfjs_tune_trials SET state = $1, params = $2, value = $3, why = $4, note = $5, user_attrs = $6, system_attrs = $7,
       started_at = $8, completed_at = $9, heartbeat_at = $10 WHERE study_id = $11 AND number = $12`,
      [r.state, toJson(r.params), realOrNull(r.value), r.why, r.note ?? null, toJson(r.userAttrs), toJson(r.systemAttrs), r.startedAt ?? null, r.completedAt ?? null, r.heartbeatAt ?? null, sid, r.number],
    );
  }

  async createStudy(study: { readonly name: string; readonly direction: Direction; readonly seed: number; readonly userAttrs?: Readonly<Record<string, AttrValue>> }): Promise<StudyRecord> {
    if (typeof study.name !== "string" || study.name.length === 0) throw new TypeError(`study name must be a non-empty string, got ${JSON.stringify(study.name)}`);
    return this.tx(async (c) => {
      const r = await c.query(
        `INSERT INTO tfjs_tune_studies (name, direction, seed, user_attrs, created_at) VALUES ($1, $2, $3, $4, ${SERVER_NOW_MS})
         ON CONFLICT (name) DO NOTHING RETURNING name, direction, seed, user_attrs, created_at`,
        [study.name, study.direction, study.seed, toJson(study.userAttrs ?? {})],
      );
      if (r.rowCount === 0) throw new Error(`a study named ${JSON.stringify(study.name)} already exists in ${redactUrl(this.url)}; open it with loadStudy`);
      return rowToStudy(r.rows[0] as StudyRow);
    });
  }

  async loadStudy(name: string): Promise<StudyRecord | undefined> {
    return this.tx(async (c) => {
      const r = await c.query("SELECT name, direction, seed, user_attrs, created_at FROM tfjs_tune_studies WHERE name = $1", [name]);
      return r.rowCount === 0 ? undefined : rowToStudy(r.rows[0] as StudyRow);
    });
  }

  async setStudyUserAttrs(name: string, attrs: Readonly<Record<string, AttrValue>>): Promise<StudyRecord> {
    return this.tx(async (c) => {
      const r = await c.query("UPDATE tfjs_tune_studies SET user_attrs = $1 WHERE name = $2 RETURNING name, direction, seed, user_attrs, created_at", [toJson(attrs), name]);
      if (r.rowCount === 0) throw new Error(`no study named ${JSON.stringify(name)} in ${redactUrl(this.url)}`);
      return rowToStudy(r.rows[0] as StudyRow);
    });
  }

  /** Names of the studies in the database, oldest first. */
  async studyNames(): Promise<string[]> {
    return this.tx(async (c) => (await c.query("SELECT name FROM tfjs_tune_studies ORDER BY study_id")).rows.map((r) => r.name as string));
  }

  async createTrial(study: string, init: TrialInit): Promise<TrialRecord> {
    const r = await this.createTrialWithin(study, init, -1);
    if (!r) throw new Error("unreachable: unlimited createTrial returned nothing");
    return r;
  }

  /** Like `createTrial`, but only while fewer than `maxTrials` trials exist (atomic across machines); else undefined. */
  async createTrialWithin(study: string, init: TrialInit, maxTrials: number): Promise<TrialRecord | undefined> {
    return this.tx(async (c) => {
      const sid = await this.studyId(c, study);
      const b = await c.query(
        `UPDATE tfjs_tune_studies SET next_number = next_number + 1 WHERE study_id = $1 AND ($2::int < 0 OR next_number < $2::int)
         RETURNING next_number - 1 AS n, ${SERVER_NOW_MS} AS now`,
        [sid, maxTrials],
      );
      if (b.rowCount === 0) return undefined;
      const { n, now } = b.rows[0] as { n: number; now: number };
      let r = newTrialRecord(n, init, now);
      if (r.state === "running") r = Object.freeze({ ...r, heartbeatAt: now });
      await c.query(
        `INSERT INTO tfjs_tune_trials (study_id, number, state, params, why, user_attrs, system_attrs, created_at, started_at, heartbeat_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [sid, n, r.state, toJson(r.params), r.why, toJson(r.userAttrs), toJson(r.systemAttrs), r.createdAt, r.startedAt ?? null, r.heartbeatAt ?? null],
      );
      return r;
    });
  }

  async claimWaitingTrial(study: string): Promise<TrialRecord | undefined> {
    return this.tx(async (c) => {
      const sid = await this.studyId(c, study);
      const q = await c.query(
        `SELECT *, ${SERVER_NOW_MS} AS server_now FROM tfjs_tune_trials WHERE study_id = $1 AND state = 'waiting' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [sid],
      );
      if (q.rowCount === 0) return undefined;
      const now = q.rows[0].server_now as number;
      const r = Object.freeze({ ...applyPatch(await this.record(c, q.rows[0]), { state: "running" }, now), heartbeatAt: now });
      await this.save(c, sid, r);
      return r;
    });
  }

  /** Applies a patch; with `guard`, only while the trial is still that attempt (else `TrialTakenOverError`), under its row lock. */
  async updateTrial(study: string, number: number, patch: TrialPatch, guard?: TrialGuard): Promise<TrialRecord> {
    return this.tx(async (c) => {
      const sid = await this.studyId(c, study);
      const { row, now } = await this.lockRow(c, sid, number, study);
      const before = await this.record(c, row);
      checkGuard(before, guard);
      let r = applyPatch(before, patch, now);
      if (r.state === "running" && before.state !== "running") r = Object.freeze({ ...r, heartbeatAt: now });
      await this.save(c, sid, r);
      return r;
    });
  }

  /** Records an intermediate value; with `guard`, only while the trial is still that attempt, under its row lock. */
  async reportIntermediate(study: string, number: number, step: number, value: number, guard?: TrialGuard): Promise<TrialRecord> {
    return this.tx(async (c) => {
      const sid = await this.studyId(c, study);
      const { row, now } = await this.lockRow(c, sid, number, study);
      const before = await this.record(c, row);
      checkGuard(before, guard);
      const r = Object.freeze({ ...withIntermediate(before, step, value), heartbeatAt: now });
      await c.query(
        "INSERT INTO tfjs_tune_intermediate (trial_id, step, value) VALUES ($1, $2, $3) ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value",
        [row.trial_id, step, Number.isNaN(value) ? null : value],
      );
      await c.query("UPDATE tfjs_tune_trials SET heartbeat_at = $1 WHERE trial_id = $2", [now, row.trial_id]);
      return r;
    });
  }

  async listTrials(study: string, filter: { readonly states?: readonly TrialState[] } = {}): Promise<readonly TrialRecord[]> {
    return this.tx(async (c) => {
      await c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const sid = await this.studyId(c, study);
      const rows = (await c.query("SELECT * FROM tfjs_tune_trials WHERE study_id = $1 ORDER BY number", [sid])).rows as Row[];
      const inter = groupIntermediate(
        (
          await c.query(
            "SELECT i.trial_id AS key, i.step, i.value FROM tfjs_tune_intermediate i JOIN tfjs_tune_trials t ON t.trial_id = i.trial_id WHERE t.study_id = $1 ORDER BY i.trial_id, i.step",
            [sid],
          )
        ).rows,
      );
      const all = rows.map((row) => rowToRecord(row, inter.get(row.trial_id) ?? []));
      return filter.states ? all.filter((t) => filter.states!.includes(t.state)) : all;
    });
  }

  /** Inserts a complete record as the study's next trial (its number must be the next one); used by import. */
  async importTrial(study: string, r: TrialRecord): Promise<TrialRecord> {
    return this.tx(async (c) => {
      const sid = await this.studyId(c, study);
      const b = await c.query("UPDATE tfjs_tune_studies SET next_number = next_number + 1 WHERE study_id = $1 RETURNING next_number - 1 AS n", [sid]);
      const n = b.rows[0].n as number;
      if (n !== r.number) throw new Error(`import: study ${JSON.stringify(study)} expects trial ${n} next, got trial ${r.number} (import into a new, empty study)`);
      const ins = await c.query(
        `INSERT INTO tfjs_tune_trials (study_id, number, state, params, value, why, note, user_attrs, system_attrs, created_at, started_at, completed_at, heartbeat_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
        [sid, r.number, r.state, toJson(r.params), realOrNull(r.value), r.why, r.note ?? null, toJson(r.userAttrs), toJson(r.systemAttrs), r.createdAt, r.startedAt ?? null, r.completedAt ?? null, r.heartbeatAt ?? null],
      );
      for (const iv of r.intermediate) {
        await c.query("INSERT INTO tfjs_tune_intermediate (trial_id, step, value) VALUES ($1, $2, $3)", [ins.rows[0].trial_id, iv.step, Number.isNaN(iv.value) ? null : iv.value]);
      }
      return this.record(c, ins.rows[0]);
    });
  }

  /** One trial's record, or undefined (cheaper than `listTrials`). */
  async getTrial(study: string, number: number): Promise<TrialRecord | undefined> {
    return this.tx(async (c) => {
      const sid = await this.studyId(c, study);
      const r = await c.query("SELECT * FROM tfjs_tune_trials WHERE study_id = $1 AND number = $2", [sid, number]);
      return r.rowCount === 0 ? undefined : this.record(c, r.rows[0]);
    });
  }

  /** Marks the trial alive (server clock); with `guard`, only while it is still that attempt. */
  async heartbeat(study: string, number: number, guard?: TrialGuard): Promise<void> {
    await this.tx(async (c) => {
      const sid = await this.studyId(c, study);
      if (guard) {
        const { row } = await this.lockRow(c, sid, number, study);
        checkGuard(await this.record(c, row), guard);
      }
      const r = await c.query(`UPDATE tfjs_tune_trials SET heartbeat_at = ${SERVER_NOW_MS} WHERE study_id = $1 AND number = $2`, [sid, number]);
      if (r.rowCount !== 1) throw new RangeError(`study ${JSON.stringify(study)} has no trial ${number}`);
    });
  }

  /**
   * Atomically fails or re-queues running trials whose last heartbeat (server clock) is older than
   * `timeoutMs`; rows another worker is updating are skipped. Returns the new records.
   */
  async recoverStaleTrials(study: string, options: StaleTrialOptions): Promise<readonly TrialRecord[]> {
    const action = options.action ?? "fail";
    return this.tx(async (c) => {
      const sid = await this.studyId(c, study);
      const q = await c.query(
        `SELECT *, ${SERVER_NOW_MS} AS server_now FROM tfjs_tune_trials WHERE study_id = $1 AND state = 'running'
         AND COALESCE(heartbeat_at, started_at, created_at) < ${SERVER_NOW_MS} - $2::float8 AND NOT (number = ANY($3::int[]))
         ORDER BY number FOR UPDATE SKIP LOCKED`,
        [sid, options.timeoutMs, [...(options.exclude ?? [])]],
      );
      const out: TrialRecord[] = [];
      for (const row of q.rows as Array<Row & { server_now: number }>) {
        const before = await this.record(c, row);
        const note = staleNote(action, options.timeoutMs);
        let r: TrialRecord;
        if (action === "fail") {
          r = Object.freeze({ ...applyPatch(before, { state: "failed", note }, row.server_now), heartbeatAt: undefined });
        } else {
          const retries = typeof before.systemAttrs.retries === "number" ? before.systemAttrs.retries : 0;
          r = Object.freeze({
            ...applyPatch(before, { state: "waiting", note, systemAttrs: { retries: retries + 1 } }, row.server_now),
            intermediate: Object.freeze([]),
            startedAt: undefined,
            heartbeatAt: undefined,
          });
          await c.query("DELETE FROM tfjs_tune_intermediate WHERE trial_id = $1", [row.trial_id]);
        }
        await this.save(c, sid, r);
        out.push(r);
      }
      return out;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool?.end();
  }
}

/** A PostgreSQL storage for `url` (postgres://user:pass@host:port/db); tables are created on first use. */
export function postgresStorage(url: string, options: PostgresStorageOptions = {}): PostgresStorage {
  return new PostgresStorage(url, options);
}
