import { test } from "node:test";
import assert from "node:assert/strict";
import { learningCurveBenchmark, mulberry32, benchmarkRank } from "../../../src/hpo/schedulers/learning-curve-benchmark.js";
import { mulberry32 as utilMulberry32 } from "../../../src/util/rng.js";

test("mulberry32(12345) gives the first draws listed in learning-curves.md (re-exported from util/rng)", () => {
  assert.equal(mulberry32, utilMulberry32);
  const r = mulberry32(12345);
  assert.deepEqual([r(), r(), r(), r()], [0.9797282677609473, 0.3067522644996643, 0.484205421525985, 0.817934412509203]);
});

test("the benchmark has 100 curves × 27 epochs, its best is configuration 51 at 0.321865, and 50 permutations", () => {
  const b = learningCurveBenchmark();
  assert.equal(b.curves.length, 100);
  assert.ok(b.curves.every((c) => c.length === 27));
  assert.equal(b.bestConfig, 51);
  assert.ok(Math.abs(b.bestFinal - 0.321865) < 5e-7);
  assert.equal(b.orders.length, 50);
  for (const o of b.orders)
    assert.deepEqual(
      [...o].sort((x, y) => x - y),
      Array.from({ length: 100 }, (_, i) => i),
    );
  assert.notDeepEqual(b.orders[0], b.orders[1]);
  assert.equal(benchmarkRank(b, b.bestFinal), 1);
  // the second best configuration has regret 0.0055 (Optuna's median regret in the table)
  const second = [...b.finals].sort((x, y) => x - y)[1];
  assert.equal(benchmarkRank(b, second), 2);
  assert.equal((second - b.bestFinal).toFixed(4), "0.0055");
});
