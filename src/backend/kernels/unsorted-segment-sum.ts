// UnsortedSegmentSum (the gradient of Gather / Embedding) for the wasm and cpu backends.
import * as tf from "@tensorflow/tfjs-core";
import { input, type Host } from "../host.js";

/** Attributes of the UnsortedSegmentSum kernel. */
export interface UnsortedSegmentSumAttrs {
  numSegments: number;
}

/**
 * out[s, ...] = Σ_{i: ids[i] = s} x[i, ...], where ids' shape is a prefix of x's shape;
 * ids outside [0, numSegments) contribute nothing (as in TensorFlow).
 */
export function unsortedSegmentSum(host: Host, inputs: tf.NamedTensorInfoMap, attrs: UnsortedSegmentSumAttrs): tf.TensorInfo {
  const x = input(inputs, "x", "UnsortedSegmentSum"),
    segmentIds = input(inputs, "segmentIds", "UnsortedSegmentSum");
  const n = attrs.numSegments;
  if (!Number.isInteger(n) || n < 0) throw new Error(`UnsortedSegmentSum: numSegments must be a non-negative integer, got ${n}`);
  if (segmentIds.dtype !== "int32") throw new Error(`UnsortedSegmentSum: segmentIds must be int32, got ${segmentIds.dtype}`);
  if (x.dtype !== "float32" && x.dtype !== "int32") throw new Error(`UnsortedSegmentSum: x must be float32 or int32, got ${x.dtype}`);
  const r = segmentIds.shape.length;
  for (let i = 0; i < r; i++) {
    if (segmentIds.shape[i] !== x.shape[i]) {
      throw new Error(`UnsortedSegmentSum: segmentIds shape [${segmentIds.shape.join(", ")}] must be a prefix of x shape [${x.shape.join(", ")}]`);
    }
  }
  const inner = x.shape.slice(r).reduce((a, c) => a * c, 1);
  const count = segmentIds.shape.reduce((a, c) => a * c, 1);
  const out = host.output([n, ...x.shape.slice(r)], x.dtype);
  const xv = host.view(x),
    ids = host.view(segmentIds),
    ov = host.view(out);
  ov.fill(0);
  if (xv instanceof Float32Array && ov instanceof Float32Array) {
    host.prim.scatterAddRows(xv, ids as Int32Array, ov, count, inner, n);
    return out;
  }
  for (let i = 0; i < count; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= n) continue;
    const src = i * inner,
      dst = s * inner;
    for (let k = 0; k < inner; k++) ov[dst + k] += xv[src + k]!;
  }
  return out;
}
