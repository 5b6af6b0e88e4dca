import { test } from "node:test";
import assert from "node:assert/strict";
import { incompleteBeta, logGamma, studentTCdf } from "../../src/util/student-t.js";

test("studentTCdf matches scipy.stats.t.cdf", () => {
  // scipy 1.x: t.cdf([2, -3, 1.5, 10, 0.3, -12], [2, 1, 5, 2, 30, 2])
  const cases: [number, number, number][] = [
    [2, 2, 0.9082482904638631],
    [-3, 1, 0.10241638234956672],
    [1.5, 5, 0.9030481598787634],
    [10, 2, 0.9950737714883372],
    [0.3, 30, 0.6168769473578237],
    [-12, 2, 0.00343646683857923],
  ];
  for (const [t, nu, want] of cases)
    assert.ok(Math.abs(studentTCdf(t, nu) - want) < 1e-12 * Math.max(1, 1 / want), `t=${t}, ν=${nu}: ${studentTCdf(t, nu)} vs ${want}`);
  assert.equal(studentTCdf(0, 3), 0.5);
  assert.equal(studentTCdf(Infinity, 3), 1);
  assert.equal(studentTCdf(-Infinity, 3), 0);
  // large ν approaches the normal: Φ(1.96) = 0.9750021048517795
  assert.ok(Math.abs(studentTCdf(1.96, 1e7) - 0.9750021048517795) < 1e-6);
  assert.throws(() => studentTCdf(1, 0), /degrees of freedom must be finite and > 0, got 0/);
});

test("incompleteBeta and logGamma agree with closed forms", () => {
  assert.ok(Math.abs(incompleteBeta(0.3, 1, 1) - 0.3) < 1e-14); // uniform
  assert.ok(Math.abs(incompleteBeta(0.3, 2, 3) - 0.3483) < 1e-12); // polynomial: 6x²−8x³+3x⁴
  assert.ok(Math.abs(incompleteBeta(0.7, 2, 3) + incompleteBeta(0.3, 3, 2) - 1) < 1e-14); // symmetry
  assert.ok(Math.abs(logGamma(0.5) - Math.log(Math.sqrt(Math.PI))) < 1e-13);
  assert.ok(Math.abs(logGamma(10) - Math.log(362880)) < 1e-12);
  assert.throws(() => incompleteBeta(1.5, 1, 1), /x must be in \[0, 1\], got 1.5/);
});
