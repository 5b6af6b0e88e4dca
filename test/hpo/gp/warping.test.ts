import { test } from "node:test";
import assert from "node:assert/strict";
import { logMarginalLikelihood, paramsFromLog, type GpData } from "../../../src/hpo/gp/marginal-likelihood.js";
import { fitGp } from "../../../src/hpo/gp/fit.js";
import { unwarpValue, warpDerivatives, warpValue } from "../../../src/hpo/gp/input-warping.js";
import { chooseOutputTransform } from "../../../src/hpo/gp/output-transform.js";
import { createRng } from "../../../src/util/rng.js";

function near(a: number, b: number, tol: number, what = ""): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);
}

test("values spanning orders of magnitude get a log-like Box-Cox; the transform is increasing and inverts", () => {
  const rng = createRng(1);
  const y = Array.from({ length: 40 }, () => Math.exp(3 * rng.normal())); // log-normal: λ̂ ≈ 0
  const t = chooseOutputTransform(y);
  assert.equal(t.kind, "box-cox");
  assert.ok(Math.abs(t.lambda) < 0.3, `λ ${t.lambda}`);
  const sorted = [...y].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) assert.ok(t.forward(sorted[i]) > t.forward(sorted[i - 1]));
  for (const v of sorted) near(t.inverse(t.forward(v)), v, 1e-9, "round trip");
  assert.match(t.description, /Box-Cox λ = -?0\.\d\d \(likelihood ratio \d+/);
});

test("normal values keep the identity; skewed values with negatives get Yeo-Johnson; too few keep the identity", () => {
  const rng = createRng(2);
  const normal = Array.from({ length: 50 }, () => rng.normal(-3, 2));
  assert.equal(chooseOutputTransform(normal).kind, "identity");
  const skewed = Array.from({ length: 50 }, () => Math.exp(2 * rng.normal()) - 5);
  const t = chooseOutputTransform(skewed);
  assert.equal(t.kind, "yeo-johnson");
  assert.ok(t.lambda < 1);
  for (const v of skewed) near(t.inverse(t.forward(v)), v, 1e-8, "round trip");
  assert.equal(chooseOutputTransform(skewed.slice(0, 5)).kind, "identity");
  assert.equal(chooseOutputTransform(skewed, { mode: "none" }).kind, "identity");
  assert.equal(chooseOutputTransform([1, 1, 1, 1, 1, 1, 1, 1]).kind, "identity");
  // a new best below every observed value still maps below them
  const pos = Array.from({ length: 30 }, () => Math.exp(3 * rng.normal()));
  const b = chooseOutputTransform(pos);
  assert.ok(b.forward(Math.min(...pos) / 2) < b.forward(Math.min(...pos)));
});

test("Kumaraswamy warp: inverse and derivatives in log a, log b match finite differences", () => {
  for (const [a, b] of [
    [0.5, 2],
    [1, 1],
    [3, 0.4],
  ]) {
    for (const u of [0.05, 0.3, 0.7, 0.95]) {
      near(unwarpValue(warpValue(u, a, b), a, b), u, 1e-9, "inverse");
      const [da, db] = warpDerivatives(u, a, b);
      const h = 1e-6;
      near(da, (warpValue(u, a * Math.exp(h), b) - warpValue(u, a * Math.exp(-h), b)) / (2 * h), 1e-6, "∂/∂log a");
      near(db, (warpValue(u, a, b * Math.exp(h)) - warpValue(u, a, b * Math.exp(-h))) / (2 * h), 1e-6, "∂/∂log b");
    }
  }
});

test("gradient of the log marginal likelihood in the inputs matches finite differences", () => {
  const rng = createRng(4);
  const n = 10;
  const d = 3;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i * d] = rng.uniform();
    x[i * d + 1] = rng.uniform();
    x[i * d + 2] = rng.int(2);
    y[i] = Math.sin(5 * x[i * d]) + x[i * d + 1] + 0.2 * x[i * d + 2];
  }
  const cat = Uint8Array.from([0, 0, 1]);
  const params = paramsFromLog([Math.log(4), Math.log(2), 0, 0, Math.log(0.01)], d);
  const gx = new Float64Array(n * d);
  logMarginalLikelihood({ x, y, n, d, categorical: cat }, params, new Float64Array(d + 2), gx);
  for (const idx of [0, 1, 7, 13, 28]) {
    if (cat[idx % d]) continue;
    const h = 1e-6;
    const up = Float64Array.from(x);
    const dn = Float64Array.from(x);
    up[idx] += h;
    dn[idx] -= h;
    const f = (xx: Float64Array) => logMarginalLikelihood({ x: xx, y, n, d, categorical: cat } as GpData, params);
    near(gx[idx], (f(up) - f(dn)) / (2 * h), 1e-5, `x${idx}`);
  }
  for (let i = 0; i < n; i++) assert.equal(gx[i * d + 2], 0);
});

test("a function that changes fast near 0 learns a warp that stretches that end, and fits better", () => {
  // f(u) = log(u + 1e-3): a log-scaled effect on a linear coordinate
  const n = 20;
  const x = Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  const y = Array.from(x, (u) => Math.log(u + 1e-3));
  const plain = fitGp(x, y, 1, new Uint8Array(1));
  const warped = fitGp(x, y, 1, new Uint8Array(1), { warp: Uint8Array.from([1]) });
  assert.ok(warped.warp !== undefined);
  assert.ok(warped.warp.a[0] < 1, `a ${warped.warp.a[0]}`); // a < 1 stretches the low end
  assert.ok(warped.logPosterior > plain.logPosterior, `${warped.logPosterior} vs ${plain.logPosterior}`);
  assert.equal(plain.warp, undefined);
});
