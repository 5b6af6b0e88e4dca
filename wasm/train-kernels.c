// Float32 GEMM primitives (WebAssembly SIMD128) for tfjs-tune's training kernels.
//
// Built by wasm/build.sh into src/backend/wasm/train-kernels.wasm. The module imports the memory of
// tfjs' wasm backend and works in place on its tensors, so it must never touch memory by itself:
// no static data, no C stack (build.sh rejects a module that reads or writes a global or has data).
// All pointers are byte offsets into that memory; all strides count floats. Every routine
// accumulates into C (C += ...), so callers zero C first when they want a plain product.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

typedef v128_t f4;
#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store(p, v)
#define MUL wasm_f32x4_mul
#define ADD wasm_f32x4_add
#define SPLAT wasm_f32x4_splat

// C[M,N] += A[M,K] · B[K,N]   (row strides lda, ldb, ldc)
EXPORT(gemm_nn)
void gemm_nn(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc) {
  int n0 = 0;
  for (; n0 + 16 <= N; n0 += 16) {
    int m = 0;
    for (; m + 2 <= M; m += 2) {
      const float* a0 = A + m * lda;
      const float* a1 = a0 + lda;
      float* c0 = C + m * ldc + n0;
      float* c1 = c0 + ldc;
      f4 x0 = LD(c0), x1 = LD(c0 + 4), x2 = LD(c0 + 8), x3 = LD(c0 + 12);
      f4 y0 = LD(c1), y1 = LD(c1 + 4), y2 = LD(c1 + 8), y3 = LD(c1 + 12);
      const float* b = B + n0;
      for (int k = 0; k < K; k++, b += ldb) {
        f4 b0 = LD(b), b1 = LD(b + 4), b2 = LD(b + 8), b3 = LD(b + 12);
        f4 s = SPLAT(a0[k]), t = SPLAT(a1[k]);
        x0 = ADD(x0, MUL(s, b0)); x1 = ADD(x1, MUL(s, b1)); x2 = ADD(x2, MUL(s, b2)); x3 = ADD(x3, MUL(s, b3));
        y0 = ADD(y0, MUL(t, b0)); y1 = ADD(y1, MUL(t, b1)); y2 = ADD(y2, MUL(t, b2)); y3 = ADD(y3, MUL(t, b3));
      }
      ST(c0, x0); ST(c0 + 4, x1); ST(c0 + 8, x2); ST(c0 + 12, x3);
      ST(c1, y0); ST(c1 + 4, y1); ST(c1 + 8, y2); ST(c1 + 12, y3);
    }
    for (; m < M; m++) {
      const float* a0 = A + m * lda;
      float* c0 = C + m * ldc + n0;
      f4 x0 = LD(c0), x1 = LD(c0 + 4), x2 = LD(c0 + 8), x3 = LD(c0 + 12);
      const float* b = B + n0;
      for (int k = 0; k < K; k++, b += ldb) {
        f4 s = SPLAT(a0[k]);
        x0 = ADD(x0, MUL(s, LD(b))); x1 = ADD(x1, MUL(s, LD(b + 4)));
        x2 = ADD(x2, MUL(s, LD(b + 8))); x3 = ADD(x3, MUL(s, LD(b + 12)));
      }
      ST(c0, x0); ST(c0 + 4, x1); ST(c0 + 8, x2); ST(c0 + 12, x3);
    }
  }
  for (; n0 + 4 <= N; n0 += 4) {
    int m = 0;
    for (; m + 4 <= M; m += 4) {
      const float* a0 = A + m * lda;
      const float* a1 = a0 + lda;
      const float* a2 = a1 + lda;
      const float* a3 = a2 + lda;
      float* c0 = C + m * ldc + n0;
      f4 x0 = LD(c0), x1 = LD(c0 + ldc), x2 = LD(c0 + 2 * ldc), x3 = LD(c0 + 3 * ldc);
      const float* b = B + n0;
      for (int k = 0; k < K; k++, b += ldb) {
        f4 bv = LD(b);
        x0 = ADD(x0, MUL(SPLAT(a0[k]), bv)); x1 = ADD(x1, MUL(SPLAT(a1[k]), bv));
        x2 = ADD(x2, MUL(SPLAT(a2[k]), bv)); x3 = ADD(x3, MUL(SPLAT(a3[k]), bv));
      }
      ST(c0, x0); ST(c0 + ldc, x1); ST(c0 + 2 * ldc, x2); ST(c0 + 3 * ldc, x3);
    }
    for (; m < M; m++) {
      const float* a0 = A + m * lda;
      float* c0 = C + m * ldc + n0;
      f4 x0 = LD(c0);
      const float* b = B + n0;
      for (int k = 0; k < K; k++, b += ldb) x0 = ADD(x0, MUL(SPLAT(a0[k]), LD(b)));
      ST(c0, x0);
    }
  }
  for (; n0 < N; n0++) {
    for (int m = 0; m < M; m++) {
      const float* a0 = A + m * lda;
      float s = 0.0f;
      for (int k = 0; k < K; k++) s += a0[k] * B[k * ldb + n0];
      C[m * ldc + n0] += s;
    }
  }
}

// C[K,N] += A[M,K]ᵀ · B[M,N]   (sum over the M rows of A and B)
EXPORT(gemm_tn)
void gemm_tn(int M, int K, int N, const float* A, int lda, const float* B, int ldb, float* C, int ldc) {
  int n0 = 0;
  for (; n0 + 16 <= N; n0 += 16) {
    int k = 0;
    for (; k + 2 <= K; k += 2) {
      float* c0 = C + k * ldc + n0;
      float* c1 = c0 + ldc;
      f4 x0 = LD(c0), x1 = LD(c0 + 4), x2 = LD(c0 + 8), x3 = LD(c0 + 12);
      f4 y0 = LD(c1), y1 = LD(c1 + 4), y2 = LD(c1 + 8), y3 = LD(c1 + 12);
      const float* a = A + k;
      const float* b = B + n0;
      for (int m = 0; m < M; m++, a += lda, b += ldb) {
        f4 b0 = LD(b), b1 = LD(b + 4), b2 = LD(b + 8), b3 = LD(b + 12);
        f4 s = SPLAT(a[0]), t = SPLAT(a[1]);
        x0 = ADD(x0, MUL(s, b0)); x1 = ADD(x1, MUL(s, b1)); x2 = ADD(x2, MUL(s, b2)); x3 = ADD(x3, MUL(s, b3));
        y0 = ADD(y0, MUL(t, b0)); y1 = ADD(y1, MUL(t, b1)); y2 = ADD(y2, MUL(t, b2)); y3 = ADD(y3, MUL(t, b3));
      }
      ST(c0, x0); ST(c0 + 4, x1); ST(c0 + 8, x2); ST(c0 + 12, x3);
      ST(c1, y0); ST(c1 + 4, y1); ST(c1 + 8, y2); ST(c1 + 12, y3);
    }
    for (; k < K; k++) {
      float* c0 = C + k * ldc + n0;
      f4 x0 = LD(c0), x1 = LD(c0 + 4), x2 = LD(c0 + 8), x3 = LD(c0 + 12);
      const float* a = A + k;
      const float* b = B + n0;
      for (int m = 0; m < M; m++, a += lda, b += ldb) {
        f4 s = SPLAT(a[0]);
        x0 = ADD(x0, MUL(s, LD(b))); x1 = ADD(x1, MUL(s, LD(b + 4)));
        x2 = ADD(x2, MUL(s, LD(b + 8))); x3 = ADD(x3, MUL(s, LD(b + 12)));
      }
      ST(c0, x0); ST(c0 + 4, x1); ST(c0 + 8, x2); ST(c0 + 12, x3);
    }
  }
  for (; n0 + 4 <= N; n0 += 4) {
    int k = 0;
    for (; k + 4 <= K; k += 4) {
      float* c0 = C + k * ldc + n0;
      f4 x0 = LD(c0), x1 = LD(c0 + ldc), x2 = LD(c0 + 2 * ldc), x3 = LD(c0 + 3 * ldc);
      const float* a = A + k;
      const float* b = B + n0;
      for (int m = 0; m < M; m++, a += lda, b += ldb) {
        f4 bv = LD(b);
        x0 = ADD(x0, MUL(SPLAT(a[0]), bv)); x1 = ADD(x1, MUL(SPLAT(a[1]), bv));
        x2 = ADD(x2, MUL(SPLAT(a[2]), bv)); x3 = ADD(x3, MUL(SPLAT(a[3]), bv));
      }
      ST(c0, x0); ST(c0 + ldc, x1); ST(c0 + 2 * ldc, x2); ST(c0 + 3 * ldc, x3);
    }
    for (; k < K; k++) {
      float* c0 = C + k * ldc + n0;
      f4 x0 = LD(c0);
      const float* a = A + k;
      const float* b = B + n0;
      for (int m = 0; m < M; m++, a += lda, b += ldb) x0 = ADD(x0, MUL(SPLAT(a[0]), LD(b)));
      ST(c0, x0);
    }
  }
  for (; n0 < N; n0++) {
    for (int k = 0; k < K; k++) {
      float s = 0.0f;
      for (int m = 0; m < M; m++) s += A[m * lda + k] * B[m * ldb + n0];
      C[k * ldc + n0] += s;
    }
  }
}
