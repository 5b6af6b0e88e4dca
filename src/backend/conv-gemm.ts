// 2-D convolution and its two gradients as small GEMMs over image rows, NHWC, no im2col copy.
// For a filter row fy and tap fx, output columns ox ∈ [lo, hi] read input columns
// ix = ox·sw + fx·dw − left: a strided run of rows. With dw = 1 the fw taps of one filter row read
// fw·ci consecutive floats, so the columns where every tap is valid form ONE GEMM with K = fw·ci
// (overlapping rows of x); only the border columns need one GEMM per tap.
import type * as tf from "@tensorflow/tfjs-core";
import type { Primitives } from "./primitives.js";

type Info = tf.backend_util.Conv2DInfo;

const ceilDiv = (a: number, b: number): number => -Math.floor(-a / b);

/** Per tap fx: the first and last output column whose input column is inside the image (hi < lo: none). */
function columnRanges(c: Info): { lo: Int32Array; hi: Int32Array } {
  const fw = c.filterWidth,
    lo = new Int32Array(fw),
    hi = new Int32Array(fw);
  for (let fx = 0; fx < fw; fx++) {
    const shift = fx * c.dilationWidth - c.padInfo.left; // ix = ox·sw + shift
    lo[fx] = Math.max(0, ceilDiv(-shift, c.strideWidth));
    hi[fx] = Math.min(c.outWidth - 1, Math.floor((c.inWidth - 1 - shift) / c.strideWidth));
  }
  return { lo, hi };
}

/** Visits (b, oy, fy, iy) for every output row and filter row that reads an input row inside the image. */
function forEachRow(c: Info, visit: (b: number, oy: number, fy: number, iy: number) => void): void {
  for (let b = 0; b < c.batchSize; b++) {
    for (let oy = 0; oy < c.outHeight; oy++) {
      for (let fy = 0; fy < c.filterHeight; fy++) {
        const iy = oy * c.strideHeight + fy * c.dilationHeight - c.padInfo.top;
        if (iy >= 0 && iy < c.inHeight) visit(b, oy, fy, iy);
      }
    }
  }
}

/**
 * Splits each tap's column range into the shared interior [a, z] (every tap valid; only when dw = 1)
 * and the per-tap border runs [fx, first column, count].
 */
function columnPlan(c: Info): { interior: [number, number] | undefined; borders: Array<[number, number, number]> } {
  const { lo, hi } = columnRanges(c);
  const fw = c.filterWidth;
  let a = 0,
    z = -1;
  if (c.dilationWidth === 1 && fw > 1) {
    a = Math.max(...lo);
    z = Math.min(...hi);
  }
  const borders: Array<[number, number, number]> = [];
  for (let fx = 0; fx < fw; fx++) {
    if (hi[fx]! < lo[fx]!) continue;
    if (z < a) {
      borders.push([fx, lo[fx]!, hi[fx]! - lo[fx]! + 1]);
      continue;
    }
    if (lo[fx]! < a) borders.push([fx, lo[fx]!, Math.min(hi[fx]!, a - 1) - lo[fx]! + 1]);
    if (hi[fx]! > z) {
      const s = Math.max(lo[fx]!, z + 1);
      borders.push([fx, s, hi[fx]! - s + 1]);
    }
  }
  return { interior: z >= a ? [a, z - a + 1] : undefined, borders };
}

/** y[b,oy,ox,:] = Σ_taps x[b,iy,ix,:] · W[tap] (x NHWC, W HWIO, y NHWC; y is overwritten). */
export function convForward(g: Primitives, c: Info, x: Float32Array, w: Float32Array, y: Float32Array): void {
  const { inHeight: ih, inWidth: iw, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co, strideWidth: sw, filterWidth: fw } = c;
  const dw = c.dilationWidth,
    left = c.padInfo.left;
  const plan = columnPlan(c);
  y.fill(0);
  forEachRow(c, (b, oy, fy, iy) => {
    const xRow = (b * ih + iy) * iw,
      yRow = (b * oh + oy) * ow;
    if (plan.interior) {
      const [a, n] = plan.interior;
      g.nn(n, co, fw * ci, x, (xRow + a * sw - left) * ci, sw * ci, w, fy * fw * ci * co, co, y, (yRow + a) * co, co);
    }
    for (const [fx, lo, n] of plan.borders) {
      g.nn(n, co, ci, x, (xRow + lo * sw + fx * dw - left) * ci, sw * ci, w, (fy * fw + fx) * ci * co, co, y, (yRow + lo) * co, co);
    }
  });
}

/** dW[tap] = Σ x[b,iy,ix,:]ᵀ · dy[b,oy,ox,:] (dW HWIO, overwritten). */
export function convBackpropFilter(g: Primitives, c: Info, x: Float32Array, dy: Float32Array, dW: Float32Array): void {
  const { inHeight: ih, inWidth: iw, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co, strideWidth: sw, filterWidth: fw } = c;
  const dw = c.dilationWidth,
    left = c.padInfo.left;
  const plan = columnPlan(c);
  dW.fill(0);
  forEachRow(c, (b, oy, fy, iy) => {
    const xRow = (b * ih + iy) * iw,
      yRow = (b * oh + oy) * ow;
    if (plan.interior) {
      const [a, n] = plan.interior;
      g.tn(n, fw * ci, co, x, (xRow + a * sw - left) * ci, sw * ci, dy, (yRow + a) * co, co, dW, fy * fw * ci * co, co);
    }
    for (const [fx, lo, n] of plan.borders) {
      g.tn(n, ci, co, x, (xRow + lo * sw + fx * dw - left) * ci, sw * ci, dy, (yRow + lo) * co, co, dW, (fy * fw + fx) * ci * co, co);
    }
  });
}

/**
 * dx[b,iy,ix,:] = Σ dy[b,oy,ox,:] · W[tap]ᵀ; `wt` is scratch of W's size; dx is overwritten.
 * With stride 1 and dw = 1, the dx columns every tap reaches are one GEMM against the taps of a
 * filter row in reverse order: dx[ix] = Σ_f' dy[ix + left − fw + 1 + f'] · W[fw − 1 − f']ᵀ.
 */
export function convBackpropInput(g: Primitives, c: Info, dy: Float32Array, w: Float32Array, wt: Float32Array, dx: Float32Array): void {
  const { inHeight: ih, inWidth: iw, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co, strideWidth: sw, filterWidth: fw } = c;
  const fh = c.filterHeight,
    dw = c.dilationWidth,
    left = c.padInfo.left;
  // wt[fy][fw−1−fx] = W[fy][fx]ᵀ  ([co, ci] blocks, taps of each filter row reversed)
  for (let fy = 0; fy < fh; fy++) {
    for (let fx = 0; fx < fw; fx++) {
      const src = (fy * fw + fx) * ci * co,
        dst = (fy * fw + (fw - 1 - fx)) * ci * co;
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) wt[dst + o * ci + i] = w[src + i * co + o]!;
    }
  }
  const { lo, hi } = columnRanges(c);
  // interior dx columns: ix with ox = ix + left − fx inside [0, ow) for every fx (stride 1, dw = 1 only)
  let i0 = 0,
    i1 = -1;
  if (sw === 1 && dw === 1 && fw > 1) {
    i0 = Math.max(0, fw - 1 - left);
    i1 = Math.min(iw - 1, ow - 1 - left);
  }
  dx.fill(0);
  forEachRow(c, (b, oy, fy, iy) => {
    const xRow = (b * ih + iy) * iw,
      yRow = (b * oh + oy) * ow;
    if (i1 >= i0) {
      g.nn(i1 - i0 + 1, ci, fw * co, dy, (yRow + i0 + left - fw + 1) * co, co, wt, fy * fw * ci * co, ci, dx, (xRow + i0) * ci, ci);
    }
    for (let fx = 0; fx < fw; fx++) {
      const shift = fx * dw - left,
        tap = (fy * fw + (fw - 1 - fx)) * ci * co;
      const runs: Array<[number, number]> = [];
      if (i1 < i0) runs.push([lo[fx]!, hi[fx]!]);
      else {
        // the columns whose ix falls outside [i0, i1]
        runs.push([lo[fx]!, Math.min(hi[fx]!, i0 - shift - 1)]);
        runs.push([Math.max(lo[fx]!, i1 - shift + 1), hi[fx]!]);
      }
      for (const [s, e] of runs) {
        if (e >= s) g.nn(e - s + 1, ci, co, dy, (yRow + s) * co, co, wt, tap, ci, dx, (xRow + s * sw + shift) * ci, sw * ci);
      }
    }
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
