// The numeric primitives our kernels are written in (GEMMs, row gather/scatter, column sums, max-pool
// gradient), with a plain-JS implementation; wasm-primitives.ts has the SIMD one.

/** Geometry of a 2-D max-pool window grid (NHWC), as the max_pool_grad primitive takes it. */
export interface PoolGeometry {
  nb: number;
  ih: number;
  iw: number;
  ch: number;
  oh: number;
  ow: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
}

/** Float32 constants of one Adam step (see adamUpdate). */
export interface AdamConstants {
  b1: number;
  omb1: number;
  b2: number;
  omb2: number;
  c1: number;
  c2: number;
  eps: number;
  negLr: number;
}

/**
 * Float32 primitives on typed arrays with element offsets and row strides (in elements). On wasm every
 * array must be a live view of the backend's memory. GEMMs accumulate into C.
 */
export interface Primitives {
  /** Which implementation this is. */
  readonly kind: "wasm-simd" | "js";
  /** C[M,N] += A[M,K] · B[K,N]. */
  nn(
    M: number,
    N: number,
    K: number,
    a: Float32Array,
    aOff: number,
    lda: number,
    b: Float32Array,
    bOff: number,
    ldb: number,
    c: Float32Array,
    cOff: number,
    ldc: number,
  ): void;
  /** C[K,N] += A[M,K]ᵀ · B[M,N]. */
  tn(
    M: number,
    K: number,
    N: number,
    a: Float32Array,
    aOff: number,
    lda: number,
    b: Float32Array,
    bOff: number,
    ldb: number,
    c: Float32Array,
    cOff: number,
    ldc: number,
  ): void;
  /** C[M,N] += A[M,K] · B[N,K]ᵀ. */
  nt(
    M: number,
    N: number,
    K: number,
    a: Float32Array,
    aOff: number,
    lda: number,
    b: Float32Array,
    bOff: number,
    ldb: number,
    c: Float32Array,
    cOff: number,
    ldc: number,
  ): void;
  /** out[ids[i], :] += x[i, :] (rows of `inner`); ids outside [0, segments) are skipped. */
  scatterAddRows(x: Float32Array, ids: Int32Array, out: Float32Array, count: number, inner: number, segments: number): void;
  /** out[r, :] = x[ids[r], :] (rows of `inner` 4-byte elements; ids already validated). */
  gatherRows(x: Float32Array | Int32Array, ids: Int32Array, out: Float32Array | Int32Array, count: number, inner: number): void;
  /** out[j] = Σ_m x[xOff + m·inner + j] (float64 accumulation). */
  sumRows(x: Float32Array, xOff: number, out: Float32Array, outOff: number, rows: number, inner: number): void;
  /** dx (zeroed by the caller) += each dy at the first maximum of its window. */
  maxPoolGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, g: PoolGeometry): void;
  /** One Adam step in float32, tfjs' operation order: writes w1, m1, v1 from w, m, v, g. */
  adamUpdate(w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, w1: Float32Array, m1: Float32Array, v1: Float32Array, k: AdamConstants): void;
}

/** The primitives in plain JavaScript loops (the cpu backend's path, and the fallback everywhere). */
export const jsPrimitives: Primitives = {
  kind: "js",
  // The GEMMs keep a 2×4 block of C in local (double) accumulators over the whole K loop, which is
  // about 4× faster in V8 than updating C in memory for every k.
  nn(M, N, K, a, aOff, lda, b, bOff, ldb, c, cOff, ldc) {
    let m = 0;
    for (; m + 2 <= M; m += 2) {
      const a0 = aOff + m * lda,
        a1 = a0 + lda,
        c0 = cOff + m * ldc,
        c1 = c0 + ldc;
      let n = 0;
      for (; n + 4 <= N; n += 4) {
        let s00 = 0,
          s01 = 0,
          s02 = 0,
          s03 = 0,
          s10 = 0,
          s11 = 0,
          s12 = 0,
          s13 = 0;
        for (let k = 0, bp = bOff + n; k < K; k++, bp += ldb) {
          const x0 = a[a0 + k]!,
            x1 = a[a1 + k]!;
          const y0 = b[bp]!,
            y1 = b[bp + 1]!,
            y2 = b[bp + 2]!,
            y3 = b[bp + 3]!;
          s00 += x0 * y0;
          s01 += x0 * y1;
          s02 += x0 * y2;
          s03 += x0 * y3;
          s10 += x1 * y0;
          s11 += x1 * y1;
          s12 += x1 * y2;
          s13 += x1 * y3;
        }
        c[c0 + n] += s00;
        c[c0 + n + 1] += s01;
        c[c0 + n + 2] += s02;
        c[c0 + n + 3] += s03;
        c[c1 + n] += s10;
        c[c1 + n + 1] += s11;
        c[c1 + n + 2] += s12;
        c[c1 + n + 3] += s13;
      }
      for (; n < N; n++) {
        let s0 = 0,
          s1 = 0;
        for (let k = 0, bp = bOff + n; k < K; k++, bp += ldb) {
          const y = b[bp]!;
          s0 += a[a0 + k]! * y;
          s1 += a[a1 + k]! * y;
        }
        c[c0 + n] += s0;
        c[c1 + n] += s1;
      }
    }
    for (; m < M; m++) {
      const a0 = aOff + m * lda,
        c0 = cOff + m * ldc;
      for (let n = 0; n < N; n++) {
        let s = 0;
        for (let k = 0, bp = bOff + n; k < K; k++, bp += ldb) s += a[a0 + k]! * b[bp]!;
        c[c0 + n] += s;
      }
    }
  },
  tn(M, K, N, a, aOff, lda, b, bOff, ldb, c, cOff, ldc) {
    let k = 0;
    for (; k + 2 <= K; k += 2) {
      const c0 = cOff + k * ldc,
        c1 = c0 + ldc;
      let n = 0;
      for (; n + 4 <= N; n += 4) {
        let s00 = 0,
          s01 = 0,
          s02 = 0,
          s03 = 0,
          s10 = 0,
          s11 = 0,
          s12 = 0,
          s13 = 0;
        for (let m = 0, ap = aOff + k, bp = bOff + n; m < M; m++, ap += lda, bp += ldb) {
          const x0 = a[ap]!,
            x1 = a[ap + 1]!;
          const y0 = b[bp]!,
            y1 = b[bp + 1]!,
            y2 = b[bp + 2]!,
            y3 = b[bp + 3]!;
          s00 += x0 * y0;
          s01 += x0 * y1;
          s02 += x0 * y2;
          s03 += x0 * y3;
          s10 += x1 * y0;
          s11 += x1 * y1;
          s12 += x1 * y2;
          s13 += x1 * y3;
        }
        c[c0 + n] += s00;
        c[c0 + n + 1] += s01;
        c[c0 + n + 2] += s02;
        c[c0 + n + 3] += s03;
        c[c1 + n] += s10;
        c[c1 + n + 1] += s11;
        c[c1 + n + 2] += s12;
        c[c1 + n + 3] += s13;
      }
      for (; n < N; n++) {
        let s0 = 0,
          s1 = 0;
        for (let m = 0, ap = aOff + k, bp = bOff + n; m < M; m++, ap += lda, bp += ldb) {
          const y = b[bp]!;
          s0 += a[ap]! * y;
          s1 += a[ap + 1]! * y;
        }
        c[c0 + n] += s0;
        c[c1 + n] += s1;
      }
    }
    for (; k < K; k++) {
      const c0 = cOff + k * ldc;
      for (let n = 0; n < N; n++) {
        let s = 0;
        for (let m = 0, ap = aOff + k, bp = bOff + n; m < M; m++, ap += lda, bp += ldb) s += a[ap]! * b[bp]!;
        c[c0 + n] += s;
      }
    }
  },
  nt(M, N, K, a, aOff, lda, b, bOff, ldb, c, cOff, ldc) {
    let m = 0;
    for (; m + 2 <= M; m += 2) {
      const a0 = aOff + m * lda,
        a1 = a0 + lda,
        c0 = cOff + m * ldc,
        c1 = c0 + ldc;
      let n = 0;
      for (; n + 2 <= N; n += 2) {
        const b0 = bOff + n * ldb,
          b1 = b0 + ldb;
        let s00 = 0,
          s01 = 0,
          s10 = 0,
          s11 = 0;
        for (let k = 0; k < K; k++) {
          const x0 = a[a0 + k]!,
            x1 = a[a1 + k]!,
            y0 = b[b0 + k]!,
            y1 = b[b1 + k]!;
          s00 += x0 * y0;
          s01 += x0 * y1;
          s10 += x1 * y0;
          s11 += x1 * y1;
        }
        c[c0 + n] += s00;
        c[c0 + n + 1] += s01;
        c[c1 + n] += s10;
        c[c1 + n + 1] += s11;
      }
      for (; n < N; n++) {
        const b0 = bOff + n * ldb;
        let s0 = 0,
          s1 = 0;
        for (let k = 0; k < K; k++) {
          const y = b[b0 + k]!;
          s0 += a[a0 + k]! * y;
          s1 += a[a1 + k]! * y;
        }
        c[c0 + n] += s0;
        c[c1 + n] += s1;
      }
    }
    for (; m < M; m++) {
      const a0 = aOff + m * lda,
        c0 = cOff + m * ldc;
      for (let n = 0; n < N; n++) {
        const b0 = bOff + n * ldb;
        let s = 0;
        for (let k = 0; k < K; k++) s += a[a0 + k]! * b[b0 + k]!;
        c[c0 + n] += s;
      }
    }
  },
  scatterAddRows(x, ids, out, count, inner, segments) {
    for (let i = 0; i < count; i++) {
      const s = ids[i]!;
      if (s < 0 || s >= segments) continue;
      const src = i * inner,
        dst = s * inner;
      for (let k = 0; k < inner; k++) out[dst + k] += x[src + k]!;
    }
  },
  gatherRows(x, ids, out, count, inner) {
    for (let r = 0; r < count; r++) {
      const src = ids[r]! * inner,
        dst = r * inner;
      if (inner >= 64) out.set(x.subarray(src, src + inner), dst);
      else for (let k = 0; k < inner; k++) out[dst + k] = x[src + k]!;
    }
  },
  sumRows(x, xOff, out, outOff, rows, inner) {
    const acc = new Float64Array(inner);
    for (let m = 0, p = xOff; m < rows; m++, p += inner) for (let j = 0; j < inner; j++) acc[j] += x[p + j]!;
    for (let j = 0; j < inner; j++) out[outOff + j] = acc[j]!;
  },
  maxPoolGrad(x, dy, dx, g) {
    const { nb, ih, iw, ch, oh, ow, fh, fw, sh, sw, top, left } = g;
    const best = new Float32Array(ch),
      at = new Int32Array(ch);
    for (let b = 0; b < nb; b++) {
      for (let oy = 0; oy < oh; oy++) {
        const y0 = Math.max(0, oy * sh - top),
          y1 = Math.min(ih, oy * sh - top + fh);
        for (let ox = 0; ox < ow; ox++) {
          const x0 = Math.max(0, ox * sw - left),
            x1 = Math.min(iw, ox * sw - left + fw);
          best.fill(-Infinity);
          at.fill(-1);
          for (let yy = y0; yy < y1; yy++) {
            for (let xx = x0; xx < x1; xx++) {
              const p = ((b * ih + yy) * iw + xx) * ch;
              for (let k = 0; k < ch; k++) {
                const v = x[p + k]!;
                if (v > best[k]!) {
                  best[k] = v;
                  at[k] = p + k;
                }
              }
            }
          }
          const d = ((b * oh + oy) * ow + ox) * ch;
          for (let k = 0; k < ch; k++) if (at[k]! >= 0) dx[at[k]!] += dy[d + k]!;
        }
      }
    }
  },
  adamUpdate(w, m, v, g, w1, m1, v1, k) {
    const f = Math.fround;
    const { b1, omb1, b2, omb2, c1, c2, eps, negLr } = k;
    for (let i = 0; i < g.length; i++) {
      const gv = g[i]!;
      const mm = f(f(m[i]! * b1) + f(gv * omb1));
      const vv = f(f(v[i]! * b2) + f(f(gv * gv) * omb2));
      const mh = f(mm / c1),
        vh = f(vv / c2);
      m1[i] = mm;
      v1[i] = vv;
      w1[i] = f(f(f(mh / f(f(Math.sqrt(vh)) + eps)) * negLr) + w[i]!);
    }
  },
};
