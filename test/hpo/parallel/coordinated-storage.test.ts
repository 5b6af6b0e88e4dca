import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CoordinatedStorage, TrialBudgetReachedError, TrialTakenOverError } from "../../../src/hpo/parallel/coordinated-storage.js";
import { MemoryStorage } from "../../../src/hpo/storage/memory.js";
import { SqliteStorage } from "../../../src/hpo/storage/sqlite-storage.js";
import { StaleRecoveryStorage } from "../../../src/hpo/storage/stale-trials.js";
import { SpaceExhaustedError } from "../../../src/hpo/study.js";

const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-coord-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("coordinated: the study-wide budget ends asking (as an exhausted space), enqueued trials are not limited", async () => {
  for (const inner of [new SqliteStorage(join(dir, "budget.db")), new MemoryStorage()]) {
    const s = new CoordinatedStorage(inner, { maxTrials: 2 });
    await s.createStudy({ name: "b", direction: "minimize", seed: 0 });
    await s.createTrial("b", { state: "running" });
    await s.createTrial("b", { state: "running" });
    await assert.rejects(
      s.createTrial("b", { state: "running" }),
      (e: Error) => e instanceof TrialBudgetReachedError && e instanceof SpaceExhaustedError && /budget of 2 trials/.test(e.message),
    );
    assert.equal((await s.createTrial("b", { state: "waiting", params: { x: 1 } })).number, 2);
    await s.close();
  }
});

test("coordinated: a trial taken over by a stale check refuses this process's late writes", async () => {
  let now = 1_000_000;
  const path = join(dir, "takeover.db");
  const slow = new CoordinatedStorage(new SqliteStorage(path, { now: () => now }), { staleTrials: { timeoutMs: 1000, action: "requeue" } });
  const fast = new CoordinatedStorage(new SqliteStorage(path, { now: () => now }), { staleTrials: { timeoutMs: 1000, action: "requeue" } });
  await slow.createStudy({ name: "t", direction: "minimize", seed: 0 });
  const mine = await slow.createTrial("t", { state: "running", params: { x: 1 } });
  await slow.reportIntermediate("t", mine.number, 0, 0.5);
  now += 5000; // the slow process stalls; the fast one recovers and claims the trial
  const claimed = await fast.claimWaitingTrial("t");
  assert.equal(claimed?.number, mine.number);
  assert.equal(claimed?.systemAttrs.retries, 1);
  await assert.rejects(slow.reportIntermediate("t", mine.number, 1, 0.4), TrialTakenOverError);
  await assert.rejects(slow.updateTrial("t", mine.number, { state: "complete", value: 0.4 }), /declared dead/);
  const done = await fast.updateTrial("t", mine.number, { state: "complete", value: 0.3 });
  assert.equal(done.value, 0.3);
  assert.deepEqual(done.intermediate, []);
  await slow.close();
  await fast.close();
});

test("coordinated and staleTrials storages never recover their own process's running trials", async () => {
  let now = 1_000_000;
  const path = join(dir, "own.db");
  const a = new CoordinatedStorage(new SqliteStorage(path, { now: () => now }), { staleTrials: { timeoutMs: 1000, action: "fail" } });
  const b = new StaleRecoveryStorage(new SqliteStorage(path, { now: () => now }), { timeoutMs: 1000, action: "fail" });
  await a.createStudy({ name: "o", direction: "minimize", seed: 0 });
  await a.createTrial("o", { state: "running" }); // 0: a's
  await b.createTrial("o", { state: "running" }); // 1: b's
  now += 10_000; // both look stale to everyone else, e.g. after a long blocking step
  assert.equal(await a.claimWaitingTrial("o"), undefined); // a recovers b's trial only
  assert.deepEqual(
    (await a.listTrials("o")).map((t) => t.state),
    ["running", "failed"],
  );
  await b.claimWaitingTrial("o"); // b recovers a's trial
  assert.deepEqual(
    (await b.listTrials("o")).map((t) => t.state),
    ["failed", "failed"],
  );
  await a.close();
  await b.close();
});
