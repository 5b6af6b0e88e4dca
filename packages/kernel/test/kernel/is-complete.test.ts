import { test } from "node:test";
import assert from "node:assert/strict";
import { isComplete } from "../../src/kernel/is-complete.js";
import { loadTslab } from "../../src/kernel/tslab.js";

test("is_complete: complete, incomplete with an indent, invalid", () => {
  const tslab = loadTslab();
  assert.deepEqual(isComplete(tslab, "const x: number = 1;"), { status: "complete" });
  assert.deepEqual(isComplete(tslab, "function f() {"), { status: "incomplete", indent: "  " });
  assert.equal(isComplete(tslab, "const a = [").status, "incomplete");
  assert.deepEqual(isComplete(tslab, "1 +* 2"), { status: "invalid" });
  assert.deepEqual(isComplete(tslab, "const = ;"), { status: "invalid" });
  assert.deepEqual(isComplete(tslab, "await fetchIt();\nconst y = <number>x;"), { status: "complete" });
});
