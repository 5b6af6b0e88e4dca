import { test } from "node:test";
import assert from "node:assert/strict";
import { History, globToRegExp } from "../../src/kernel/history.js";

test("history answers tail, range and search (glob, unique, n)", () => {
  const h = new History();
  ["6 * 7", "let a = 1", "6 * 7", "6 * 8"].forEach((code, i) => h.add(i + 1, code));
  h.setOutput(1, "42");
  assert.deepEqual(h.query({ hist_access_type: "tail", n: 2 }), [
    [1, 3, "6 * 7"],
    [1, 4, "6 * 8"],
  ]);
  assert.deepEqual(h.query({ hist_access_type: "tail", n: 4, output: true })[0], [1, 1, ["6 * 7", "42"]]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: 1, start: 2, stop: 3 }), [[1, 2, "let a = 1"]]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: 7, start: 1 }), []);
  assert.equal(h.query({ hist_access_type: "search", pattern: "6 *" }).length, 3);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "6 *", unique: true }), [
    [1, 3, "6 * 7"],
    [1, 4, "6 * 8"],
  ]);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "6 *", n: 1 }), [[1, 4, "6 * 8"]]);
  assert.throws(() => h.query({ hist_access_type: "nope" }), /unknown hist_access_type "nope"/);
});

test("globs match like SQLite GLOB", () => {
  assert.ok(globToRegExp("a?c*").test("abcdef"));
  assert.ok(!globToRegExp("a?c").test("abcd"));
  assert.ok(globToRegExp("[ab]x.y").test("bx.y"));
  assert.ok(!globToRegExp("x.y").test("xzy"));
});
