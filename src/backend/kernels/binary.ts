// Add, Sub, Multiply, RealDiv for the cpu backend on the shapes training produces (equal shapes, a
// scalar, or a trailing-vector broadcast such as a bias); other cases go to the stock kernel.
import * as tf from "@tensorflow/tfjs-core";
import { input, type Host } from "../host.js";

/** The element operations we fuse into loops. */
export type BinaryOp = "Add" | "Sub" | "Multiply" | "RealDiv";

const size = (s: number[]): number => s.reduce((p, d) => p * d, 1);

/** True when `small` broadcasts against `big` as a repeated trailing block (e.g. [16] or [1, 16] vs [64, 186, 16]). */
function trailingBlock(big: number[], small: number[]): boolean {
  if (small.length > big.length) return false;
  let i = small.length - 1,
    j = big.length - 1,
    seenFull = false;
  for (; i >= 0; i--, j--) {
    if (small[i] === big[j]) {
      seenFull = true;
      continue;
    }
    if (small[i] === 1 && !seenFull) return false;
    if (small[i] === 1) break;
    return false;
  }
  for (; i >= 0; i--) if (small[i] !== 1) return false;
  return true;
}

/** a ∘ b in float32; returns undefined (caller uses the stock kernel) for other dtypes or broadcasts. */
export function binary(host: Host, op: BinaryOp, inputs: tf.NamedTensorInfoMap): tf.TensorInfo | undefined {
  const a = input(inputs, "a", op),
    b = input(inputs, "b", op);
  if (a.dtype !== "float32" || b.dtype !== "float32") return undefined;
  const na = size(a.shape),
    nb = size(b.shape);
  let outShape: number[];
  try {
    outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  } catch {
    return undefined;
  }
  const n = size(outShape);
  // which operand repeats: period p of a and of b over the output's flat index
  let pa: number, pb: number;
  if (na === n && (nb === n || nb === 1 || (outShape.length === a.shape.length && trailingBlock(a.shape, b.shape)))) {
    pa = n;
    pb = nb;
  } else if (nb === n && (na === 1 || (outShape.length === b.shape.length && trailingBlock(b.shape, a.shape)))) {
    pa = na;
    pb = n;
  } else return undefined;
  const out = host.output(outShape, "float32");
  const av = host.view(a) as Float32Array,
    bv = host.view(b) as Float32Array,
    o = host.view(out) as Float32Array;
  if (pa === n && pb === n) {
    switch (op) {
      case "Add":
        for (let i = 0; i < n; i++) o[i] = av[i]! + bv[i]!;
        break;
      case "Sub":
        for (let i = 0; i < n; i++) o[i] = av[i]! - bv[i]!;
        break;
      case "Multiply":
        for (let i = 0; i < n; i++) o[i] = av[i]! * bv[i]!;
        break;
      case "RealDiv":
        for (let i = 0; i < n; i++) o[i] = av[i]! / bv[i]!;
        break;
    }
    return out;
  }
  for (let s = 0; s < n; s += Math.min(pa, pb)) {
    // one block of the shorter period at a time
    const len = Math.min(pa, pb),
      ia = pa === n ? s : 0,
      ib = pb === n ? s : 0;
    switch (op) {
      case "Add":
        for (let i = 0; i < len; i++) o[s + i] = av[ia + i]! + bv[ib + i]!;
        break;
      case "Sub":
        for (let i = 0; i < len; i++) o[s + i] = av[ia + i]! - bv[ib + i]!;
        break;
      case "Multiply":
        for (let i = 0; i < len; i++) o[s + i] = av[ia + i]! * bv[ib + i]!;
        break;
      case "RealDiv":
        for (let i = 0; i < len; i++) o[s + i] = av[ia + i]! / bv[ib + i]!;
        break;
    }
  }
  return out;
}

/** Relu and Step (x > 0 ? 1 : alpha; NaN stays NaN) in plain loops; undefined for non-float32 input. */
export function unary(host: Host, op: "Relu" | "Step", inputs: tf.NamedTensorInfoMap, alpha = 0): tf.TensorInfo | undefined {
  const x = input(inputs, "x", op);
  if (x.dtype !== "float32") return undefined;
  const out = host.output(x.shape.slice(), "float32");
  const xv = host.view(x) as Float32Array,
    o = host.view(out) as Float32Array;
  if (op === "Relu")
    for (let i = 0; i < xv.length; i++) {
      const v = xv[i]!;
      o[i] = v < 0 ? 0 : v;
    }
  else
    for (let i = 0; i < xv.length; i++) {
      const v = xv[i]!;
      o[i] = v !== v ? v : v > 0 ? 1 : alpha;
    }
  return out;
}
