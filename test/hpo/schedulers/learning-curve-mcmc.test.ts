import { test } from "node:test";
import assert from "node:assert/strict";
import { learningCurveStopping, extrapolate } from "../../../src/hpo/schedulers/learning-curve.js";
import { fitLearningCurve } from "../../../src/hpo/schedulers/learning-curve-model.js";
import { sampleCurvePosterior, logCurvePosterior, type CurvePriors } from "../../../src/hpo/schedulers/learning-curve-mcmc.js";
import { defaultCurveFamilies, exp3, pow3, pow4 } from "../../../src/hpo/schedulers/curve-families.js";
import { createRng } from "../../../src/util/rng.js";
import { rec } from "./helpers.js";

const curve = (c: number, a: number, alpha: number, n: number, wiggle = 0.004) =>
  Array.from({ length: n }, (_, i) => c + a * Math.pow(i + 1, -alpha) + wiggle * Math.sin(3 * i));
const stepsOf = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

test("MCMC on a noiseless pow3 curve predicts the horizon value; with all families it agrees with Laplace", () => {
  const truth = 0.3 + 1 * Math.pow(27, -0.8);
  const ys = curve(0.3, 1, 0.8, 12, 0);
  const one = fitLearningCurve(stepsOf(12), ys, { horizon: 27, families: [pow3], posterior: "mcmc" }).predict(27);
  assert.ok(Math.abs(one.mean - truth) < 1e-4 && one.std < 1e-3, `pow3 alone: ${one.mean} ± ${one.std}, truth ${truth}`);

  const noisy = curve(0.3, 1, 0.8, 15, 0.002);
  const mc = fitLearningCurve(stepsOf(15), noisy, { horizon: 27, posterior: "mcmc" }).predict(27);
  const la = fitLearningCurve(stepsOf(15), noisy, { horizon: 27 }).predict(27);
  assert.ok(Math.abs(mc.mean - truth) < 2 * mc.std + 0.01, `MCMC ${mc.mean} ± ${mc.std}, truth ${truth}`);
  assert.ok(Math.abs(mc.mean - la.mean) < 0.01, `MCMC ${mc.mean} vs Laplace ${la.mean}`);
  assert.ok(mc.std > 0 && mc.std < 3 * la.std + 0.01, `MCMC std ${mc.std} vs Laplace ${la.std}`);
});

test("the same seed gives the identical probability; another seed a close one", () => {
  const ys = curve(0.45, 0.8, 0.7, 10);
  const p = (seed: number) => fitLearningCurve(stepsOf(10), ys, { horizon: 27, posterior: "mcmc", mcmc: { seed } }).probabilityBetter(0.5, 27);
  const [a, b, c] = [p(7), p(7), p(8)];
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.ok(Math.abs(a - c) < 0.1, `seed 7: ${a}, seed 8: ${c}`);
});

test("every draw lies inside the family's bounds and satisfies the improvement and value-range priors", () => {
  // an accuracy curve (maximize) in [0, 1] with a short, noisy start: pow4 has room to wander
  const ys = curve(0.9, -0.6, 0.6, 7, 0.01);
  const steps = stepsOf(7);
  const fit = fitLearningCurve(steps, ys, { horizon: 27, direction: "maximize", families: [pow4], valueRange: [0, 1] }).fits[0];
  assert.ok(fit, "pow4 fits the accuracy curve");
  const priors: CurvePriors = { horizon: 27, sign: -1, tolerance: 3 * Math.sqrt(fit.sse / fit.dof), valueRange: [0, 1], sseFloor: 1e-12 };
  const post = sampleCurvePosterior(pow4, steps, ys, fit, priors, { burnIn: 50, samples: 500 }, createRng(3));
  assert.equal(post.thetas.length, 500);
  assert.ok(post.acceptance > 0.1 && post.acceptance < 0.9, `acceptance ${post.acceptance}`);
  for (const th of post.thetas) {
    th.forEach((v, i) => assert.ok(v >= pow4.lower[i] && v <= pow4.upper[i], `${pow4.params[i]} = ${v} outside its bounds`));
    const atT = pow4.f(27, th);
    assert.ok(atT >= 0 && atT <= 1, `value at the horizon ${atT} outside [0, 1]`);
    assert.ok(pow4.f(1, th) - atT <= priors.tolerance, `the draw gets worse: ${pow4.f(1, th)} → ${atT}`);
  }
  // the draws spread: not a single point repeated
  assert.ok(new Set(post.thetas.map((t) => t.join())).size > 100);
  // a flat, noisy loss: without the improvement prior many exp3 draws would rise well above the start
  const steps8 = stepsOf(8);
  const flat = steps8.map((_, i) => 0.5 + 0.01 * Math.sin(3 * i));
  const fe = fitLearningCurve(steps8, flat, { horizon: 27, families: [exp3] }).fits[0];
  const pf: CurvePriors = { horizon: 27, sign: 1, tolerance: 3 * Math.sqrt(fe.sse / fe.dof), valueRange: [-Infinity, Infinity], sseFloor: 1e-12 };
  const worse = sampleCurvePosterior(exp3, steps8, flat, fe, pf, { burnIn: 50, samples: 500 }, createRng(3)).thetas.map((th) => exp3.f(27, th) - exp3.f(1, th));
  assert.ok(Math.max(...worse) <= pf.tolerance, `a draw rises by ${Math.max(...worse)} > ${pf.tolerance}`);
  assert.ok(worse.filter((w) => w > 0).length > 50, "the prior binds: many draws rise a little, within the tolerance");
  // the log posterior refuses what the priors exclude
  assert.equal(logCurvePosterior(pow4, steps, ys, priors, [1.5, -0.6, 0, 0.6]).logp, -Infinity); // horizon value above 1
  assert.equal(logCurvePosterior(pow4, steps, ys, priors, [0.9, -0.6, 0, 20]).logp, -Infinity); // α above its bound
});

test("under MCMC a hopeless curve is stopped (P < 0.05), and the slow learner continues", () => {
  const best = rec(0, "complete", curve(0.3, 1, 0.8, 27));
  const hopeless = rec(1, "running", curve(0.6, 0.8, 0.9, 9));
  const s = learningCurveStopping({ maxStep: 27, posterior: "mcmc" });
  const d = s.decide({ trial: hopeless, step: 9, trials: [best, hopeless], direction: "minimize" });
  assert.equal(d.action, "stop", d.reason);
  assert.ok((d.attrs?.["lc:p"] as number) < 0.05);

  const best2 = rec(0, "complete", curve(0.4, 0.6, 1.2, 27));
  const slow = rec(1, "running", curve(0.15, 1.2, 0.5, 10, 0));
  const d2 = s.decide({ trial: slow, step: 10, trials: [best2, slow], direction: "minimize" });
  assert.equal(d2.action, "continue", d2.reason);
  const p = extrapolate(slow, { maxStep: 27, posterior: "mcmc" }).predict(27);
  assert.ok(Math.abs(p.mean - 0.381) < 2 * p.std + 0.01, `predicted ${p.mean} ± ${p.std}, truth 0.381`);
});

test("scheduler decisions are reproducible and seeded by trial number and step", () => {
  const best = rec(0, "complete", curve(0.4, 0.6, 1.2, 27));
  const ys = curve(0.42, 0.7, 0.9, 9);
  const t1 = rec(1, "running", ys);
  const t2 = rec(2, "running", ys);
  const pOf = (t: typeof t1, seed?: number) =>
    learningCurveStopping({ maxStep: 27, posterior: "mcmc", mcmc: { seed } }).decide({ trial: t, step: 9, trials: [best, t], direction: "minimize" }).attrs?.[
      "lc:p"
    ];
  assert.equal(pOf(t1), pOf(t1));
  assert.notEqual(pOf(t1), pOf(t2));
  assert.notEqual(pOf(t1), pOf(t1, 5));
});

test("bad posterior or MCMC options fail with an error naming them", () => {
  const ys = curve(0.45, 0.8, 0.7, 8);
  const fit = (o: object) => fitLearningCurve(stepsOf(8), ys, { horizon: 27, ...o });
  assert.throws(() => fit({ posterior: "nuts" }), /fitLearningCurve: posterior must be "laplace" or "mcmc", got nuts/);
  assert.throws(() => fit({ posterior: "mcmc", mcmc: { walkers: 6 } }), /fitLearningCurve: mcmc\.walkers must be an integer ≥ 2·p = 8 \(p = 4/);
  assert.throws(() => fit({ posterior: "mcmc", mcmc: { burnIn: -1 } }), /mcmc\.burnIn must be an integer ≥ 0, got -1/);
  assert.throws(() => fit({ posterior: "mcmc", mcmc: { samples: 0 } }), /mcmc\.samples must be an integer ≥ 1, got 0/);
  assert.throws(() => fit({ posterior: "mcmc", mcmc: { seed: 1.5 } }), /mcmc\.seed must be a safe integer, got 1\.5/);
  assert.throws(() => learningCurveStopping({ maxStep: 27, posterior: "mcmc", mcmc: { walkers: 2.5 } }), /LearningCurveStopping: mcmc\.walkers/);
  assert.throws(
    () => learningCurveStopping({ maxStep: 27, posterior: "exact" as "mcmc" }),
    /LearningCurveStopping: posterior must be "laplace" or "mcmc", got exact/,
  );
  // 6 walkers are enough when the largest family has 3 parameters
  const p = fitLearningCurve(stepsOf(8), ys, {
    horizon: 27,
    families: defaultCurveFamilies.filter((f) => f.params.length <= 3),
    posterior: "mcmc",
    mcmc: { walkers: 6, burnIn: 20, samples: 60 },
  }).probabilityBetter(0.5, 27);
  assert.ok(p >= 0 && p <= 1);
});
