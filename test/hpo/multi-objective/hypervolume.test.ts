import assert from "node:assert/strict";
import { test } from "node:test";
import { hypervolume } from "../../../src/hpo/multi-objective/hypervolume.js";
import { createRng } from "../../../src/util/rng.js";

/** Inclusion–exclusion over all subsets: exact and independent of WFG, for a handful of points. */
function bruteForce(points: number[][], ref: number[]): number {
  const inside = points.filter((p) => p.every((x, j) => x < ref[j]));
  let hv = 0;
  for (let mask = 1; mask < 1 << inside.length; mask++) {
    const corner = ref.map(() => -Infinity);
    let bits = 0;
    inside.forEach((p, i) => {
      if (mask & (1 << i)) {
        bits++;
        p.forEach((x, j) => (corner[j] = Math.max(corner[j], x)));
      }
    });
    hv += (bits % 2 === 1 ? 1 : -1) * corner.reduce((v, x, j) => v * (ref[j] - x), 1);
  }
  return hv;
}

test("hypervolume: hand-computed 2-D staircases", () => {
  // (1,3), (2,2), (3,1) under (4,4): strips 1·1 + 1·2 + 1·3
  assert.equal(
    hypervolume(
      [
        [1, 3],
        [2, 2],
        [3, 1],
      ],
      [4, 4],
    ),
    6,
  );
  // a dominated point, a duplicate and a point outside the box change nothing
  assert.equal(
    hypervolume(
      [
        [1, 3],
        [2, 2],
        [3, 1],
        [3, 3],
        [2, 2],
        [5, 0],
      ],
      [4, 4],
    ),
    6,
  );
  // a point on the reference boundary adds nothing
  assert.equal(hypervolume([[4, 0]], [4, 4]), 0);
  assert.equal(hypervolume([], [1, 1]), 0);
  assert.equal(hypervolume([[0, 0]], [2, 3]), 6);
});

test("hypervolume: hand-computed 1-D, 3-D and 4-D sets", () => {
  assert.equal(hypervolume([[3], [1], [2]], [5]), 4);
  assert.equal(hypervolume([[1, 1, 1]], [2, 2, 2]), 1);
  // boxes 2·2·1 and 1·1·2 overlapping in 1·1·1
  assert.equal(
    hypervolume(
      [
        [0, 0, 1],
        [1, 1, 0],
      ],
      [2, 2, 2],
    ),
    5,
  );
  // three boxes 2·1·1, pairwise overlapping in the unit cube [1,2]³, which all three share: 3·2 − 3·1 + 1
  assert.equal(
    hypervolume(
      [
        [0, 1, 1],
        [1, 0, 1],
        [1, 1, 0],
      ],
      [2, 2, 2],
    ),
    4,
  );
  assert.equal(
    hypervolume(
      [
        [0, 0, 0, 1],
        [1, 1, 1, 0],
      ],
      [2, 2, 2, 2],
    ),
    2 * 2 * 2 * 1 + 1 * 1 * 1 * 2 - 1,
  );
});

test("hypervolume: maximized objectives count higher as better, the reference bounding them below", () => {
  // maximize both: (3,1), (2,2), (1,3) above (0,0) is the mirror of the first staircase
  assert.equal(
    hypervolume(
      [
        [3, 1],
        [2, 2],
        [1, 3],
      ],
      [0, 0],
      ["maximize", "maximize"],
    ),
    6,
  );
  // minimize the first, maximize the second
  assert.equal(hypervolume([[1, 2]], [3, 0], ["minimize", "maximize"]), 4);
});

test("hypervolume: WFG matches inclusion–exclusion on random sets in 2 to 5 objectives", () => {
  const rng = createRng(7);
  for (let d = 2; d <= 5; d++) {
    for (let rep = 0; rep < 20; rep++) {
      const n = 1 + rng.int(9);
      const pts = Array.from({ length: n }, () => Array.from({ length: d }, () => Math.round(rng.uniform() * 10) / 10));
      const ref = Array.from({ length: d }, () => 1);
      const got = hypervolume(pts, ref);
      const want = bruteForce(pts, ref);
      assert.ok(Math.abs(got - want) < 1e-12, `d=${d} n=${n}: WFG ${got}, inclusion–exclusion ${want} for ${JSON.stringify(pts)}`);
    }
  }
});

test("hypervolume: inputs are checked, naming what is wrong", () => {
  assert.throws(() => hypervolume([[1, 2]], []), /at least one objective/);
  assert.throws(() => hypervolume([[1, 2, 3]], [4, 4]), /point 0 has 3 values, the reference point 2/);
  assert.throws(() => hypervolume([[1, NaN]], [4, 4]), /point 0 is not finite/);
  assert.throws(() => hypervolume([[1, 1]], [4, Infinity]), /reference point must be finite/);
  assert.throws(() => hypervolume([[1, 1]], [4, 4], ["minimize"]), /1 directions for a 2-objective/);
});
