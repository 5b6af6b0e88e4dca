// Benchmark of durable and parallel studies (npm run bench:storage):
//  1. trials/minute of a short CPU-bound objective with 1 and 2 worker threads (target ≥ 1.8× on 2 cores);
//  2. storage overhead per reported step (and per create+finish) for memory, SQLite and PostgreSQL.
// PostgreSQL: a private durable cluster (fsync on) is started when the server binaries are installed,
// or set TFJS_TUNE_PG_URL to use an existing server. Options: --busy-ms N --trials N --steps N
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ThreadPool } from "../../src/hpo/parallel/thread-pool.js";
import { randomSampler } from "../../src/hpo/samplers/random.js";
import { createStudy } from "../../src/hpo/study.js";
import { MemoryStorage } from "../../src/hpo/storage/memory.js";
import { PostgresStorage } from "../../src/hpo/storage/postgres-storage.js";
import { SqliteStorage } from "../../src/hpo/storage/sqlite-storage.js";
import type { Storage } from "../../src/hpo/types.js";
import { space, spin } from "../../test/hpo/parallel/fixtures/objective.js";
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from "../../test/hpo/storage/postgres-cluster.js";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const busyMs = arg("busy-ms", 250);
const nTrials = arg("trials", 16);
const steps = arg("steps", 300);
const objectiveModule = new URL("../../test/hpo/parallel/fixtures/objective.ts", import.meta.url).href;

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Iterations of `spin` that take about `ms` of CPU time (CPU, not wall: the machine may be shared). */
function calibrate(ms: number): number {
  let iters = 1e5;
  for (;;) {
    const c = cpuSeconds();
    spin(iters);
    const took = (cpuSeconds() - c) * 1000;
    if (took > 100) return Math.round((iters * ms) / took);
    iters *= 4;
  }
}

async function throughput(threads: number, iters: number, exportName = "busy"): Promise<{ perMinute: number; wall: number; cpu: number }> {
  const study = await createStudy({ space, sampler: randomSampler(), seed: 1 });
  const env = { ...process.env, FIXTURE_BUSY_ITERS: String(iters), FIXTURE_SLEEP_MS: String(busyMs) };
  const pool = new ThreadPool({ module: objectiveModule, export: exportName, threads, env });
  try {
    await pool.ready(); // thread start-up (module import) is not part of the measurement
    const t0 = performance.now();
    const c0 = cpuSeconds();
    await study.optimize(pool.objective() as never, { nTrials, concurrency: threads });
    const wall = (performance.now() - t0) / 1000;
    if (study.trials.some((t) => t.state !== "complete")) throw new Error("a benchmark trial did not complete");
    return { perMinute: (nTrials / wall) * 60, wall, cpu: cpuSeconds() - c0 };
  } finally {
    await pool.close();
  }
}

async function overhead(label: string, storage: Storage): Promise<string> {
  const name = `bench-${Date.now()}`;
  await storage.createStudy({ name, direction: "minimize", seed: 0 });
  // per reported step
  await storage.createTrial(name, { state: "running", params: { x: 0.1, k: 2 } });
  for (let s = 0; s < 5; s++) await storage.reportIntermediate(name, 0, s, s); // warm-up
  const t0 = performance.now();
  for (let s = 5; s < steps + 5; s++) await storage.reportIntermediate(name, 0, s, 1 / (s + 1));
  const perStep = (performance.now() - t0) / steps;
  await storage.updateTrial(name, 0, { state: "complete", value: 0.5 });
  // per trial: create + finish
  const nT = Math.max(20, Math.floor(steps / 5));
  const t1 = performance.now();
  for (let i = 1; i <= nT; i++) {
    await storage.createTrial(name, { state: "running", params: { x: i / nT, k: 1 } });
    await storage.updateTrial(name, i, { state: "complete", value: i });
  }
  const perTrial = (performance.now() - t1) / nT;
  const t2 = performance.now();
  const listed = await storage.listTrials(name);
  const list = performance.now() - t2;
  await storage.close?.();
  return `${label.padEnd(34)} ${perStep.toFixed(3).padStart(9)} ms ${perTrial.toFixed(3).padStart(12)} ms ${list.toFixed(1).padStart(9)} ms (${listed.length} trials, ${steps + 5} steps)`;
}

async function main(): Promise<void> {
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")} (shared machine: other load lowers the 2-thread ratio)`,
  );
  const iters = calibrate(busyMs);
  console.log(
    `\n1) throughput: ${nTrials} trials of a fixed CPU-bound objective (${iters} iterations ≈ ${busyMs} ms of CPU), memory storage, random sampler, worker threads`,
  );
  const one = await throughput(1, iters);
  const two = await throughput(2, iters);
  const row = (n: number, r: typeof one) =>
    `   ${n} thread${n > 1 ? "s" : " "}: ${r.perMinute.toFixed(1).padStart(6)} trials/min (wall ${r.wall.toFixed(2)} s, process CPU ${r.cpu.toFixed(2)} s = ${(r.cpu / r.wall).toFixed(2)} cores busy, ${((r.cpu / nTrials) * 1000).toFixed(0)} ms CPU per trial)`;
  console.log(row(1, one));
  console.log(row(2, two));
  console.log(
    `   speed-up : ${(two.perMinute / one.perMinute).toFixed(2)}× (target ≥ 1.80× on 2 idle cores); CPU share obtained 2 vs 1 thread: ${(two.cpu / two.wall / (one.cpu / one.wall)).toFixed(2)}×`,
  );
  console.log(
    `   load average after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  const s1 = await throughput(1, 0, "sleepy");
  const s2 = await throughput(2, 0, "sleepy");
  console.log(
    `   dispatch check (objective sleeps ${busyMs} ms, no CPU): 1 thread ${s1.perMinute.toFixed(1)}, 2 threads ${s2.perMinute.toFixed(1)} trials/min = ${(s2.perMinute / s1.perMinute).toFixed(2)}× (2.00× = no serialization in study/pool)`,
  );

  console.log(`\n2) storage overhead (one process, durable settings unless noted)`);
  console.log(`${"storage".padEnd(34)} ${"per report".padStart(12)} ${"create+finish".padStart(15)} ${"listTrials".padStart(12)}`);
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-bench-"));
  let cluster: PostgresCluster | undefined;
  try {
    console.log(await overhead("memory", new MemoryStorage()));
    console.log(await overhead("sqlite (WAL, synchronous=FULL)", new SqliteStorage(join(dir, "full.db"))));
    console.log(await overhead("sqlite (WAL, synchronous=NORMAL)", new SqliteStorage(join(dir, "normal.db"), { synchronous: "normal" })));
    let url = process.env.TFJS_TUNE_PG_URL;
    if (!url && findPostgresBin()) {
      cluster = await startPostgresCluster({ durable: true });
      url = cluster.createDatabase("bench");
    }
    if (url) console.log(await overhead(`postgres (${process.env.TFJS_TUNE_PG_URL ? "given server" : "local, fsync on"})`, new PostgresStorage(url)));
    else console.log("postgres: skipped (no server binaries and no TFJS_TUNE_PG_URL)");
  } finally {
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
