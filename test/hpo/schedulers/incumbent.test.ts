import { test } from "node:test";
import assert from "node:assert/strict";
import { incumbent } from "../../../src/hpo/schedulers/incumbent.js";
import { asha } from "../../../src/hpo/schedulers/asha.js";
import { simulateCurves } from "../../../src/hpo/schedulers/simulate-curves.js";
import { rec } from "./helpers.js";

test("incumbent compares trials only at the highest step reached, paused ones included", () => {
  const trials = [
    rec(0, "pruned", [0.9, 0.95]), // best early values, but stopped at step 2
    rec(1, "paused", [0.5, 0.6, 0.7]),
    rec(2, "paused", [0.4, 0.5, 0.8]),
    rec(3, "running", [0.99]),
  ];
  assert.deepEqual(incumbent(trials, "maximize"), { trial: 2, step: 3, value: 0.8, state: "paused" });
  assert.deepEqual(incumbent(trials, "minimize"), { trial: 1, step: 3, value: 0.7, state: "paused" });
});

test("incumbent skips failed trials and NaN reports, breaks ties by trial number, and is undefined without reports", () => {
  const trials = [
    rec(0, "failed", [1, 1, 1, 1]),
    rec(1, "paused", [0.3, NaN]),
    rec(2, "complete", [0.2, 0.6]),
    rec(3, "complete", [0.1, 0.6]),
    rec(4, "paused", [0.1, 0.2, NaN]),
  ];
  assert.deepEqual(incumbent(trials, "maximize"), { trial: 2, step: 2, value: 0.6, state: "complete" });
  assert.equal(incumbent([], "maximize"), undefined);
  assert.equal(incumbent([rec(0, "running", []), rec(1, "failed", [0.5])], "minimize"), undefined);
  assert.throws(() => incumbent([], "up" as never), /direction must be "minimize" or "maximize", got up/);
});

test("incumbent of an ASHA run stopped before any trial completes is the best trial at its top step", async () => {
  // 12 curves rising with different speeds; ASHA (r = 1, R = 9, η = 3) with a budget too small to complete one.
  const curves = Array.from({ length: 12 }, (_, k) => Array.from({ length: 9 }, (_, e) => 1 - (0.3 + 0.05 * ((k * 7) % 12)) / (e + 1)));
  const lossCurves = curves.map((c) => c.map((v) => 1 - v)); // simulateCurves minimizes
  const r = await simulateCurves({ scheduler: asha({ minStep: 1, maxStep: 9, eta: 3 }), curves: lossCurves, order: curves.map((_, i) => i), budget: 18 });
  const trials = r.trials;
  assert.equal(r.bestConfig, undefined, "no trial completes within 18 epochs");
  const inc = incumbent(trials, "minimize");
  assert.ok(inc !== undefined);
  const top = Math.max(...trials.map((t) => t.intermediate.length));
  assert.ok(top >= 3, `some trial was promoted past rung 1 (top step ${top})`);
  assert.equal(inc.step, top);
  assert.notEqual(inc.state, "complete"); // paused at the top rung, or still running there when the budget ran out
  const atTop = trials.filter((t) => t.intermediate.length === top).map((t) => t.intermediate[top - 1].value);
  assert.equal(inc.value, Math.min(...atTop));
});
