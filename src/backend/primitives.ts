// The numeric primitives our kernels are written in (GEMMs, row gather/scatter, column sums, max-pool
// gradient), with a plain-JS implementation; wasm-primitives.ts has the SIMD one.

/** Geometry of a 2-D max-pool window grid (NHWC), as the max_pool_grad primitive takes it. */
export interface PoolGeometry {
  nb: number; ih: number; iw: number; ch: number; oh: number; ow: number;
  fh: number; fw: number; sh: number; sw: number; top: number; left: number;
}

/** Float32 constants of one Adam step (see adamUpdate). */
export interface AdamConstants {
  b1: number; omb1: number; b2: number; omb2: number; c1: number; c2: number; eps: number; negLr: number;
}

/**
 * Float32 primitives on typed arrays with element offsets and row strides (in elements). On wasm every
 * array must be a live view of the backend's memory. GEMMs accumulate into C.
 */
export interface Primitives {
  /** Which implementation this is. */
  readonly kind: "wasm-simd" | "js";
  /** C[M,N] += A[M,K] · B[K,N]. */
  nn(M: number, N: number, K: number, a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void;
  /** C[K,N] += A[M,K]ᵀ · B[M,N]. */
  tn(M: number, K: number, N: number, a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void;
  /** C[M,N] += A[M,K] · B[N,K]ᵀ. */
  nt(M: number, N: number, K: number, a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void;
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
  nn(M, N, K, a, aOff, lda, b, bOff, ldb, c, cOff, ldc) {
    for (let m = 0; m < M; m++) {
      const ar = aOff + m * lda, cr = cOff + m * ldc;
      for (let k = 0; k < K; k++) {
        const av = a[ar + k]!;
        if (av === 0) continue;
        const br = bOff + k * ldb;
        for (let n = 0; n < N; n++) c[cr + n] += av * b[br + n]!;
      }
    }
  },
  tn(M, K, N, a, aOff, lda, b, bOff, ldb, c, cOff, ldc) {
    for (let m = 0; m < M; m++) {
      const ar = aOff + m * lda, br = bOff + m * ldb;
      for (let k = 0; k < K; k++) {
        const av = a[ar + k]!;
        if (av === 0) continue;
        const cr = cOff + k * ldc;
        for (let n = 0; n < N; n++) c[cr + n] += av * b[br + n]!;
      }
    }
  },
  nt(M, N, K, a, aOff, lda, b, bOff, ldb, c, cOff, ldc) {
    for (let m = 0; m < M; m++) {
      const ar = aOff + m * lda, cr = cOff + m * ldc;
      for (let n = 0; n < N; n++) {
        const br = bOff + n * ldb;
        let s = 0;
        for (let k = 0; k < K; k++) s += a[ar + k]! * b[br + k]!;
        c[cr + n] += s;
      }
    }
  },
  scatterAddRows(x, ids, out, count, inner, segments) {
    for (let i = 0; i < count; i++) {
      const s = ids[i]!;
      if (s < 0 || s >= segments) continue;
      const src = i * inner, dst = s * inner;
      for (let k = 0; k < inner; k++) out[dst + k] += x[src + k]!;
    }
  },
  gatherRows(x, ids, out, count, inner) {
    for (let r = 0; r < count; r++) {
      const src = ids[r]! * inner, dst = r * inner;
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
    const best = new Float32Array(ch), at = new Int32Array(ch);
    for (let b = 0; b < nb; b++) {
      for (let oy = 0; oy < oh; oy++) {
        const y0 = Math.max(0, oy * sh - top), y1 = Math.min(ih, oy * sh - top + fh);
        for (let ox = 0; ox < ow; ox++) {
          const x0 = Math.max(0, ox * sw - left), x1 = Math.min(iw, ox * sw - left + fw);
          best.fill(-Infinity);
          at.fill(-1);
          for (let yy = y0; yy < y1; yy++) {
            for (let xx = x0; xx < x1; xx++) {
              const p = ((b * ih + yy) * iw + xx) * ch;
              for (let k = 0; k < ch; k++) {
                const v = x[p + k]!;
                if (v > best[k]!) { best[k] = v; at[k] = p + k; }
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
      const mh = f(mm / c1), vh = f(vv / c2);
      m1[i] = mm;
      v1[i] = vv;
      w1[i] = f(f(f(mh / f(f(Math.sqrt(vh)) + eps)) * negLr) + w[i]!);
    }
  },
};
