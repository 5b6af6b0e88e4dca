import { test } from "node:test";
import assert from "node:assert/strict";
import { logMarginalLikelihood, logPrior, paramsFromLog, paramsToLog, type GpData } from "../../../src/hpo/gp/marginal-likelihood.js";
import { fitGp, standardization } from "../../../src/hpo/gp/fit.js";
import { predictAt } from "../../../src/hpo/gp/posterior.js";
import { createRng } from "../../../src/util/rng.js";

function near(a: number, b: number, tol: number, what = ""): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);
}

test("log marginal likelihood of one point is a normal log density", () => {
  const data: GpData = { x: Float64Array.from([0.3]), y: Float64Array.from([0.8]), n: 1, d: 1, categorical: new Uint8Array(1) };
  const p = { inverseSquaredLengthscales: Float64Array.from([2]), scale: 1.5, noise: 0.25 };
  const v = 1.75;
  near(logMarginalLikelihood(data, p), (-0.5 * (0.8 * 0.8)) / v - 0.5 * Math.log(v) - 0.5 * Math.log(2 * Math.PI), 1e-13);
});

test("analytic gradient of the log marginal likelihood matches finite differences", () => {
  const rng = createRng(3);
  const n = 12;
  const d = 3; // two continuous columns, one categorical with 3 choices
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i * d] = rng.uniform();
    x[i * d + 1] = rng.uniform();
    x[i * d + 2] = rng.int(3);
    y[i] = Math.cos(4 * x[i * d]) + 0.3 * x[i * d + 2] + 0.1 * rng.normal();
  }
  const data: GpData = { x, y, n, d, categorical: Uint8Array.from([0, 0, 1]) };
  const theta = Float64Array.from([Math.log(3), Math.log(0.5), Math.log(1.2), Math.log(0.9), Math.log(0.02)]);
  const grad = new Float64Array(d + 2);
  logMarginalLikelihood(data, paramsFromLog(theta, d), grad);
  for (let k = 0; k < d + 2; k++) {
    const h = 1e-5;
    const up = Float64Array.from(theta);
    const dn = Float64Array.from(theta);
    up[k] += h;
    dn[k] -= h;
    const fd = (logMarginalLikelihood(data, paramsFromLog(up, d)) - logMarginalLikelihood(data, paramsFromLog(dn, d))) / (2 * h);
    near(grad[k], fd, 1e-6, `θ${k}`);
  }
});

test("log prior gradient matches finite differences and log-parameters round-trip", () => {
  const theta = Float64Array.from([0.3, -1.2, 0.4, Math.log(1e-3)]);
  const grad = new Float64Array(4);
  logPrior(paramsFromLog(theta, 2), grad);
  for (let k = 0; k < 4; k++) {
    const h = 1e-6;
    const up = Float64Array.from(theta);
    const dn = Float64Array.from(theta);
    up[k] += h;
    dn[k] -= h;
    near(grad[k], (logPrior(paramsFromLog(up, 2)) - logPrior(paramsFromLog(dn, 2))) / (2 * h), 1e-6, `θ${k}`);
  }
  const back = paramsToLog(paramsFromLog(theta, 2));
  for (let k = 0; k < 4; k++) near(back[k], theta[k], 1e-14);
});

test("standardization: mean and population std, std 1 for constant outputs", () => {
  assert.deepEqual(standardization([1, 3]), { mean: 2, std: 1 });
  assert.deepEqual(standardization([5, 5, 5]), { mean: 5, std: 1 });
});

test("MAP fit finds the relevant input (ARD) and a small noise on noise-free data", () => {
  const rng = createRng(11);
  const n = 30;
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = rng.uniform();
    x[2 * i + 1] = rng.uniform();
    y[i] = 100 + 20 * Math.sin(6 * x[2 * i]); // depends on x0 only; large offset and scale
  }
  const fit = fitGp(x, y, 2, new Uint8Array(2));
  const w = fit.posterior.params.inverseSquaredLengthscales;
  assert.ok(w[0] > 20 * w[1], `lengthscales: x0 ${1 / Math.sqrt(w[0])}, x1 ${1 / Math.sqrt(w[1])}`);
  assert.ok(fit.posterior.params.noise < 1e-3, `noise ${fit.posterior.params.noise}`);
  near(fit.yMean, y.reduce((a, b) => a + b) / n, 1e-12);
  // interpolates the data on the original scale
  for (let i = 0; i < 5; i++) {
    const m = fit.yMean + fit.yStd * predictAt(fit.posterior, x.subarray(2 * i, 2 * i + 2)).mean;
    near(m, y[i], 1e-3, `training point ${i}`);
  }
});

test("MAP fit attributes scatter to noise on noisy data, and `deterministic` pins the noise", () => {
  const rng = createRng(5);
  const n = 40;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.uniform();
    y[i] = x[i] + 0.5 * rng.normal(); // noise std 0.5 against a signal std of ~0.3
  }
  const noisy = fitGp(x, y, 1, new Uint8Array(1));
  assert.ok(noisy.posterior.params.noise > 0.3, `noise ${noisy.posterior.params.noise}`);
  const det = fitGp(x, y, 1, new Uint8Array(1), { deterministic: true });
  near(det.posterior.params.noise, 1e-6, 1e-12, "pinned noise");
  assert.ok(det.logPosterior < noisy.logPosterior);
});

test("fitGp rejects non-finite outputs and mismatched shapes", () => {
  assert.throws(() => fitGp(Float64Array.from([0, 1]), [1, NaN], 1, new Uint8Array(1)), /y\[1\] = NaN is not finite/);
  assert.throws(() => fitGp(Float64Array.from([0, 1]), [1], 1, new Uint8Array(1)), /x must hold/);
  assert.throws(() => fitGp(new Float64Array(0), [], 1, new Uint8Array(1)), /at least one observation/);
});
