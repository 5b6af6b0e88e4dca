// MaxPoolGrad for the wasm and cpu backends: each dy goes to the first maximum of its window.
import * as tf from "@tensorflow/tfjs-core";
import { input, type Host } from "../host.js";

/** Attributes of the MaxPoolGrad kernel. */
export interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** dx[b, argmax of window(oy,ox), c] += dy[b,oy,ox,c] (NHWC; ties go to the first maximum in row-major window order, as on cpu). */
export function maxPoolGrad(host: Host, inputs: tf.NamedTensorInfoMap, attrs: MaxPoolGradAttrs): tf.TensorInfo {
  const dy = input(inputs, "dy", "MaxPoolGrad"),
    x = input(inputs, "input", "MaxPoolGrad");
  if (x.dtype !== "float32" || dy.dtype !== "float32") throw new Error(`MaxPoolGrad: expected float32 input and dy, got ${x.dtype} and ${dy.dtype}`);
  if (x.shape.length !== 4) throw new Error(`MaxPoolGrad: expected a 4-D NHWC input, got shape [${x.shape.join(", ")}]`);
  const c = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  if (c.outShape.join() !== dy.shape.join())
    throw new Error(`MaxPoolGrad: dy shape [${dy.shape.join(", ")}] does not match the pooled shape [${c.outShape.join(", ")}]`);
  const { batchSize: nb, inHeight: ih, inWidth: iw, inChannels: ch, outHeight: oh, outWidth: ow } = c;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = c;
  const top = c.padInfo.top,
    left = c.padInfo.left;
  const out = host.output(x.shape.slice(), "float32");
  const xv = host.view(x) as Float32Array,
    dyv = host.view(dy) as Float32Array,
    dx = host.view(out) as Float32Array;
  dx.fill(0);
  host.prim.maxPoolGrad(xv, dyv, dx, { nb, ih, iw, ch, oh, ow, fh, fw, sh, sw, top, left });
  return out;
}
