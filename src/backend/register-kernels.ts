// Registers our kernels on the `wasm` and `cpu` backends, remembering the stock ones so they can be restored.
import * as tf from "@tensorflow/tfjs-core";
import { hostFor, type Host } from "./host.js";
import { conv2dBackpropFilter, type Conv2DBackpropFilterAttrs } from "./kernels/conv2d-backprop-filter.js";
import { unsortedSegmentSum, type UnsortedSegmentSumAttrs } from "./kernels/unsorted-segment-sum.js";
import { conv2dBackpropInput, type Conv2DBackpropInputAttrs } from "./kernels/conv2d-backprop-input.js";
import { conv2d } from "./kernels/conv2d.js";
import type { ConvAttrs } from "./conv-geometry.js";
import { binary, unary, type BinaryOp } from "./kernels/binary.js";
import { ADAM_UPDATE, adamUpdate } from "./kernels/adam-update.js";
import type { AdamConstants } from "./primitives.js";
import { isOrderPreserving, shareInput } from "./kernels/identity.js";
import { sum, type SumAttrs } from "./kernels/sum.js";
import { gatherV2, type GatherV2Attrs } from "./kernels/gather-v2.js";
import { maxPoolGrad, type MaxPoolGradAttrs } from "./kernels/max-pool-grad.js";
import { batchMatMul, fusedMatMul, type BatchMatMulAttrs, type FusedMatMulAttrs } from "./kernels/batch-mat-mul.js";

/** Backends our kernels exist for. */
export type KernelBackendName = "wasm" | "cpu";

type Out = tf.TensorInfo | tf.TensorInfo[];
/** A kernel body: our host, the inputs and attrs, and a thunk running the stock kernel (when one exists). */
type Body<A> = (host: Host, inputs: tf.NamedTensorInfoMap, attrs: A, stock: (() => Out) | undefined, backend: object) => Out;

interface OurKernel {
  name: string;
  backends: readonly KernelBackendName[];
  body: Body<never>;
}

function kernel<A>(name: string, backends: readonly KernelBackendName[], body: Body<A>): OurKernel {
  return { name, backends, body: body as Body<never> };
}

const KERNELS: readonly OurKernel[] = [
  kernel<Conv2DBackpropFilterAttrs>("Conv2DBackpropFilter", ["wasm", "cpu"], (h, i, a) => conv2dBackpropFilter(h, i, a)),
  kernel<Conv2DBackpropInputAttrs>("Conv2DBackpropInput", ["wasm", "cpu"], (h, i, a) => conv2dBackpropInput(h, i, a)),
  // on wasm ours is as fast as XNNPACK's here and also takes NCHW, which the stock wasm kernel refuses
  kernel<ConvAttrs>("Conv2D", ["wasm", "cpu"], (h, i, a) => conv2d(h, i, a)),
  // the stock wasm Identity and same-dtype Cast copy the buffer; sharing it is what cpu and Reshape do
  kernel<Record<string, never>>("Identity", ["wasm"], (h, i, _a, stock, b) =>
    i.x && i.x.dtype !== "string" ? shareInput(b, i, "Identity") : stock ? stock() : shareInput(b, i, "Identity"),
  ),
  kernel<{ dtype: tf.DataType }>("Cast", ["wasm"], (h, i, a, stock, b) => {
    if (i.x && i.x.dtype === a.dtype && a.dtype !== "string") return shareInput(b, i, "Cast");
    if (stock) return stock();
    throw new Error(`Cast: no kernel to cast ${i.x?.dtype} to ${a.dtype}`);
  }),
  kernel<{ perm: number[] }>("Transpose", ["wasm", "cpu"], (h, i, a, stock, b) => {
    const x = i.x;
    if (x && x.dtype !== "string" && a.perm && isOrderPreserving(x.shape, a.perm)) {
      const out = shareInput(b, i, "Transpose");
      return { ...out, shape: a.perm.map((p) => x.shape[p]!) };
    }
    if (stock) return stock();
    throw new Error("Transpose: no stock kernel for a reordering transpose");
  }),
  // the stock cpu element-wise kernels index every element through broadcasting math
  ...(["Add", "Sub", "Multiply", "RealDiv"] as const).map((op: BinaryOp) =>
    kernel<Record<string, never>>(op, ["cpu"], (h, i, _a, stock) => {
      const out = binary(h, op, i);
      if (out) return out;
      if (stock) return stock();
      throw new Error(`${op}: no stock kernel for this case`);
    }),
  ),
  ...(["Relu", "Step"] as const).map((op) =>
    kernel<{ alpha?: number }>(op, ["cpu"], (h, i, a, stock) => {
      const out = unary(h, op, i, a.alpha ?? 0);
      if (out) return out;
      if (stock) return stock();
      throw new Error(`${op}: no stock kernel for this case`);
    }),
  ),
  kernel<AdamConstants>(ADAM_UPDATE, ["wasm", "cpu"], (h, i, a) => adamUpdate(h, i, a)),
  kernel<SumAttrs>("Sum", ["wasm", "cpu"], (h, i, a, stock) => {
    const out = sum(h, i, a);
    if (out) return out;
    if (stock) return stock(); // non-contiguous axes, bool input
    throw new Error("Sum: only contiguous axes of float32/int32 tensors are supported");
  }),
  kernel<UnsortedSegmentSumAttrs>("UnsortedSegmentSum", ["wasm", "cpu"], (h, i, a) => unsortedSegmentSum(h, i, a)),
  kernel<GatherV2Attrs>("GatherV2", ["wasm", "cpu"], (h, i, a) => gatherV2(h, i, a)),
  kernel<MaxPoolGradAttrs>("MaxPoolGrad", ["wasm", "cpu"], (h, i, a) => maxPoolGrad(h, i, a)),
  kernel<BatchMatMulAttrs>("BatchMatMul", ["wasm", "cpu"], (h, i, a, stock) => {
    const out = batchMatMul(h, i, a);
    if (out) return out;
    if (stock) return stock();
    throw new Error("BatchMatMul: only float32 and int32 inputs are supported");
  }),
  // stock cpu's is slow; stock wasm's (XNNPACK) is fast but ignores a size-1 bias, so ours takes that case
  kernel<FusedMatMulAttrs>("_FusedMatMul", ["wasm", "cpu"], (h, i, a, stock) => {
    if (h.name === "wasm" && stock && i.b && i.a?.dtype === "float32") {
      const n = a.transposeB ? i.b.shape[i.b.shape.length - 2] : i.b.shape[i.b.shape.length - 1];
      if (!i.bias || i.bias.shape.reduce((p, d) => p * d, 1) === n) return stock();
    }
    return fusedMatMul(h, i, a, stock);
  }),
];

const stock = new Map<string, tf.KernelConfig | null>();
const registered = new Set<string>();
const key = (name: string, backend: string): string => `${backend}/${name}`;

/** The kernel that was registered before ours (undefined if none), for tests and the stock benchmark. */
export function stockKernel(name: string, backend: KernelBackendName): tf.KernelConfig | undefined {
  const k = key(name, backend);
  return stock.has(k) ? (stock.get(k) ?? undefined) : tf.getKernel(name, backend);
}

/** Names of our kernels for a backend. */
export function ourKernelNames(backend: KernelBackendName): string[] {
  return KERNELS.filter((k) => k.backends.includes(backend)).map((k) => k.name);
}

/** Registers our kernels for `backend` (idempotent); returns their names. */
export function registerKernels(backend: KernelBackendName): string[] {
  const names: string[] = [];
  for (const k of KERNELS) {
    if (!k.backends.includes(backend)) continue;
    names.push(k.name);
    const id = key(k.name, backend);
    if (registered.has(id)) continue;
    const prev = tf.getKernel(k.name, backend);
    stock.set(id, prev ?? null);
    if (prev !== undefined) tf.unregisterKernel(k.name, backend);
    const body = k.body;
    const stockFn = prev?.kernelFunc;
    tf.registerKernel({
      kernelName: k.name,
      backendName: backend,
      kernelFunc: (args) =>
        body(
          hostFor(backend, args.backend),
          args.inputs as tf.NamedTensorInfoMap,
          (args.attrs ?? {}) as never,
          stockFn ? () => stockFn(args) as Out : undefined,
          args.backend,
        ),
      // the stock wasm kernel binds its wasm function in setupFunc: keep it so the stock fallback works
      ...(prev?.setupFunc ? { setupFunc: prev.setupFunc } : {}),
      ...(prev?.disposeFunc ? { disposeFunc: prev.disposeFunc } : {}),
    });
    registered.add(id);
  }
  return names;
}

/** Restores the stock kernels of `backend` (undoes registerKernels). */
export function unregisterKernels(backend: KernelBackendName): void {
  for (const k of KERNELS) {
    const id = key(k.name, backend);
    if (!registered.has(id)) continue;
    tf.unregisterKernel(k.name, backend);
    const prev = stock.get(id);
    if (prev) tf.registerKernel(prev);
    registered.delete(id);
  }
}
