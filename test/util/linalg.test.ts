import { test } from "node:test";
import assert from "node:assert/strict";
import { cholesky, choleskyInverse, choleskyLogDet, choleskyWithJitter, solveCholesky, solveLower, solveLowerTransposed } from "../../src/util/linalg.js";

// The classic textbook example: A = L Lᵀ with L = [[2,0,0],[6,1,0],[−8,5,3]].
const A = [4, 12, -16, 12, 37, -43, -16, -43, 98];
const L = [2, 0, 0, 6, 1, 0, -8, 5, 3];

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `entry ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

test("cholesky factors a known 3×3 matrix exactly", () => {
  const l = cholesky(A, 3);
  assert.ok(l);
  close(l, L);
});

test("cholesky returns null for an indefinite matrix, jitter escalation rescues a singular one", () => {
  assert.equal(cholesky([1, 2, 2, 1], 2), null);
  const singular = [1, 1, 1, 1];
  assert.equal(cholesky(singular, 2), null);
  const { l, jitter } = choleskyWithJitter(singular, 2);
  assert.ok(jitter > 0 && jitter < 1e-3, `jitter ${jitter}`);
  // L Lᵀ ≈ A + jitter I
  assert.ok(Math.abs(l[0] * l[0] - (1 + jitter)) < 1e-12);
  assert.ok(Math.abs(l[2] * l[0] - 1) < 1e-12);
  assert.throws(() => choleskyWithJitter([-1, 0, 0, -1], 2), /not positive definite/);
});

test("choleskyWithJitter needs no jitter for a positive definite matrix", () => {
  const { l, jitter } = choleskyWithJitter(A, 3);
  assert.equal(jitter, 0);
  close(l, L);
});

test("triangular solves and the SPD solve invert their products", () => {
  const b = [1, -2, 3];
  const y = solveLower(L, 3, b);
  // L y = b
  close([2 * y[0], 6 * y[0] + y[1], -8 * y[0] + 5 * y[1] + 3 * y[2]], b);
  const z = solveLowerTransposed(L, 3, b);
  // Lᵀ z = b
  close([2 * z[0] + 6 * z[1] - 8 * z[2], z[1] + 5 * z[2], 3 * z[2]], b);
  const x = solveCholesky(L, 3, b);
  const ax = [0, 1, 2].map((i) => A[i * 3] * x[0] + A[i * 3 + 1] * x[1] + A[i * 3 + 2] * x[2]);
  close(ax, b, 1e-10);
});

test("log determinant and inverse from the factor", () => {
  assert.ok(Math.abs(choleskyLogDet(L, 3) - Math.log(36)) < 1e-12); // det A = (2·1·3)²
  const inv = choleskyInverse(L, 3);
  const prod = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) prod[i * 3 + j] += A[i * 3 + k] * inv[k * 3 + j];
  close(prod, [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-9);
  close([inv[1], inv[2], inv[5]], [inv[3], inv[6], inv[7]]); // symmetric
});

test("cholesky validates its size argument", () => {
  assert.throws(() => cholesky([1, 2, 3], 2), /expected 2×2 = 4 entries, got 3/);
  assert.throws(() => cholesky([1], -1), /non-negative integer/);
});
