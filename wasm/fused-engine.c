// The fused training engine (src/backend/fused): forward, loss gradient and backward of a Sequential
// chain Embedding → [Conv1D(+MaxPooling1D)]* → Flatten → [Dropout] Dense* → Dense(1, sigmoid), run
// as one call per thread over a range of batch rows, plus the per-step pieces (weight folds, gradient
// reduction, L1/L2 gradients, Adam) the main thread calls.
//
// Built by wasm/build.sh. The module imports a (shared) memory that JS lays out; it keeps no state of
// its own: no static data and no C stack (each worker thread runs its own instance on the same memory,
// and instances share no stack pointer). All pointers are byte offsets into that memory.
//
// A program is a sequence of 32-int records [opcode, args...] ending with OP_END; src/backend/fused/
// program.ts writes them, with the same argument order as the OP_* comments below.
#include "gemm.h"

#define EXPORT(name) __attribute__((export_name(#name)))
#define FP(p) ((float*)(unsigned long)(p))
#define IP(p) ((int*)(unsigned long)(p))
#define REC 32
// Every op stays its own function: inlined into run() they make one huge function, which V8's
// compiler handles worse (the folded conv ran ~1.6× slower that way)
#define NOINLINE __attribute__((noinline))

enum { ACT_LINEAR = 0, ACT_RELU = 1, ACT_TANH = 2, ACT_SIGMOID = 3, ACT_ELU = 4, ACT_SELU = 5 };
enum {
  OP_END = 0, OP_ZERO = 1, OP_EMBCONV_FWD = 2, OP_CONV_FWD = 3, OP_EMBED_FWD = 4, OP_DENSE_FWD = 5,
  OP_DROPOUT = 6, OP_BCE = 7, OP_DENSE_BWD = 8, OP_CONV_BWD = 10, OP_EMBCONV_BWD = 11, OP_EMBED_BWD = 12,
  OP_ADD = 13, OP_PENALTY = 14, OP_ADAM = 15,
};

#define SELU_ALPHA 1.67326324235437728f
#define SELU_SCALE 1.05070098735548049f

static inline f4 zero4(void) { return wasm_f32x4_const_splat(0.0f); }

// e^x for float32 lanes: x = n·ln2 + r (Cody–Waite split of ln2), e^r by its Taylor series to r⁷
// (|r| ≤ ln2/2, truncation < 6e-9), times 2ⁿ built in the exponent bits. Inputs clamp to [−87, 88].
static inline f4 exp4(f4 x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, SPLAT(-87.0f)), SPLAT(88.0f));
  f4 n = wasm_f32x4_nearest(MUL(x, SPLAT(1.44269504088896341f)));
  f4 r = SUB(SUB(x, MUL(n, SPLAT(0.693359375f))), MUL(n, SPLAT(-2.12194440e-4f)));
  f4 p = SPLAT(1.0f / 5040.0f);
  p = ADD(MUL(p, r), SPLAT(1.0f / 720.0f));
  p = ADD(MUL(p, r), SPLAT(1.0f / 120.0f));
  p = ADD(MUL(p, r), SPLAT(1.0f / 24.0f));
  p = ADD(MUL(p, r), SPLAT(1.0f / 6.0f));
  p = ADD(MUL(p, r), SPLAT(0.5f));
  p = ADD(MUL(p, r), SPLAT(1.0f));
  p = ADD(MUL(p, r), SPLAT(1.0f));
  v128_t e = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return MUL(p, e);
}

// The activation of x, lane-wise.
static inline f4 act4(f4 x, int act) {
  switch (act) {
    case ACT_RELU: return wasm_f32x4_max(x, zero4());
    case ACT_TANH: { // tanh|x| = 1 − 2/(e^{2|x|} + 1), sign restored; |x| ≥ 9 gives 1 in float32
      f4 ax = wasm_f32x4_min(wasm_f32x4_abs(x), SPLAT(9.0f));
      f4 t = SUB(SPLAT(1.0f), wasm_f32x4_div(SPLAT(2.0f), ADD(exp4(ADD(ax, ax)), SPLAT(1.0f))));
      return wasm_v128_or(t, wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000)));
    }
    case ACT_SIGMOID: return wasm_f32x4_div(SPLAT(1.0f), ADD(SPLAT(1.0f), exp4(wasm_f32x4_neg(x))));
    case ACT_ELU: return wasm_v128_bitselect(x, SUB(exp4(x), SPLAT(1.0f)), wasm_f32x4_gt(x, zero4()));
    case ACT_SELU:
      return MUL(SPLAT(SELU_SCALE), wasm_v128_bitselect(x, MUL(SPLAT(SELU_ALPHA), SUB(exp4(x), SPLAT(1.0f))), wasm_f32x4_gt(x, zero4())));
    default: return x;
  }
}

// The activation's derivative, from its output y (every supported activation is monotone and has one).
static inline f4 dact4(f4 y, int act) {
  switch (act) {
    case ACT_RELU: return wasm_v128_and(wasm_f32x4_gt(y, zero4()), SPLAT(1.0f));
    case ACT_TANH: return SUB(SPLAT(1.0f), MUL(y, y));
    case ACT_SIGMOID: return MUL(y, SUB(SPLAT(1.0f), y));
    case ACT_ELU: return wasm_v128_bitselect(SPLAT(1.0f), ADD(y, SPLAT(1.0f)), wasm_f32x4_gt(y, zero4()));
    case ACT_SELU: return wasm_v128_bitselect(SPLAT(SELU_SCALE), ADD(y, SPLAT(SELU_SCALE * SELU_ALPHA)), wasm_f32x4_gt(y, zero4()));
    default: return SPLAT(1.0f);
  }
}

static inline float act1(float x, int act) { return wasm_f32x4_extract_lane(act4(SPLAT(x), act), 0); }
static inline float dact1(float y, int act) { return wasm_f32x4_extract_lane(dact4(SPLAT(y), act), 0); }

// x[0..n) = act(x) in place.
static void act_inplace(float* x, int n, int act) {
  if (act == ACT_LINEAR) return;
  int i = 0;
  for (; i + 4 <= n; i += 4) ST(x + i, act4(LD(x + i), act));
  for (; i < n; i++) x[i] = act1(x[i], act);
}

static void fill_zero(float* p, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) ST(p + i, zero4());
  for (; i < n; i++) p[i] = 0.0f;
}

// rows × n block (row stride ld) set to the bias row (or zero when bias is null).
static void fill_bias(float* c, int rows, int n, int ld, const float* bias) {
  for (int r = 0; r < rows; r++) {
    float* row = c + r * ld;
    if (!bias) { fill_zero(row, n); continue; }
    int j = 0;
    for (; j + 4 <= n; j += 4) ST(row + j, LD(bias + j));
    for (; j < n; j++) row[j] = bias[j];
  }
}

// db[0..n) += Σ_r x[r, :] over rows of stride ld.
static void add_col_sums(const float* x, int rows, int n, int ld, float* db) {
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    f4 s = LD(db + j);
    for (int r = 0; r < rows; r++) s = ADD(s, LD(x + r * ld + j));
    ST(db + j, s);
  }
  for (; j < n; j++) {
    float s = db[j];
    for (int r = 0; r < rows; r++) s += x[r * ld + j];
    db[j] = s;
  }
}

// Max-pools z [Lp·pool, co] of one item in windows of `pool` rows into out [Lp, co] with the
// activation applied after the max (it is monotone, so this equals pooling the activations), keeping
// the window offset of the first maximum in amax (NaN never wins; an all-NaN window keeps offset 0).
static void pool_act(const float* z, int Lp, int pool, int co, int act, float* out, int* amax) {
  for (int j = 0; j < Lp; j++) {
    const float* w = z + j * pool * co;
    int c = 0;
    for (; c + 4 <= co; c += 4) {
      f4 best = LD(w + c);
      v128_t at = wasm_i32x4_splat(0);
      for (int i = 1; i < pool; i++) {
        f4 v = LD(w + i * co + c);
        v128_t gt = wasm_f32x4_gt(v, best);
        best = wasm_v128_bitselect(v, best, gt);
        at = wasm_v128_bitselect(wasm_i32x4_splat(i), at, gt);
      }
      ST(out + j * co + c, act4(best, act));
      wasm_v128_store(amax + j * co + c, at);
    }
    for (; c < co; c++) {
      float best = w[c];
      int at = 0;
      for (int i = 1; i < pool; i++) {
        float v = w[i * co + c];
        if (v > best) { best = v; at = i; }
      }
      out[j * co + c] = act1(best, act);
      amax[j * co + c] = at;
    }
  }
}

// OP_EMBCONV_FWD tok L V K co P bias Lp pool act out amax Q pairs
// Embedding followed by a valid Conv1D, folded: with P[k] = E · W[k] ([V, co] per tap, fold_prep), the
// pre-activation at t is bias + Σ_k P[k][tok[t + k]], a sum of K table rows; then pool + activation.
// With pairs > 0, taps 2p and 2p+1 come from one row of Q[p][v·V + v'] = P[2p][v] + P[2p+1][v']
// (fold_prep), so a row takes ⌈K/2⌉ lookups instead of K. Channels go 16 at a time (four vectors), so
// each row's token lookups are shared by 16 channels.
NOINLINE static void embconv_fwd(const int* a, int r0, int r1) {
  const int* tok = IP(a[1]);
  int L = a[2], V = a[3], K = a[4], co = a[5];
  const float* P = FP(a[6]);
  const float* bias = a[7] ? FP(a[7]) : 0;
  int Lp = a[8], pool = a[9], act = a[10];
  float* out = FP(a[11]);
  int* amax = IP(a[12]);
  const float* Q = FP(a[13]);
  int pairs = a[14];
  int tap = V * co; // floats between the tables of consecutive taps
  int pairTap = V * V * co;
  for (int b = r0; b < r1; b++) {
    const int* tb = tok + b * L;
    float* ob = out + b * Lp * co;
    int* ab = amax + b * Lp * co;
    int c = 0;
    for (; c + 16 <= co; c += 16) {
      f4 b0 = bias ? LD(bias + c) : zero4(), b1 = bias ? LD(bias + c + 4) : zero4();
      f4 b2 = bias ? LD(bias + c + 8) : zero4(), b3 = bias ? LD(bias + c + 12) : zero4();
      for (int j = 0; j < Lp; j++) {
        f4 m0 = zero4(), m1 = m0, m2 = m0, m3 = m0;
        v128_t i0 = wasm_i32x4_splat(0), i1 = i0, i2 = i0, i3 = i0;
        for (int i = 0; i < pool; i++) {
          const int* tt = tb + j * pool + i;
          f4 s0 = b0, s1 = b1, s2 = b2, s3 = b3;
          const float* qp = Q + c;
          for (int p = 0; p < pairs; p++, qp += pairTap) {
            const float* row = qp + (tt[2 * p] * V + tt[2 * p + 1]) * co;
            s0 = ADD(s0, LD(row)); s1 = ADD(s1, LD(row + 4)); s2 = ADD(s2, LD(row + 8)); s3 = ADD(s3, LD(row + 12));
          }
          const float* pk = P + 2 * pairs * tap + c;
          for (int k = 2 * pairs; k < K; k++, pk += tap) {
            const float* row = pk + tt[k] * co;
            s0 = ADD(s0, LD(row)); s1 = ADD(s1, LD(row + 4)); s2 = ADD(s2, LD(row + 8)); s3 = ADD(s3, LD(row + 12));
          }
          if (i == 0) { m0 = s0; m1 = s1; m2 = s2; m3 = s3; continue; }
          v128_t iv = wasm_i32x4_splat(i);
          v128_t g0 = wasm_f32x4_gt(s0, m0), g1 = wasm_f32x4_gt(s1, m1), g2 = wasm_f32x4_gt(s2, m2), g3 = wasm_f32x4_gt(s3, m3);
          m0 = wasm_v128_bitselect(s0, m0, g0); i0 = wasm_v128_bitselect(iv, i0, g0);
          m1 = wasm_v128_bitselect(s1, m1, g1); i1 = wasm_v128_bitselect(iv, i1, g1);
          m2 = wasm_v128_bitselect(s2, m2, g2); i2 = wasm_v128_bitselect(iv, i2, g2);
          m3 = wasm_v128_bitselect(s3, m3, g3); i3 = wasm_v128_bitselect(iv, i3, g3);
        }
        float* o = ob + j * co + c;
        int* at = ab + j * co + c;
        ST(o, act4(m0, act)); ST(o + 4, act4(m1, act)); ST(o + 8, act4(m2, act)); ST(o + 12, act4(m3, act));
        wasm_v128_store(at, i0); wasm_v128_store(at + 4, i1); wasm_v128_store(at + 8, i2); wasm_v128_store(at + 12, i3);
      }
    }
    for (; c + 4 <= co; c += 4) {
      f4 bv = bias ? LD(bias + c) : zero4();
      for (int j = 0; j < Lp; j++) {
        f4 best = zero4();
        v128_t at = wasm_i32x4_splat(0);
        for (int i = 0; i < pool; i++) {
          const int* tt = tb + j * pool + i;
          f4 s = bv;
          for (int k = 0; k < K; k++) s = ADD(s, LD(P + k * tap + tt[k] * co + c));
          if (i == 0) { best = s; continue; }
          v128_t gt = wasm_f32x4_gt(s, best);
          best = wasm_v128_bitselect(s, best, gt);
          at = wasm_v128_bitselect(wasm_i32x4_splat(i), at, gt);
        }
        ST(ob + j * co + c, act4(best, act));
        wasm_v128_store(ab + j * co + c, at);
      }
    }
    for (; c < co; c++) {
      for (int j = 0; j < Lp; j++) {
        float best = 0.0f;
        int at = 0;
        for (int i = 0; i < pool; i++) {
          const int* tt = tb + j * pool + i;
          float s = bias ? bias[c] : 0.0f;
          for (int k = 0; k < K; k++) s += P[k * tap + tt[k] * co + c];
          if (i == 0 || s > best) { best = s; at = i; }
        }
        ob[j * co + c] = act1(best, act);
        ab[j * co + c] = at;
      }
    }
  }
}

// OP_CONV_FWD x Lin ci K co W bias Lp pool act out amax z
// Valid Conv1D of one item as one GEMM: the K taps of output row t read K·ci consecutive floats of x
// (rows t..t+K−1), so z[Lp·pool, co] = x(overlapping rows, lda ci)[.., K·ci] · W[K·ci, co] + bias.
// pool 1: no pooling layer (z is the output); else pool + activation with the window argmax.
NOINLINE static void conv_fwd(const int* a, int r0, int r1) {
  const float* x = FP(a[1]);
  int Lin = a[2], ci = a[3], K = a[4], co = a[5];
  const float* W = FP(a[6]);
  const float* bias = a[7] ? FP(a[7]) : 0;
  int Lp = a[8], pool = a[9], act = a[10];
  float* out = FP(a[11]);
  int* amax = IP(a[12]);
  float* z = FP(a[13]);
  int rows = Lp * pool;
  for (int b = r0; b < r1; b++) {
    const float* xb = x + b * Lin * ci;
    float* zb = pool == 1 ? out + b * Lp * co : z;
    fill_bias(zb, rows, co, co, bias);
    gemm_nn_(rows, co, K * ci, xb, ci, W, co, zb, co);
    if (pool == 1) act_inplace(zb, rows * co, act);
    else pool_act(zb, Lp, pool, co, act, out + b * Lp * co, amax + b * Lp * co);
  }
}

// OP_EMBED_FWD tok L V C E out: out[b, t, :] = E[tok[b, t], :].
NOINLINE static void embed_fwd(const int* a, int r0, int r1) {
  const int* tok = IP(a[1]);
  int L = a[2], C = a[4];
  const float* E = FP(a[5]);
  float* out = FP(a[6]);
  for (int b = r0; b < r1; b++) {
    for (int t = 0; t < L; t++) {
      const float* src = E + tok[b * L + t] * C;
      float* dst = out + (b * L + t) * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) ST(dst + c, LD(src + c));
      for (; c < C; c++) dst[c] = src[c];
    }
  }
}

// OP_DENSE_FWD x in units W bias act out: out[r] = act(x[r] · W + bias).
NOINLINE static void dense_fwd(const int* a, int r0, int r1) {
  const float* x = FP(a[1]);
  int in = a[2], units = a[3];
  const float* W = FP(a[4]);
  const float* bias = a[5] ? FP(a[5]) : 0;
  int act = a[6];
  float* out = FP(a[7]);
  int rows = r1 - r0;
  if (rows <= 0) return;
  float* o = out + r0 * units;
  fill_bias(o, rows, units, units, bias);
  gemm_nn_(rows, units, in, x + r0 * in, in, W, units, o, units);
  act_inplace(o, rows * units, act);
}

// OP_DROPOUT x mask out width: out = x · mask (the mask holds 0 or 1/keep, drawn by JS per step).
NOINLINE static void dropout(const int* a, int r0, int r1) {
  const float* x = FP(a[1]);
  const float* m = FP(a[2]);
  float* out = FP(a[3]);
  int w = a[4];
  int i = r0 * w, n = r1 * w;
  for (; i + 4 <= n; i += 4) ST(out + i, MUL(LD(x + i), LD(m + i)));
  for (; i < n; i++) out[i] = x[i] * m[i];
}

// OP_BCE p y w dz scale: gradient of mean(w·BCE(y, clip(p, ε, 1−ε))) with respect to the logit of
// p = sigmoid(logit): (p − y)·w·scale where ε ≤ p ≤ 1−ε (clipByValue passes no gradient outside);
// scale (a float cell JS sets) is 1/batch rows. w may be null (weight 1).
NOINLINE static void bce(const int* a, int r0, int r1) {
  const float* p = FP(a[1]);
  const float* y = FP(a[2]);
  const float* w = a[3] ? FP(a[3]) : 0;
  float* dz = FP(a[4]);
  float scale = *FP(a[5]);
  const float lo = 1e-7f, hi = 1.0f - 1e-7f;
  for (int r = r0; r < r1; r++) {
    float pr = p[r];
    float g = (pr >= lo && pr <= hi) ? (pr - y[r]) : 0.0f;
    dz[r] = g * (w ? w[r] : 1.0f) * scale;
  }
}

// dz = dy · act'(y) over n floats, in place in dy.
static void apply_dact(float* dy, const float* y, int n, int act) {
  if (act == ACT_LINEAR) return;
  int i = 0;
  for (; i + 4 <= n; i += 4) ST(dy + i, MUL(LD(dy + i), dact4(LD(y + i), act)));
  for (; i < n; i++) dy[i] *= dact1(y[i], act);
}

// OP_DENSE_BWD x in units W y act dy dW db dx
// dz = dy·act'(y) (in place in dy); dW += xᵀ dz; db += Σ dz; dx = dz · Wᵀ (dx 0: not needed).
NOINLINE static void dense_bwd(const int* a, int r0, int r1) {
  const float* x = FP(a[1]);
  int in = a[2], units = a[3];
  const float* W = FP(a[4]);
  const float* y = FP(a[5]);
  int act = a[6];
  float* dy = FP(a[7]);
  float* dW = FP(a[8]);
  float* db = a[9] ? FP(a[9]) : 0;
  float* dx = a[10] ? FP(a[10]) : 0;
  int rows = r1 - r0;
  if (rows <= 0) return;
  float* dz = dy + r0 * units;
  apply_dact(dz, y + r0 * units, rows * units, act);
  gemm_tn_(rows, in, units, x + r0 * in, in, dz, units, dW, units);
  if (db) add_col_sums(dz, rows, units, units, db);
  if (dx) {
    float* d = dx + r0 * in;
    fill_zero(d, rows * in);
    gemm_nt_(rows, in, units, dz, units, W, units, d, in);
  }
}

// The pre-pool gradient of one item: dzp (zeroed, rows of co) gets dout·act'(out) at each window's
// argmax row (row offset `lead` + t); db += the same values.
static void unpool(const float* dout, const float* out, const int* amax, int Lp, int pool, int co, int act, float* dzp, int lead, float* db) {
  for (int j = 0; j < Lp; j++) {
    int c = 0;
    for (; c + 4 <= co; c += 4) {
      f4 g = MUL(LD(dout + j * co + c), dact4(LD(out + j * co + c), act));
      if (db) ST(db + c, ADD(LD(db + c), g));
      v128_t at = wasm_v128_load(amax + j * co + c);
      int base = (lead + j * pool) * co + c;
      dzp[base + wasm_i32x4_extract_lane(at, 0) * co] = wasm_f32x4_extract_lane(g, 0);
      dzp[base + wasm_i32x4_extract_lane(at, 1) * co + 1] = wasm_f32x4_extract_lane(g, 1);
      dzp[base + wasm_i32x4_extract_lane(at, 2) * co + 2] = wasm_f32x4_extract_lane(g, 2);
      dzp[base + wasm_i32x4_extract_lane(at, 3) * co + 3] = wasm_f32x4_extract_lane(g, 3);
    }
    for (; c < co; c++) {
      float g = dout[j * co + c] * dact1(out[j * co + c], act);
      if (db) db[c] += g;
      dzp[(lead + j * pool + amax[j * co + c]) * co + c] = g;
    }
  }
}

// OP_CONV_BWD x Lin ci K co Wflip out amax Lp pool act dout dW db dx dzp
// Per item: dz (pre-pool gradient) in dzp (per thread, Lin + K − 1 rows) with K−1 zero rows before
// and after the conv's output rows; dW += xᵀ dz over the overlapping rows of x (K = K·ci); dx[s] = Σ_k dz[s−k] · W[k]ᵀ = dzp rows s..s+K−1 (contiguous K·co
// floats) · Wflip, where Wflip[(K−1−k)·co + o][c] = W[k][c][o] (flip_weights).
NOINLINE static void conv_bwd(const int* a, int r0, int r1) {
  const float* x = FP(a[1]);
  int Lin = a[2], ci = a[3], K = a[4], co = a[5];
  const float* Wf = FP(a[6]);
  const float* out = FP(a[7]);
  const int* amax = IP(a[8]);
  int Lp = a[9], pool = a[10], act = a[11];
  const float* dout = FP(a[12]);
  float* dW = FP(a[13]);
  float* db = a[14] ? FP(a[14]) : 0;
  float* dx = a[15] ? FP(a[15]) : 0;
  float* dzp = FP(a[16]);
  // dzp spans the conv's whole output (Lin − K + 1 rows, more than Lp·pool when pooling drops a
  // tail) plus K − 1 zero rows on each side: the dx GEMM reads rows 0 … Lin + K − 2
  int rows = Lp * pool, lead = K - 1, prows = Lin + K - 1;
  for (int b = r0; b < r1; b++) {
    const float* ob = out + b * Lp * co;
    const float* gb = dout + b * Lp * co;
    fill_zero(dzp, prows * co);
    if (pool == 1) {
      float* d = dzp + lead * co;
      int n = rows * co, i = 0;
      for (; i + 4 <= n; i += 4) ST(d + i, MUL(LD(gb + i), dact4(LD(ob + i), act)));
      for (; i < n; i++) d[i] = gb[i] * dact1(ob[i], act);
      if (db) add_col_sums(d, rows, co, co, db);
    } else {
      unpool(gb, ob, amax + b * Lp * co, Lp, pool, co, act, dzp, lead, db);
    }
    gemm_tn_(rows, K * ci, co, x + b * Lin * ci, ci, dzp + lead * co, co, dW, co);
    if (dx) {
      float* d = dx + b * Lin * ci;
      fill_zero(d, Lin * ci);
      gemm_nn_(Lin, ci, K * co, dzp, co, Wf, ci, d, ci);
    }
  }
}

// OP_EMBCONV_BWD tok L V K co out amax Lp pool act dout G db
// The folded layer's backward: G[k][v] += dz[t] for every t with tok[t + k] = v (G [K][V][co], per
// thread); db += Σ dz. Only each window's argmax row t has a gradient, channel by channel, so it is
// a scatter of scalars (branch-free: zeros are added too). fold_finish turns G into the conv
// kernel's and the embedding's gradients.
NOINLINE static void embconv_bwd(const int* a, int r0, int r1) {
  const int* tok = IP(a[1]);
  int L = a[2], V = a[3], K = a[4], co = a[5];
  const float* out = FP(a[6]);
  const int* amax = IP(a[7]);
  int Lp = a[8], pool = a[9], act = a[10];
  const float* dout = FP(a[11]);
  float* G = FP(a[12]);
  float* db = a[13] ? FP(a[13]) : 0;
  int tap = V * co;
  for (int b = r0; b < r1; b++) {
    const int* tb = tok + b * L;
    const float* ob = out + b * Lp * co;
    const float* gb = dout + b * Lp * co;
    const int* ab = amax + b * Lp * co;
    for (int j = 0; j < Lp; j++) {
      const int* tw = tb + j * pool;
      int c = 0;
      for (; c + 4 <= co; c += 4) {
        f4 g = MUL(LD(gb + j * co + c), dact4(LD(ob + j * co + c), act));
        if (db) ST(db + c, ADD(LD(db + c), g));
        v128_t at = wasm_v128_load(ab + j * co + c);
        const int* t0 = tw + wasm_i32x4_extract_lane(at, 0);
        const int* t1 = tw + wasm_i32x4_extract_lane(at, 1);
        const int* t2 = tw + wasm_i32x4_extract_lane(at, 2);
        const int* t3 = tw + wasm_i32x4_extract_lane(at, 3);
        float g0 = wasm_f32x4_extract_lane(g, 0), g1 = wasm_f32x4_extract_lane(g, 1);
        float g2 = wasm_f32x4_extract_lane(g, 2), g3 = wasm_f32x4_extract_lane(g, 3);
        float* Gk = G + c;
        for (int k = 0; k < K; k++, Gk += tap) {
          Gk[t0[k] * co] += g0;
          Gk[t1[k] * co + 1] += g1;
          Gk[t2[k] * co + 2] += g2;
          Gk[t3[k] * co + 3] += g3;
        }
      }
      for (; c < co; c++) {
        float g = gb[j * co + c] * dact1(ob[j * co + c], act);
        if (db) db[c] += g;
        const int* tt = tw + ab[j * co + c];
        for (int k = 0; k < K; k++) G[k * tap + tt[k] * co + c] += g;
      }
    }
  }
}

// OP_EMBED_BWD tok L V C dout dE: dE[tok[b, t]] += dout[b, t] (scatter-add of rows).
NOINLINE static void embed_bwd(const int* a, int r0, int r1) {
  const int* tok = IP(a[1]);
  int L = a[2], C = a[4];
  const float* d = FP(a[5]);
  float* dE = FP(a[6]);
  for (int b = r0; b < r1; b++) {
    for (int t = 0; t < L; t++) {
      float* dst = dE + tok[b * L + t] * C;
      const float* src = d + (b * L + t) * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) ST(dst + c, ADD(LD(dst + c), LD(src + c)));
      for (; c < C; c++) dst[c] += src[c];
    }
  }
}

// Per step, before the threads run: P[k] = E · W[k] for the folded Embedding → Conv1D (E [V, C],
// W [K][C][co], P [K][V][co]), and the pair tables Q[p][v·V + v'] = P[2p][v] + P[2p+1][v'] for
// p < pairs (Q [pairs][V·V][co]; see OP_EMBCONV_FWD).
EXPORT(fold_prep)
void fold_prep(int E, int W, int P, int V, int C, int K, int co, int Q, int pairs) {
  for (int k = 0; k < K; k++) {
    float* Pk = FP(P) + k * V * co;
    fill_zero(Pk, V * co);
    gemm_nn_(V, co, C, FP(E), C, FP(W) + k * C * co, co, Pk, co);
  }
  for (int p = 0; p < pairs; p++) {
    const float* A = FP(P) + 2 * p * V * co;
    const float* B = A + V * co;
    float* q = FP(Q) + p * V * V * co;
    for (int v = 0; v < V; v++) {
      for (int w = 0; w < V; w++, q += co) {
        const float* x = A + v * co;
        const float* y = B + w * co;
        int j = 0;
        for (; j + 4 <= co; j += 4) ST(q + j, ADD(LD(x + j), LD(y + j)));
        for (; j < co; j++) q[j] = x[j] + y[j];
      }
    }
  }
}

// After the reduction: dW[k] += Eᵀ · G[k] and dE += Σ_k G[k] · W[k]ᵀ (the chain rule through P).
EXPORT(fold_finish)
void fold_finish(int E, int W, int G, int dW, int dE, int V, int C, int K, int co) {
  for (int k = 0; k < K; k++) {
    const float* Gk = FP(G) + k * V * co;
    gemm_tn_(V, C, co, FP(E), C, Gk, co, FP(dW) + k * C * co, co);
    gemm_nt_(V, C, co, Gk, co, FP(W) + k * C * co, co, FP(dE), C);
  }
}

// Wflip[(K−1−k)·co + o][c] = W[k][c][o] (W [K][ci][co]) for the input gradient of a conv.
EXPORT(flip_weights)
void flip_weights(int W, int Wf, int K, int ci, int co) {
  const float* w = FP(W);
  float* f = FP(Wf);
  for (int k = 0; k < K; k++)
    for (int c = 0; c < ci; c++)
      for (int o = 0; o < co; o++) f[((K - 1 - k) * co + o) * ci + c] = w[(k * ci + c) * co + o];
}

// The index of the first token of tok[0..n) outside [0, V), or −1: tokens index the tables, so every
// batch is checked before it runs.
EXPORT(check_tokens)
int check_tokens(int tok, int n, int V) {
  const int* t = IP(tok);
  v128_t lim = wasm_i32x4_splat(V), bad = wasm_i32x4_splat(0);
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int q = 0; q < 16; q += 4) {
      v128_t v = wasm_v128_load(t + i + q);
      // unsigned v ≥ V catches negatives too
      bad = wasm_v128_or(bad, wasm_u32x4_ge(v, lim));
    }
    if (wasm_v128_any_true(bad)) break;
  }
  for (; i < n; i++) if ((unsigned)t[i] >= (unsigned)V) return i;
  return -1;
}

// dst[0..n) += src[0..n) (the gradient reduction over threads, in thread order).
EXPORT(add_into)
void add_into(int dst, int src, int n) {
  float* d = FP(dst);
  const float* s = FP(src);
  int i = 0;
  for (; i + 4 <= n; i += 4) ST(d + i, ADD(LD(d + i), LD(s + i)));
  for (; i < n; i++) d[i] += s[i];
}

// L1/L2 penalty of w[0..n): g += l1·sign(w) + 2·l2·w (sign(0) = −1, as tfjs' abs gradient); returns
// l1·Σ|w| + l2·Σw² (float64 sums: every float is promoted, its square exact in float64).
EXPORT(penalty)
double penalty(int w, int g, int n, float l1, float l2) {
  const float* x = FP(w);
  float* d = FP(g);
  v128_t a1 = wasm_f64x2_const_splat(0), b1 = a1, a2 = a1, b2 = a1;
  f4 T = SPLAT(2.0f * l2), P1 = SPLAT(l1), N1 = SPLAT(-l1);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    f4 v = LD(x + i);
    f4 gi = LD(d + i);
    if (l1 != 0.0f) gi = ADD(gi, wasm_v128_bitselect(P1, N1, wasm_f32x4_gt(v, zero4())));
    if (l2 != 0.0f) gi = ADD(gi, MUL(T, v));
    ST(d + i, gi);
    f4 av = wasm_f32x4_abs(v);
    v128_t lo = wasm_f64x2_promote_low_f32x4(av), hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(av, av, 2, 3, 0, 1));
    a1 = wasm_f64x2_add(a1, lo);
    b1 = wasm_f64x2_add(b1, hi);
    a2 = wasm_f64x2_add(a2, wasm_f64x2_mul(lo, lo));
    b2 = wasm_f64x2_add(b2, wasm_f64x2_mul(hi, hi));
  }
  a1 = wasm_f64x2_add(a1, b1);
  a2 = wasm_f64x2_add(a2, b2);
  double s1 = wasm_f64x2_extract_lane(a1, 0) + wasm_f64x2_extract_lane(a1, 1);
  double s2 = wasm_f64x2_extract_lane(a2, 0) + wasm_f64x2_extract_lane(a2, 1);
  for (; i < n; i++) {
    float v = x[i];
    s1 += v < 0 ? -(double)v : (double)v;
    s2 += (double)v * (double)v;
    float gi = d[i];
    if (l1 != 0.0f) gi += v > 0 ? l1 : -l1;
    if (l2 != 0.0f) gi += 2.0f * l2 * v;
    d[i] = gi;
  }
  return (double)l1 * s1 + (double)l2 * s2;
}

// One Adam step in place over n parameters (Kingma & Ba 2015, Algorithm 1, in tfjs' operation order,
// as adam_update in train-kernels.c): m = m·β1 + g·(1−β1); v = v·β2 + g²·(1−β2);
// w = (m/c1)/(√(v/c2) + ε)·(−lr) + w with c1 = 1 − β1^t, c2 = 1 − β2^t.
EXPORT(adam)
void adam(int W, int M, int Vv, int G, int n, float b1, float omb1, float b2, float omb2, float c1, float c2, float eps, float neglr) {
  float* w = FP(W);
  float* m = FP(M);
  float* v = FP(Vv);
  const float* g = FP(G);
  f4 B1 = SPLAT(b1), OB1 = SPLAT(omb1), B2 = SPLAT(b2), OB2 = SPLAT(omb2), C1 = SPLAT(c1), C2 = SPLAT(c2), E = SPLAT(eps), L = SPLAT(neglr);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    f4 gv = LD(g + i);
    f4 mm = ADD(MUL(LD(m + i), B1), MUL(gv, OB1));
    f4 vv = ADD(MUL(LD(v + i), B2), MUL(MUL(gv, gv), OB2));
    f4 up = MUL(wasm_f32x4_div(wasm_f32x4_div(mm, C1), ADD(wasm_f32x4_sqrt(wasm_f32x4_div(vv, C2)), E)), L);
    ST(m + i, mm);
    ST(v + i, vv);
    ST(w + i, ADD(up, LD(w + i)));
  }
  for (; i < n; i++) {
    float gv = g[i];
    float mm = m[i] * b1 + gv * omb1;
    float vv = v[i] * b2 + (gv * gv) * omb2;
    m[i] = mm;
    v[i] = vv;
    w[i] = ((mm / c1) / (__builtin_sqrtf(vv / c2) + eps)) * neglr + w[i];
  }
}

// Runs a program over batch rows [r0, r1). Update-phase records:
// OP_ADD dst src n (dst += src); OP_PENALTY w g n l1 l2 cell (l1, l2: float bits; cell: the float64
// penalty); OP_ADAM w m v g n consts.
EXPORT(run)
void run(int prog, int r0, int r1) {
  for (const int* a = IP(prog); a[0] != OP_END; a += REC) {
    switch (a[0]) {
      case OP_ZERO: fill_zero(FP(a[1]), a[2]); break;
      case OP_EMBCONV_FWD: embconv_fwd(a, r0, r1); break;
      case OP_CONV_FWD: conv_fwd(a, r0, r1); break;
      case OP_EMBED_FWD: embed_fwd(a, r0, r1); break;
      case OP_DENSE_FWD: dense_fwd(a, r0, r1); break;
      case OP_DROPOUT: dropout(a, r0, r1); break;
      case OP_BCE: bce(a, r0, r1); break;
      case OP_DENSE_BWD: dense_bwd(a, r0, r1); break;
      case OP_CONV_BWD: conv_bwd(a, r0, r1); break;
      case OP_EMBCONV_BWD: embconv_bwd(a, r0, r1); break;
      case OP_EMBED_BWD: embed_bwd(a, r0, r1); break;
      // the update phase (rows are not used): reduce a range of the gradient, penalties, Adam
      case OP_ADD: add_into(a[1], a[2], a[3]); break;
      case OP_PENALTY: *(double*)(unsigned long)a[6] = penalty(a[1], a[2], a[3], __builtin_bit_cast(float, a[4]), __builtin_bit_cast(float, a[5])); break;
      case OP_ADAM: {
        const float* k = FP(a[6]); // b1 1−b1 b2 1−b2 c1 c2 ε −lr, written by JS every step
        adam(a[1], a[2], a[3], a[4], a[5], k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]);
        break;
      }
      default: return;
    }
  }
}
