// Conv2DBackpropFilter (dL/dW of a 2-D convolution) for the wasm and cpu backends.
import * as tf from "@tensorflow/tfjs";
import { convGeometry, type ConvAttrs } from "../conv-geometry.js";
import { input, type Host } from "../host.js";

/** Attributes of the Conv2DBackpropFilter kernel. */
export interface Conv2DBackpropFilterAttrs extends ConvAttrs {
  filterShape: [number, number, number, number];
}

/**
 * dW[fy,fx,ci,co] = Σ_{b,oy,ox} x[b, oy·sh + fy·dh − top, ox·sw + fx·dw − left, ci] · dy[b,oy,ox,co].
 * Plain typed-array loops, innermost over output channels (contiguous in dW, and in dy for NHWC).
 */
export function conv2dBackpropFilterInto(
  x: ArrayLike<number>, dy: ArrayLike<number>, dw: Float32Array,
  xShape: number[], attrs: Conv2DBackpropFilterAttrs,
): void {
  const g = convGeometry("Conv2DBackpropFilter", xShape, attrs.filterShape, attrs);
  const c = g.info;
  const { batchSize: nb, inHeight: ih, inWidth: iw, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co } = c;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dwl } = c;
  const top = c.padInfo.top, left = c.padInfo.left;
  const [xb, xy, xx, xc] = g.xs;
  const [yb, yy, yx, yc] = g.ys;
  dw.fill(0);
  for (let b = 0; b < nb; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const dyBase = b * yb + oy * yy + ox * yx;
        for (let fy = 0; fy < fh; fy++) {
          const iy = oy * sh + fy * dh - top;
          if (iy < 0 || iy >= ih) continue;
          for (let fx = 0; fx < fw; fx++) {
            const ix = ox * sw + fx * dwl - left;
            if (ix < 0 || ix >= iw) continue;
            const xBase = b * xb + iy * xy + ix * xx;
            const wBase = (fy * fw + fx) * ci * co;
            for (let i = 0; i < ci; i++) {
              const xv = x[xBase + i * xc];
              if (xv === 0) continue;
              const w0 = wBase + i * co;
              for (let o = 0; o < co; o++) dw[w0 + o] += xv * dy[dyBase + o * yc];
            }
          }
        }
      }
    }
  }
}

/** Kernel function body: allocates dW on `host` and fills it. */
export function conv2dBackpropFilter(host: Host, inputs: tf.NamedTensorInfoMap, attrs: Conv2DBackpropFilterAttrs): tf.TensorInfo {
  const x = input(inputs, "x", "Conv2DBackpropFilter"), dy = input(inputs, "dy", "Conv2DBackpropFilter");
  if (x.dtype !== "float32" || dy.dtype !== "float32") {
    throw new Error(`Conv2DBackpropFilter: expected float32 x and dy, got ${x.dtype} and ${dy.dtype}`);
  }
  const out = host.output([...attrs.filterShape], "float32");
  conv2dBackpropFilterInto(host.view(x), host.view(dy), host.view(out) as Float32Array, x.shape, attrs);
  return out;
}
