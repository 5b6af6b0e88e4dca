import { test } from "node:test";
import assert from "node:assert/strict";
import { minimizeBox } from "../../../src/hpo/gp/lbfgs-b.js";

test("minimizes the Rosenbrock function inside a loose box", () => {
  const rosen = (x: Float64Array, g: Float64Array): number => {
    const [a, b] = [x[0], x[1]];
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
  };
  const r = minimizeBox(rosen, [-1.2, 1], [-5, -5], [5, 5], { maxIterations: 500, maxEvaluations: 2000, gradientTolerance: 1e-8 });
  assert.ok(Math.abs(r.x[0] - 1) < 1e-4 && Math.abs(r.x[1] - 1) < 1e-4, `x = ${Array.from(r.x)} (${r.reason})`);
  assert.ok(r.value < 1e-8);
});

test("stops at the bound when the unconstrained minimum lies outside the box", () => {
  // f = (x0 − 2)² + (x1 + 1)², box [0,1]²: minimum at (1, 0)
  const f = (x: Float64Array, g: Float64Array): number => {
    g[0] = 2 * (x[0] - 2);
    g[1] = 2 * (x[1] + 1);
    return (x[0] - 2) ** 2 + (x[1] + 1) ** 2;
  };
  const r = minimizeBox(f, [0.5, 0.5], [0, 0], [1, 1]);
  assert.deepEqual(Array.from(r.x), [1, 0]);
  assert.equal(r.reason, "gradient");
  assert.equal(r.value, 2);
});

test("clips the start into the box and validates the bounds", () => {
  const f = (x: Float64Array, g: Float64Array): number => {
    g[0] = 2 * x[0];
    return x[0] * x[0];
  };
  const r = minimizeBox(f, [10], [1], [3]);
  assert.equal(r.x[0], 1);
  assert.throws(() => minimizeBox(f, [0], [2], [1]), /lower\[0\] = 2 exceeds upper\[0\] = 1/);
  assert.throws(() => minimizeBox(f, [0, 0], [0], [1]), /x0 has 2 entries/);
});
