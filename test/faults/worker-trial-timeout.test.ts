// `tfjs-tune worker --trial-timeout`: busy-looping trials are ended (their thread terminated) and
// stored as failed, the worker finishes the budget; a second SIGTERM ends a hung trial as failed.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SqliteStorage } from "../../src/hpo/storage/sqlite-storage.js";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const objective = fileURLToPath(new URL("./fixtures/hanging-objective.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-faults-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function worker(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", main, "worker", ...args]);
  const io = { out: "", err: "" };
  child.stdout.on("data", (d) => (io.out += d));
  child.stderr.on("data", (d) => (io.err += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  return { child, io, exited };
}

test("cli worker --trial-timeout: busy loops are ended and failed, the budget is finished", { timeout: 60_000 }, async () => {
  const db = join(dir, "busy.db");
  const w = worker(["--storage", db, "--study", "busy", "--objective", objective, "--n-trials", "4", "--trial-timeout", "0.5", "--heartbeat", "0.2"]);
  assert.equal(await w.exited, 0, w.io.err);
  assert.match(w.io.out, /ran 4 trials/);
  const s = new SqliteStorage(db);
  const trials = await s.listTrials("busy");
  await s.close();
  assert.deepEqual(
    trials.map((t) => t.state),
    ["failed", "complete", "failed", "complete"],
  );
  assert.equal(trials[0].note, "trial timeout: still running after 500 ms");
});

test("cli worker: a second SIGTERM ends a hung trial, stores it as failed and exits", { timeout: 60_000 }, async () => {
  const db = join(dir, "hung.db");
  const w = worker(["--storage", db, "--study", "hung", "--objective", objective, "--export", "hangs", "--heartbeat", "0.2"]);
  for (let i = 0; i < 600 && !/pid \d+: study/.test(w.io.out); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 1000)); // trial 0 hangs now
  w.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(w.child.exitCode, null, "the first SIGTERM waits for the running trial");
  w.child.kill("SIGTERM");
  assert.equal(await w.exited, 0, w.io.err);
  assert.match(w.io.err, /ending the running trial \(stored as failed\)/);
  const s = new SqliteStorage(db);
  const trials = await s.listTrials("hung");
  await s.close();
  assert.equal(trials.length, 1);
  assert.equal(trials[0].state, "failed");
  assert.equal(trials[0].note, "aborted: SIGTERM received twice while the objective ran");
});
