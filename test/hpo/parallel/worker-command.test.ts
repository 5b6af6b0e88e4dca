// `tfjs-tune worker` end to end (through src/cli/main.ts) on a SQLite file, and its argument errors.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { Command } from "commander";
import { formatTrialLine, registerWorkerCommand } from "../../../src/cli/worker-command.js";
import { SqliteStorage } from "../../../src/hpo/storage/sqlite-storage.js";

const main = fileURLToPath(new URL("../../../src/cli/main.ts", import.meta.url));
const objective = fileURLToPath(new URL("./fixtures/objective.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", main, "worker", ...args], { encoding: "utf8", timeout: 60_000 });

test("cli worker: runs the study-wide budget and prints one line per trial", { timeout: 60_000 }, async () => {
  const db = join(dir, "cli.db");
  const r = cli("--storage", `sqlite:${db}`, "--study", "demo", "--objective", objective, "--n-trials", "5", "--seed", "9", "--heartbeat", "0.2");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /study "demo" in sqlite:.*cli\.db, 5 trials in all/);
  assert.equal(r.stdout.match(/^trial \d+ complete value=/gm)?.length, 5);
  assert.match(r.stdout, /ran 5 trials, recovered 0 from dead workers \(study budget used up\)/);
  const again = new Command("tfjs-tune").exitOverride();
  registerWorkerCommand(again);
  await again.parseAsync(["node", "tfjs-tune", "worker", "--storage", db, "--study", "demo", "--objective", objective, "--n-trials", "5", "--quiet"]);
  const s = new SqliteStorage(db);
  const trials = await s.listTrials("demo");
  assert.equal(trials.length, 5);
  assert.equal((await s.loadStudy("demo"))?.seed, 9);
  await s.close();
});

test("cli worker: clear errors for bad arguments and a bad objective module", async () => {
  const parse = (...args: string[]) => {
    const program = new Command("tfjs-tune").exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerWorkerCommand(program);
    return program.parseAsync(["node", "tfjs-tune", "worker", ...args]);
  };
  await assert.rejects(parse("--study", "x", "--objective", objective), /required option '--storage <url>' not specified/);
  await assert.rejects(
    parse("--storage", join(dir, "b.db"), "--study", "x", "--objective", objective, "--on-stale", "retry"),
    /--on-stale expects "fail" or "requeue", got "retry"/,
  );
  await assert.rejects(
    parse("--storage", join(dir, "b.db"), "--study", "x", "--objective", objective, "--n-trials", "2.5"),
    /--n-trials expects a positive integer, got "2.5"/,
  );
  await assert.rejects(
    parse("--storage", join(dir, "c.db"), "--study", "x", "--objective", objective, "--export", "nope", "--n-trials", "1", "--quiet"),
    /has no exported function "nope"/,
  );
  await assert.rejects(
    parse("--storage", join(dir, "c.db"), "--study", "x", "--objective", join(dir, "missing.js"), "--quiet"),
    /cannot import objective module .*missing\.js/,
  );
});

test("cli worker: formatTrialLine", () => {
  const line = formatTrialLine({
    number: 3,
    state: "complete",
    params: { lr: 0.00123456, opt: "adam" },
    value: 0.812345678,
    intermediate: [],
    why: "",
    note: undefined,
    createdAt: 0,
    startedAt: 1000,
    completedAt: 3500,
    heartbeatAt: undefined,
    userAttrs: {},
    systemAttrs: {},
  });
  assert.equal(line, 'trial 3 complete value=0.812346 (2.5 s) lr=0.001235 opt="adam"');
});

test("cli worker: SIGTERM finishes the running trial, stores it and exits cleanly", { timeout: 60_000 }, async () => {
  const db = join(dir, "sigterm.db");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", main, "worker", "--storage", db, "--study", "sig", "--objective", objective, "--heartbeat", "0.2"],
    {
      env: { ...process.env, FIXTURE_STEPS: "40", FIXTURE_STEP_MS: "25" }, // ~1 s per trial, no budget: runs until stopped
    },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (/^trial 0 complete/m.test(out)) {
        clearInterval(poll);
        resolve();
      }
    }, 20);
  });
  child.kill("SIGTERM"); // trial 1 is running now
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  assert.equal(code, 0, err);
  assert.match(err, /SIGTERM: finishing the running trial/);
  assert.match(out, /\(stopped\)/);
  const s = new SqliteStorage(db);
  const trials = await s.listTrials("sig");
  assert.ok(trials.length >= 2);
  assert.deepEqual(
    trials.filter((t) => t.state !== "complete").map((t) => t.number),
    [],
    "no trial left running",
  );
  await s.close();
});
