// GatherV2 (embedding lookup and friends) for the wasm and cpu backends: plain row copies.
import * as tf from "@tensorflow/tfjs-core";
import { input, type Host } from "../host.js";

/** Attributes of the GatherV2 kernel. */
export interface GatherV2Attrs {
  axis: number;
  batchDims?: number;
}

/**
 * out[b, o, i, s] = x[b, o, indices[b, i], s] with x viewed as [batch, outer, dim, slice] and
 * indices as [batch, n] (tfjs' GatherV2 layout); an index outside [0, dim) is an error, as on cpu.
 */
export function gatherV2(host: Host, inputs: tf.NamedTensorInfoMap, attrs: GatherV2Attrs): tf.TensorInfo {
  const x = input(inputs, "x", "GatherV2"),
    indices = input(inputs, "indices", "GatherV2");
  if (x.dtype === "string" || x.dtype === "complex64") throw new Error(`GatherV2: unsupported dtype ${x.dtype}`);
  if (indices.dtype !== "int32") throw new Error(`GatherV2: indices must be int32, got ${indices.dtype}`);
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0]!;
  const batchDims = attrs.batchDims ?? 0;
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x, indices, axis, batchDims);
  const { batchSize, outerSize, dimSize, sliceSize } = info;
  const count = indices.shape.reduce((a, c) => a * c, 1);
  const per = batchSize > 0 ? count / batchSize : 0;
  const out = host.output(info.outputShape, x.dtype);
  const xv = host.view(x),
    iv = host.view(indices) as Int32Array,
    ov = host.view(out);
  for (let i = 0; i < count; i++) {
    const k = iv[i]!;
    if (!(k >= 0 && k < dimSize)) {
      host.dispose(out);
      throw new Error(`GatherV2: the index value ${k} is not in [0, ${dimSize - 1}]`);
    }
  }
  if (batchSize === 1 && outerSize === 1 && !(xv instanceof Uint8Array) && !(ov instanceof Uint8Array)) {
    host.prim.gatherRows(xv, iv, ov, count, sliceSize); // the embedding lookup
    return out;
  }
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const srcBase = (b * outerSize + o) * dimSize;
      const dstBase = (b * outerSize + o) * per;
      for (let i = 0; i < per; i++) {
        const src = (srcBase + iv[b * per + i]!) * sliceSize,
          dst = (dstBase + i) * sliceSize;
        for (let s = 0; s < sliceSize; s++) ov[dst + s] = xv[src + s]!;
      }
    }
  }
  return out;
}
