import { test } from "node:test";
import assert from "node:assert/strict";
import { categorical, defineSpace, float, int, isActive, type Params, SpaceError, validateParams, when } from "../../src/hpo/space.js";

const spec = {
  lr: float(1e-5, 1e-1, { log: true }),
  dropout: float(0, 0.5, { step: 0.1 }),
  filters: int(8, 64, { step: 8 }),
  units: int(16, 256, { log: true }),
  optimizer: categorical(["adam", "sgd"]),
  momentum: when("optimizer", "sgd", float(0, 0.99)),
};

test("Params<typeof space> is inferred: literals for choices, conditional params optional", () => {
  const p: Params<typeof spec> = { lr: 0.01, dropout: 0.2, filters: 16, units: 32, optimizer: "adam" };
  const q: Params<ReturnType<typeof defineSpace<typeof spec>>> = { ...p, optimizer: "sgd", momentum: 0.9 };
  // @ts-expect-error "rmsprop" is not one of the choices
  const bad: Params<typeof spec> = { ...p, optimizer: "rmsprop" };
  assert.equal(q.momentum, 0.9);
  assert.ok(bad);
});

test("defineSpace orders parents before children and freezes", () => {
  const s = defineSpace({ m: when("opt", "sgd", float(0, 1)), opt: categorical(["adam", "sgd"]) });
  assert.deepEqual(s.names, ["opt", "m"]);
  assert.ok(Object.isFrozen(s.spec.m));
  assert.equal(isActive(s, "m", { opt: "sgd" }), true);
  assert.equal(isActive(s, "m", { opt: "adam" }), false);
  assert.equal(defineSpace(s), s);
});

test("invalid spaces throw SpaceError naming the parameter", () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ a: float(1, 1) }, "a", /low must be < high/],
    [{ b: float(2, 1) }, "b", /low must be < high/],
    [{ c: float(0, 1, { log: true }) }, "c", /log scale needs low > 0/],
    [{ d: int(-1, 5, { log: true }) }, "d", /log scale needs low > 0/],
    [{ e: categorical([]) }, "e", /at least one choice/],
    [{ f: float(0, 1, { step: 0.3 }) }, "f", /does not divide/],
    [{ g: int(0, 10, { step: 3 }) }, "g", /does not divide/],
    [{ h: int(0.5, 10) }, "h", /integers/],
    [{ i: float(0.1, 1, { log: true, step: 0.1 }) }, "i", /cannot be combined/],
    [{ j: when("nope", 1, float(0, 1)) }, "j", /unknown parameter "nope"/],
    [{ k: categorical(["x"]), l: when("k", "y", float(0, 1)) }, "l", /not a possible value/],
    [{ m: categorical(["x", "x"]) }, "m", /duplicate/],
    [{ n: when("o", 1, int(0, 2)), o: when("n", 1, int(0, 2)) }, "n", /cycle/],
  ];
  for (const [sp, name, re] of cases) {
    assert.throws(
      () => defineSpace(sp as never),
      (e: unknown) => e instanceof SpaceError && e.param === name && re.test(e.message) && e.message.includes(`"${name}"`),
      `expected error for ${name}`,
    );
  }
});

test("validateParams checks values, missing, extra and inactive params", () => {
  const s = defineSpace(spec);
  const ok = { lr: 0.01, dropout: 0.3, filters: 24, units: 100, optimizer: "sgd", momentum: 0.5 };
  validateParams(s, ok);
  assert.throws(() => validateParams(s, { ...ok, dropout: 0.25 }), /"dropout"/);
  assert.throws(() => validateParams(s, { ...ok, filters: 20 }), /"filters"/);
  assert.throws(() => validateParams(s, { ...ok, lr: 1 }), /"lr"/);
  assert.throws(() => validateParams(s, { ...ok, optimizer: "adam" }), /"momentum".*condition/);
  assert.throws(() => validateParams(s, { ...ok, zzz: 1 }), /"zzz"/);
  const { units: _u, ...missing } = ok;
  assert.throws(() => validateParams(s, missing), /"units".*missing/);
});
