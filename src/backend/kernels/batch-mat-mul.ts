// BatchMatMul and _FusedMatMul (matmul + bias + activation) on our GEMM, with batch broadcasting.
import * as tf from "@tensorflow/tfjs-core";
import { input, type Host } from "../host.js";

/** Attributes of the BatchMatMul kernel. */
export interface BatchMatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** Attributes of the _FusedMatMul kernel. */
export interface FusedMatMulAttrs extends BatchMatMulAttrs {
  activation: string;
  leakyreluAlpha?: number;
}

/** For each output batch index, the flat batch index of a and b (numpy broadcasting of the leading dims). */
function batchMap(kernel: string, aOuter: number[], bOuter: number[]): { shape: number[]; ai: Int32Array; bi: Int32Array } {
  const r = Math.max(aOuter.length, bOuter.length);
  const pa = [...Array(r - aOuter.length).fill(1), ...aOuter] as number[];
  const pb = [...Array(r - bOuter.length).fill(1), ...bOuter] as number[];
  const shape = pa.map((d, i) => {
    const e = pb[i]!;
    if (d !== e && d !== 1 && e !== 1) throw new Error(`${kernel}: batch dimensions [${aOuter.join(", ")}] and [${bOuter.join(", ")}] do not broadcast`);
    return Math.max(d, e);
  });
  const n = shape.reduce((s, d) => s * d, 1);
  const ai = new Int32Array(n),
    bi = new Int32Array(n);
  for (let o = 0; o < n; o++) {
    let rest = o,
      fa = 0,
      fb = 0,
      sa = 1,
      sb = 1;
    for (let d = r - 1; d >= 0; d--) {
      const idx = rest % shape[d]!;
      rest = Math.floor(rest / shape[d]!);
      if (pa[d]! > 1) fa += idx * sa;
      if (pb[d]! > 1) fb += idx * sb;
      sa *= pa[d]!;
      sb *= pb[d]!;
    }
    ai[o] = fa;
    bi[o] = fb;
  }
  return { shape, ai, bi };
}

/** Computes op(a)·op(b) into a new tensor (float32 on our GEMM, int32 in plain loops); undefined for other dtypes. */
export function batchMatMul(host: Host, inputs: tf.NamedTensorInfoMap, attrs: BatchMatMulAttrs, kernel = "BatchMatMul"): tf.TensorInfo | undefined {
  const a = input(inputs, "a", kernel),
    b = input(inputs, "b", kernel);
  const int = a.dtype === "int32" && b.dtype === "int32";
  if (!int && (a.dtype !== "float32" || b.dtype !== "float32")) return undefined;
  if (a.shape.length < 2 || b.shape.length < 2)
    throw new Error(`${kernel}: inputs must have rank ≥ 2, got [${a.shape.join(", ")}] and [${b.shape.join(", ")}]`);
  const ta = attrs.transposeA,
    tb = attrs.transposeB;
  const ra = a.shape.length,
    rb = b.shape.length;
  const M = ta ? a.shape[ra - 1]! : a.shape[ra - 2]!,
    Ka = ta ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const Kb = tb ? b.shape[rb - 1]! : b.shape[rb - 2]!,
    N = tb ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if (Ka !== Kb)
    throw new Error(
      `${kernel}: inner dimensions ${Ka} and ${Kb} differ (shapes [${a.shape.join(", ")}], [${b.shape.join(", ")}], transposeA=${ta}, transposeB=${tb})`,
    );
  const K = Ka;
  const map = batchMap(kernel, a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (int) {
    // int32: exact small-integer products in plain loops
    const out = host.output([...map.shape, M, N], "int32");
    const av = host.view(a),
      bv = host.view(b),
      cv = host.view(out);
    for (let o = 0; o < map.ai.length; o++) {
      const aOff = map.ai[o]! * M * K,
        bOff = map.bi[o]! * K * N,
        cOff = o * M * N;
      for (let m = 0; m < M; m++) {
        for (let n = 0; n < N; n++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += av[aOff + (ta ? k * M + m : m * K + k)]! * bv[bOff + (tb ? n * K + k : k * N + n)]!;
          cv[cOff + m * N + n] = s;
        }
      }
    }
    return out;
  }
  const out = host.output([...map.shape, M, N], "float32");
  const scratch = ta && tb ? host.output([K, N], "float32") : undefined; // bᵀ of one batch, [K, N]
  const av = host.view(a) as Float32Array,
    bv = host.view(b) as Float32Array,
    cv = host.view(out) as Float32Array;
  const sv = scratch ? (host.view(scratch) as Float32Array) : undefined;
  cv.fill(0);
  const p = host.prim;
  for (let o = 0; o < map.ai.length; o++) {
    const aOff = map.ai[o]! * M * K,
      bOff = map.bi[o]! * K * N,
      cOff = o * M * N;
    if (!ta && !tb) p.nn(M, N, K, av, aOff, K, bv, bOff, N, cv, cOff, N);
    else if (!ta)
      p.nt(M, N, K, av, aOff, K, bv, bOff, K, cv, cOff, N); // b stored [N, K]
    else if (!tb)
      p.tn(K, M, N, av, aOff, M, bv, bOff, N, cv, cOff, N); // a stored [K, M]
    else {
      // both stored transposed: bᵀ into scratch, then aᵀ·(bᵀ)
      for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) sv![k * N + n] = bv[bOff + n * K + k]!;
      p.tn(K, M, N, av, aOff, M, sv!, 0, N, cv, cOff, N);
    }
  }
  if (scratch) host.dispose(scratch);
  return out;
}

const ACTIVATIONS: Record<string, ((v: number, alpha: number) => number) | null> = {
  linear: null,
  relu: (v) => (v > 0 ? v : 0),
  relu6: (v) => (v < 0 ? 0 : v > 6 ? 6 : v),
  elu: (v) => (v >= 0 ? v : Math.exp(v) - 1),
  leakyrelu: (v, al) => (v >= 0 ? v : al * v),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
};

/** _FusedMatMul: op(a)·op(b) + bias, then activation; prelu, exotic bias shapes and non-float dtypes go to the stock kernel. */
export function fusedMatMul(
  host: Host,
  inputs: tf.NamedTensorInfoMap,
  attrs: FusedMatMulAttrs,
  stock: (() => tf.TensorInfo | tf.TensorInfo[]) | undefined,
): tf.TensorInfo | tf.TensorInfo[] {
  const act = attrs.activation ?? "linear";
  const bias = inputs.bias;
  const fallback = (why: string): tf.TensorInfo | tf.TensorInfo[] => {
    if (stock) return stock();
    throw new Error(`_FusedMatMul: ${why} is not supported`);
  };
  if (!(act in ACTIVATIONS)) return fallback(`activation "${act}"`);
  const a = input(inputs, "a", "_FusedMatMul");
  if (a.dtype !== "float32") return fallback(`dtype ${a.dtype}`);
  const out = batchMatMul(host, inputs, attrs, "_FusedMatMul");
  if (!out) return fallback("a non-float32 input");
  const N = out.shape[out.shape.length - 1]!;
  const size = out.shape.reduce((s, d) => s * d, 1);
  const perColumn = (t: tf.TensorInfo): boolean => t.shape.every((d, i) => d === 1 || (i === t.shape.length - 1 && d === N));
  if (bias && !(bias.dtype === "float32" && perColumn(bias) && bias.shape.length <= out.shape.length)) {
    host.dispose(out);
    return fallback(`bias of shape [${bias.shape.join(", ")}]`);
  }
  const cv = host.view(out) as Float32Array;
  if (bias) {
    const bv = host.view(bias) as Float32Array;
    if (bv.length === 1) {
      const v = bv[0]!;
      for (let i = 0; i < size; i++) cv[i] += v;
    } else for (let i = 0; i < size; i += N) for (let n = 0; n < N; n++) cv[i + n] += bv[n]!;
  }
  const f = ACTIVATIONS[act];
  if (f) {
    const alpha = attrs.leakyreluAlpha ?? 0.2;
    for (let i = 0; i < size; i++) cv[i] = f(cv[i]!, alpha);
  }
  return out;
}
