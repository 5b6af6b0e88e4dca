import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryStorage } from "../../../src/hpo/storage/memory.js";

test("memory storage allocates gap-free numbers and keeps finished trials immutable", async () => {
  let t = 1000;
  const s = new MemoryStorage({ now: () => t++ });
  await s.createStudy({ name: "x", direction: "minimize", seed: 1 });
  await assert.rejects(s.createStudy({ name: "x", direction: "minimize", seed: 1 }), /already exists/);
  const made = await Promise.all([0, 1, 2].map(() => s.createTrial("x", { state: "running" })));
  assert.deepEqual(
    made.map((r) => r.number),
    [0, 1, 2],
  );
  await s.reportIntermediate("x", 0, 1, 0.5);
  await s.reportIntermediate("x", 0, 0, 0.7);
  const r = await s.reportIntermediate("x", 0, 1, 0.4);
  assert.deepEqual(r.intermediate, [
    { step: 0, value: 0.7 },
    { step: 1, value: 0.4 },
  ]);
  const done = await s.updateTrial("x", 0, { state: "complete", value: 0.4 });
  assert.ok(Object.isFrozen(done) && done.completedAt !== undefined);
  await assert.rejects(s.updateTrial("x", 0, { state: "running" }), /already complete/);
  await assert.rejects(s.updateTrial("x", 1, { state: "complete", value: NaN }), /finite value/);
  await s.createTrial("x", { state: "waiting", params: { a: 1 } });
  const claimed = await s.claimWaitingTrial("x");
  assert.equal(claimed?.number, 3);
  assert.equal(claimed?.state, "running");
  assert.equal(await s.claimWaitingTrial("x"), undefined);
  assert.equal((await s.listTrials("x", { states: ["complete"] })).length, 1);
  await s.heartbeat("x", 1);
  assert.ok((await s.listTrials("x"))[1].heartbeatAt! > 0);
  await assert.rejects(s.listTrials("nope"), /no study named "nope"/);
});
