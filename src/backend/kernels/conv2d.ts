// Conv2D (forward 2-D convolution) for the cpu backend (wasm keeps XNNPACK's), via per-tap GEMMs.
import * as tf from "@tensorflow/tfjs-core";
import { convGeometry, type ConvAttrs } from "../conv-geometry.js";
import { convForward, nchwToNhwc, nhwcToNchw } from "../conv-gemm.js";
import { input, type Host } from "../host.js";

/** Conv2D: y = x ⋆ W (x NHWC or NCHW, W HWIO); general over strides, padding, dilations and layout. */
export function conv2d(host: Host, inputs: tf.NamedTensorInfoMap, attrs: ConvAttrs): tf.TensorInfo {
  const x = input(inputs, "x", "Conv2D"),
    f = input(inputs, "filter", "Conv2D");
  if (x.dtype !== "float32" || f.dtype !== "float32") throw new Error(`Conv2D: expected float32 x and filter, got ${x.dtype} and ${f.dtype}`);
  const g = convGeometry("Conv2D", x.shape, f.shape, attrs);
  const c = g.info;
  const out = host.output(c.outShape.slice(), "float32");
  if (c.dataFormat === "channelsLast") {
    convForward(host.prim, c, host.view(x) as Float32Array, host.view(f) as Float32Array, host.view(out) as Float32Array);
    return out;
  }
  const xt = host.output([c.batchSize, c.inHeight, c.inWidth, c.inChannels], "float32"); // NHWC copies
  const yt = host.output([c.batchSize, c.outHeight, c.outWidth, c.outChannels], "float32");
  const xtv = host.view(xt) as Float32Array,
    ytv = host.view(yt) as Float32Array;
  nchwToNhwc(host.view(x), xtv, c.batchSize, c.inChannels, c.inHeight, c.inWidth);
  convForward(host.prim, c, xtv, host.view(f) as Float32Array, ytv);
  nhwcToNchw(ytv, host.view(out) as Float32Array, c.batchSize, c.outChannels, c.outHeight, c.outWidth);
  host.dispose(xt);
  host.dispose(yt);
  return out;
}
