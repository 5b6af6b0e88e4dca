// Helpers for the multi-process tests: spawn fixture workers, kill -9 them at random points, check the study.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expected } from "./fixtures/objective.js";
import { resolveStorage } from "../../../src/hpo/storage/resolve-storage.js";
import type { TrialRecord } from "../../../src/hpo/types.js";
import { mulberry32 } from "../../../src/util/rng.js";

const fixture = fileURLToPath(new URL("./fixtures/worker-process.ts", import.meta.url));

/** Config passed to the fixture worker (see fixtures/worker-process.ts). */
export interface FixtureConfig {
  storage: string;
  study: string;
  nTrials: number;
  staleAction?: "fail" | "requeue";
  heartbeatInterval?: number;
  staleTimeout?: number;
  threads?: number;
  seed?: number;
  export?: string;
}

/** A spawned fixture worker. */
export interface WorkerProcess {
  child: ChildProcess;
  /** "done" lines: trial number → [state, value] as printed after the trial was stored. */
  done: Array<{ number: number; state: string; value: number }>;
  stderr: string[];
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Lets a worker spawned with waitGo start working. */
  go(): void;
  /** Resolves once `n` trials were reported done (or the process exited). */
  doneCount(n: number): Promise<void>;
  /** Resolves once `n` trials were started (or the process exited). */
  startCount(n: number): Promise<void>;
}

/** Spawns a fixture worker process (through tsx). */
export function spawnWorker(cfg: FixtureConfig & { waitGo?: boolean }): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", fixture, JSON.stringify(cfg)], { stdio: ["pipe", "pipe", "pipe"] });
  const done: WorkerProcess["done"] = [];
  const stderr: string[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const startWaiters: Array<{ n: number; resolve: () => void }> = [];
  let started = 0;
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  let buf = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line === "ready") readyResolve();
      const m = /^done (\d+) (\w+) (\S+)$/.exec(line);
      if (m) done.push({ number: Number(m[1]), state: m[2], value: Number(m[3]) });
      if (line.startsWith("start ")) started++;
      for (const w of waiters.filter((x) => done.length >= x.n)) w.resolve();
      for (const w of startWaiters.filter((x) => started >= x.n)) w.resolve();
    }
  });
  child.stderr!.setEncoding("utf8").on("data", (c: string) => stderr.push(c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      readyResolve();
      for (const w of [...waiters, ...startWaiters]) w.resolve();
      resolve({ code, signal });
    }),
  );
  child.stdin!.on("error", () => undefined);
  return {
    child,
    done,
    stderr,
    ready,
    exited,
    go: () => child.stdin!.write("go\n"),
    doneCount: (n) => (done.length >= n || child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    startCount: (n) => (started >= n || child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => startWaiters.push({ n, resolve }))),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `victims` workers at a time and kill -9s each at a random point (mostly inside a running
 * trial, else anywhere), `kills` times in all, keeping `spare` pre-started workers warm; then finishes the
 * study with two clean workers. Returns every process spawned.
 */
export async function killCampaign(
  cfg: FixtureConfig,
  options: { kills: number; victims?: number; spare?: number; seed?: number },
): Promise<{ processes: WorkerProcess[]; kills: number }> {
  const rand = mulberry32(options.seed ?? 1);
  const processes: WorkerProcess[] = [];
  const warm: WorkerProcess[] = [];
  const fill = (want: number) => {
    while (warm.length < want) {
      const w = spawnWorker({ ...cfg, waitGo: true });
      processes.push(w);
      warm.push(w);
    }
  };
  let kills = 0;
  let reserved = 0; // kills promised to running victims, so that two victims never overshoot
  let budgetDone = false;
  const victim = async () => {
    while (reserved < options.kills && !budgetDone) {
      reserved++;
      fill(1);
      const w = warm.shift()!;
      fill(Math.min(options.spare ?? 1, options.kills - reserved)); // warm up only workers that will be needed
      await w.ready;
      w.go();
      // 70 %: inside a running trial (0–10 ms after its start: mid-report or about to finish);
      // 30 %: anywhere (start-up, recovery, between trials, while finishing) 0–60 ms after a finished trial
      const after = Math.floor(rand() * 3);
      if (rand() < 0.7) {
        await w.startCount(after + 1);
        await Promise.race([sleep(rand() * 10), w.exited]);
      } else {
        await w.doneCount(after);
        await Promise.race([sleep(rand() * 60), w.exited]);
      }
      if (w.child.exitCode !== null) {
        budgetDone = true; // finished the whole study before being killed
        reserved--;
        break;
      }
      kills++;
      w.child.kill("SIGKILL");
      await w.exited;
    }
  };
  await Promise.all(Array.from({ length: options.victims ?? 2 }, victim));
  for (const w of warm) w.child.kill("SIGKILL");
  await Promise.all(warm.map((w) => w.exited));
  const finals = [spawnWorker(cfg), spawnWorker(cfg)];
  processes.push(...finals);
  const codes = await Promise.all(finals.map((w) => w.exited));
  for (const [i, c] of codes.entries()) assert.equal(c.code, 0, `final worker ${i} exited with ${c.code}: ${finals[i].stderr.join("")}`);
  return { processes, kills };
}

/** Checks the invariants after a kill campaign or a concurrent run; returns the trials. */
export async function checkStudy(
  cfg: FixtureConfig,
  processes: WorkerProcess[],
  kills: number,
): Promise<{ trials: readonly TrialRecord[]; interrupted: number }> {
  for (const p of processes) {
    const err = p.stderr.join("");
    assert.doesNotMatch(err, /locked|SQLITE_BUSY|worker error|deadlock/i, `a worker printed: ${err}`);
  }
  const storage = resolveStorage(cfg.storage);
  try {
    const trials = await storage.listTrials(cfg.study);
    assert.equal(trials.length, cfg.nTrials, "total number of trials");
    assert.deepEqual(
      trials.map((t) => t.number),
      Array.from({ length: cfg.nTrials }, (_, i) => i),
      "gap-free, unique numbers",
    );
    assert.deepEqual(
      trials.filter((t) => t.state === "running" || t.state === "waiting").map((t) => t.number),
      [],
      "no trial left running or waiting",
    );
    const printed = new Map<number, { state: string; value: number }>();
    for (const p of processes) {
      for (const d of p.done) {
        assert.ok(!printed.has(d.number), `trial ${d.number} was finished twice (ran twice)`);
        printed.set(d.number, d);
      }
    }
    for (const [n, d] of printed) {
      assert.equal(trials[n].state, d.state, `trial ${n}: state in storage vs reported done`);
      assert.equal(trials[n].value, d.value, `trial ${n}: value in storage vs reported done`);
    }
    for (const t of trials) {
      if (t.state === "complete") assert.equal(t.value, expected(t.params as { x: number; k: number }), `trial ${t.number} value matches its params`);
    }
    const action = cfg.staleAction ?? "fail";
    const interrupted = trials.filter((t) =>
      action === "fail" ? t.state === "failed" : typeof t.systemAttrs.retries === "number" && t.systemAttrs.retries > 0,
    );
    for (const t of interrupted) assert.match(t.note ?? "", /no heartbeat/, `trial ${t.number} note`);
    if (action === "fail")
      assert.deepEqual(
        trials.filter((t) => t.state !== "complete" && t.state !== "failed").map((t) => t.number),
        [],
      );
    else
      assert.deepEqual(
        trials.filter((t) => t.state !== "complete").map((t) => t.number),
        [],
        "requeue: every trial completes eventually",
      );
    assert.ok(interrupted.length <= kills, `${interrupted.length} interrupted trials but only ${kills} kills`);
    if (kills >= 10) assert.ok(interrupted.length > 0, `no trial was interrupted by ${kills} kills`);
    return { trials, interrupted: interrupted.length };
  } finally {
    await storage.close?.();
  }
}
