import { test } from "node:test";
import assert from "node:assert/strict";
import * as api from "../src/index.js";

test("the package entry loads without top-level await", () => {
  assert.equal(typeof api, "object");
});
