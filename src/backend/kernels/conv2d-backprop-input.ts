// Conv2DBackpropInput (dL/dx of a 2-D convolution) for the wasm and cpu backends, via per-tap GEMMs.
import * as tf from "@tensorflow/tfjs-core";
import { convGeometry, type ConvAttrs } from "../conv-geometry.js";
import { convBackpropInput, nchwToNhwc, nhwcToNchw } from "../conv-gemm.js";
import { input, type Host } from "../host.js";

/** Attributes of the Conv2DBackpropInput kernel. */
export interface Conv2DBackpropInputAttrs extends ConvAttrs {
  inputShape: [number, number, number, number];
}

/** Conv2DBackpropInput: dx[b,iy,ix,ci] = Σ dy[b,oy,ox,co] · W[fy,fx,ci,co]; general over strides, padding, dilations, layout. */
export function conv2dBackpropInput(host: Host, inputs: tf.NamedTensorInfoMap, attrs: Conv2DBackpropInputAttrs): tf.TensorInfo {
  const dy = input(inputs, "dy", "Conv2DBackpropInput"),
    f = input(inputs, "filter", "Conv2DBackpropInput");
  if (dy.dtype !== "float32" || f.dtype !== "float32") throw new Error(`Conv2DBackpropInput: expected float32 dy and filter, got ${dy.dtype} and ${f.dtype}`);
  const g = convGeometry("Conv2DBackpropInput", attrs.inputShape, f.shape, attrs);
  const c = g.info;
  if (c.outShape.join() !== dy.shape.join()) {
    throw new Error(`Conv2DBackpropInput: dy shape [${dy.shape.join(", ")}] does not match the convolution's output shape [${c.outShape.join(", ")}]`);
  }
  const out = host.output([...attrs.inputShape], "float32");
  const wt = host.output(f.shape.slice(), "float32"); // scratch: W transposed per tap
  if (c.dataFormat === "channelsLast") {
    convBackpropInput(host.prim, c, host.view(dy) as Float32Array, host.view(f) as Float32Array, host.view(wt) as Float32Array, host.view(out) as Float32Array);
    host.dispose(wt);
    return out;
  }
  const dyt = host.output([c.batchSize, c.outHeight, c.outWidth, c.outChannels], "float32"); // NHWC copies
  const dxt = host.output([c.batchSize, c.inHeight, c.inWidth, c.inChannels], "float32");
  const dytv = host.view(dyt) as Float32Array,
    dxtv = host.view(dxt) as Float32Array;
  nchwToNhwc(host.view(dy), dytv, c.batchSize, c.outChannels, c.outHeight, c.outWidth);
  convBackpropInput(host.prim, c, dytv, host.view(f) as Float32Array, host.view(wt) as Float32Array, dxtv);
  nhwcToNchw(dxtv, host.view(out) as Float32Array, c.batchSize, c.inChannels, c.inHeight, c.inWidth);
  for (const t of [wt, dyt, dxt]) host.dispose(t);
  return out;
}
