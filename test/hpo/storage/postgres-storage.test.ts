import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { exportStudyJsonl, importStudyJsonl } from "../../../src/hpo/storage/jsonl-study.js";
import { PostgresStorage, redactUrl } from "../../../src/hpo/storage/postgres-storage.js";
import { freePort } from "../../../packages/kernel/src/runner/free-port.js";
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from "./postgres-cluster.js";
import { storageContract } from "./storage-contract.js";

const skip = findPostgresBin() ? false : "PostgreSQL server binaries not installed (Debian package postgresql)";
let cluster: PostgresCluster | undefined;
let url = "";
let db = 0;
before(async () => {
  if (skip) return;
  cluster = await startPostgresCluster();
  url = cluster.createDatabase("contract");
});
after(() => cluster?.stop());

storageContract("postgres", () => new PostgresStorage(url), { skip });

test("postgres: an unreachable server gives a clear error naming the address, password hidden", async () => {
  const port = await freePort();
  const s = new PostgresStorage(`postgres://alice:s3cret@127.0.0.1:${port}/tune`, { connectTimeoutMs: 2000 });
  await assert.rejects(s.loadStudy("x"), (e: Error) => {
    assert.match(e.message, new RegExp(`cannot connect to PostgreSQL at postgres://alice:\\*\\*\\*@127\\.0\\.0\\.1:${port}/tune: ECONNREFUSED`));
    assert.doesNotMatch(e.message, /s3cret/);
    return true;
  });
  await s.close();
  assert.equal(redactUrl("postgresql://u:p@h/db"), "postgresql://u:***@h/db");
});

test("postgres: a missing database is reported clearly", { skip }, async () => {
  const s = new PostgresStorage(cluster!.url.replace(/\/postgres$/, "/no_such_db"));
  await assert.rejects(s.loadStudy("x"), /cannot connect to PostgreSQL .*no_such_db.*does not exist/);
  await s.close();
});

test("postgres: a newer schema version is refused and nothing is changed", { skip }, async () => {
  const u = cluster!.createDatabase(`newer${++db}`);
  const s = new PostgresStorage(u);
  await s.createStudy({ name: "s", direction: "minimize", seed: 1 });
  await s.close();
  const c = new pg.Client(u);
  await c.connect();
  await c.query("UPDATE tfjs_tune_meta SET value = '7' WHERE key = 'schema_version'");
  const s2 = new PostgresStorage(u);
  await assert.rejects(s2.createTrial("s", { state: "running" }), /schema version 7, newer than this tfjs-tune understands \(1\).*Nothing was changed/);
  await s2.close();
  assert.equal((await c.query("SELECT count(*)::int AS n FROM tfjs_tune_trials")).rows[0].n, 0);
  await c.end();
});

test("postgres: shares a database with other applications' tables", { skip }, async () => {
  const u = cluster!.createDatabase(`shared${++db}`);
  const c = new pg.Client(u);
  await c.connect();
  await c.query("CREATE TABLE studies (id int); CREATE TABLE trials (id int); INSERT INTO trials VALUES (1)");
  const s = new PostgresStorage(u);
  await s.createStudy({ name: "s", direction: "minimize", seed: 1 });
  await s.createTrial("s", { state: "running" });
  assert.equal((await c.query("SELECT count(*)::int AS n FROM trials")).rows[0].n, 1);
  await s.close();
  await c.end();
});

test("postgres: 4 storages (own pools) creating and claiming concurrently: no duplicates, exact total", { skip }, async () => {
  const u = cluster!.createDatabase(`conc${++db}`);
  const stores = Array.from({ length: 4 }, () => new PostgresStorage(u, { poolSize: 2 }));
  await stores[0].createStudy({ name: "c", direction: "minimize", seed: 1 });
  for (let i = 0; i < 10; i++) await stores[0].createTrial("c", { state: "waiting", params: { i } });
  const claimed: number[] = [];
  const created: number[] = [];
  await Promise.all(
    stores.map(async (s) => {
      for (;;) {
        const w = await s.claimWaitingTrial("c");
        if (w) {
          claimed.push(w.number);
          continue;
        }
        const t = await s.createTrialWithin("c", { state: "running" }, 30);
        if (!t) break;
        created.push(t.number);
        await s.reportIntermediate("c", t.number, 0, t.number);
        await s.updateTrial("c", t.number, { state: "complete", value: t.number });
      }
    }),
  );
  assert.deepEqual(
    [...claimed].sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.deepEqual(
    [...created].sort((a, b) => a - b),
    Array.from({ length: 20 }, (_, i) => i + 10),
  );
  const all = await stores[1].listTrials("c");
  assert.equal(all.length, 30);
  assert.deepEqual(
    all.map((t) => t.number),
    Array.from({ length: 30 }, (_, i) => i),
  );
  await Promise.all(stores.map((s) => s.close()));
});

test("postgres: stale recovery from two processes at once re-queues each dead trial once", { skip }, async () => {
  const u = cluster!.createDatabase(`stale${++db}`);
  const a = new PostgresStorage(u);
  const b = new PostgresStorage(u);
  await a.createStudy({ name: "s", direction: "minimize", seed: 1 });
  for (let i = 0; i < 6; i++) await a.createTrial("s", { state: "running", params: { i } });
  await a.reportIntermediate("s", 0, 0, 1);
  await new Promise((r) => setTimeout(r, 250));
  await a.heartbeat("s", 5);
  const [ra, rb] = await Promise.all([
    a.recoverStaleTrials("s", { timeoutMs: 200, action: "requeue" }),
    b.recoverStaleTrials("s", { timeoutMs: 200, action: "requeue" }),
  ]);
  const numbers = [...ra, ...rb].map((t) => t.number).sort();
  assert.deepEqual(numbers, [0, 1, 2, 3, 4]);
  const trials = await a.listTrials("s");
  assert.deepEqual(
    trials.map((t) => t.state),
    ["waiting", "waiting", "waiting", "waiting", "waiting", "running"],
  );
  assert.equal(trials[0].intermediate.length, 0);
  assert.equal(trials[0].systemAttrs.retries, 1);
  await Promise.all([a.close(), b.close()]);
});

test("postgres: JSON-lines export → import keeps every trial field", { skip }, async () => {
  const s = new PostgresStorage(cluster!.createDatabase(`jsonl${++db}`));
  await s.createStudy({ name: "a", direction: "maximize", seed: 5, userAttrs: { k: "v" } });
  await s.createTrial("a", { state: "running", params: { lr: 0.1, act: "relu" }, why: "random" });
  await s.reportIntermediate("a", 0, 0, 0.5);
  await s.reportIntermediate("a", 0, 1, NaN);
  await s.updateTrial("a", 0, { state: "complete", value: 0.6, systemAttrs: { rung: 1 } });
  await s.createTrial("a", { state: "waiting", params: { lr: 0.2, act: "tanh" }, why: "enqueued" });
  const text = await exportStudyJsonl(s, "a");
  await importStudyJsonl(s, text, { name: "b" });
  assert.deepEqual(await s.listTrials("b"), await s.listTrials("a"));
  await assert.rejects(s.importTrial("b", (await s.listTrials("a"))[0]), /expects trial 2 next, got trial 0/);
  await s.close();
});
