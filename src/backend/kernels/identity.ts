// Identity, same-dtype Cast and order-preserving Transpose without a copy: the output shares the input's buffer (as Reshape does).
import * as tf from "@tensorflow/tfjs-core";
import { input } from "../host.js";

interface RefCounting {
  incRef(dataId: object): void;
}

/** Returns a TensorInfo sharing x's data (one more reference), so no bytes are copied. */
export function shareInput(backend: object, inputs: tf.NamedTensorInfoMap, kernel: string): tf.TensorInfo {
  const x = input(inputs, "x", kernel);
  (backend as RefCounting).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
}

/** True when transposing `shape` by `perm` keeps the element order (only size-1 axes move). */
export function isOrderPreserving(shape: number[], perm: number[]): boolean {
  let last = -1;
  for (const p of perm) {
    if (shape[p] === 1) continue;
    if (p < last) return false;
    last = p;
  }
  return true;
}
