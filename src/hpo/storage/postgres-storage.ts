// PostgreSQL Storage (`pg`): many workers on many machines share one study. Trial numbers come from a
// per-study counter row (UPDATE … RETURNING under its row lock), waiting trials are claimed with
// SELECT … FOR UPDATE SKIP LOCKED, every change is one committed transaction, and all timestamps
// use the server's clock so that heartbeats compare across machines. A lost connection (server
// restart, network) is retried with bounded exponential backoff; every write transaction records an
// operation id, so a retry after a COMMIT whose answer was lost returns what that COMMIT did instead
// of doing it twice (no duplicated or lost trial).
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { AttrValue, Direction, Intermediate, Storage, StudyRecord, TrialInit, TrialPatch, TrialRecord, TrialState } from "../types.js";
import { POSTGRES_OPS_TABLE, POSTGRES_SCHEMA_V1, POSTGRES_SCHEMA_VERSION, SCHEMA_LOCK_KEY, SERVER_NOW_MS } from "./postgres-schema.js";
import { applyPatch, newTrialRecord, withIntermediate } from "./record.js";
import { loadDriver } from "./optional-driver.js";
import { checkGuard, type TrialGuard } from "./stale-trials.js";
import { checkOptions, optionKeys } from "../../util/options.js";
import {
  groupIntermediate,
  rowToRecord,
  rowToStudy,
  staleNote,
  systemAttrsColumn,
  toJson,
  trialInsertValues,
  trialUpdateValues,
  type StaleTrialOptions,
  type StudyRow,
  type TrialRow,
} from "./sql-rows.js";

/** Options of `PostgresStorage`. */
export interface PostgresStorageOptions {
  /** Maximum pooled connections of this process. @default 4 */
  poolSize?: number;
  /** Give up connecting after this long, ms. @default 10000 */
  connectTimeoutMs?: number;
  /** Retries of a transaction that hit a deadlock or serialization failure. @default 20 */
  maxRetries?: number;
  /** After a connection that worked was lost, keep retrying (bounded exponential backoff) this long before failing, ms. @default 300000 */
  reconnectTimeoutMs?: number;
  /** Longest wait between two reconnection attempts, ms. @default 2000 */
  maxBackoffMs?: number;
  /** Where connection-lost / reconnected lines go. @default one line on stderr each */
  log?: (message: string) => void;
  /**
   * Read only (analysis): every session is `default_transaction_read_only`, so the server refuses any
   * write, and no schema is created in an empty database. A role without write permission reads as
   * well without the option. @default false
   */
  readOnly?: boolean;
}

/** Node and PostgreSQL error codes that mean the connection (not the statement) failed. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
  "57P01",
  "57P02",
  "57P03", // admin_shutdown, crash_shutdown, cannot_connect_now (starting up / shutting down)
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "08P01",
]);

/** True when `e` says the connection to the server is gone or not yet back (retrying may succeed). */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  if (err === null || typeof err !== "object") return false;
  if (err.code !== undefined && CONNECTION_CODES.has(err.code)) return true;
  return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down|in recovery mode)/i.test(
    err.message ?? "",
  );
}

/** What a write transaction did, so that its retry can return it (see `tfjs_tune_ops`). */
interface OpLog<T> {
  /** The trial number the operation produced or changed, -1 for none, null for a study-level operation. */
  number(out: T): number | null;
  /** Rebuilds the result from the database after the operation was found committed. */
  replay(c: pg.PoolClient, studyId: number | null, number: number | null): Promise<T>;
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
  private readonly reconnectTimeoutMs: number;
  private readonly maxBackoffMs: number;
  private readonly log: (message: string) => void;
  /** A connection has worked once: later connection errors are outages to wait out, not a wrong address. */
  private connectedOnce = false;
  /** Start of the outage in progress (ms, this machine's clock), if any. */
  private outageSince: number | undefined;
  /** End of the last outage (ms): stale-trial recovery waits a timeout after it (no one could heartbeat). */
  private outageEnd: number | undefined;
  /** The operation log table exists and this role may write it. */
  private opsTable = false;
  /** Opened with `readOnly: true`. */
  readonly readOnly: boolean;

  /** Prepares a pool for `url` (postgres://user:pass@host:port/db); connects lazily on the first call. */
  constructor(
    readonly url: string,
    options: PostgresStorageOptions = {},
  ) {
    checkOptions(
      "postgresStorage",
      options,
      optionKeys<PostgresStorageOptions>({
        poolSize: true,
        connectTimeoutMs: true,
        maxRetries: true,
        reconnectTimeoutMs: true,
        maxBackoffMs: true,
        log: true,
        readOnly: true,
      }),
    );
    this.readOnly = options.readOnly === true;
    this.poolOptions = { connectionString: url, max: options.poolSize ?? 4, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000 };
    if (this.readOnly) this.poolOptions.options = "-c default_transaction_read_only=on";
    this.maxRetries = options.maxRetries ?? 20;
    this.reconnectTimeoutMs = options.reconnectTimeoutMs ?? 300_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 2000;
    this.log = options.log ?? ((m) => process.stderr.write(m + "\n"));
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
    await this.tx(
      async (c) => {
        await c.query("SELECT pg_advisory_xact_lock($1)", [SCHEMA_LOCK_KEY]);
        const exists = await c.query("SELECT to_regclass('tfjs_tune_meta') IS NOT NULL AS ok");
        if (!exists.rows[0].ok) {
          const other = await c.query(
            "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'tfjs_tune_%'",
          );
          if (other.rows[0].n > 0)
            throw new PostgresStorageError(`${redactUrl(this.url)} has tfjs_tune_* tables but no tfjs_tune_meta table; refusing to touch them`);
          if (this.readOnly)
            throw new PostgresStorageError(
              `${redactUrl(this.url)} holds no tfjs-tune tables, so there is no study to read (opened with readOnly: true; nothing was created)`,
            );
          await c.query(POSTGRES_SCHEMA_V1);
          await c.query(POSTGRES_OPS_TABLE);
          await c.query("INSERT INTO tfjs_tune_meta (key, value) VALUES ('application', 'tfjs-tune'), ('schema_version', $1)", [
            String(POSTGRES_SCHEMA_VERSION),
          ]);
          this.opsTable = true;
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
        if (this.readOnly) return; // no operation log: nothing is written
        const ops = await c.query("SELECT to_regclass('tfjs_tune_ops') IS NOT NULL AS ok, has_schema_privilege(current_schema(), 'CREATE') AS can");
        if (!ops.rows[0].ok && ops.rows[0].can) await c.query(POSTGRES_OPS_TABLE); // databases made before the operation log
        this.opsTable = ops.rows[0].ok || ops.rows[0].can;
        if (this.opsTable) this.opsTable = (await c.query("SELECT has_table_privilege('tfjs_tune_ops', 'INSERT') AS ok")).rows[0].ok; // a read-only role only reads
      },
      { skipInit: true },
    );
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

  private connectError(e: unknown): PostgresStorageError {
    const err = e as Error & { code?: string };
    return new PostgresStorageError(
      `cannot connect to PostgreSQL at ${redactUrl(this.url)}: ${err.code ? err.code + " " : ""}${err.message}. Is the server running, reachable from this machine, and does the database exist?`,
      { cause: e },
    );
  }

  /** Waits before the next attempt after a lost connection; throws once the outage outlasted `reconnectTimeoutMs`. */
  private async waitOutage(e: unknown, attempt: number): Promise<void> {
    const now = Date.now();
    if (this.outageSince === undefined) {
      this.outageSince = now;
      this.log(
        `tfjs-tune: lost the connection to PostgreSQL at ${redactUrl(this.url)} (${(e as Error).message}); retrying for up to ${Math.round(this.reconnectTimeoutMs / 1000)} s`,
      );
    }
    if (now - this.outageSince > this.reconnectTimeoutMs) {
      throw new PostgresStorageError(
        `lost the connection to PostgreSQL at ${redactUrl(this.url)} and could not reconnect for ${Math.round((now - this.outageSince) / 1000)} s: ${(e as Error).message}. Is the server running? Nothing was lost: restart this worker once it is back.`,
        { cause: e },
      );
    }
    // bounded exponential backoff with jitter, so that many workers do not reconnect in lockstep
    const ms = Math.min(this.maxBackoffMs, 50 * 2 ** Math.min(attempt, 16)) * (0.5 + Math.random() / 2);
    await new Promise((r) => setTimeout(r, ms));
  }

  private connected(): void {
    this.connectedOnce = true;
    if (this.outageSince !== undefined) {
      this.log(`tfjs-tune: reconnected to PostgreSQL at ${redactUrl(this.url)} after ${((Date.now() - this.outageSince) / 1000).toFixed(1)} s`);
      this.outageSince = undefined;
      this.outageEnd = Date.now();
    }
  }

  /**
   * Runs `fn` in one transaction: retried on deadlock/serialization failure, and (once a connection
   * worked) across connection losses. With `op`, the transaction records an operation id; a retry
   * after an unanswered COMMIT finds it and returns `op.replay` instead of running `fn` again.
   */
  private async tx<T>(fn: (c: Client) => Promise<T>, options: { skipInit?: boolean; op?: OpLog<T>; study?: string } = {}): Promise<T> {
    if (!options.skipInit) await this.init();
    const opId = options.op && this.opsTable ? randomUUID() : undefined;
    let maybeCommitted = false; // a COMMIT was sent and its answer lost
    for (let attempt = 0, lost = 0; ; attempt++) {
      if (this.closed) throw new PostgresStorageError("this PostgresStorage was closed");
      const pool = await this.getPool();
      let c: Client;
      try {
        c = await pool.connect();
      } catch (e) {
        if (!this.connectedOnce || !isConnectionError(e)) throw this.connectError(e);
        await this.waitOutage(e, lost++);
        continue;
      }
      // a connection dying while checked out emits 'error' on the client: without a listener the process would crash
      const onError = (): void => undefined;
      c.on("error", onError);
      let broken = false;
      let committing = false;
      try {
        await c.query("BEGIN");
        this.connected();
        if (opId !== undefined && maybeCommitted) {
          const done = await c.query("SELECT study_id, number FROM tfjs_tune_ops WHERE op_id = $1", [opId]);
          if (done.rowCount) {
            const out = await options.op!.replay(c, done.rows[0].study_id, done.rows[0].number);
            await c.query("COMMIT");
            return out;
          }
        }
        const out = await fn(c);
        if (opId !== undefined) {
          const sid = options.study !== undefined ? (this.ids.get(options.study) ?? null) : null;
          await c.query(`INSERT INTO tfjs_tune_ops (op_id, study_id, number, created_at) VALUES ($1, $2, $3, ${SERVER_NOW_MS})`, [
            opId,
            sid,
            options.op!.number(out),
          ]);
        }
        committing = true;
        await c.query("COMMIT");
        return out;
      } catch (e) {
        if (isConnectionError(e)) {
          broken = true;
          if (committing) maybeCommitted = true;
          await this.waitOutage(e, lost++);
          continue;
        }
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
        throw new PostgresStorageError(`PostgreSQL error ${code} at ${redactUrl(this.url)}: ${(e as Error).message}${this.hint(code)}`, { cause: e });
      } finally {
        c.off("error", onError);
        c.release(broken);
      }
    }
  }

  /** What to do about a server error that is about this storage's rights, not the statement. */
  private hint(code: string): string {
    if (code === "25006" && this.readOnly)
      return ". This storage was opened with readOnly: true: nothing was written; reading and analysis work. Open it without readOnly to run trials.";
    if (code === "42501")
      return ". This role may only read: nothing was written; reading and analysis work. To run trials, connect as a role with INSERT, UPDATE and DELETE on the tfjs_tune_* tables.";
    return "";
  }

  /** Replays a trial-level operation: the trial's current record (undefined for -1: nothing was produced). */
  private trialOp(): OpLog<TrialRecord | undefined> {
    return {
      number: (r) => (r === undefined ? -1 : r.number),
      replay: async (c, sid, n) => {
        if (n === null || n < 0 || sid === null) return undefined;
        const r = await c.query("SELECT * FROM tfjs_tune_trials WHERE study_id = $1 AND number = $2", [sid, n]);
        return this.record(c, r.rows[0]);
      },
    };
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
    return rowToRecord(
      row,
      r.rows.map((x): Intermediate => ({ step: x.step, value: x.value === null ? NaN : x.value })),
    );
  }

  private async save(c: Client, sid: number, r: TrialRecord): Promise<void> {
    await c.query(
      `UPDATE tfjs_tune_trials SET state = $1, params = $2, value = $3, why = $4, note = $5, user_attrs = $6, system_attrs = $7,
       started_at = $8, completed_at = $9, heartbeat_at = $10 WHERE study_id = $11 AND number = $12`,
      trialUpdateValues(sid, r),
    );
  }

  async createStudy(study: {
    readonly name: string;
    readonly direction: Direction;
    readonly seed: number;
    readonly userAttrs?: Readonly<Record<string, AttrValue>>;
  }): Promise<StudyRecord> {
    if (typeof study.name !== "string" || study.name.length === 0)
      throw new TypeError(`study name must be a non-empty string, got ${JSON.stringify(study.name)}`);
    return this.tx(
      async (c) => {
        const r = await c.query(
          `INSERT INTO tfjs_tune_studies (name, direction, seed, user_attrs, created_at) VALUES ($1, $2, $3, $4, ${SERVER_NOW_MS})
         ON CONFLICT (name) DO NOTHING RETURNING name, direction, seed, user_attrs, created_at`,
          [study.name, study.direction, study.seed, toJson(study.userAttrs ?? {})],
        );
        if (r.rowCount === 0) throw new Error(`a study named ${JSON.stringify(study.name)} already exists in ${redactUrl(this.url)}; open it with loadStudy`);
        return rowToStudy(r.rows[0] as StudyRow);
      },
      {
        op: {
          number: () => null,
          replay: async (c) =>
            rowToStudy(
              (await c.query("SELECT name, direction, seed, user_attrs, created_at FROM tfjs_tune_studies WHERE name = $1", [study.name])).rows[0] as StudyRow,
            ),
        },
      },
    );
  }

  async loadStudy(name: string): Promise<StudyRecord | undefined> {
    return this.tx(async (c) => {
      const r = await c.query("SELECT name, direction, seed, user_attrs, created_at FROM tfjs_tune_studies WHERE name = $1", [name]);
      return r.rowCount === 0 ? undefined : rowToStudy(r.rows[0] as StudyRow);
    });
  }

  async setStudyUserAttrs(name: string, attrs: Readonly<Record<string, AttrValue>>): Promise<StudyRecord> {
    return this.tx(async (c) => {
      const r = await c.query("UPDATE tfjs_tune_studies SET user_attrs = $1 WHERE name = $2 RETURNING name, direction, seed, user_attrs, created_at", [
        toJson(attrs),
        name,
      ]);
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
    return this.tx(
      async (c) => {
        const sid = await this.studyId(c, study);
        const b = await c.query(
          `UPDATE tfjs_tune_studies SET next_number = next_number + 1 WHERE study_id = $1 AND ($2::int < 0 OR next_number < $2::int)
         RETURNING next_number - 1 AS n, ${SERVER_NOW_MS} AS now`,
          [sid, maxTrials],
        );
        if (b.rowCount === 0) return undefined;
        const { n, now } = b.rows[0] as { n: number; now: number };
        if (this.opsTable && n % 100 === 99) await c.query(`DELETE FROM tfjs_tune_ops WHERE created_at < ${SERVER_NOW_MS} - 86400000`); // a day is far beyond any retry
        let r = newTrialRecord(n, init, now);
        if (r.state === "running") r = Object.freeze({ ...r, heartbeatAt: now });
        await c.query(
          `INSERT INTO tfjs_tune_trials (study_id, number, state, params, why, user_attrs, system_attrs, created_at, started_at, heartbeat_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [sid, n, r.state, toJson(r.params), r.why, toJson(r.userAttrs), systemAttrsColumn(r), r.createdAt, r.startedAt ?? null, r.heartbeatAt ?? null],
        );
        return r;
      },
      { op: this.trialOp(), study },
    );
  }

  async claimWaitingTrial(study: string): Promise<TrialRecord | undefined> {
    return this.tx(
      async (c) => {
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
      },
      { op: this.trialOp(), study },
    );
  }

  /** Applies a patch; with `guard`, only while the trial is still that attempt (else `TrialTakenOverError`), under its row lock. */
  async updateTrial(study: string, number: number, patch: TrialPatch, guard?: TrialGuard): Promise<TrialRecord> {
    return this.tx(
      async (c) => {
        const sid = await this.studyId(c, study);
        const { row, now } = await this.lockRow(c, sid, number, study);
        const before = await this.record(c, row);
        checkGuard(before, guard);
        let r = applyPatch(before, patch, now);
        if (r.state === "running" && before.state !== "running") r = Object.freeze({ ...r, heartbeatAt: now });
        await this.save(c, sid, r);
        return r;
      },
      { op: this.trialOp() as OpLog<TrialRecord>, study },
    );
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
    return this.tx(
      async (c) => {
        const sid = await this.studyId(c, study);
        const b = await c.query("UPDATE tfjs_tune_studies SET next_number = next_number + 1 WHERE study_id = $1 RETURNING next_number - 1 AS n", [sid]);
        const n = b.rows[0].n as number;
        if (n !== r.number)
          throw new Error(`import: study ${JSON.stringify(study)} expects trial ${n} next, got trial ${r.number} (import into a new, empty study)`);
        const ins = await c.query(
          `INSERT INTO tfjs_tune_trials (study_id, number, state, params, value, why, note, user_attrs, system_attrs, created_at, started_at, completed_at, heartbeat_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
          trialInsertValues(sid, r),
        );
        for (const iv of r.intermediate) {
          await c.query("INSERT INTO tfjs_tune_intermediate (trial_id, step, value) VALUES ($1, $2, $3)", [
            ins.rows[0].trial_id,
            iv.step,
            Number.isNaN(iv.value) ? null : iv.value,
          ]);
        }
        return this.record(c, ins.rows[0]);
      },
      { op: this.trialOp() as OpLog<TrialRecord>, study },
    );
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
    checkOptions("PostgresStorage.recoverStaleTrials", options, optionKeys<StaleTrialOptions>({ timeoutMs: true, action: true, exclude: true }));
    const action = options.action ?? "fail";
    // right after an outage no worker could heartbeat: give them a timeout to do so before judging anyone dead
    if (this.outageSince !== undefined || (this.outageEnd !== undefined && Date.now() - this.outageEnd < options.timeoutMs)) return [];
    return this.tx(async (c) => {
      const sid = await this.studyId(c, study);
      // ... and the same after a server restart that this process did not notice
      const q = await c.query(
        `SELECT *, ${SERVER_NOW_MS} AS server_now FROM tfjs_tune_trials WHERE study_id = $1 AND state = 'running'
         AND COALESCE(heartbeat_at, started_at, created_at) < ${SERVER_NOW_MS} - $2::float8 AND NOT (number = ANY($3::int[]))
         AND extract(epoch from pg_postmaster_start_time()) * 1000 < ${SERVER_NOW_MS} - $2::float8
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
