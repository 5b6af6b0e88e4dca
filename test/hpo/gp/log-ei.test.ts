import { test } from "node:test";
import assert from "node:assert/strict";
import { erfc, erfcx, normalCdf, normalPdf } from "../../../src/hpo/gp/erfcx.js";
import { expectedImprovement, log1mexp, logExpectedImprovement, logH, lowerConfidenceBound } from "../../../src/hpo/gp/log-ei.js";

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

test("erfc matches reference values across the series/continued-fraction switch", () => {
  const ref: [number, number][] = [
    [-1, 1.8427007929497148],
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [3, 2.209049699858544e-5],
    [5, 1.5374597944280349e-12],
  ];
  for (const [x, v] of ref) assert.ok(rel(erfc(x), v) < 1e-14, `erfc(${x}) = ${erfc(x)}, expected ${v}`);
  // erfcx(x) → 1/(x√π)·(1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶)) for large x
  for (const x of [100, 1e4, 1e8]) {
    const asym = (1 / (x * Math.sqrt(Math.PI))) * (1 - 1 / (2 * x * x) + 3 / (4 * x ** 4) - 15 / (8 * x ** 6));
    assert.ok(rel(erfcx(x), asym) < 1e-13, `erfcx(${x})`);
  }
  assert.ok(Math.abs(erfcx(2 - 1e-12) - erfcx(2)) < 1e-12);
  assert.ok(rel(normalCdf(0.5), 0.6914624612740131) < 1e-14);
  assert.ok(rel(normalPdf(0.5), 0.3520653267642995) < 1e-14);
});

test("EI worked examples: best 0 at N(0,1), and best 1 at N(0, 2²)", () => {
  // z = 0: EI = σ·φ(0) = 1/√(2π)
  assert.ok(rel(expectedImprovement(0, 1, 0), 0.3989422804014327) < 1e-14);
  assert.ok(Math.abs(logExpectedImprovement(0, 1, 0).value - Math.log(0.3989422804014327)) < 1e-14);
  // z = (1 − 0)/2 = 0.5: EI = 2·(φ(0.5) + 0.5·Φ(0.5)) = 2·(0.3520653267642995 + 0.5·0.6914624612740131)
  const ei = 2 * (0.3520653267642995 + 0.5 * 0.6914624612740131);
  assert.ok(rel(Math.exp(logExpectedImprovement(0, 2, 1).value), ei) < 1e-14);
});

test("log-EI equals log of naive EI wherever EI is not tiny", () => {
  for (let z = -8; z <= 6; z += 0.37) {
    const naive = Math.log(expectedImprovement(-z, 1, 0));
    const stable = logH(z).value;
    assert.ok(Math.abs(stable - naive) < 1e-9 * Math.max(1, Math.abs(naive)), `z=${z}: ${stable} vs ${naive}`);
  }
});

test("log-EI stays finite and accurate where naive EI underflows", () => {
  for (const z of [-40, -99.9, -100.1, -1e3, -1e5, -1e10]) {
    assert.equal(expectedImprovement(-z, 1, 0) > 0, false); // naive: underflow to 0
    const v = logH(z).value;
    // h(z) = φ(z)·z⁻²·(1 − 3z⁻² + …) for z → −∞
    const asym = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z) + Math.log(1 - 3 / (z * z) + 15 / z ** 4);
    assert.ok(Number.isFinite(v));
    assert.ok(rel(v, asym) < 1e-10, `z=${z}: ${v} vs ${asym}`);
  }
});

test("log h is continuous across the branch points −1 and −100", () => {
  for (const z0 of [-1, -100]) {
    const a = logH(z0 - 1e-9);
    const b = logH(z0 + 1e-9);
    assert.ok(Math.abs(a.value - b.value) < 1e-6 * Math.max(1, Math.abs(a.value)), `value at ${z0}`);
    assert.ok(rel(a.dz, b.dz) < 1e-6, `slope at ${z0}: ${a.dz} vs ${b.dz}`);
  }
});

test("d log h / dz matches finite differences", () => {
  for (const z of [-300, -50, -5, -1.5, -0.5, 0, 0.7, 3]) {
    const h = 1e-6 * Math.max(1, Math.abs(z));
    const fd = (logH(z + h).value - logH(z - h).value) / (2 * h);
    assert.ok(rel(logH(z).dz, fd) < 1e-5, `z=${z}: ${logH(z).dz} vs ${fd}`);
  }
});

test("log-EI and LCB derivatives in mean and std match finite differences", () => {
  for (const [mu, sd, best] of [
    [0.3, 0.8, 0],
    [2, 0.1, 0],
    [-1, 2, 0.5],
  ]) {
    const a = logExpectedImprovement(mu, sd, best);
    const h = 1e-6;
    const dMu = (logExpectedImprovement(mu + h, sd, best).value - logExpectedImprovement(mu - h, sd, best).value) / (2 * h);
    const dSd = (logExpectedImprovement(mu, sd + h, best).value - logExpectedImprovement(mu, sd - h, best).value) / (2 * h);
    assert.ok(rel(a.dMean, dMu) < 1e-5, `dMean ${a.dMean} vs ${dMu}`);
    assert.ok(rel(a.dStd, dSd) < 1e-5, `dStd ${a.dStd} vs ${dSd}`);
  }
  assert.deepEqual(lowerConfidenceBound(1, 0.5, 2), { value: 0, dMean: -1, dStd: 2 });
});

test("log1mexp is accurate on both sides of −ln 2", () => {
  for (const x of [-1e-20, -1e-5, -0.5, -1, -30]) {
    const direct = Math.log(1 - Math.exp(x));
    const v = log1mexp(x);
    if (x > -1e-3) assert.ok(rel(v, Math.log(-x)) < 1e-3);
    else assert.ok(Math.abs(v - direct) < 1e-12);
  }
});
