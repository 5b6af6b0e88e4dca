import { test } from "node:test";
import assert from "node:assert/strict";
import { firstPrimes, haltonPoint, qmcSampler } from "../../../src/hpo/samplers/qmc.js";
import { defineSpace, float } from "../../../src/hpo/space.js";
import { createRng } from "../../../src/util/rng.js";

test("classic Halton points (bases 2 and 3)", () => {
  assert.deepEqual(firstPrimes(6), [2, 3, 5, 7, 11, 13]);
  assert.deepEqual(Array.from(haltonPoint(1, 2)), [1 / 2, 1 / 3]);
  assert.deepEqual(Array.from(haltonPoint(2, 2)), [1 / 4, 2 / 3]);
  assert.deepEqual(Array.from(haltonPoint(3, 2)), [3 / 4, 1 / 9]);
});

test("scrambled Halton keeps stratification: b^k consecutive points fill every 1/b^k cell once", async () => {
  const space = defineSpace({ a: float(0, 1), b: float(0, 1), c: float(0, 1) });
  const s = qmcSampler({ seed: 3 });
  const pts = Array.from({ length: 27 }, (_, k) => s.sample({ space, trials: [], direction: "minimize", number: k, rng: createRng(k) }));
  const cellsA = new Set(pts.map((p) => Math.floor((p.params.a as number) * 16)).filter((_, i) => i < 16));
  const cellsB = new Set(pts.map((p) => Math.floor((p.params.b as number) * 27)));
  assert.equal(cellsA.size, 16);
  assert.equal(cellsB.size, 27);
  const other = qmcSampler({ seed: 4 }).sample({ space, trials: [], direction: "minimize", number: 0, rng: createRng(0) });
  assert.notDeepEqual(other.params, pts[0].params, "the scramble depends on the seed");
});
