// Float32 GEMM primitives (WebAssembly SIMD128) for tfjs-tune's training kernels.
//
// Built by wasm/build.sh into src/backend/wasm/train-kernels.wasm. The module imports the memory of
// tfjs' wasm backend and works in place on its tensors, so it must never touch memory by itself:
// no static data, no C stack (build.sh rejects a module that reads or writes a global or has data).
// All pointers are byte offsets into that memory; all strides count floats. Every routine
// accumulates into C (C += ...), so callers zero C first when they want a plain product.
#include "gemm.h"

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(gemm_nn)
void gemm_nn(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc) { gemm_nn_(M, N, K, A, lda, B, ldb, C, ldc); }

EXPORT(gemm_tn)
void gemm_tn(int M, int K, int N, const float* A, int lda, const float* B, int ldb, float* C, int ldc) { gemm_tn_(M, K, N, A, lda, B, ldb, C, ldc); }

EXPORT(gemm_nt)
void gemm_nt(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc) { gemm_nt_(M, N, K, A, lda, B, ldb, C, ldc); }

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
