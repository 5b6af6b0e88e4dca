import { test } from "node:test";
import assert from "node:assert/strict";
import { learningCurveStopping, extrapolate } from "../../../src/hpo/schedulers/learning-curve.js";
import { rec } from "./helpers.js";
import { exp3, pow3 } from "../../../src/hpo/schedulers/curve-families.js";

const curve = (c: number, a: number, alpha: number, n: number, wiggle = 0.004) =>
  Array.from({ length: n }, (_, i) => c + a * Math.pow(i + 1, -alpha) + wiggle * Math.sin(3 * i));

test("stops a curve that plateaus far above the best final value, and says why", () => {
  const best = rec(0, "complete", curve(0.3, 1, 0.8, 27));
  const hopeless = rec(1, "running", curve(0.6, 0.8, 0.9, 9));
  const s = learningCurveStopping({ maxStep: 27 });
  const d = s.decide({ trial: hopeless, step: 9, trials: [best, hopeless], direction: "minimize" });
  assert.equal(d.action, "stop");
  assert.match(
    d.reason,
    /^stopped at step 9: P\(value at step 27 < best 0\.3\d*\) = [\d.e-]+; predicted 0\.6\d* ± [\d.]+ from \d curve famil(y|ies) is below 0\.05$/,
  );
  assert.ok(typeof d.attrs?.["lc:mean"] === "number");
});

test("continues a slow learner that is worse now but heading below the best final value", () => {
  const best = rec(0, "complete", curve(0.4, 0.6, 1.2, 27));
  // slow learner: worse than the best now (0.53 at step 10 vs 0.41), but heading to 0.38 at step 27
  const slow = rec(1, "running", curve(0.15, 1.2, 0.5, 10, 0));
  const s = learningCurveStopping({ maxStep: 27 });
  const d = s.decide({ trial: slow, step: 10, trials: [best, slow], direction: "minimize" });
  assert.equal(d.action, "continue", d.reason);
  const model = extrapolate(slow, { maxStep: 27 });
  const p = model.predict(27);
  assert.ok(Math.abs(p.mean - 0.381) < 2 * p.std + 0.01, `predicted ${p.mean} ± ${p.std}, truth 0.381`);
});

test("never judges during warm-up, without a completed trial, or when the curve already beats the best", () => {
  const best = rec(0, "complete", curve(0.3, 1, 0.8, 27));
  const s = learningCurveStopping({ maxStep: 27, warmupSteps: 6 });
  const t = rec(1, "running", curve(0.9, 1, 0.8, 5));
  assert.match(s.decide({ trial: t, step: 5, trials: [best, t], direction: "minimize" }).reason, /warm-up/);
  const t6 = rec(1, "running", curve(0.9, 1, 0.8, 6));
  assert.match(s.decide({ trial: t6, step: 6, trials: [t6], direction: "minimize" }).reason, /0 completed trials/);
  const good = rec(1, "running", curve(0.1, 0.3, 0.8, 6));
  assert.match(s.decide({ trial: good, step: 6, trials: [best, good], direction: "minimize" }).reason, /already matches or beats the best final value/);
  assert.throws(() => learningCurveStopping({ maxStep: 27, threshold: 1.5 }), /threshold must be in \(0, 1\)/);
});

test("by default judges from ⌈maxStep/3⌉, and never before a family can be fitted (4 points: ilog2 only)", () => {
  const best = rec(0, "complete", curve(0.3, 1, 0.8, 27));
  const s = learningCurveStopping({ maxStep: 27 });
  const t8 = rec(1, "running", curve(0.9, 1, 0.8, 8));
  assert.match(s.decide({ trial: t8, step: 8, trials: [best, t8], direction: "minimize" }).reason, /warm-up \(steps before 9 are never judged\)/);
  const t9 = rec(1, "running", curve(0.9, 1, 0.8, 9));
  const d9 = s.decide({ trial: t9, step: 9, trials: [best, t9], direction: "minimize" });
  assert.equal(d9.action, "stop", d9.reason);
  // a short run: ⌈6/3⌉ = 2 < 4 points, so the fit's minimum rules
  const short = learningCurveStopping({ maxStep: 6 });
  const t3 = rec(1, "running", curve(0.9, 1, 0.8, 3));
  assert.match(short.decide({ trial: t3, step: 3, trials: [best, t3], direction: "minimize" }).reason, /warm-up \(steps before 4 are never judged\)/);
  // with families of ≥ 3 parameters only, the fit needs 3 + 2 = 5 points
  const threeParam = learningCurveStopping({ maxStep: 12, families: [pow3, exp3] });
  const t4 = rec(1, "running", curve(0.9, 1, 0.8, 4));
  assert.match(threeParam.decide({ trial: t4, step: 4, trials: [best, t4], direction: "minimize" }).reason, /warm-up \(steps before 5/);
  assert.throws(() => learningCurveStopping({ maxStep: 27, families: [] }), /families is empty/);
});

test("the Student-t predictive is less sure than the Gaussian on a short curve and nearly the same on a long one", () => {
  const short = rec(1, "running", curve(0.6, 0.8, 0.9, 5));
  const long = rec(2, "running", curve(0.6, 0.8, 0.9, 20));
  const pOf = (t: typeof short, predictive: "student-t" | "gaussian") => extrapolate(t, { maxStep: 27, predictive }).probabilityBetter(0.55, 27);
  const [ts, gs] = [pOf(short, "student-t"), pOf(short, "gaussian")];
  assert.ok(ts > 10 * gs, `short curve: t ${ts} vs Gaussian ${gs}`);
  const [tl, gl] = [pOf(long, "student-t"), pOf(long, "gaussian")];
  assert.ok(tl >= gl && tl < 1e-3, `long curve: t ${tl} vs Gaussian ${gl}`);
});

test("a curve that has turned worse is judged even while its latest value beats the best, and a monotone one is not", () => {
  // overfitting: falls, then rises quadratically: 0.35 at step 14 (better than the best 0.4), 0.45 at step 27
  const turned = Array.from({ length: 14 }, (_, i) => 0.3 + 0.6 * Math.pow(i + 1, -1.5) + 0.0002 * (i + 1) ** 2 + 0.002 * Math.sin(3 * i));
  const best = rec(0, "complete", curve(0.4, 0.5, 1, 27));
  const t = rec(1, "running", turned);
  const m = extrapolate(t, { maxStep: 27, reversalTest: 0.05 });
  assert.equal(m.reversal, true);
  assert.ok(turned[13] < 0.4, `latest ${turned[13]} beats the best`);
  const d = learningCurveStopping({ maxStep: 27, reversalTest: 0.05 }).decide({ trial: t, step: 14, trials: [best, t], direction: "minimize" });
  assert.doesNotMatch(d.reason, /already matches or beats/);
  assert.match(d.reason, /\(the curve has turned worse\)/);
  assert.equal(extrapolate(rec(2, "running", curve(0.3, 0.6, 0.8, 14)), { maxStep: 27, reversalTest: 0.05 }).reversal, false);
  // by default (reversalTest 0) the conservative rule holds
  const off = learningCurveStopping({ maxStep: 27 }).decide({ trial: t, step: 14, trials: [best, t], direction: "minimize" });
  assert.match(off.reason, /already matches or beats the best final value/);
});

test("bad fitTest, reversalTest or weighting values name the option", () => {
  assert.throws(() => learningCurveStopping({ maxStep: 27, fitTest: 1 }), /LearningCurveStopping: fitTest must be a level in \[0, 1\), got 1/);
  assert.throws(() => learningCurveStopping({ maxStep: 27, reversalTest: -0.1 }), /LearningCurveStopping: reversalTest must be a level in \[0, 1\), got -0\.1/);
  assert.throws(
    () => extrapolate(rec(0, "running", curve(0.3, 0.6, 0.8, 9)), { maxStep: 27, weighting: "aic" as "bic" }),
    /weighting must be "prequential", "uniform" or "bic", got aic/,
  );
});
