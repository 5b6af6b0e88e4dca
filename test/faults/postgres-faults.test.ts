// PostgreSQL faults: the server stopped and restarted twice under 3 workers (exactly nTrials finished,
// none twice, none re-queued, every worker alive); a COMMIT whose answer is lost is not redone; a
// read-only role can read a study for analysis.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import pg from "pg";
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from "../hpo/storage/postgres-cluster.js";
import { checkStudy, spawnWorker, type FixtureConfig, type WorkerProcess } from "../hpo/parallel/worker-processes.js";
import { PostgresStorage } from "../../src/hpo/storage/postgres-storage.js";
import { createStudy, float, loadStudy, randomSampler } from "../../src/hpo/index.js";

const skip = findPostgresBin() ? false : "PostgreSQL server binaries not installed (Debian package postgresql)";
let cluster: PostgresCluster | undefined;
before(async () => {
  if (!skip) cluster = await startPostgresCluster({ durable: true }); // durable: the second stop is a crash, and commits must survive it
});
after(() => cluster?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const doneTotal = (ws: WorkerProcess[]) => ws.reduce((n, w) => n + w.done.length, 0);
async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test("postgres stopped and restarted twice under 3 workers: exactly nTrials finished, none twice, every worker alive", { skip, timeout: 90_000 }, async (t) => {
  const url = cluster!.createDatabase("restarts");
  process.env.FIXTURE_STEPS = "5";
  process.env.FIXTURE_STEP_MS = "30"; // ~150 ms per trial: trials are running when the server goes away
  const cfg: FixtureConfig = { storage: url, study: "restarts", nTrials: 36, staleAction: "requeue", heartbeatInterval: 100, staleTimeout: 1500, seed: 3 };
  const workers = [spawnWorker(cfg), spawnWorker(cfg), spawnWorker(cfg)];
  try {
    const t0 = Date.now();
    await until(() => doneTotal(workers) >= 6, "6 finished trials");
    cluster!.halt("fast"); // sessions are terminated (57P01), then connections are refused
    await sleep(1500);
    cluster!.restart();
    await until(() => doneTotal(workers) >= 20, "20 finished trials");
    cluster!.halt("immediate"); // a crash: the server recovers from its WAL on restart
    await sleep(1500);
    cluster!.restart();
    const codes = await Promise.all(workers.map((w) => w.exited));
    for (const [i, c] of codes.entries()) assert.equal(c.code, 0, `worker ${i} exited with ${c.code}: ${workers[i].stderr.join("")}`);
    const { trials, interrupted } = await checkStudy(cfg, workers, 0);
    assert.equal(trials.filter((r) => r.state === "complete").length, 36);
    assert.equal(interrupted, 0, "heartbeats kept every running trial alive across the outages: none re-queued");
    const stderr = workers.map((w) => w.stderr.join(""));
    assert.ok(
      stderr.every((e) => /lost the connection to PostgreSQL/.test(e) && /reconnected to PostgreSQL .* after \d+\.\d s/.test(e)),
      stderr.join("\n"),
    );
    for (const w of workers) assert.ok(w.done.length > 0, "every worker ran trials");
    t.diagnostic(`36 trials, 2 restarts, ${((Date.now() - t0) / 1000).toFixed(1)} s; trials per worker: ${workers.map((w) => w.done.length).join(", ")}`);
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
    delete process.env.FIXTURE_STEPS;
    delete process.env.FIXTURE_STEP_MS;
  }
});

/** A TCP proxy to the server that can cut a connection right after forwarding a COMMIT, before its answer. */
async function commitCutter(port: number): Promise<{ port: number; cutNextCommit(): void; cuts: number; close(): Promise<void> }> {
  let armed = false;
  const state = { cuts: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const up = net.connect(port, "127.0.0.1");
    sockets.add(client).add(up);
    let swallow = false;
    client.on("data", (d) => {
      up.write(d);
      if (armed && d.includes("COMMIT")) {
        armed = false;
        swallow = true; // the server commits; the client never hears it
        state.cuts++;
        setTimeout(() => (client.destroy(), up.destroy()), 100);
      }
    });
    up.on("data", (d) => {
      if (!swallow) client.write(d);
    });
    const end = () => (client.destroy(), up.destroy());
    client.on("error", end).on("close", end);
    up.on("error", end).on("close", end);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    cutNextCommit: () => (armed = true),
    get cuts() {
      return state.cuts;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

test("postgres: a COMMIT whose answer is lost is not redone (operation log): no duplicated trial, no lost finish", { skip, timeout: 30_000 }, async () => {
  const url = cluster!.createDatabase("lostcommit");
  const proxy = await commitCutter(cluster!.port);
  const logs: string[] = [];
  const s = new PostgresStorage(url.replace(`:${cluster!.port}/`, `:${proxy.port}/`), { log: (m) => logs.push(m), maxBackoffMs: 100 });
  try {
    await s.createStudy({ name: "s", direction: "minimize", seed: 0 });
    proxy.cutNextCommit();
    const t0 = await s.createTrial("s", { state: "running", params: { x: 1 } });
    assert.equal(proxy.cuts, 1);
    assert.equal(t0.number, 0);
    proxy.cutNextCommit();
    const claimedNone = await s.claimWaitingTrial("s");
    assert.equal(claimedNone, undefined);
    proxy.cutNextCommit();
    const done = await s.updateTrial("s", 0, { state: "complete", value: 2 });
    assert.equal(done.state, "complete", "the retried finish returns what the lost COMMIT stored (no 'finished trial' error)");
    proxy.cutNextCommit();
    await assert.rejects(s.createStudy({ name: "s", direction: "minimize", seed: 0 }), /already exists/);
    const trials = await s.listTrials("s");
    assert.deepEqual(
      trials.map((r) => [r.number, r.state, r.value]),
      [[0, "complete", 2]],
      "one trial, finished once",
    );
    assert.equal((await s.createTrial("s", { state: "running" })).number, 1, "the counter advanced once per trial");
    assert.ok(proxy.cuts >= 3);
    assert.ok(logs.some((l) => /lost the connection/.test(l)) && logs.some((l) => /reconnected/.test(l)), logs.join("\n"));
  } finally {
    await s.close();
    await proxy.close();
  }
});

test("postgres: a read-only role reads a study for analysis; a write names the permission problem", { skip, timeout: 30_000 }, async () => {
  const url = cluster!.createDatabase("readonly");
  const space = { x: float(0, 1) };
  const study = await createStudy({ name: "ro", space, storage: url, sampler: randomSampler() });
  await study.optimize((p) => p.x, { nTrials: 3 });
  await study.storage.close?.();
  const admin = new pg.Client(url);
  await admin.connect();
  await admin.query("CREATE ROLE reader LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader; REVOKE CREATE ON SCHEMA public FROM PUBLIC");
  await admin.end();
  const roUrl = url.replace("postgres://postgres@", "postgres://reader@");
  const ro = await loadStudy("ro", { space, storage: roUrl });
  assert.equal(ro.trials.length, 3);
  assert.equal(ro.trials.filter((r) => r.state === "complete").length, 3);
  assert.ok(ro.bestValue !== undefined);
  await assert.rejects(ro.ask(), /PostgreSQL error 42501 .*permission denied.*This role may only read: nothing was written/);
  await ro.storage.close?.();
});

test("postgres: readOnly: true reads a study as the owner without writing anything, and creates no schema", { skip, timeout: 30_000 }, async () => {
  const url = cluster!.createDatabase("readonlyopt");
  const space = { x: float(0, 1) };
  const study = await createStudy({ name: "ro", space, storage: url, sampler: randomSampler() });
  await study.optimize((p) => p.x, { nTrials: 3 });
  await study.storage.close?.();
  const storage = new PostgresStorage(url, { readOnly: true });
  const ro = await loadStudy("ro", { space, storage });
  assert.equal(ro.trials.filter((r) => r.state === "complete").length, 3);
  await assert.rejects(ro.ask(), /PostgreSQL error 25006 .*opened with readOnly: true: nothing was written/);
  await storage.close();
  const check = new PostgresStorage(url);
  assert.equal((await check.listTrials("ro")).length, 3, "the refused ask added no trial");
  await check.close();

  const empty = cluster!.createDatabase("readonlyempty");
  const none = new PostgresStorage(empty, { readOnly: true });
  await assert.rejects(none.loadStudy("ro"), /holds no tfjs-tune tables.*nothing was created/);
  await none.close();
  const admin = new pg.Client(empty);
  await admin.connect();
  assert.equal((await admin.query("SELECT to_regclass('tfjs_tune_meta') IS NULL AS none")).rows[0].none, true);
  await admin.end();
});
