import { test } from "node:test";
import assert from "node:assert/strict";
import { curveFit } from "../../../src/util/curve-fit.js";
import { defaultCurveFamilies, exp3, ilog2, janoschek, pow3, pow4, logPower, type CurveFamily } from "../../../src/hpo/schedulers/curve-families.js";
import { fitLearningCurve } from "../../../src/hpo/schedulers/learning-curve-model.js";

const steps = Array.from({ length: 15 }, (_, i) => i + 1);

function fitFamily(fam: CurveFamily, ys: number[]) {
  let best: ReturnType<typeof curveFit> | undefined;
  for (const s of fam.starts(steps, ys)) {
    const r = curveFit(fam.f, steps, ys, s, { lower: fam.lower, upper: fam.upper, maxIterations: 500 });
    if (!best || r.sse < best.sse) best = r;
  }
  return best!;
}

const cases: [CurveFamily, number[]][] = [
  [pow3, [0.32, 1.1, 0.6]],
  [pow3, [0.9, -0.4, 0.8]], // rising accuracy-like curve
  [exp3, [0.4, 0.9, 0.3]],
  [janoschek, [0.35, 0.8, 0.4, 0.8]],
  [ilog2, [0.2, 0.5]],
  [pow4, [0.3, 1.5, 0.5, 1.2]],
  [logPower, [0.3, 0.9, 1.0, 1.5]],
];

for (const [fam, truth] of cases) {
  test(`${fam.name} recovers its parameters ${JSON.stringify(truth)} from a noiseless 15-step curve`, () => {
    const ys = steps.map((t) => fam.f(t, truth));
    const r = fitFamily(fam, ys);
    r.theta.forEach((v, i) => assert.ok(Math.abs(v - truth[i]) < 1e-3 * Math.max(1, Math.abs(truth[i])), `${fam.params[i]} = ${v}, expected ${truth[i]}`));
    // and so extrapolates exactly
    assert.ok(Math.abs(fam.f(60, r.theta) - fam.f(60, truth)) < 1e-4);
  });
}

test("the ensemble predicts a noiseless power-law curve's final value with a small std", () => {
  const truth = [0.3, 1.0, 0.9];
  const ys = steps.slice(0, 10).map((t) => pow3.f(t, truth));
  const m = fitLearningCurve(steps.slice(0, 10), ys, { horizon: 27 });
  // noise-free: the F-test window keeps pow3 and drops families that fit significantly worse
  assert.ok(
    m.fits.some((f) => f.family === "pow3"),
    `kept ${m.fits.map((f) => f.family).join(", ")}`,
  );
  const p = m.predict(27);
  assert.ok(Math.abs(p.mean - pow3.f(27, truth)) < 0.02, `mean ${p.mean} vs ${pow3.f(27, truth)}`);
  // the true final value is well inside the predictive
  assert.ok(Math.abs(p.mean - pow3.f(27, truth)) < 3 * p.std + 1e-6);
  // P(better than a much higher target) ≈ 1, than a much lower target ≈ 0
  assert.ok(m.probabilityBetter(p.mean + 10 * p.std + 0.1, 27) > 0.99);
  assert.ok(m.probabilityBetter(p.mean - 10 * p.std - 0.1, 27) < 0.01);
  assert.equal(Number(m.fits.reduce((s, f) => s + f.weight, 0).toFixed(12)), 1);
});

test("the ensemble mirrors for maximize: a rising curve's P(better) uses the upper tail", () => {
  const ys = steps.slice(0, 10).map((t) => 0.9 - 0.5 * Math.pow(t, -0.8));
  const m = fitLearningCurve(steps.slice(0, 10), ys, { horizon: 27, direction: "maximize" });
  const p = m.predict(27);
  assert.ok(m.probabilityBetter(p.mean - 0.2, 27) > 0.95);
  assert.ok(m.probabilityBetter(p.mean + 0.2, 27) < 0.05);
});

test("the ensemble drops fits that get worse, and is empty (NaN predictions) with too few points", () => {
  const m = fitLearningCurve([1, 2, 3], [1, 0.8, 0.7], { horizon: 27 });
  assert.equal(m.fits.length, 0);
  assert.ok(Number.isNaN(m.predict(27).mean));
  assert.ok(Number.isNaN(m.probabilityBetter(0.5, 27)));
  assert.equal(defaultCurveFamilies.length, 6);
});

test("every family's analytic gradient matches central finite differences", () => {
  const thetas: Record<string, number[]> = {
    pow3: [0.3, 1.1, 0.6],
    pow4: [0.3, 1.5, 0.5, 1.2],
    exp3: [0.4, 0.9, 0.3],
    janoschek: [0.35, 0.8, 0.4, 0.8],
    "log-power": [0.3, 0.9, 1.0, 1.5],
    ilog2: [0.2, 0.5],
  };
  for (const fam of defaultCurveFamilies) {
    const th = thetas[fam.name];
    for (const t of [1, 2.5, 7, 27]) {
      const g = fam.grad(t, th);
      th.forEach((v, j) => {
        const h = 1e-6;
        const up = th.slice();
        up[j] = v + h;
        const down = th.slice();
        down[j] = v - h;
        const num = (fam.f(t, up) - fam.f(t, down)) / (2 * h);
        assert.ok(Math.abs(num - g[j]) < 1e-7, `${fam.name} ∂f/∂${fam.params[j]} at t=${t}: ${g[j]} vs ${num}`);
      });
    }
  }
});
