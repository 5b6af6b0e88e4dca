// Registers our kernels on the `wasm` and `cpu` backends, remembering the stock ones so they can be restored.
import * as tf from "@tensorflow/tfjs";
import { hostFor, type Host } from "./host.js";
import { conv2dBackpropFilter, type Conv2DBackpropFilterAttrs } from "./kernels/conv2d-backprop-filter.js";
import { unsortedSegmentSum, type UnsortedSegmentSumAttrs } from "./kernels/unsorted-segment-sum.js";

/** Backends our kernels exist for. */
export type KernelBackendName = "wasm" | "cpu";

type Body = (host: Host, inputs: tf.NamedTensorInfoMap, attrs: never) => tf.TensorInfo | tf.TensorInfo[];

interface OurKernel {
  name: string;
  backends: readonly KernelBackendName[];
  body: Body;
}

const KERNELS: readonly OurKernel[] = [
  { name: "Conv2DBackpropFilter", backends: ["wasm", "cpu"], body: conv2dBackpropFilter as (h: Host, i: tf.NamedTensorInfoMap, a: Conv2DBackpropFilterAttrs) => tf.TensorInfo as Body },
  { name: "UnsortedSegmentSum", backends: ["wasm", "cpu"], body: unsortedSegmentSum as (h: Host, i: tf.NamedTensorInfoMap, a: UnsortedSegmentSumAttrs) => tf.TensorInfo as Body },
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
    tf.registerKernel({
      kernelName: k.name,
      backendName: backend,
      kernelFunc: ({ inputs, backend: b, attrs }) => body(hostFor(backend, b), inputs as tf.NamedTensorInfoMap, attrs as never),
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
