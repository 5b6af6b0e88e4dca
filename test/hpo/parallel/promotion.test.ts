// Promotion schedulers with worker threads and with shared-storage workers: nTrials (the study-wide budget
// for runWorker) counts new trials only; resumes come on top and the run drains before it returns.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runWorker } from "../../../src/hpo/parallel/run-worker.js";
import { randomSampler } from "../../../src/hpo/samplers/random.js";
import { asha } from "../../../src/hpo/schedulers/asha.js";
import { resolveStorage } from "../../../src/hpo/storage/resolve-storage.js";
import { createStudy } from "../../../src/hpo/study.js";
import type { TrialRecord } from "../../../src/hpo/types.js";
import { maxStep, scheduler as moduleScheduler, space } from "./fixtures/promotion-objective.js";

const module = new URL("./fixtures/promotion-objective.ts", import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-promo-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Nothing left paused or running, the best one complete. */
function assertDrained(trials: readonly TrialRecord[], label: string): void {
  assert.equal(moduleScheduler.resume!({ trials, direction: "minimize", draining: true }), undefined, `${label}: a promotable trial was left paused`);
  // at the natural end the trials that were not promoted are stored as pruned, saying so (leftPaused "prune")
  assert.ok(
    trials.every((t) => t.state === "complete" || (t.state === "pruned" && /^not promoted before/.test(t.note ?? ""))),
    `${label}: ${trials.map((t) => t.state).join(",")}`,
  );
  assert.ok(
    trials.some((t) => t.state === "complete" && t.intermediate.length === maxStep),
    `${label}: no trial reached maxStep`,
  );
}

test("threads: resumes do not count toward nTrials, and the run drains", { timeout: 60_000 }, async () => {
  const study = await createStudy({ space, sampler: randomSampler(), scheduler: asha({ maxStep, eta: 3 }), seed: 3 });
  const res = await study.optimize({ module }, { workers: "threads", nTrials: 10, concurrency: 2 });
  assert.equal(study.trials.length, 10);
  assert.equal(res.stoppedBy, "nTrials");
  assert.ok(res.resumed > 0);
  assert.equal(res.trials.length, 10 + res.resumed, "one record per objective run");
  assert.deepEqual(
    res.paused,
    study.trials.filter((t) => t.state === "paused").map((t) => t.number),
  );
  assertDrained(study.trials, "threads");
});

test("runWorker: the study-wide budget counts new trials; two workers on one SQLite file drain the promotions", { timeout: 60_000 }, async () => {
  const storage = join(dir, "promo.db");
  const common = { storage, study: "promo", objective: { module }, nTrials: 10, heartbeatInterval: 200, seed: 2 };
  const [a, b] = await Promise.all([runWorker(common), runWorker(common)]);
  assert.deepEqual([a.stoppedBy, b.stoppedBy], ["budget", "budget"]);
  const s = resolveStorage(storage);
  try {
    const trials = await s.listTrials("promo");
    assert.equal(trials.length, 10, "exactly the budget of new trials");
    const runs = a.trials.length + b.trials.length;
    assert.ok(runs > 10, `${runs} objective runs: some were resumes`);
    assert.ok(trials.some((t) => typeof t.systemAttrs.resumeReason === "string"));
    assertDrained(trials, "runWorker");
  } finally {
    await s.close?.();
  }
});
