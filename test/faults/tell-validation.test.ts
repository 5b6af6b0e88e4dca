// `tell` with a malformed value fails the trial (never leaves it running) and says why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStudy, float, randomSampler } from "../../src/hpo/index.js";
import { SqliteStorage } from "../../src/hpo/storage/sqlite-storage.js";
import { tellResultProblem } from "../../src/hpo/tell-result.js";

const space = { x: float(0, 1) };

test("a string, null, a list, an unknown state or key: the trial is failed with the reason and tell throws", async () => {
  const study = await createStudy({ space, sampler: randomSampler() });
  const bad: Array<[unknown, RegExp]> = [
    ["0.5", /got the string "0\.5" \(convert it with Number/],
    [null, /got null/],
    [undefined, /got undefined/],
    [[0.1, 0.2], /a list is for a multi-objective study/],
    [{ state: "done", value: 1 }, /state must be one of/],
    [{ state: "complete" }, /needs a value/],
    [{ state: "complete", value: "1" }, /value must be a number, got the string "1"/],
    [{ state: "failed", reason: "x" }, /unknown key "reason"/],
    [{ state: "failed", note: 3 }, /note must be a string/],
  ];
  for (const [value, why] of bad) {
    const t = await study.ask();
    await assert.rejects(study.tell(t, value as never), (e: Error) => e instanceof TypeError && why.test(e.message) && /recorded as failed/.test(e.message));
    const rec = study.trials[t.number];
    assert.equal(rec.state, "failed", JSON.stringify(value));
    assert.match(rec.note ?? "", why);
  }
  assert.equal((await study.refresh()).filter((r) => r.state === "running").length, 0, "no trial left running");
});

test("numbers and explicit states are accepted: NaN fails, a finite value completes", async () => {
  const study = await createStudy({ space, sampler: randomSampler() });
  const t1 = await study.ask();
  assert.equal((await study.tell(t1, NaN)).state, "failed");
  const t2 = await study.ask();
  assert.equal((await study.tell(t2, 0.25)).value, 0.25);
  const t3 = await study.ask();
  assert.equal((await study.tell(t3, { state: "failed", note: "out of memory" })).note, "out of memory");
  assert.equal(tellResultProblem([1, 2], 2), undefined);
  assert.match(tellResultProblem([1], 2) ?? "", /expected 2 values/);
  assert.match(tellResultProblem([1, "a"], 2) ?? "", /value 1 of the list/);
});

test("multi-objective: one number, a short list or a non-number in the list fails the trial; a list of finite numbers completes (SQLite, reopened)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-tell-"));
  try {
    const file = join(dir, "mo.db");
    const study = await createStudy({ name: "mo", space, storage: file, directions: ["minimize", "maximize"], sampler: randomSampler() });
    const bad: Array<[unknown, RegExp]> = [
      [0.5, /expected 2 values \(one per objective\), got one number 0\.5/],
      [[0.5], /expected 2 values .*got a list of 1 value/],
      [[0.5, "0.7"], /value 1 of the list is the string "0\.7", expected a number/],
      [{ state: "complete", value: [1, null] }, /value 1 of the list is null/],
    ];
    for (const [value, why] of bad) {
      const t = await study.ask();
      await assert.rejects(study.tell(t, value as never), (e: Error) => e instanceof TypeError && why.test(e.message));
    }
    const ok = await study.ask();
    assert.deepEqual((await study.tell(ok, [0.25, 0.75])).values, [0.25, 0.75]);
    const nan = await study.ask();
    assert.equal((await study.tell(nan, [0.25, NaN])).state, "failed", "a non-finite objective fails the trial");
    await study.storage.close?.();
    const storage = new SqliteStorage(file);
    const stored = await storage.listTrials("mo");
    assert.deepEqual(
      stored.map((r) => r.state),
      ["failed", "failed", "failed", "failed", "complete", "failed"],
      "stored as told: none left running",
    );
    for (const [i, [, why]] of bad.entries()) assert.match(stored[i].note ?? "", why);
    await storage.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
