// GatherV2, MaxPoolGrad, BatchMatMul, _FusedMatMul and Sum equal the stock cpu kernels on random shapes.
import * as tf from "@tensorflow/tfjs";
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { ensureBackend } from "../../src/backend/index.js";
import { assertClose, onBackend, onStockCpu, randomValues, rng } from "./helpers.js";

const BACKENDS = ["wasm", "cpu"];

before(async () => {
  await ensureBackend({ backend: "wasm", quiet: true });
});

async function same(what: string, run: () => tf.Tensor): Promise<void> {
  const ref = await onStockCpu(run);
  for (const b of BACKENDS) assertClose(await onBackend(b, run), ref, `${b} ${what}`);
}

test("GatherV2: embedding lookup, other axes, batchDims, int32 params", async () => {
  const r = rng(21);
  const table = randomValues([21, 16], r);
  const ids = Int32Array.from({ length: 3 * 190 }, () => Math.floor(r() * 21));
  await same("embedding", () => tf.gather(tf.tensor2d(table, [21, 16]), tf.tensor2d(ids, [3, 190], "int32")));
  await same("batch 1, one index", () => tf.gather(tf.tensor2d(table, [21, 16]), tf.tensor1d([20], "int32")));
  const x = randomValues([3, 5, 4], r);
  await same("axis 1", () => tf.gather(tf.tensor3d(x, [3, 5, 4]), tf.tensor1d([4, 0, 0, 2], "int32"), 1));
  await same("axis -1", () => tf.gather(tf.tensor3d(x, [3, 5, 4]), tf.tensor2d([3, 1, 0, 3], [2, 2], "int32"), -1));
  await same("batchDims 1", () => tf.gather(tf.tensor3d(x, [3, 5, 4]), tf.tensor2d([1, 4, 0, 0, 3, 2], [3, 2], "int32"), 1, 1));
  await same("int32 params", () => tf.gather(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], "int32"), tf.tensor1d([2, 0], "int32")).toFloat());
});

test("GatherV2 rejects an out-of-range index on every backend", async () => {
  for (const b of BACKENDS) {
    await tf.setBackend(b);
    assert.throws(() => tf.tidy(() => tf.gather(tf.ones([4, 2]), tf.tensor1d([0, 4], "int32")).dataSync()), /index value 4 is not in \[0, 3\]/);
  }
  await tf.setBackend("wasm");
});

test("MaxPoolGrad: the chapter's pools, stride ≠ size, same padding, ties, batch 1", async () => {
  const r = rng(23);
  const cases: Array<{ x: [number, number, number, number]; f: [number, number] | number; s: [number, number] | number; pad: "valid" | "same" }> = [
    { x: [4, 1, 186, 16], f: [1, 4], s: [1, 4], pad: "valid" },
    { x: [1, 1, 44, 16], f: [1, 2], s: [1, 2], pad: "valid" },
    { x: [2, 1, 21, 3], f: [1, 3], s: [1, 2], pad: "same" },
    { x: [2, 5, 6, 3], f: 2, s: 1, pad: "same" },
    { x: [1, 1, 5, 2], f: [1, 5], s: [1, 5], pad: "valid" },
  ];
  for (const c of cases) {
    const xv = randomValues(c.x, r);
    for (let i = 0; i < xv.length; i += 7) xv[i] = xv[i + 1] ?? xv[i]!; // plant ties
    const run = (): tf.Tensor =>
      tf.grad((t: tf.Tensor) =>
        tf
          .maxPool(t as tf.Tensor4D, c.f, c.s, c.pad)
          .mul(tf.range(1, 1 + tf.maxPool(t as tf.Tensor4D, c.f, c.s, c.pad).size).reshape(tf.maxPool(t as tf.Tensor4D, c.f, c.s, c.pad).shape))
          .sum(),
      )(tf.tensor4d(xv, c.x));
    await same(`maxPool ${JSON.stringify(c)}`, run);
  }
});

test("BatchMatMul: the dense layers' shapes with every transpose, broadcasting, SIMD tails", async () => {
  const r = rng(29);
  const shapes: Array<[number[], number[], boolean, boolean]> = [
    [[64, 160], [160, 256], false, false],
    [[64, 160], [256, 160], false, true],
    [[64, 160], [64, 256], true, false],
    [[160, 64], [256, 160], true, true],
    [[1, 7], [7, 1], false, false],
    [[3, 5, 9], [9, 13], false, false],
    [[2, 17, 19], [2, 23, 17], true, true],
  ];
  for (const [as, bs, ta, tb] of shapes) {
    const av = randomValues(as, r),
      bv = randomValues(bs, r);
    await same(`matMul ${as}×${bs} tA=${ta} tB=${tb}`, () => tf.matMul(tf.tensor(av, as), tf.tensor(bv, bs), ta, tb));
  }
  // broadcast batch dims: the stock cpu kernel pairs batches by modulo, so compare with explicit tiling
  const a4 = randomValues([2, 1, 5, 3], r),
    b4 = randomValues([1, 3, 3, 6], r);
  const ref = await onStockCpu(() => tf.matMul(tf.tile(tf.tensor4d(a4, [2, 1, 5, 3]), [1, 3, 1, 1]), tf.tile(tf.tensor4d(b4, [1, 3, 3, 6]), [2, 1, 1, 1])));
  for (const b of BACKENDS)
    assertClose(await onBackend(b, () => tf.matMul(tf.tensor4d(a4, [2, 1, 5, 3]), tf.tensor4d(b4, [1, 3, 3, 6]))), ref, `${b} broadcast batch`);
  await same("int32 matMul falls back", () => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2], "int32"), tf.tensor2d([5, 6, 7, 8], [2, 2], "int32")).toFloat());
});

test("_FusedMatMul: bias and each activation", async () => {
  const r = rng(31);
  const a = randomValues([6, 10], r),
    b = randomValues([10, 20], r),
    bias = randomValues([20], r);
  for (const activation of ["linear", "relu", "relu6", "elu", "leakyrelu", "sigmoid", "prelu"] as const) {
    await same(`fused ${activation}`, () =>
      tf.fused.matMul({
        a: tf.tensor2d(a, [6, 10]),
        b: tf.tensor2d(b, [10, 20]),
        bias: tf.tensor1d(bias),
        activation,
        preluActivationWeights: activation === "prelu" ? tf.scalar(0.1) : undefined,
        leakyreluAlpha: 0.3,
      }),
    );
  }
  await same("fused no bias, transposed", () =>
    tf.fused.matMul({ a: tf.tensor2d(a, [10, 6]), b: tf.tensor2d(b, [20, 10]), transposeA: true, transposeB: true, activation: "relu" }),
  );
  await same("fused scalar-like bias", () => tf.fused.matMul({ a: tf.tensor2d(a, [6, 10]), b: tf.tensor2d(b, [10, 20]), bias: tf.tensor1d([0.5]) }));
});

test("Sum: leading axes (bias gradients), trailing, middle, keepDims, int32, non-contiguous", async () => {
  const r = rng(37);
  const x = randomValues([64, 186, 16], r);
  await same("bias grad", () => tf.sum(tf.tensor3d(x, [64, 186, 16]), [0, 1]));
  await same("trailing", () => tf.sum(tf.tensor3d(x, [64, 186, 16]), -1));
  await same("middle keepDims", () => tf.sum(tf.tensor3d(x, [64, 186, 16]), 1, true));
  await same("all", () => tf.sum(tf.tensor3d(x, [64, 186, 16])));
  await same("non-contiguous", () => tf.sum(tf.tensor3d(x, [64, 186, 16]), [0, 2]));
  await same("int32", () => tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], "int32"), 0).toFloat());
  await same("bool", () => tf.sum(tf.tensor1d([1, 0, 1], "bool")).toFloat());
});

test("Identity, same-dtype Cast and order-preserving Transpose share the buffer and keep values", async () => {
  const r = rng(41);
  const x = randomValues([3, 1, 4], r);
  await same("identity", () => tf.engine().runKernel("Identity", { x: tf.tensor3d(x, [3, 1, 4]) }) as tf.Tensor);
  await same("cast same dtype", () => tf.cast(tf.tensor3d(x, [3, 1, 4]), "float32"));
  await same("cast float→int→float", () => tf.cast(tf.cast(tf.tensor3d(x, [3, 1, 4]).mul(3), "int32"), "float32"));
  await same("transpose moving a size-1 axis", () => tf.transpose(tf.tensor3d(x, [3, 1, 4]), [1, 0, 2]));
  await same("transpose reordering", () => tf.transpose(tf.tensor3d(x, [3, 1, 4]), [2, 1, 0]));
  await tf.setBackend("wasm");
  const before = tf.memory().numTensors;
  const t = tf.tensor3d(x, [3, 1, 4]);
  const views = [tf.engine().runKernel("Identity", { x: t }) as tf.Tensor, tf.cast(t, "float32"), tf.transpose(t, [1, 0, 2])];
  t.dispose(); // the shared buffer must survive its first owner
  for (const v of views)
    assertClose({ shape: v.shape.slice(), values: Float32Array.from(v.dataSync()) }, { shape: v.shape.slice(), values: x }, "shared after dispose");
  tf.dispose(views);
  assert.equal(tf.memory().numTensors, before);
});

test("cpu element-wise kernels: equal shapes, scalar, bias broadcast both ways, fallbacks", async () => {
  const r = rng(43);
  const x = randomValues([4, 5, 6], r),
    y = randomValues([4, 5, 6], r),
    bias = randomValues([6], r);
  for (const op of ["add", "sub", "mul", "div"] as const) {
    await same(`${op} equal`, () => tf[op](tf.tensor3d(x, [4, 5, 6]), tf.tensor3d(y, [4, 5, 6])));
    await same(`${op} bias`, () => tf[op](tf.tensor3d(x, [4, 5, 6]), tf.tensor1d(bias)));
    await same(`${op} bias first`, () => tf[op](tf.tensor2d(bias, [1, 6]), tf.tensor3d(x, [4, 5, 6])));
    await same(`${op} scalar`, () => tf[op](tf.scalar(0.7), tf.tensor3d(x, [4, 5, 6])));
    await same(`${op} column broadcast (stock)`, () => tf[op](tf.tensor3d(x, [4, 5, 6]), tf.tensor3d(x.slice(0, 20), [4, 5, 1])));
    await same(`${op} outer broadcast (stock)`, () => tf[op](tf.tensor2d(x.slice(0, 4), [4, 1]), tf.tensor2d(y.slice(0, 6), [1, 6])));
  }
  await same("int32 add (stock)", () => tf.add(tf.tensor1d([1, 2], "int32"), tf.tensor1d([3, 4], "int32")).toFloat());
  const z = Float32Array.from([-1, 0, 2, NaN, -0.5, 3]);
  await same("relu", () => tf.relu(tf.tensor1d(z)));
  await same("step", () => tf.step(tf.tensor1d(z), 0.25));
});
