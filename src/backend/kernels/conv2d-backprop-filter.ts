// Conv2DBackpropFilter (dL/dW of a 2-D convolution) for the wasm and cpu backends, via per-tap GEMMs.
import * as tf from "@tensorflow/tfjs-core";
import { convGeometry, type ConvAttrs } from "../conv-geometry.js";
import { convBackpropFilter, nchwToNhwc } from "../conv-gemm.js";
import { input, type Host } from "../host.js";

/** Attributes of the Conv2DBackpropFilter kernel. */
export interface Conv2DBackpropFilterAttrs extends ConvAttrs {
  filterShape: [number, number, number, number];
}

/** Conv2DBackpropFilter: dW[fy,fx,ci,co] = Σ_{b,oy,ox} x[b,iy,ix,ci] · dy[b,oy,ox,co]; general over strides, padding, dilations, layout. */
export function conv2dBackpropFilter(host: Host, inputs: tf.NamedTensorInfoMap, attrs: Conv2DBackpropFilterAttrs): tf.TensorInfo {
  const x = input(inputs, "x", "Conv2DBackpropFilter"),
    dy = input(inputs, "dy", "Conv2DBackpropFilter");
  if (x.dtype !== "float32" || dy.dtype !== "float32") throw new Error(`Conv2DBackpropFilter: expected float32 x and dy, got ${x.dtype} and ${dy.dtype}`);
  const g = convGeometry("Conv2DBackpropFilter", x.shape, attrs.filterShape, attrs);
  const c = g.info;
  if (c.outShape.join() !== dy.shape.join()) {
    throw new Error(`Conv2DBackpropFilter: dy shape [${dy.shape.join(", ")}] does not match the convolution's output shape [${c.outShape.join(", ")}]`);
  }
  const out = host.output([...attrs.filterShape], "float32");
  if (c.dataFormat === "channelsLast") {
    convBackpropFilter(host.prim, c, host.view(x) as Float32Array, host.view(dy) as Float32Array, host.view(out) as Float32Array);
    return out;
  }
  const xt = host.output([c.batchSize, c.inHeight, c.inWidth, c.inChannels], "float32"); // NHWC copies
  const dyt = host.output([c.batchSize, c.outHeight, c.outWidth, c.outChannels], "float32");
  const xtv = host.view(xt) as Float32Array,
    dytv = host.view(dyt) as Float32Array;
  nchwToNhwc(host.view(x), xtv, c.batchSize, c.inChannels, c.inHeight, c.inWidth);
  nchwToNhwc(host.view(dy), dytv, c.batchSize, c.outChannels, c.outHeight, c.outWidth);
  convBackpropFilter(host.prim, c, xtv, dytv, host.view(out) as Float32Array);
  host.dispose(xt);
  host.dispose(dyt);
  return out;
}
