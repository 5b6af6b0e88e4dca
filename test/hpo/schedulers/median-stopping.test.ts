import { test } from "node:test";
import assert from "node:assert/strict";
import { medianStopping } from "../../../src/hpo/schedulers/median-stopping.js";
import { protocol, rec } from "./helpers.js";

test("the chapter's rule compares the best so far with the median of completed trials' running averages", () => {
  // completed running averages at step 3: (1+0.8+0.6)/3 = 0.8, (0.9+0.7+0.5)/3 = 0.7, (0.7+0.6+0.5)/3 = 0.6 → median 0.7
  const done = [rec(0, "complete", [1, 0.8, 0.6, 0.5]), rec(1, "complete", [0.9, 0.7, 0.5, 0.4]), rec(2, "complete", [0.7, 0.6, 0.5, 0.45])];
  const s = medianStopping({ minCompletedTrials: 3 });
  const worse = rec(3, "running", [0.9, 0.8, 0.71]);
  const d = s.decide({ trial: worse, step: 3, trials: [...done, worse], direction: "minimize" });
  assert.equal(d.action, "stop");
  assert.equal(d.reason, "stopped at step 3: best 0.71 is worse than the median 0.7 of the running averages up to step 3 of 3 completed trials");
  // at-step values would be 0.6, 0.5, 0.5 → median 0.5: Optuna's variant stops a trial the chapter's keeps
  const ok = rec(3, "running", [0.9, 0.75, 0.69]);
  assert.equal(s.decide({ trial: ok, step: 3, trials: [...done, ok], direction: "minimize" }).action, "continue");
  const optuna = medianStopping.optuna({ nStartupTrials: 3 });
  const od = optuna.decide({ trial: ok, step: 3, trials: [...done, ok], direction: "minimize" });
  assert.equal(od.action, "stop");
  assert.match(od.reason, /median 0.5 of the values at step 3 of 3 completed trials/);
  // equal is not strictly worse
  const tie = rec(3, "running", [0.9, 0.8, 0.7]);
  assert.equal(s.decide({ trial: tie, step: 3, trials: [...done, tie], direction: "minimize" }).action, "continue");
});

test("guards: minimum completed trials, warm-up and interval each explain themselves", () => {
  const done = [rec(0, "complete", [1, 0.5, 0.4, 0.3]), rec(1, "complete", [1, 0.5, 0.4, 0.3])];
  const bad = rec(2, "running", [2, 2, 2]);
  const trials = [...done, bad];
  assert.match(medianStopping().decide({ trial: bad, step: 3, trials, direction: "minimize" }).reason, /2 completed trials, the rule needs 5/);
  assert.match(medianStopping({ minCompletedTrials: 2, warmupSteps: 4 }).decide({ trial: bad, step: 3, trials, direction: "minimize" }).reason, /warm-up/);
  const every2 = medianStopping({ minCompletedTrials: 2, warmupSteps: 1, interval: 2 });
  assert.equal(every2.decide({ trial: bad, step: 3, trials, direction: "minimize" }).action, "stop");
  const bad2 = rec(2, "running", [2, 2]);
  assert.match(every2.decide({ trial: bad2, step: 2, trials: [...done, bad2], direction: "minimize" }).reason, /not a judging step/);
  assert.throws(() => medianStopping({ percentile: 120 }), /percentile must be in \[0, 100\]/);
});

test("Ray's variant uses other trials that reached the step, running ones included, and needs 3 of them", () => {
  const running = [rec(0, "running", [0.5, 0.4, 0.3]), rec(1, "running", [0.5, 0.4, 0.3])];
  const bad = rec(2, "running", [1, 1, 1]);
  const ray = medianStopping.ray();
  assert.match(ray.decide({ trial: bad, step: 3, trials: [...running, bad], direction: "minimize" }).reason, /2 other trials reached step 3, the rule needs 3/);
  const more = [...running, rec(3, "pruned", [0.6, 0.5, 0.45, 0.4])];
  const d = ray.decide({ trial: bad, step: 3, trials: [...more, bad], direction: "minimize" });
  assert.equal(d.action, "stop");
  assert.match(d.reason, /of 3 other trials/);
});

test("the Optuna preset reproduces Optuna 3.1's MedianPruner results on the learning-curve benchmark", async () => {
  const m = await protocol(() => medianStopping.optuna());
  assert.equal(m.saved.toFixed(1), "82.5");
  assert.equal(m.rank, 2);
  assert.equal(m.found, 10);
  assert.equal(m.regret.toFixed(4), "0.0055");
  const w = await protocol(() => medianStopping.optuna({ nWarmupSteps: 5 }));
  assert.equal(w.saved.toFixed(1), "66.1");
  assert.equal(w.rank, 2);
  assert.equal(w.found, 20);
  assert.equal(w.regret.toFixed(4), "0.0055");
});
