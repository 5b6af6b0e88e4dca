import { test } from "node:test";
import assert from "node:assert/strict";
import { mean, median, sampleSd, summarize } from "../../src/util/stats.js";

test("mean, sample sd and median of a known list", () => {
  const v = [2, 4, 4, 4, 5, 5, 7, 9];
  assert.equal(mean(v), 5);
  // Σ(x − 5)² = 32, n − 1 = 7
  assert.ok(Math.abs(sampleSd(v) - Math.sqrt(32 / 7)) < 1e-12);
  assert.equal(median(v), 4.5);
  assert.equal(median([3, 1, 2]), 2);
  assert.deepEqual(summarize([0.8, 0.78, 0.81]), { n: 3, mean: (0.8 + 0.78 + 0.81) / 3, sd: sampleSd([0.8, 0.78, 0.81]), median: 0.8, min: 0.78, max: 0.81 });
});

test("edge cases: one value has sd 0, none gives NaN; non-finite values are named", () => {
  assert.equal(sampleSd([1.5]), 0);
  assert.ok(Number.isNaN(mean([])) && Number.isNaN(sampleSd([])) && Number.isNaN(median([])));
  const s = summarize([]);
  assert.equal(s.n, 0);
  assert.ok(Number.isNaN(s.min) && Number.isNaN(s.max));
  assert.throws(() => mean([1, NaN]), /value 1 is not a finite number/);
  assert.throws(() => median([Infinity]), /median: value 0/);
});
