// Each of our kernels equals the stock cpu kernel (within 1e-5 of the tensor's scale) on random shapes.
import * as tf from "@tensorflow/tfjs";
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { ensureBackend } from "../../src/backend/index.js";
import { assertClose, onBackend, onStockCpu, randomValues, rng } from "./helpers.js";

const BACKENDS = ["wasm", "cpu"];

before(async () => {
  await ensureBackend({ backend: "wasm", quiet: true });
});

interface ConvCase {
  name: string;
  x: [number, number, number, number]; // NHWC
  f: [number, number, number, number]; // HWIO
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  dataFormat?: "NHWC" | "NCHW";
}

const CONV_CASES: ConvCase[] = [
  { name: "chapter conv1 (1-D as 2-D)", x: [3, 1, 30, 16], f: [1, 5, 16, 16], strides: 1, pad: "valid" },
  { name: "batch 1", x: [1, 1, 12, 4], f: [1, 3, 4, 5], strides: 1, pad: "valid" },
  { name: "length equals kernel size", x: [2, 1, 5, 3], f: [1, 5, 3, 2], strides: 1, pad: "valid" },
  { name: "stride 2", x: [2, 1, 17, 3], f: [1, 3, 3, 4], strides: [1, 2], pad: "valid" },
  { name: "same padding, stride 3", x: [2, 1, 16, 3], f: [1, 4, 3, 2], strides: [1, 3], pad: "same" },
  { name: "2-D same, stride 2", x: [2, 7, 6, 3], f: [3, 2, 3, 4], strides: 2, pad: "same" },
  {
    name: "explicit padding",
    x: [2, 5, 6, 2],
    f: [2, 3, 2, 3],
    strides: 1,
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  { name: "numeric padding", x: [1, 4, 9, 2], f: [3, 3, 2, 2], strides: 1, pad: 1 },
  { name: "NCHW", x: [2, 5, 7, 3], f: [2, 3, 3, 4], strides: 1, pad: "same", dataFormat: "NCHW" },
  { name: "NCHW stride 2", x: [1, 6, 7, 2], f: [3, 3, 2, 3], strides: 2, pad: "valid", dataFormat: "NCHW" },
  { name: "same padding, kernel wider than input", x: [2, 1, 3, 4], f: [1, 5, 4, 3], strides: 1, pad: "same" },
  { name: "wide channels (SIMD blocks and tails)", x: [2, 1, 11, 19], f: [1, 3, 19, 37], strides: 1, pad: "same" },
];

/** Forward-only cases: the gradient kernels take no dilations (tfjs' conv2d gradient requires 1). */
const DILATED: ConvCase[] = [
  { name: "dilation 2", x: [2, 1, 15, 3], f: [1, 3, 3, 4], strides: 1, pad: "valid", dilations: [1, 2] },
  { name: "2-D dilation, same", x: [1, 8, 9, 2], f: [2, 3, 2, 5], strides: 1, pad: "same", dilations: 2 },
];

function outShape(c: ConvCase): number[] {
  const xShape = c.dataFormat === "NCHW" ? [c.x[0], c.x[3], c.x[1], c.x[2]] : c.x;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    c.f,
    c.strides,
    c.dilations ?? 1,
    c.pad,
    undefined,
    false,
    tf.backend_util.convertConv2DDataFormat(c.dataFormat ?? "NHWC"),
  );
  return info.outShape;
}

for (const c of CONV_CASES) {
  test(`Conv2DBackpropFilter equals stock cpu: ${c.name}`, async () => {
    const r = rng(7);
    const xShape = c.dataFormat === "NCHW" ? [c.x[0], c.x[3], c.x[1], c.x[2]] : c.x.slice();
    const dyShape = outShape(c);
    const xv = randomValues(xShape, r),
      dyv = randomValues(dyShape, r);
    const run = (): tf.Tensor =>
      tf.engine().runKernel("Conv2DBackpropFilter", { x: tf.tensor(xv, xShape), dy: tf.tensor(dyv, dyShape) }, {
        strides: c.strides,
        pad: c.pad,
        dataFormat: c.dataFormat ?? "NHWC",
        filterShape: c.f,
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const ref = await onStockCpu(run);
    for (const b of BACKENDS) assertClose(await onBackend(b, run), ref, `${b} ${c.name}`);
  });
}

for (const c of CONV_CASES) {
  test(`Conv2DBackpropInput equals stock cpu: ${c.name}`, async () => {
    const r = rng(11);
    const xShape = c.dataFormat === "NCHW" ? [c.x[0], c.x[3], c.x[1], c.x[2]] : c.x.slice();
    const dyShape = outShape(c);
    const fv = randomValues(c.f, r),
      dyv = randomValues(dyShape, r);
    const run = (): tf.Tensor =>
      tf.engine().runKernel("Conv2DBackpropInput", { dy: tf.tensor(dyv, dyShape), filter: tf.tensor(fv, c.f) }, {
        strides: c.strides,
        pad: c.pad,
        dataFormat: c.dataFormat ?? "NHWC",
        inputShape: xShape,
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const ref = await onStockCpu(run);
    for (const b of BACKENDS) assertClose(await onBackend(b, run), ref, `${b} ${c.name}`);
  });
}

for (const c of [...CONV_CASES, ...DILATED]) {
  test(`Conv2D equals stock cpu: ${c.name}`, async () => {
    const r = rng(13);
    const xShape = c.dataFormat === "NCHW" ? [c.x[0], c.x[3], c.x[1], c.x[2]] : c.x.slice();
    const xv = randomValues(xShape, r),
      fv = randomValues(c.f, r);
    const run = (): tf.Tensor =>
      tf.conv2d(
        tf.tensor4d(xv, xShape as [number, number, number, number]),
        tf.tensor4d(fv, c.f),
        c.strides,
        c.pad as "valid",
        c.dataFormat ?? "NHWC",
        c.dilations ?? 1,
      );
    const ref = await onStockCpu(run);
    for (const b of BACKENDS) assertClose(await onBackend(b, run), ref, `${b} ${c.name}`);
  });
}

test("UnsortedSegmentSum equals stock cpu (embedding gradient shape, out-of-range ids dropped)", async () => {
  const r = rng(3);
  for (const [n, inner, segs] of [
    [1, 16, 21],
    [200, 16, 21],
    [37, 5, 4],
    [10, 1, 3],
  ] as const) {
    const xv = randomValues([n, inner], r);
    const ids = Int32Array.from({ length: n }, () => Math.floor(r() * (segs + 2)) - 1); // includes -1 and segs
    const run = (): tf.Tensor => tf.unsortedSegmentSum(tf.tensor2d(xv, [n, inner]), tf.tensor1d(ids, "int32"), segs);
    const ref = await onStockCpu(run);
    for (const b of BACKENDS) assertClose(await onBackend(b, run), ref, `${b} n=${n} inner=${inner}`);
  }
});

test("UnsortedSegmentSum with 2-D segment ids equals flattened ids; 1-D data", async () => {
  // the stock cpu kernel cannot broadcast 2-D ids, so compare with the equivalent flattened call
  const r = rng(5);
  const xv = randomValues([4, 3, 2], r);
  const ids = Int32Array.from([0, 2, 1, 1, 0, 2, 2, 2, 0, 1, 0, 0]);
  const flat = (): tf.Tensor => tf.unsortedSegmentSum(tf.tensor2d(xv, [12, 2]), tf.tensor1d(ids, "int32"), 3);
  const ref = await onStockCpu(flat);
  const run = (): tf.Tensor => tf.unsortedSegmentSum(tf.tensor3d(xv, [4, 3, 2]), tf.tensor2d(ids, [4, 3], "int32") as unknown as tf.Tensor1D, 3);
  for (const b of BACKENDS) assertClose(await onBackend(b, run), ref, `${b} 2-D ids`);
  const run1 = (): tf.Tensor => tf.unsortedSegmentSum(tf.tensor1d(xv.slice(0, 6)), tf.tensor1d(ids.slice(0, 6), "int32"), 3);
  const ref1 = await onStockCpu(run1);
  for (const b of BACKENDS) assertClose(await onBackend(b, run1), ref1, `${b} 1-D data`);
});

test("kernels leak no tensors", async () => {
  await tf.setBackend("wasm");
  const before = tf.memory().numTensors;
  const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.conv1d(x as tf.Tensor3D, tf.ones([3, 2, 2]), 1, "valid").sum())(tf.ones([2, 8, 2])));
  g.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test("unsupported inputs fail with errors that name them", async () => {
  for (const b of BACKENDS) {
    await tf.setBackend(b);
    assert.throws(
      () =>
        tf.engine().runKernel("Conv2D", { x: tf.ones([1, 4, 4, 2]), filter: tf.ones([2, 2, 2, 1]) }, {
          strides: 1,
          pad: "valid",
          dataFormat: "NDHWC",
          dilations: 1,
        } as unknown as tf.NamedAttrMap),
      /Conv2D: unsupported dataFormat NDHWC/,
    );
    assert.throws(
      () =>
        tf.engine().runKernel("Conv2DBackpropFilter", { x: tf.ones([1, 4, 4, 2]), dy: tf.ones([1, 2, 2, 1]) }, {
          strides: 1,
          pad: "valid",
          dataFormat: "NHWC",
          filterShape: [2, 2, 2, 1],
        } as unknown as tf.NamedAttrMap),
      /dy shape \[1, 2, 2, 1\] does not match the convolution's output shape \[1, 3, 3, 1\]/,
    );
    assert.throws(
      () =>
        tf.engine().runKernel("Conv2DBackpropInput", { dy: tf.ones([1, 3, 3, 1]), filter: tf.ones([2, 2, 2, 1], "int32") }, {
          strides: 1,
          pad: "valid",
          dataFormat: "NHWC",
          inputShape: [1, 4, 4, 2],
        } as unknown as tf.NamedAttrMap),
      /expected float32 dy and filter, got float32 and int32/,
    );
    assert.throws(
      () => tf.engine().runKernel("UnsortedSegmentSum", { x: tf.ones([3, 2]), segmentIds: tf.tensor1d([0, 1], "int32") }, { numSegments: 2 }),
      /segmentIds shape \[2\] must be a prefix of x shape \[3, 2\]/,
    );
  }
  await tf.setBackend("wasm");
});
