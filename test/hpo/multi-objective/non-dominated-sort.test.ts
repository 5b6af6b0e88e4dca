import assert from "node:assert/strict";
import { test } from "node:test";
import { constrainedDominates, dominates, toLosses } from "../../../src/hpo/multi-objective/dominance.js";
import { frontRanks, nonDominatedSort } from "../../../src/hpo/multi-objective/non-dominated-sort.js";
import { crowdingDistance } from "../../../src/hpo/multi-objective/crowding-distance.js";

test("dominance: weakly better everywhere and strictly somewhere; equal points do not dominate", () => {
  assert.ok(dominates([1, 2], [1, 3]));
  assert.ok(!dominates([1, 3], [1, 2]));
  assert.ok(!dominates([1, 2], [1, 2]));
  assert.ok(!dominates([1, 3], [2, 2]));
  assert.deepEqual(toLosses([1, 2], ["minimize", "maximize"]), [1, -2]);
  assert.throws(() => toLosses([1], ["minimize", "minimize"]), /1 values for 2 directions/);
});

test("constrained domination (Deb et al. 2002 §VI): feasible first, then less violation, then Pareto", () => {
  assert.ok(constrainedDominates([9, 9], 0, [0, 0], 0.1));
  assert.ok(!constrainedDominates([0, 0], 0.1, [9, 9], 0));
  assert.ok(constrainedDominates([9, 9], 0.1, [0, 0], 0.2));
  assert.ok(!constrainedDominates([0, 0], 0.2, [9, 9], 0.2));
  assert.ok(constrainedDominates([0, 0], 0, [1, 1], 0));
});

test("non-dominated sort: fronts of a hand-made set", () => {
  const pts = [
    [1, 5], // 0: front 0
    [2, 3], // 1: front 0
    [4, 1], // 2: front 0
    [3, 4], // 3: dominated by 1 → front 1
    [5, 2], // 4: dominated by 2 → front 1
    [5, 5], // 5: dominated by 3 and 4 → front 2
    [2, 3], // 6: equal to 1 → front 0
  ];
  const fronts = nonDominatedSort(pts.length, (i, j) => dominates(pts[i], pts[j]));
  assert.deepEqual(fronts, [[0, 1, 2, 6], [3, 4], [5]]);
  assert.deepEqual([...frontRanks(pts.length, fronts)], [0, 0, 0, 1, 1, 2, 0]);
  assert.deepEqual(
    nonDominatedSort(0, () => false),
    [],
  );
});

test("crowding distance: ∞ at the extremes, normalized neighbour gaps inside", () => {
  const pts = [
    [0, 4],
    [1, 2],
    [3, 1],
    [4, 0],
  ];
  const d = crowdingDistance(pts, [0, 1, 2, 3]);
  assert.equal(d[0], Infinity);
  assert.equal(d[3], Infinity);
  // point 1: (3 − 0)/4 + (4 − 1)/4; point 2: (4 − 1)/4 + (2 − 0)/4
  assert.equal(d[1], 3 / 4 + 3 / 4);
  assert.equal(d[2], 3 / 4 + 2 / 4);
  assert.deepEqual([...crowdingDistance(pts, [1, 2])], [Infinity, Infinity]);
});
