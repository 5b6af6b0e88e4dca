import { test } from "node:test";
import assert from "node:assert/strict";
import { asha } from "../../../src/hpo/schedulers/asha.js";
import { simulateCurves } from "../../../src/hpo/schedulers/simulate-curves.js";
import { protocol, rec } from "./helpers.js";

test("promote mode pauses at each rung and promotes the top ⌊m/η⌋ of the highest rung first", async () => {
  const s = asha({ minStep: 1, maxStep: 9, eta: 3 });
  const t0 = rec(0, "running", [0.5]);
  const d = s.decide({ trial: t0, step: 1, trials: [t0], direction: "minimize" });
  assert.equal(d.action, "pause");
  assert.equal(d.reason, "paused at step 1 (rung 0, step 1): 0.5 ranks 1 of 1; waits for promotion (top ⌊1/3⌋ = 0 go on)");
  assert.deepEqual(d.attrs, { bracket: 0, rung: 0 });
  const paused = [rec(0, "paused", [0.5]), rec(1, "paused", [0.3]), rec(2, "paused", [0.7])];
  assert.equal(s.resume!({ trials: paused.slice(0, 2), direction: "minimize" }), undefined);
  const r = s.resume!({ trials: paused, direction: "minimize" });
  assert.deepEqual(r, { number: 1, reason: "promoted from rung 0 (step 1) to step 3: 0.3 ranks 1 of 3, top ⌊3/3⌋ = 1 go on" });
  // maximize promotes the highest value
  assert.equal(s.resume!({ trials: paused, direction: "maximize" })!.number, 2);
  // a promoted trial (now past the rung) is not promoted twice; the next promotion waits for 6 members
  const after = [rec(0, "paused", [0.5]), rec(1, "running", [0.3, 0.2]), rec(2, "paused", [0.7])];
  assert.equal(s.resume!({ trials: after, direction: "minimize" }), undefined);
  // between rungs the trial continues with a pointer to the next rung
  assert.match(s.decide({ trial: after[1], step: 2, trials: after, direction: "minimize" }).reason, /next rung at step 3/);
});

test("stop mode keeps the top ⌊n/η⌋ of the values recorded at the rung (only the best while n < η), as Optuna", () => {
  const s = asha.optunaSuccessiveHalving({ maxStep: 27, reductionFactor: 3 });
  const others = [rec(0, "pruned", [0.4]), rec(1, "pruned", [0.6])];
  const t = rec(2, "running", [0.5]);
  const d = s.decide({ trial: t, step: 1, trials: [...others, t], direction: "minimize" });
  assert.equal(d.action, "stop");
  assert.equal(d.reason, "stopped at step 1 (rung 0, step 1): 0.5 is not in the top 1 of 3 values at this rung (cut-off 0.4)");
  const first = rec(0, "running", [0.9]);
  assert.equal(s.decide({ trial: first, step: 1, trials: [first], direction: "minimize" }).action, "continue");
});

test("brackets: trials are split 27:12:6:4 per cycle of 49 (Hyperband's bracket sizes for R/r = 27, η = 3)", () => {
  const hb = asha.optunaHyperband({ maxStep: 27, reductionFactor: 3 });
  const counts = [0, 0, 0, 0];
  for (let n = 0; n < 49; n++) counts[hb.bracketOf(n)]++;
  assert.deepEqual(counts, [27, 12, 6, 4]);
  assert.deepEqual(hb.rungSteps(0), [1, 3, 9]);
  assert.deepEqual(hb.rungSteps(3), []);
  assert.throws(() => asha({ maxStep: 27, brackets: 5 }), /brackets must be an integer in \[1, 4\]/);
});

test("with a study name, trials go to Optuna 3.1's brackets (crc32 of name and number)", () => {
  // Debian python3-optuna 3.1.0: HyperbandPruner(1, 27, 3)._get_bracket_id for study "hemo-hb", trials 0..59
  const optuna = [
    0, 1, 0, 2, 1, 1, 0, 3, 3, 0, 1, 0, 0, 1, 0, 2, 0, 3, 0, 0, 0, 1, 0, 2, 3, 0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 2, 1, 1, 2, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 2, 0,
    0, 0, 2, 0, 1, 1, 3, 1,
  ];
  const hb = asha.optunaHyperband({ maxStep: 27, reductionFactor: 3, studyName: "hemo-hb" });
  assert.deepEqual(
    optuna.map((_, n) => hb.bracketOf(n)),
    optuna,
  );
  // the bracket decides the rungs a trial is judged at
  const t = rec(7, "running", [0.9]);
  assert.match(hb.decide({ trial: t, step: 1, trials: [t], direction: "minimize" }).reason, /next rung of bracket 3 at step 27/);
  assert.throws(
    () => asha({ maxStep: 27, brackets: 4, bracketHash: 5 as unknown as string }),
    /bracketHash must be a string \(e\.g\. the study name\), got number/,
  );
});

test("the stop-only preset reproduces Optuna 3.1's SuccessiveHalvingPruner(min 1, η 3) on the benchmark", async () => {
  const m = await protocol(() => asha.optunaSuccessiveHalving({ minStep: 1, maxStep: 27, reductionFactor: 3 }));
  assert.deepEqual([m.saved.toFixed(1), m.rank, m.found, m.regret.toFixed(4)], ["86.7", 7, 2, "0.0245"]);
});

test("promotion works with concurrency > 1: every trial ends paused or complete, none trains an epoch twice", async () => {
  const curves = Array.from({ length: 30 }, (_, i) => Array.from({ length: 9 }, (_, t) => 0.2 + ((i * 7) % 30) / 60 + 1 / (t + 1)));
  for (const concurrency of [1, 2, 4]) {
    const r = await simulateCurves({ scheduler: asha({ maxStep: 9, eta: 3, maxTrials: 30 }), curves, concurrency });
    assert.ok(r.resumes > 0);
    const epochs = r.trials.reduce((s, t) => s + t.intermediate.length, 0);
    assert.equal(epochs, r.epochs, "an epoch was trained twice");
    for (const t of r.trials) assert.ok(t.state === "paused" || t.state === "complete", `trial ${t.number} is ${t.state}`);
    assert.ok(r.trials.filter((t) => t.state === "complete").length >= 1);
  }
});
