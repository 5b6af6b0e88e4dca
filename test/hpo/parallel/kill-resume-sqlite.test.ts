// kill -9 of worker processes at random points on one SQLite file: after resume every finished trial
// is present, none ran twice, interrupted ones are failed or re-queued as configured.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { checkStudy, killCampaign, type FixtureConfig } from "./worker-processes.js";

const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-kill-"));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const [i, staleAction] of (["fail", "requeue"] as const).entries()) {
  test(`sqlite: 10 kill -9 of 2 concurrent workers, stale trials ${staleAction === "fail" ? "failed" : "re-queued"}`, { timeout: 90_000 }, async (t) => {
    const cfg: FixtureConfig = {
      storage: join(dir, `${staleAction}.db`),
      study: "kill",
      nTrials: 45,
      staleAction,
      heartbeatInterval: 50,
      staleTimeout: 1500,
      seed: 11 + i,
    };
    const { processes, kills } = await killCampaign(cfg, { kills: 10, victims: 2, spare: 1, seed: 101 + i });
    assert.ok(kills >= 10, `only ${kills} kills happened before the study finished`);
    const { interrupted } = await checkStudy(cfg, processes, kills);
    t.diagnostic(`${kills} kills, ${interrupted} trials interrupted and ${staleAction === "fail" ? "failed" : "re-queued"}, ${processes.length} processes`);
  });
}
