// Shared helpers of the backend tests: seeded random tensors, stock-cpu references, tolerant comparison.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { registerKernels, unregisterKernels } from "../../src/backend/index.js";
import { mulberry32 } from "../../src/util/rng.js";

/** The seeded PRNG of the backend tests (src/util's mulberry32), so every test is deterministic. */
export const rng = mulberry32;

/** Uniform(-1, 1) float32 values of a shape. */
export function randomValues(shape: number[], r: () => number): Float32Array {
  const n = shape.reduce((a, c) => a * c, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = 2 * r() - 1;
  return v;
}

/** Runs `f` on the stock cpu backend (our cpu kernels removed for the duration) and returns the values. */
export async function onStockCpu(f: () => tf.Tensor): Promise<{ shape: number[]; values: Float32Array }> {
  unregisterKernels("cpu");
  try {
    return await onBackend("cpu", f);
  } finally {
    registerKernels("cpu");
  }
}

/** Runs `f` on `backend` (with our kernels) and returns the values. */
export async function onBackend(backend: string, f: () => tf.Tensor): Promise<{ shape: number[]; values: Float32Array }> {
  const prev = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const t = tf.tidy(f);
    const out = { shape: t.shape.slice(), values: Float32Array.from(t.dataSync()) };
    t.dispose();
    return out;
  } finally {
    await tf.setBackend(prev);
  }
}

/** Asserts equal shapes and max|a−b| ≤ tol · max(max|ref|, 1e-3) (relative to the tensor's scale). */
export function assertClose(got: { shape: number[]; values: Float32Array }, ref: { shape: number[]; values: Float32Array }, what: string, tol = 1e-5): void {
  assert.deepEqual(got.shape, ref.shape, `${what}: shape`);
  let scale = 1e-3,
    diff = 0,
    at = -1;
  for (let i = 0; i < ref.values.length; i++) {
    const r = ref.values[i]!,
      g = got.values[i]!;
    if (Number.isNaN(r) || Number.isNaN(g)) {
      assert.ok(Number.isNaN(r) && Number.isNaN(g), `${what}: NaN mismatch at ${i} (got ${g}, want ${r})`);
      continue;
    }
    scale = Math.max(scale, Math.abs(r));
  }
  for (let i = 0; i < ref.values.length; i++) {
    if (Number.isNaN(ref.values[i]!)) continue;
    const d = Math.abs(got.values[i]! - ref.values[i]!);
    if (!(d <= diff)) {
      diff = d;
      at = i;
    }
  }
  assert.ok(diff <= tol * scale, `${what}: max |diff| ${diff} at ${at} (got ${got.values[at]}, want ${ref.values[at]}) exceeds ${tol} × ${scale}`);
}
