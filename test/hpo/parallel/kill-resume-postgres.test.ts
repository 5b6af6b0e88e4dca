// kill -9 of worker processes at random points on one PostgreSQL database (private cluster):
// after resume every finished trial is present, none ran twice, interrupted ones handled as configured.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from "../storage/postgres-cluster.js";
import { checkStudy, killCampaign, type FixtureConfig } from "./worker-processes.js";

const skip = findPostgresBin() ? false : "PostgreSQL server binaries not installed (Debian package postgresql)";
let cluster: PostgresCluster | undefined;
before(async () => {
  if (!skip) cluster = await startPostgresCluster();
});
after(() => cluster?.stop());

for (const [i, staleAction] of (["fail", "requeue"] as const).entries()) {
  test(
    `postgres: 10 kill -9 of 2 concurrent workers, stale trials ${staleAction === "fail" ? "failed" : "re-queued"}`,
    { skip, timeout: 90_000 },
    async (t) => {
      const url = cluster!.createDatabase(`kill_${staleAction}`);
      const cfg: FixtureConfig = { storage: url, study: "kill", nTrials: 45, staleAction, heartbeatInterval: 50, staleTimeout: 1500, seed: 21 + i };
      const { processes, kills } = await killCampaign(cfg, { kills: 10, victims: 2, spare: 1, seed: 201 + i });
      assert.ok(kills >= 10, `only ${kills} kills happened before the study finished`);
      const { interrupted } = await checkStudy(cfg, processes, kills);
      t.diagnostic(`${kills} kills, ${interrupted} trials interrupted and ${staleAction === "fail" ? "failed" : "re-queued"}, ${processes.length} processes`);
    },
  );
}
