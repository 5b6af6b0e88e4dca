import { test } from "node:test";
import assert from "node:assert/strict";
import { auc, binaryAccuracy, kerasAuc, rocAuc } from "../../src/train/metrics.js";

/** O(P·N) definition of ROC AUC: P(score_pos > score_neg) + ½ P(tie). */
function bruteAuc(labels: number[], scores: number[]): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      n++;
      s += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return s / n;
}

test("rocAuc equals the pairwise definition, ties counted as one half", () => {
  let state = 12345;
  const rand = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let trial = 0; trial < 20; trial++) {
    const n = 5 + Math.floor(rand() * 60);
    const labels = Array.from({ length: n }, (_, i) => (i < 2 ? i : rand() < 0.3 ? 1 : 0));
    const scores = labels.map(() => Math.round(rand() * 10) / 10); // many ties
    assert.ok(Math.abs(rocAuc(labels, scores) - bruteAuc(labels, scores)) < 1e-12);
  }
  assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]), 1);
  assert.equal(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]), 0);
  assert.equal(rocAuc([1, 0], [0.5, 0.5]), 0.5);
  assert.ok(Number.isNaN(rocAuc([1, 1], [0.1, 0.2])));
});

test("kerasAuc: 200-threshold trapezoid, close to exact, coarse where scores share a bucket", () => {
  // Well-separated scores: both are 1.
  assert.equal(kerasAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]), 1);
  // Two scores inside one bucket (1/199 ≈ 0.005 wide) look tied to Keras: 0.5, exact says 1.
  assert.equal(rocAuc([0, 1], [0.5001, 0.5002]), 1);
  assert.equal(kerasAuc([0, 1], [0.5001, 0.5002]), 0.5);
  // Worked example by hand: positives {0.9, 0.4}, negatives {0.6, 0.1}: ROC points
  // (0,0) (0,.5) (.5,.5) (.5,1) (1,1) → AUC 0.75 under exact; Keras' buckets separate all four.
  assert.equal(rocAuc([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1]), 0.75);
  assert.ok(Math.abs(kerasAuc([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1]) - 0.75) < 1e-12);
  assert.equal(auc([1, 0], [0.5002, 0.5001], "keras"), 0.5);
  assert.throws(() => auc([1], [1], "roc" as never), /method must be/);
});

test("binaryAccuracy uses score > 0.5", () => {
  assert.equal(binaryAccuracy([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.2]), 0.75);
  assert.throws(() => binaryAccuracy([1], [0.1, 0.2]), /1 labels but 2 scores/);
});
