import { test } from "node:test";
import assert from "node:assert/strict";
import { watchParent } from "../../src/kernel/parent-watch.js";

test("watchParent trusts JPY_PARENT_PID only when it is the real parent at start", () => {
  assert.equal(
    watchParent({}, () => assert.fail("no watch")),
    undefined,
  );
  assert.equal(
    watchParent({ JPY_PARENT_PID: "1" }, () => assert.fail("no watch")),
    undefined,
  );
  // a stale value inherited through the environment (another tool started this process)
  assert.equal(
    watchParent({ JPY_PARENT_PID: String(process.ppid + 1) }, () => assert.fail("no watch")),
    undefined,
  );
  const stop = watchParent({ JPY_PARENT_PID: String(process.ppid) }, () => assert.fail("the parent is alive"), 10);
  assert.equal(typeof stop, "function");
  stop!();
});
