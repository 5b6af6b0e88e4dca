import { test } from "node:test";
import assert from "node:assert/strict";
import { categorical, defineSpace, float, int, when } from "../../../src/hpo/space.js";
import { axisValues, gridConfigurations, gridSampler } from "../../../src/hpo/samplers/grid.js";
import { createStudy } from "../../../src/hpo/study.js";
import { branin, braninSpace } from "../../../src/hpo/test-functions.js";

test("axis values: ends included, log-aware, all values of small discrete axes", () => {
  const s = defineSpace({ a: float(0, 1), b: float(1e-4, 1, { log: true }), c: int(1, 3), d: int(0, 100), e: categorical(["x", "y"]) });
  assert.deepEqual(axisValues(s, "a"), [0, 0.25, 0.5, 0.75, 1]);
  const b = axisValues(s, "b") as number[];
  assert.deepEqual(
    b.map((v) => Math.round(Math.log10(v) * 1e9) / 1e9),
    [-4, -3, -2, -1, 0],
  );
  assert.deepEqual(axisValues(s, "c"), [1, 2, 3]);
  assert.deepEqual(axisValues(s, "d"), [0, 25, 50, 75, 100]);
  assert.deepEqual(axisValues(s, "e"), ["x", "y"]);
  assert.deepEqual(axisValues(s, "a", { values: { a: [0.1, 0.1, 0.9] } }), [0.1, 0.9]);
  assert.throws(() => axisValues(s, "a", { values: { a: [2] } }), /"a"/);
});

test("conditional parameters branch only where active", () => {
  const s = defineSpace({ opt: categorical(["adam", "sgd"]), m: when("opt", "sgd", float(0, 1)) });
  const configs = gridConfigurations(s, { points: 3 });
  assert.deepEqual(configs, [{ opt: "adam" }, { opt: "sgd", m: 0 }, { opt: "sgd", m: 0.5 }, { opt: "sgd", m: 1 }]);
  assert.throws(() => gridConfigurations(defineSpace({ a: float(0, 1), b: float(0, 1) }), { points: 1001 }), /more than/);
});

test("grid search on Branin reproduces the k×k table of numbers.md", async () => {
  const expected: [number, number][] = [
    [3, 10.31],
    [5, 2.5],
    [7, 2.2],
    [10, 0.789],
    [14, 0.418],
  ];
  for (const [k, best] of expected) {
    const study = await createStudy({ space: braninSpace, sampler: gridSampler({ points: k, order: "sequential" }) });
    const res = await study.optimize((p) => branin(p), {});
    assert.equal(res.stoppedBy, "exhausted");
    assert.equal(study.trials.length, k * k);
    assert.ok(Math.abs((study.bestValue as number) - best) < 0.006, `${k}×${k}: ${study.bestValue} vs ${best}`);
  }
});
