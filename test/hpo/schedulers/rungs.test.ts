import { test } from "node:test";
import assert from "node:assert/strict";
import { ashaRungSteps, ceilLog, floorLog, hyperbandBrackets, hyperbandCost, successiveHalvingRounds } from "../../../src/hpo/schedulers/rungs.js";

test("Hyperband brackets for R = 81, η = 3 are Li et al.'s Table 1", () => {
  const b = hyperbandBrackets(81, 3);
  assert.deepEqual(
    b.map((x) => x.s),
    [4, 3, 2, 1, 0],
  );
  assert.deepEqual(
    b.map((x) => x.rounds[0].n),
    [81, 34, 15, 8, 5],
  );
  assert.deepEqual(
    b.map((x) => x.rounds[0].r),
    [1, 3, 9, 27, 81],
  );
  assert.deepEqual(
    b[0].rounds.map((r) => [r.n, r.r]),
    [
      [81, 1],
      [27, 3],
      [9, 9],
      [3, 27],
      [1, 81],
    ],
  );
  assert.deepEqual(
    b[1].rounds.map((r) => [r.n, r.r]),
    [
      [34, 3],
      [11, 9],
      [3, 27],
      [1, 81],
    ],
  );
  assert.deepEqual(
    b[2].rounds.map((r) => [r.n, r.r]),
    [
      [15, 9],
      [5, 27],
      [1, 81],
    ],
  );
  assert.deepEqual(
    b[3].rounds.map((r) => [r.n, r.r]),
    [
      [8, 27],
      [2, 81],
    ],
  );
  assert.deepEqual(
    b[4].rounds.map((r) => [r.n, r.r]),
    [[5, 81]],
  );
  assert.equal(hyperbandCost(b), 1902);
});

test("Hyperband for R = 27, η = 3 has the 4 brackets Optuna's HyperbandPruner(1, 27, 3) uses", () => {
  const b = hyperbandBrackets(27, 3);
  assert.deepEqual(
    b.map((x) => x.rounds[0].n),
    [27, 12, 6, 4],
  );
});

test("successive halving (J&T 2016): r_k = ⌊B/(|S_k|⌈log_η n⌉)⌋ and the survivors halve until one remains", () => {
  const rounds = successiveHalvingRounds(8, 48, 2);
  assert.deepEqual(
    rounds.map((r) => r.configs),
    [8, 4, 2],
  );
  assert.deepEqual(
    rounds.map((r) => r.budgetEach),
    [2, 4, 8],
  );
  assert.deepEqual(
    rounds.map((r) => r.totalEach),
    [2, 6, 14],
  );
  assert.deepEqual(
    rounds.map((r) => r.keep),
    [4, 2, 1],
  );
  // total spent never exceeds B
  assert.ok(rounds.reduce((s, r) => s + r.configs * r.budgetEach, 0) <= 48);
  // odd n and η = 3
  const r3 = successiveHalvingRounds(10, 90, 3);
  assert.deepEqual(
    r3.map((r) => [r.configs, r.budgetEach, r.keep]),
    [
      [10, 3, 3],
      [3, 10, 1],
      [1, 30, 1],
    ],
  );
  assert.throws(() => successiveHalvingRounds(8, 10, 2), /budget 10 is below/);
  assert.throws(() => successiveHalvingRounds(8, 48, 1), /eta must be an integer ≥ 2/);
});

test("ASHA rungs sit at r·η^(s+k) below R; integer logs have no rounding error", () => {
  assert.deepEqual(ashaRungSteps(1, 27, 3), [1, 3, 9]);
  assert.deepEqual(ashaRungSteps(1, 27, 3, 1), [3, 9]);
  assert.deepEqual(ashaRungSteps(2, 100, 4), [2, 8, 32]);
  assert.equal(floorLog(243, 3), 5);
  assert.equal(floorLog(242, 3), 4);
  assert.equal(ceilLog(8, 2), 3);
  assert.equal(ceilLog(9, 2), 4);
  assert.equal(ceilLog(1, 2), 0);
});
