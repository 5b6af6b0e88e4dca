// Sum over a contiguous block of axes (bias gradients: sum over batch and positions), for wasm and cpu.
import * as tf from "@tensorflow/tfjs-core";
import { input, type Host } from "../host.js";

/** Attributes of the Sum kernel. */
export interface SumAttrs {
  axis: number | number[];
  keepDims: boolean;
}

/**
 * out[o, j] = Σ_m x[o, m, j] with x viewed as [outer, reduced, inner]; accumulates in float64.
 * Returns undefined (caller uses the stock kernel) for non-contiguous axes or non-numeric dtypes.
 */
export function sum(host: Host, inputs: tf.NamedTensorInfoMap, attrs: SumAttrs): tf.TensorInfo | undefined {
  const x = input(inputs, "x", "Sum");
  if (x.dtype !== "float32" && x.dtype !== "int32") return undefined;
  const axes = [...new Set(tf.util.parseAxisParam(attrs.axis, x.shape))].sort((p, q) => p - q);
  if (axes.length === 0) return undefined;
  for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1]! + 1) return undefined;
  const first = axes[0]!,
    last = axes[axes.length - 1]!;
  const prod = (a: number[]): number => a.reduce((s, d) => s * d, 1);
  const outer = prod(x.shape.slice(0, first)),
    red = prod(x.shape.slice(first, last + 1)),
    inner = prod(x.shape.slice(last + 1));
  const outShape = attrs.keepDims ? x.shape.map((d, i) => (i >= first && i <= last ? 1 : d)) : x.shape.filter((_, i) => i < first || i > last);
  const out = host.output(outShape, x.dtype);
  const xv = host.view(x),
    ov = host.view(out);
  if (xv instanceof Float32Array && ov instanceof Float32Array) {
    for (let o = 0; o < outer; o++) host.prim.sumRows(xv, o * red * inner, ov, o * inner, red, inner);
    return out;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let m = 0, p = o * red * inner; m < red; m++, p += inner) for (let j = 0; j < inner; j++) acc[j] += xv[p + j]!;
    for (let j = 0; j < inner; j++) ov[o * inner + j] = acc[j]!;
  }
  return out;
}
