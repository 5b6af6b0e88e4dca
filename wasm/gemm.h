// Float32 GEMM micro-kernels (WebAssembly SIMD128) shared by train-kernels.c and fused-engine.c.
// They touch memory only through their arguments (no stack, no static data) and accumulate into C
// (C += ...); all strides count floats.
#ifndef TFJS_TUNE_GEMM_H
#define TFJS_TUNE_GEMM_H
#include <wasm_simd128.h>

typedef v128_t f4;
#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store(p, v)
#define MUL wasm_f32x4_mul
#define ADD wasm_f32x4_add
#define SUB wasm_f32x4_sub
#define SPLAT wasm_f32x4_splat

// C[M,N] += A[M,K] · B[K,N]   (row strides lda, ldb, ldc)
static inline void gemm_nn_(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc) {
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
static inline void gemm_tn_(int M, int K, int N, const float* A, int lda, const float* B, int ldb, float* C, int ldc) {
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

static inline float hsum(f4 v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3);
}

// C[M,N] += A[M,K] · B[N,K]ᵀ   (dot products along contiguous K)
static inline void gemm_nt_(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc) {
  int K4 = K & ~3;
  int m = 0;
  for (; m + 2 <= M; m += 2) {
    const float* a0 = A + m * lda;
    const float* a1 = a0 + lda;
    int n = 0;
    for (; n + 4 <= N; n += 4) {
      const float* b0 = B + n * ldb;
      const float* b1 = b0 + ldb;
      const float* b2 = b1 + ldb;
      const float* b3 = b2 + ldb;
      f4 s00 = wasm_f32x4_const_splat(0), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
      for (int k = 0; k < K4; k += 4) {
        f4 x0 = LD(a0 + k), x1 = LD(a1 + k);
        f4 y0 = LD(b0 + k), y1 = LD(b1 + k), y2 = LD(b2 + k), y3 = LD(b3 + k);
        s00 = ADD(s00, MUL(x0, y0)); s01 = ADD(s01, MUL(x0, y1)); s02 = ADD(s02, MUL(x0, y2)); s03 = ADD(s03, MUL(x0, y3));
        s10 = ADD(s10, MUL(x1, y0)); s11 = ADD(s11, MUL(x1, y1)); s12 = ADD(s12, MUL(x1, y2)); s13 = ADD(s13, MUL(x1, y3));
      }
      float r00 = hsum(s00), r01 = hsum(s01), r02 = hsum(s02), r03 = hsum(s03);
      float r10 = hsum(s10), r11 = hsum(s11), r12 = hsum(s12), r13 = hsum(s13);
      for (int k = K4; k < K; k++) {
        r00 += a0[k] * b0[k]; r01 += a0[k] * b1[k]; r02 += a0[k] * b2[k]; r03 += a0[k] * b3[k];
        r10 += a1[k] * b0[k]; r11 += a1[k] * b1[k]; r12 += a1[k] * b2[k]; r13 += a1[k] * b3[k];
      }
      float* c0 = C + m * ldc + n;
      float* c1 = c0 + ldc;
      c0[0] += r00; c0[1] += r01; c0[2] += r02; c0[3] += r03;
      c1[0] += r10; c1[1] += r11; c1[2] += r12; c1[3] += r13;
    }
    for (; n < N; n++) {
      const float* b0 = B + n * ldb;
      f4 s0 = wasm_f32x4_const_splat(0), s1 = s0;
      for (int k = 0; k < K4; k += 4) { f4 y = LD(b0 + k); s0 = ADD(s0, MUL(LD(a0 + k), y)); s1 = ADD(s1, MUL(LD(a1 + k), y)); }
      float r0 = hsum(s0), r1 = hsum(s1);
      for (int k = K4; k < K; k++) { r0 += a0[k] * b0[k]; r1 += a1[k] * b0[k]; }
      C[m * ldc + n] += r0;
      C[(m + 1) * ldc + n] += r1;
    }
  }
  for (; m < M; m++) {
    const float* a0 = A + m * lda;
    for (int n = 0; n < N; n++) {
      const float* b0 = B + n * ldb;
      f4 s0 = wasm_f32x4_const_splat(0);
      for (int k = 0; k < K4; k += 4) s0 = ADD(s0, MUL(LD(a0 + k), LD(b0 + k)));
      float r0 = hsum(s0);
      for (int k = K4; k < K; k++) r0 += a0[k] * b0[k];
      C[m * ldc + n] += r0;
    }
  }
}

#endif
