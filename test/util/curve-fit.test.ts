import { test } from "node:test";
import assert from "node:assert/strict";
import { curveFit } from "../../src/util/curve-fit.js";

const steps = Array.from({ length: 20 }, (_, i) => i + 1);

test("curveFit recovers a power law c + a·t^(−α) from a noiseless curve", () => {
  const f = (t: number, [c, a, alpha]: readonly number[]) => c + a * Math.pow(t, -alpha);
  const truth = [0.3, 1.2, 0.7];
  const ys = steps.map((t) => f(t, truth));
  const r = curveFit(f, steps, ys, [0.5, 0.5, 0.3]);
  assert.ok(r.converged);
  r.theta.forEach((v, i) => assert.ok(Math.abs(v - truth[i]) < 1e-6, `θ${i} = ${v}, expected ${truth[i]}`));
  assert.ok(r.sse < 1e-20);
});

test("curveFit recovers an exponential decay and respects bounds", () => {
  const f = (t: number, [c, a, b]: readonly number[]) => c + a * Math.exp(-b * t);
  const truth = [0.8, -0.5, 0.25];
  const ys = steps.map((t) => f(t, truth));
  const r = curveFit(f, steps, ys, [0.5, -0.1, 1], { lower: [-Infinity, -Infinity, 1e-4], upper: [Infinity, Infinity, 5] });
  r.theta.forEach((v, i) => assert.ok(Math.abs(v - truth[i]) < 1e-6, `θ${i} = ${v}, expected ${truth[i]}`));
  const bounded = curveFit(f, steps, ys, [0.5, -0.1, 1], { lower: [-Infinity, -Infinity, 0.4] });
  assert.ok(bounded.theta[2] >= 0.4);
});

test("curveFit gives a covariance that shrinks with less noise", () => {
  const f = (t: number, [c, a]: readonly number[]) => c + a / t;
  const noise = steps.map((t) => Math.sin(7 * t));
  const fit = (s: number) =>
    curveFit(
      f,
      steps,
      steps.map((t, i) => 1 + 2 / t + s * noise[i]),
      [0, 1],
    );
  const big = fit(0.1).covariance!;
  const small = fit(0.01).covariance!;
  assert.ok(small[0][0] < big[0][0] / 50 && small[0][0] > 0);
});

test("curveFit rejects inputs of different lengths with a clear error", () => {
  assert.throws(() => curveFit((t) => t, [1, 2], [1], [0]), /xs has 2 points but ys has 1/);
  assert.throws(() => curveFit((t) => t, [1], [1], []), /theta0 is empty/);
});
