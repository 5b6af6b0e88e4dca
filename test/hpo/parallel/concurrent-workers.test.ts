// 2 and 4 worker processes sharing one SQLite file and one PostgreSQL database: no lock error
// reaches anyone, no duplicate trial numbers, the total count exact.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from "../storage/postgres-cluster.js";
import { checkStudy, spawnWorker, type FixtureConfig } from "./worker-processes.js";

const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-conc-"));
const skipPg = findPostgresBin() ? false : "PostgreSQL server binaries not installed (Debian package postgresql)";
let cluster: PostgresCluster | undefined;
before(async () => {
  if (!skipPg) cluster = await startPostgresCluster();
});
after(() => {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function runConcurrent(cfg: FixtureConfig, workers: number): Promise<void> {
  const procs = Array.from({ length: workers }, () => spawnWorker({ ...cfg, waitGo: true }));
  await Promise.all(procs.map((p) => p.ready));
  for (const p of procs) p.go(); // start together, so they contend for the same rows
  const exits = await Promise.all(procs.map((p) => p.exited));
  exits.forEach((e, i) => assert.equal(e.code, 0, `worker ${i} exited with ${e.code}: ${procs[i].stderr.join("")}`));
  const { trials } = await checkStudy(cfg, procs, 0);
  assert.ok(trials.every((t) => t.state === "complete"));
  const busy = procs.filter((p) => p.done.length > 0).length;
  assert.ok(busy >= 2, `only ${busy} of ${workers} workers ran trials`);
}

for (const workers of [2, 4]) {
  test(`sqlite: ${workers} worker processes on one file`, { timeout: 60_000 }, async () => {
    await runConcurrent({ storage: join(dir, `w${workers}.db`), study: "conc", nTrials: 12 * workers, seed: workers, staleTimeout: 10_000 }, workers);
  });
  test(`postgres: ${workers} worker processes on one database`, { skip: skipPg, timeout: 60_000 }, async () => {
    await runConcurrent(
      { storage: cluster!.createDatabase(`conc${workers}`), study: "conc", nTrials: 12 * workers, seed: workers, staleTimeout: 10_000 },
      workers,
    );
  });
}
