// `tell` with a malformed value fails the trial (never leaves it running) and says why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createStudy, float, randomSampler } from "../../src/hpo/index.js";
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
