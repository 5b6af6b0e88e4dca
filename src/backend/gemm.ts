// The two GEMM primitives our conv and matmul kernels are written in, with a plain-JS implementation.

/**
 * Float32 GEMM primitives on typed arrays with element offsets and row strides (in floats).
 * Both accumulate into C.
 */
export interface Gemm {
  /** Which implementation this is ("wasm-simd" or "js"). */
  readonly kind: "wasm-simd" | "js";
  /** C[M,N] += A[M,K] · B[K,N]. */
  nn(M: number, N: number, K: number, a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void;
  /** C[K,N] += A[M,K]ᵀ · B[M,N]. */
  tn(M: number, K: number, N: number, a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void;
}

/** GEMM in plain JavaScript loops (the cpu backend's path, and the fallback everywhere). */
export const jsGemm: Gemm = {
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
};
