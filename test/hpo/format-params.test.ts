import { test } from "node:test";
import assert from "node:assert/strict";
import { formatParams } from "../../src/hpo/format-params.js";

test("formatParams: numbers to 3 significant digits, other values as they are, in key order", () => {
  assert.equal(
    formatParams({ lr: 0.0012345, dropout: 0.25, filters: 16, act: "relu", mask: true }),
    "lr = 0.00123, dropout = 0.25, filters = 16, act = relu, mask = true",
  );
  assert.equal(formatParams({}), "");
});
