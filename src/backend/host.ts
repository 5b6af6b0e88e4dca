// Uniform raw-memory access to the tensors of the `wasm` and `cpu` backends, for our kernels.
import * as tf from "@tensorflow/tfjs-core";
import { jsPrimitives, type Primitives } from "./primitives.js";
import { backendMemory, wasmPrimitives } from "./wasm-primitives.js";

/** Element arrays our kernels read and write. */
export type RawArray = Float32Array | Int32Array | Uint8Array;

/** Raw access to one backend's tensor memory. */
export interface Host {
  /** Backend name ("wasm" or "cpu"). */
  readonly name: "wasm" | "cpu";
  /** Numeric primitives on this backend's views (SIMD in tfjs' own memory on wasm; JS loops on cpu). */
  readonly prim: Primitives;
  /** Allocates an output tensor (contents unspecified: kernels must write every element). */
  output(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A live view of a tensor's elements; on wasm take views only after the last `output` call. */
  view(t: tf.TensorInfo): RawArray;
  /** Frees an intermediate made with `output` that is not returned. */
  dispose(t: tf.TensorInfo): void;
}

interface WasmLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): RawArray;
  disposeData(dataId: object): boolean;
}

interface CpuLike {
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: RawArray): tf.TensorInfo;
  data: { get(dataId: object): { values?: unknown } };
  disposeIntermediateTensorInfo(t: tf.TensorInfo): void;
}

function newArray(dtype: tf.DataType, size: number): RawArray {
  if (dtype === "float32") return new Float32Array(size);
  if (dtype === "int32") return new Int32Array(size);
  if (dtype === "bool") return new Uint8Array(size);
  throw new Error(`tfjs-tune kernels support float32, int32 and bool tensors, got dtype ${dtype}`);
}

/** Wraps the `wasm` backend object given to a kernel function. */
export function wasmHost(backend: object): Host {
  const b = backend as unknown as WasmLike;
  const memory = backendMemory(backend);
  return {
    name: "wasm",
    prim: memory ? wasmPrimitives(memory) : jsPrimitives,
    output: (shape, dtype) => b.makeOutput(shape, dtype),
    view: (t) => b.typedArrayFromHeap(t),
    dispose: (t) => void b.disposeData(t.dataId),
  };
}

/** Wraps the `cpu` backend object given to a kernel function. */
export function cpuHost(backend: object): Host {
  const b = backend as unknown as CpuLike;
  return {
    name: "cpu",
    prim: jsPrimitives,
    output: (shape, dtype) =>
      b.makeTensorInfo(
        shape,
        dtype,
        newArray(
          dtype,
          shape.reduce((a, c) => a * c, 1),
        ),
      ),
    view: (t) => {
      const v = b.data.get(t.dataId).values;
      if (!(v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array)) {
        throw new Error(`tfjs-tune cpu kernel: tensor of dtype ${t.dtype} has no typed-array values`);
      }
      return v;
    },
    dispose: (t) => b.disposeIntermediateTensorInfo(t),
  };
}

const hosts = new WeakMap<object, Host>();

/** The (cached) host wrapper of a backend object. */
export function hostFor(name: "wasm" | "cpu", backend: object): Host {
  let h = hosts.get(backend);
  if (!h) {
    h = name === "wasm" ? wasmHost(backend) : cpuHost(backend);
    hosts.set(backend, h);
  }
  return h;
}

/** Fetches a named kernel input, with a clear error when it is missing. */
export function input(inputs: tf.NamedTensorInfoMap, name: string, kernel: string): tf.TensorInfo {
  const t = inputs[name];
  if (t === undefined) throw new Error(`${kernel}: missing input "${name}"`);
  return t;
}
