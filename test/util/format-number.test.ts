import { test } from "node:test";
import assert from "node:assert/strict";
import { formatCompact } from "../../src/util/format-number.js";

test("formatCompact: 3 significant digits in plain notation inside [1e-2, 1e4) by default", () => {
  assert.deepEqual(
    [0, -0, 0.1 + 0.2, 12.345, -0.0123456, 9999.4].map((v) => formatCompact(v)),
    ["0", "0", "0.3", "12.3", "-0.0123", "10000"],
  );
  assert.deepEqual(
    [1e4, 0.00999, -123456, 5e-7].map((v) => formatCompact(v)),
    ["1.0e+4", "1.0e-2", "-1.2e+5", "5.0e-7"],
  );
});

test("formatCompact: the plain range and exponent digits are options (the schedulers' explanations)", () => {
  const o = { plainMin: 1e-3, plainMax: 1e6, expDigits: 2 };
  assert.deepEqual(
    [0.00123456, 123456.7, 1e6, 0.000999].map((v) => formatCompact(v, o)),
    ["0.00123", "123000", "1.00e+6", "9.99e-4"],
  );
});

test("formatCompact: NaN and infinities print as JavaScript does", () => {
  assert.deepEqual(
    [NaN, Infinity, -Infinity].map((v) => formatCompact(v)),
    ["NaN", "Infinity", "-Infinity"],
  );
});
