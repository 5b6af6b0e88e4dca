import { test } from "node:test";
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { expandShorthand } from "../../src/kernel/expand-shorthand.js";
import { CellRunner } from "../../src/kernel/cell-runner.js";
import { loadTslab } from "../../src/kernel/tslab.js";

test("expandShorthand writes shorthand properties out and leaves everything else alone", () => {
  const { ts } = loadTslab();
  assert.equal(expandShorthand(ts, "const z = { seed, o };"), "const z = { seed: seed, o: o };");
  assert.equal(expandShorthand(ts, "f({ a: 1, seed })"), "f({ a: 1, seed: seed })");
  assert.equal(expandShorthand(ts, "({ seed = 1 } = obj);"), "({ seed: seed = 1 } = obj);");
  const untouched = "const { seed } = obj;\nfunction g({ lr }: { lr: number }) { return lr; }\nconst s = `{ x }`;";
  assert.equal(expandShorthand(ts, untouched), untouched);
});

test("a shorthand property can refer to a variable of an earlier cell", async (t) => {
  const runner = new CellRunner(loadTslab(), tmpdir(), () => {});
  t.after(() => runner.close());
  const first = await runner.run("let seed = 7;\nconst opts = { lr: 0.1 };", 1, "cell-1");
  assert.equal(first.status, "ok");
  const second = await runner.run("const z = { seed, opts };\nz", 2, "cell-2");
  assert.equal(second.status, "ok", JSON.stringify(second.error));
  assert.deepEqual(second.value, { seed: 7, opts: { lr: 0.1 } });
});
