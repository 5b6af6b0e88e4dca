import { test } from "node:test";
import assert from "node:assert/strict";
import { gpPosterior, predictAt } from "../../../src/hpo/gp/posterior.js";
import { acquisitionFunction, optimizeAcquisition } from "../../../src/hpo/gp/optimize-acquisition.js";
import { createRng } from "../../../src/util/rng.js";

function post1d() {
  const xs = [0.05, 0.3, 0.45, 0.8, 0.95];
  const ys = xs.map((x) => Math.sin(7 * x));
  return gpPosterior(
    { x: Float64Array.from(xs), y: Float64Array.from(ys), n: xs.length, d: 1, categorical: new Uint8Array(1) },
    { inverseSquaredLengthscales: Float64Array.from([20]), scale: 1, noise: 1e-6 },
  );
}

test("finds the maximum of log-EI on a 1-D posterior (checked against a dense grid)", () => {
  const post = post1d();
  const best = Math.min(...post.data.y);
  const acq = acquisitionFunction("log-ei", best);
  const r = optimizeAcquisition(post, acq, createRng(1), { candidates: 64, restarts: 4 });
  let gridMax = -Infinity;
  for (let i = 0; i <= 10000; i++) {
    const p = predictAt(post, [i / 10000]);
    gridMax = Math.max(gridMax, acq(p.mean, Math.sqrt(Math.max(p.variance, 1e-12))).value);
  }
  assert.ok(r.value >= gridMax - 1e-6, `found ${r.value}, grid max ${gridMax}`);
  assert.ok(r.accepted);
});

test("sweeps categorical columns and respects snap/accept", () => {
  // column 0 continuous, column 1 categorical (3 choices); the low outputs sit in category 2
  const x = Float64Array.from([0.2, 0, 0.5, 1, 0.8, 2, 0.3, 2]);
  const y = Float64Array.from([1, 0.5, -0.5, -1]);
  const post = gpPosterior(
    { x, y, n: 4, d: 2, categorical: Uint8Array.from([0, 1]) },
    {
      inverseSquaredLengthscales: Float64Array.from([5, 2]),
      scale: 1,
      noise: 1e-6,
    },
  );
  const acq = acquisitionFunction("ucb", 0, 0.1); // nearly pure exploitation
  const r = optimizeAcquisition(post, acq, createRng(2), { choices: [0, 3], candidates: 50, restarts: 3 });
  assert.equal(r.x[1], 2);
  const snapped = optimizeAcquisition(post, acq, createRng(2), {
    choices: [0, 3],
    candidates: 50,
    restarts: 3,
    snap: (p) => {
      p[0] = Math.round(p[0] * 4) / 4;
    },
    accept: (p) => !(p[1] === 2 && p[0] === 0.25),
  });
  assert.equal((snapped.x[0] * 4) % 1, 0);
  assert.ok(!(snapped.x[1] === 2 && snapped.x[0] === 0.25));
});

test("acquisitionFunction rejects unknown kinds", () => {
  assert.throws(() => acquisitionFunction("pi" as never, 0), /kind must be "log-ei" or "ucb"/);
});
