import { test } from "node:test";
import assert from "node:assert/strict";
import { kernelMatrix, matern52, matern52DerivR2, type KernelParams } from "../../../src/hpo/gp/kernel.js";
import { gpPosterior, predictAt } from "../../../src/hpo/gp/posterior.js";
import type { GpData } from "../../../src/hpo/gp/marginal-likelihood.js";

function params(w: number[], scale: number, noise: number): KernelParams {
  return { inverseSquaredLengthscales: Float64Array.from(w), scale, noise };
}

function near(a: number, b: number, tol = 1e-12, what = ""): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);
}

test("Matérn-5/2 closed form and its r² derivative", () => {
  near(matern52(0), 1);
  const s5 = Math.sqrt(5);
  near(matern52(1), (1 + s5 + 5 / 3) * Math.exp(-s5)); // r = 1
  near(matern52(4), (1 + 2 * s5 + 20 / 3) * Math.exp(-2 * s5)); // r = 2
  near(matern52DerivR2(0), -5 / 6);
  for (const r2 of [0.01, 0.3, 2, 9]) {
    const h = 1e-6;
    near(matern52DerivR2(r2), (matern52(r2 + h) - matern52(r2 - h)) / (2 * h), 1e-7, `r²=${r2}`);
  }
});

test("kernel matrix: ARD scaling and Hamming distance on categorical columns", () => {
  // column 0 continuous (w = 4), column 1 categorical (w = 0.5)
  const x = Float64Array.from([0, 0, 0.5, 0, 0, 2]);
  const k = kernelMatrix(x, 3, 2, params([4, 0.5], 2, 0.1), Uint8Array.from([0, 1]));
  near(k[0], 2); // diagonal = scale, no noise
  near(k[1], 2 * matern52(4 * 0.25)); // same category, Δ = 0.5
  near(k[2], 2 * matern52(0.5)); // different category (0 vs 2), Δ = 0
  near(k[5], 2 * matern52(1 + 0.5)); // both differ
  near(k[3], k[1]);
});

test("posterior with one observation matches the closed form", () => {
  // x0 = 0.2, y0 = 1.5; k(x, x0) = s·m(w(x−x0)²); mean = k·y0/(s+ν); var = s − k²/(s+ν)
  const s = 1.3;
  const nu = 0.05;
  const w = 7;
  const data: GpData = { x: Float64Array.from([0.2]), y: Float64Array.from([1.5]), n: 1, d: 1, categorical: new Uint8Array(1) };
  const post = gpPosterior(data, params([w], s, nu));
  for (const xq of [0.2, 0.5, 0.9]) {
    const k = s * matern52(w * (xq - 0.2) ** 2);
    const p = predictAt(post, [xq]);
    near(p.mean, (k * 1.5) / (s + nu), 1e-12, `mean at ${xq}`);
    near(p.variance, s - (k * k) / (s + nu), 1e-12, `variance at ${xq}`);
  }
});

test("posterior with two observations matches the 2×2 closed form", () => {
  const s = 1;
  const nu = 0.01;
  const w = 3;
  const xs = [0.1, 0.6];
  const ys = [-1, 2];
  const data: GpData = { x: Float64Array.from(xs), y: Float64Array.from(ys), n: 2, d: 1, categorical: new Uint8Array(1) };
  const post = gpPosterior(data, params([w], s, nu));
  const c = s * matern52(w * 0.25);
  const a = s + nu;
  const det = a * a - c * c;
  const kinv = [a / det, -c / det, -c / det, a / det];
  const xq = 0.35;
  const k1 = s * matern52(w * (xq - xs[0]) ** 2);
  const k2 = s * matern52(w * (xq - xs[1]) ** 2);
  const alpha = [kinv[0] * ys[0] + kinv[1] * ys[1], kinv[2] * ys[0] + kinv[3] * ys[1]];
  const mean = k1 * alpha[0] + k2 * alpha[1];
  const variance = s - (k1 * (kinv[0] * k1 + kinv[1] * k2) + k2 * (kinv[2] * k1 + kinv[3] * k2));
  const p = predictAt(post, [xq]);
  near(p.mean, mean, 1e-12, "mean");
  near(p.variance, variance, 1e-12, "variance");
});

test("posterior mean/variance gradients in x match finite differences", () => {
  const n = 6;
  const d = 3;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  let seed = 1;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) x[i * d + k] = k === 2 ? Math.floor(rnd() * 3) : rnd();
    y[i] = Math.sin(5 * x[i * d]) + x[i * d + 1];
  }
  const post = gpPosterior({ x, y, n, d, categorical: Uint8Array.from([0, 0, 1]) }, params([3, 10, 0.7], 1.1, 1e-4));
  const xq = Float64Array.from([0.37, 0.61, 1]);
  const gm = new Float64Array(d);
  const gv = new Float64Array(d);
  predictAt(post, xq, undefined, gm, gv);
  for (let k = 0; k < 2; k++) {
    const h = 1e-6;
    const up = Float64Array.from(xq);
    const dn = Float64Array.from(xq);
    up[k] += h;
    dn[k] -= h;
    const pu = predictAt(post, up);
    const pd = predictAt(post, dn);
    near(gm[k], (pu.mean - pd.mean) / (2 * h), 1e-6, `dmean/dx${k}`);
    near(gv[k], (pu.variance - pd.variance) / (2 * h), 1e-6, `dvar/dx${k}`);
  }
  assert.equal(gm[2], 0); // categorical column: no gradient
});

test("gpPosterior rejects mismatched shapes with a clear message", () => {
  const data: GpData = { x: Float64Array.from([0, 1]), y: Float64Array.from([1]), n: 1, d: 1, categorical: new Uint8Array(1) };
  assert.throws(() => gpPosterior(data, params([1], 1, 0.1)), /x must hold n·d = 1 values, got 2/);
});
