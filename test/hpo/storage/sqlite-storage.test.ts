import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { MemoryStorage } from "../../../src/hpo/storage/memory.js";
import { resolveStorage } from "../../../src/hpo/storage/resolve-storage.js";
import { SqliteStorage } from "../../../src/hpo/storage/sqlite-storage.js";
import { recoverStaleTrials } from "../../../src/hpo/storage/stale-trials.js";
import { storageContract } from "./storage-contract.js";

const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-sqlite-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let k = 0;
const dbPath = () => join(dir, `s${++k}.db`);
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

storageContract("memory", () => new MemoryStorage());
storageContract("sqlite", () => new SqliteStorage(dbPath()));

test("sqlite: everything survives close and reopen", async () => {
  const p = dbPath();
  const a = new SqliteStorage(p);
  await a.createStudy({ name: "s", direction: "maximize", seed: 7, userAttrs: { note: "hi" } });
  await a.createTrial("s", { state: "running", params: { lr: 1e-3, opt: "adam" }, why: "random" });
  await a.reportIntermediate("s", 0, 0, 0.7);
  await a.updateTrial("s", 0, { state: "complete", value: 0.75 });
  await a.createTrial("s", { state: "waiting", params: { lr: 1e-2, opt: "sgd" }, why: "enqueued" });
  const before = await a.listTrials("s");
  await a.close();
  const b = new SqliteStorage(p);
  assert.deepEqual(await b.loadStudy("s"), {
    name: "s",
    direction: "maximize",
    seed: 7,
    createdAt: (await b.loadStudy("s"))!.createdAt,
    userAttrs: { note: "hi" },
  });
  assert.deepEqual(await b.listTrials("s"), before);
  assert.equal((await b.createTrial("s", { state: "running" })).number, 2);
  assert.deepEqual(await b.studyNames(), ["s"]);
  assert.equal(b.db.pragma("journal_mode", { simple: true }), "wal");
  await b.close();
});

test("sqlite: a non-SQLite file gives a clear error and stays byte-identical", () => {
  const p = join(dir, "notes.txt");
  writeFileSync(p, "these are my precious notes, not a database\n".repeat(50));
  const h = sha(p);
  assert.throws(() => new SqliteStorage(p), /not a SQLite database.*refusing to touch it/);
  assert.equal(sha(p), h);
  assert.ok(!existsSync(p + "-wal"));
});

test("sqlite: a corrupt study file gives a clear error and stays byte-identical", async () => {
  const p = dbPath();
  const s = new SqliteStorage(p);
  await s.createStudy({ name: "s", direction: "minimize", seed: 1 });
  await s.close();
  const bytes = readFileSync(p);
  bytes.fill(0x5a, 100, Math.min(bytes.length, 8192)); // header kept, schema pages trashed
  writeFileSync(p, bytes);
  const h = sha(p);
  assert.throws(() => new SqliteStorage(p), /corrupt SQLite database|not a SQLite database|cannot open/);
  assert.equal(sha(p), h);
});

test("sqlite: a foreign SQLite database (e.g. Optuna's) is refused and untouched", () => {
  const p = dbPath();
  const db = new Database(p);
  db.exec(
    "CREATE TABLE studies (study_id INTEGER PRIMARY KEY, study_name TEXT); CREATE TABLE trials (trial_id INTEGER PRIMARY KEY); INSERT INTO studies VALUES (1, 'optuna')",
  );
  db.close();
  const h = sha(p);
  assert.throws(() => new SqliteStorage(p), /another application \(tables: studies, trials\).*no tfjs_tune_meta/);
  assert.equal(sha(p), h);
});

test("sqlite: a newer schema version is refused and the file is not modified", async () => {
  const p = dbPath();
  const s = new SqliteStorage(p);
  await s.createStudy({ name: "s", direction: "minimize", seed: 1 });
  await s.close();
  const db = new Database(p);
  db.prepare("UPDATE tfjs_tune_meta SET value = '99' WHERE key = 'schema_version'").run();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const h = sha(p);
  assert.throws(() => new SqliteStorage(p), /schema version 99, newer than this tfjs-tune understands \(1\).*not modified/);
  assert.equal(sha(p), h);
});

test("sqlite: a directory path is refused with a hint", () => {
  assert.throws(() => new SqliteStorage(dir), /is a directory/);
});

test("sqlite: createTrialWithin stops exactly at the limit", async () => {
  const s = new SqliteStorage(dbPath());
  await s.createStudy({ name: "s", direction: "minimize", seed: 1 });
  const got = [];
  for (let i = 0; i < 5; i++) got.push((await s.createTrialWithin("s", { state: "running" }, 3))?.number);
  assert.deepEqual(got, [0, 1, 2, undefined, undefined]);
  await s.close();
});

test("sqlite: stale running trials are failed or re-queued once, finished ones untouched", async () => {
  let now = 1_000_000;
  const s = new SqliteStorage(dbPath(), { now: () => now });
  await s.createStudy({ name: "s", direction: "minimize", seed: 1 });
  for (let i = 0; i < 4; i++) await s.createTrial("s", { state: "running", params: { i } });
  await s.reportIntermediate("s", 1, 0, 0.5);
  await s.updateTrial("s", 3, { state: "complete", value: 1 });
  now += 5_000;
  await s.heartbeat("s", 2); // alive
  now += 6_000;
  const failed = await s.recoverStaleTrials("s", { timeoutMs: 10_000, action: "fail" });
  assert.deepEqual(
    failed.map((t) => [t.number, t.state]),
    [
      [0, "failed"],
      [1, "failed"],
    ],
  );
  assert.match(failed[0].note ?? "", /no heartbeat for 10\.0 s/);
  assert.equal((await s.recoverStaleTrials("s", { timeoutMs: 10_000 })).length, 0);
  now += 20_000;
  const requeued = await s.recoverStaleTrials("s", { timeoutMs: 10_000, action: "requeue" });
  assert.deepEqual(
    requeued.map((t) => [t.number, t.state, t.systemAttrs.retries]),
    [[2, "waiting", 1]],
  );
  const claimed = await s.claimWaitingTrial("s");
  assert.equal(claimed?.number, 2);
  assert.deepEqual(claimed?.params, { i: 2 });
  assert.deepEqual(
    (await s.listTrials("s")).map((t) => t.state),
    ["failed", "failed", "running", "complete"],
  );
  await s.close();
});

test("memory: generic stale recovery falls back to list + update", async () => {
  const s = new MemoryStorage({ now: () => Date.now() - 60_000 });
  await s.createStudy({ name: "m", direction: "minimize", seed: 1 });
  await s.createTrial("m", { state: "running" });
  const out = await recoverStaleTrials(s, "m", { timeoutMs: 1000, action: "requeue" });
  assert.deepEqual(
    out.map((t) => [t.number, t.state]),
    [[0, "waiting"]],
  );
});

test("resolveStorage: memory, paths, sqlite: and postgres:// specs", async () => {
  assert.ok(resolveStorage(undefined) instanceof MemoryStorage);
  assert.ok(resolveStorage("memory") instanceof MemoryStorage);
  const a = resolveStorage(join(dir, "plain.db"));
  assert.ok(a instanceof SqliteStorage);
  await a.close?.();
  const b = resolveStorage(`sqlite:${join(dir, "prefixed.db")}`);
  assert.ok(b instanceof SqliteStorage && b.path === join(dir, "prefixed.db"));
  await b.close?.();
  const m = new MemoryStorage();
  assert.equal(resolveStorage(m), m);
  assert.throws(() => resolveStorage("mysql://x/y"), /unsupported storage URL/);
  assert.throws(() => resolveStorage(42 as never), /Storage object or a string/);
  const pg = resolveStorage("postgres://u:secret@127.0.0.1:1/db");
  assert.equal(pg.constructor.name, "PostgresStorage");
  await pg.close?.();
});

test("sqlite: a lock held longer than busy_timeout is waited out, never surfaced as 'database is locked'", async () => {
  const p = dbPath();
  const s = new SqliteStorage(p, { busyTimeoutMs: 100 });
  await s.createStudy({ name: "l", direction: "minimize", seed: 1 });
  await s.createTrial("l", { state: "running" });
  // another process takes the write lock and keeps it for 1.2 s (12 busy timeouts)
  const holder = spawn(
    process.execPath,
    [
      "-e",
      `
    const D = require(${JSON.stringify(createRequire(import.meta.url).resolve("better-sqlite3"))});
    const db = new D(${JSON.stringify(p)});
    db.exec("BEGIN IMMEDIATE"); console.log("locked");
    setTimeout(() => { db.exec("COMMIT"); db.close(); }, 1200);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
  const t0 = Date.now();
  const r = await s.reportIntermediate("l", 0, 0, 0.5);
  const waited = Date.now() - t0;
  assert.equal(r.intermediate.length, 1);
  assert.ok(waited >= 800, `the write went through after ${waited} ms although the lock was held`);
  await new Promise((resolve) => holder.on("exit", resolve));
  await s.close();
});
