import { test } from "node:test";
import assert from "node:assert/strict";
import { fSurvival } from "../../src/util/f-distribution.js";
import { studentTCdf } from "../../src/util/student-t.js";

test("fSurvival: closed forms of the F distribution's upper tail", () => {
  // F(2, d₂): P(F > x) = (1 + 2x/d₂)^(−d₂/2)
  for (const [x, d2] of [
    [0.5, 4],
    [3, 10],
    [1.2, 7],
  ])
    assert.ok(Math.abs(fSurvival(x, 2, d2) - (1 + (2 * x) / d2) ** (-d2 / 2)) < 1e-10, `x ${x}, d2 ${d2}`);
  // F(1, ν) = T²: P(F > t²) = 2(1 − T_ν(t))
  assert.ok(Math.abs(fSurvival(4, 1, 9) - 2 * (1 - studentTCdf(2, 9))) < 1e-10);
  assert.equal(fSurvival(1, 5, 5) > 0.49 && fSurvival(1, 5, 5) < 0.51, true); // equal dof: median 1
  assert.equal(fSurvival(0, 3, 4), 1);
  assert.equal(fSurvival(Infinity, 3, 4), 0);
  assert.throws(() => fSurvival(1, 0, 4), /fSurvival: degrees of freedom must be finite and > 0, got 0, 4/);
});
