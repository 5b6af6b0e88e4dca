// 2-D convolution and its two gradients as one small GEMM per (image row, filter tap), NHWC.
// For a tap (fy, fx) the output columns ox ∈ [lo, hi] read input columns ix = ox·sw + fx·dw − left,
// a strided run of rows: so every pass is C += A·B or C += Aᵀ·B on row runs, with no im2col copy.
import type * as tf from "@tensorflow/tfjs";
import type { Gemm } from "./gemm.js";

type Info = tf.backend_util.Conv2DInfo;

const ceilDiv = (a: number, b: number): number => -Math.floor(-a / b);

/** Visits every (b, oy, iy, fy, fx, lo, count) run of a conv: output columns lo..lo+count−1 of row oy read input row iy. */
function forEachRun(c: Info, visit: (b: number, oy: number, iy: number, tap: number, lo: number, count: number, ixLo: number) => void): void {
  const { batchSize: nb, inHeight: ih, inWidth: iw, outHeight: oh, outWidth: ow } = c;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = c;
  const top = c.padInfo.top, left = c.padInfo.left;
  const lo = new Int32Array(fw), cnt = new Int32Array(fw);
  for (let fx = 0; fx < fw; fx++) {
    const shift = fx * dw - left; // ix = ox·sw + shift
    const a = Math.max(0, ceilDiv(-shift, sw)), z = Math.min(ow - 1, Math.floor((iw - 1 - shift) / sw));
    lo[fx] = a;
    cnt[fx] = Math.max(0, z - a + 1);
  }
  for (let b = 0; b < nb; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let fy = 0; fy < fh; fy++) {
        const iy = oy * sh + fy * dh - top;
        if (iy < 0 || iy >= ih) continue;
        for (let fx = 0; fx < fw; fx++) {
          if (cnt[fx]! > 0) visit(b, oy, iy, fy * fw + fx, lo[fx]!, cnt[fx]!, lo[fx]! * sw + fx * dw - left);
        }
      }
    }
  }
}

/** y[b,oy,ox,:] = Σ_taps x[b,iy,ix,:] · W[tap] (x NHWC, W HWIO, y NHWC; y is overwritten). */
export function convForward(g: Gemm, c: Info, x: Float32Array, w: Float32Array, y: Float32Array): void {
  const { inHeight: ih, inWidth: iw, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co, strideWidth: sw } = c;
  y.fill(0);
  forEachRun(c, (b, oy, iy, tap, lo, n, ix) => {
    g.nn(n, co, ci, x, ((b * ih + iy) * iw + ix) * ci, sw * ci, w, tap * ci * co, co, y, ((b * oh + oy) * ow + lo) * co, co);
  });
}

/** dx[b,iy,ix,:] = Σ dy[b,oy,ox,:] · W[tap]ᵀ; `wt` is scratch of W's size (HWOI after the call); dx is overwritten. */
export function convBackpropInput(g: Gemm, c: Info, dy: Float32Array, w: Float32Array, wt: Float32Array, dx: Float32Array): void {
  const { inHeight: ih, inWidth: iw, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co, strideWidth: sw } = c;
  const taps = c.filterHeight * c.filterWidth;
  for (let t = 0; t < taps; t++) {
    const base = t * ci * co;
    for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) wt[base + o * ci + i] = w[base + i * co + o]!;
  }
  dx.fill(0);
  forEachRun(c, (b, oy, iy, tap, lo, n, ix) => {
    g.nn(n, ci, co, dy, ((b * oh + oy) * ow + lo) * co, co, wt, tap * ci * co, ci, dx, ((b * ih + iy) * iw + ix) * ci, sw * ci);
  });
}

/** dW[tap] = Σ x[b,iy,ix,:]ᵀ · dy[b,oy,ox,:] (dW HWIO, overwritten). */
export function convBackpropFilter(g: Gemm, c: Info, x: Float32Array, dy: Float32Array, dw: Float32Array): void {
  const { inHeight: ih, inWidth: iw, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co, strideWidth: sw } = c;
  dw.fill(0);
  forEachRun(c, (b, oy, iy, tap, lo, n, ix) => {
    g.tn(n, ci, co, x, ((b * ih + iy) * iw + ix) * ci, sw * ci, dy, ((b * oh + oy) * ow + lo) * co, co, dw, tap * ci * co, co);
  });
}

/** Copies an NCHW tensor into NHWC order. */
export function nchwToNhwc(src: ArrayLike<number>, dst: Float32Array, n: number, c: number, h: number, w: number): void {
  const hw = h * w;
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let p = 0; p < hw; p++) dst[(b * hw + p) * c + ch] = src[(b * c + ch) * hw + p]!;
}

/** Copies an NHWC tensor into NCHW order. */
export function nhwcToNchw(src: ArrayLike<number>, dst: Float32Array, n: number, c: number, h: number, w: number): void {
  const hw = h * w;
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let p = 0; p < hw; p++) dst[(b * c + ch) * hw + p] = src[(b * hw + p) * c + ch]!;
}
