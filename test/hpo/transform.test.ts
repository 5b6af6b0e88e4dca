import { test } from "node:test";
import assert from "node:assert/strict";
import { categorical, defineSpace, float, int, when } from "../../src/hpo/space.js";
import { cardinality, decode, encode, fromUnit, toUnit } from "../../src/hpo/transform.js";

test("continuous float maps linearly and log floats in log space", () => {
  assert.equal(fromUnit(float(-5, 10), 0.5), 2.5);
  assert.ok(Math.abs((fromUnit(float(1e-4, 1, { log: true }), 0.5) as number) - 1e-2) < 1e-12);
  assert.ok(Math.abs(toUnit(float(1e-4, 1, { log: true }), 1e-3) - 0.25) < 1e-12);
  assert.equal(fromUnit(float(0, 1), 1.5), 1);
});

test("discrete params own equal cells (ints, steps, log ints, categoricals)", () => {
  const dists = [int(0, 4), int(8, 64, { step: 8 }), float(0, 0.5, { step: 0.1 }), categorical(["a", "b", "c"])];
  for (const d of dists) {
    const n = cardinality(d);
    const counts = new Map<unknown, number>();
    const m = 1000 * n;
    for (let i = 0; i < m; i++) {
      const v = fromUnit(d, (i + 0.5) / m);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    assert.equal(counts.size, n, `${d.kind} reaches every value`);
    for (const c of counts.values()) assert.equal(c, 1000);
    // round trip through the cell centre
    for (const v of counts.keys()) assert.equal(fromUnit(d, toUnit(d, v as never)), v);
  }
  assert.deepEqual([...new Set(Array.from({ length: 11 }, (_, i) => fromUnit(float(0, 0.5, { step: 0.1 }), i / 10)))], [0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  const logInt = int(1, 100, { log: true });
  for (let i = 0; i <= 100; i++) {
    const v = fromUnit(logInt, i / 100) as number;
    assert.ok(Number.isInteger(v) && v >= 1 && v <= 100);
  }
});

test("encode/decode respect conditions (inactive → NaN, omitted)", () => {
  const s = defineSpace({ opt: categorical(["adam", "sgd"]), m: when("opt", "sgd", float(0, 1)), lr: float(1e-4, 1, { log: true }) });
  const u = encode(s, { opt: "adam", lr: 0.01 });
  assert.ok(Number.isNaN(u[1]));
  assert.deepEqual(Object.keys(decode(s, [0.1, 0.3, 0.5])), ["opt", "lr"]);
  const p = decode(s, [0.9, 0.3, 0.5]);
  assert.equal(p.opt, "sgd");
  assert.ok(Math.abs((p.m as number) - 0.3) < 1e-12);
});
