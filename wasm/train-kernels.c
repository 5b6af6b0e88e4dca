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

static inline float hsum(f4 v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3);
}

// C[M,N] += A[M,K] · B[N,K]ᵀ   (dot products along contiguous K)
EXPORT(gemm_nt)
void gemm_nt(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc) {
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

// out[ids[i], :] += x[i, :] for i < count (rows of `inner` floats); ids outside [0, segments) are skipped.
EXPORT(scatter_add_rows)
void scatter_add_rows(const float* x, const int* ids, float* out, int count, int inner, int segments) {
  int in4 = inner & ~3;
  for (int i = 0; i < count; i++) {
    int s = ids[i];
    if (s < 0 || s >= segments) continue;
    const float* src = x + i * inner;
    float* dst = out + s * inner;
    int k = 0;
    for (; k < in4; k += 4) ST(dst + k, ADD(LD(dst + k), LD(src + k)));
    for (; k < inner; k++) dst[k] += src[k];
  }
}

// out[r, :] = x[ids[r], :] for r < count (rows of `inner` 4-byte elements; ids already validated).
EXPORT(gather_rows)
void gather_rows(const float* x, const int* ids, float* out, int count, int inner) {
  int in4 = inner & ~3;
  for (int r = 0; r < count; r++) {
    const float* src = x + ids[r] * inner;
    float* dst = out + r * inner;
    int k = 0;
    for (; k < in4; k += 4) ST(dst + k, LD(src + k));
    for (; k < inner; k++) dst[k] = src[k];
  }
}

// out[j] = Σ_m x[m, j] for a [rows, inner] block, accumulated in float64 (bias gradients).
EXPORT(sum_rows)
void sum_rows(const float* x, float* out, int rows, int inner) {
  int j = 0;
  for (; j + 4 <= inner; j += 4) {
    v128_t lo = wasm_f64x2_const_splat(0), hi = lo;
    const float* p = x + j;
    for (int m = 0; m < rows; m++, p += inner) {
      f4 v = LD(p);
      lo = wasm_f64x2_add(lo, wasm_f64x2_promote_low_f32x4(v));
      hi = wasm_f64x2_add(hi, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)));
    }
    out[j] = (float)wasm_f64x2_extract_lane(lo, 0);
    out[j + 1] = (float)wasm_f64x2_extract_lane(lo, 1);
    out[j + 2] = (float)wasm_f64x2_extract_lane(hi, 0);
    out[j + 3] = (float)wasm_f64x2_extract_lane(hi, 1);
  }
  for (; j < inner; j++) {
    double s = 0;
    for (int m = 0; m < rows; m++) s += x[m * inner + j];
    out[j] = (float)s;
  }
}

// MaxPoolGrad, NHWC, one image row of windows at a time: dx (zeroed by the caller) gets each dy at the
// first maximum of its window (row-major window order; NaN never wins, an all-NaN window drops its dy).
EXPORT(max_pool_grad)
void max_pool_grad(const float* x, const float* dy, float* dx, int nb, int ih, int iw, int ch, int oh, int ow,
                   int fh, int fw, int sh, int sw, int top, int left) {
  for (int b = 0; b < nb; b++) {
    for (int oy = 0; oy < oh; oy++) {
      int y0 = oy * sh - top, y1 = y0 + fh;
      if (y0 < 0) y0 = 0;
      if (y1 > ih) y1 = ih;
      for (int ox = 0; ox < ow; ox++) {
        int x0 = ox * sw - left, x1 = x0 + fw;
        if (x0 < 0) x0 = 0;
        if (x1 > iw) x1 = iw;
        const float* g = dy + ((b * oh + oy) * ow + ox) * ch;
        int c = 0;
        for (; c + 4 <= ch; c += 4) {
          f4 best = wasm_f32x4_splat(-__builtin_inff());
          v128_t at = wasm_i32x4_splat(-1);
          for (int yy = y0; yy < y1; yy++) {
            for (int xx = x0; xx < x1; xx++) {
              int p = ((b * ih + yy) * iw + xx) * ch + c;
              f4 v = LD(x + p);
              v128_t gt = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, gt);
              at = wasm_v128_bitselect(wasm_i32x4_splat(p), at, gt);
            }
          }
          for (int l = 0; l < 4; l++) {
            int p = l == 0 ? wasm_i32x4_extract_lane(at, 0) : l == 1 ? wasm_i32x4_extract_lane(at, 1) : l == 2 ? wasm_i32x4_extract_lane(at, 2) : wasm_i32x4_extract_lane(at, 3);
            if (p >= 0) dx[p + l] += g[c + l];
          }
        }
        for (; c < ch; c++) {
          float best = -__builtin_inff();
          int at = -1;
          for (int yy = y0; yy < y1; yy++) {
            for (int xx = x0; xx < x1; xx++) {
              int p = ((b * ih + yy) * iw + xx) * ch + c;
              if (x[p] > best) { best = x[p]; at = p; }
            }
          }
          if (at >= 0) dx[at] += g[c];
        }
      }
    }
  }
}

// One Adam step (Kingma & Ba 2015, Algorithm 1, in tfjs' operation order so the result is bit-identical
// to tf.train.adam): m' = m·β1 + g·(1−β1); v' = v·β2 + g²·(1−β2); w' = (m'/c1)/(√(v'/c2) + ε)·(−lr) + w,
// with c1 = 1 − β1^t, c2 = 1 − β2^t. Writes new w, m, v to separate outputs.
EXPORT(adam_update)
void adam_update(const float* w, const float* m, const float* v, const float* g, float* w1, float* m1, float* v1, int n,
                 float b1, float omb1, float b2, float omb2, float c1, float c2, float eps, float neglr) {
  f4 B1 = SPLAT(b1), OB1 = SPLAT(omb1), B2 = SPLAT(b2), OB2 = SPLAT(omb2), C1 = SPLAT(c1), C2 = SPLAT(c2), E = SPLAT(eps), L = SPLAT(neglr);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    f4 gv = LD(g + i);
    f4 mm = ADD(MUL(LD(m + i), B1), MUL(gv, OB1));
    f4 vv = ADD(MUL(LD(v + i), B2), MUL(MUL(gv, gv), OB2));
    f4 mh = wasm_f32x4_div(mm, C1), vh = wasm_f32x4_div(vv, C2);
    f4 up = MUL(wasm_f32x4_div(mh, ADD(wasm_f32x4_sqrt(vh), E)), L);
    ST(m1 + i, mm);
    ST(v1 + i, vv);
    ST(w1 + i, ADD(up, LD(w + i)));
  }
  for (; i < n; i++) {
    float gv = g[i];
    float mm = m[i] * b1 + gv * omb1;
    float vv = v[i] * b2 + (gv * gv) * omb2;
    float mh = mm / c1, vh = vv / c2;
    m1[i] = mm;
    v1[i] = vv;
    w1[i] = (mh / (__builtin_sqrtf(vh) + eps)) * neglr + w[i];
  }
}
