// Test helper: builds .npy bytes the way numpy's format.write_array does (any version, endianness, order).
import type { NpyDtype } from "../../src/data/npy.js";

const CODES: Record<NpyDtype, [string, number]> = {
  bool: ["b", 1],
  int8: ["i", 1],
  uint8: ["u", 1],
  int16: ["i", 2],
  uint16: ["u", 2],
  int32: ["i", 4],
  uint32: ["u", 4],
  int64: ["i", 8],
  uint64: ["u", 8],
  float16: ["f", 2],
  float32: ["f", 4],
  float64: ["f", 8],
};

/** Options for makeNpy. */
export interface MakeNpyOptions {
  /** @default "<" */
  endian?: "<" | ">";
  /** @default "C" */
  order?: "C" | "F";
  /** @default 1 */
  version?: 1 | 2 | 3;
  /** Override the descr string (e.g. "|O" or a list literal). */
  descr?: string;
}

function floatToHalf(x: number): number {
  // exact for the small test values used (normal numbers with <= 10 mantissa bits)
  if (x === 0) return Object.is(x, -0) ? 0x8000 : 0;
  if (Number.isNaN(x)) return 0x7e00;
  if (!Number.isFinite(x)) return x > 0 ? 0x7c00 : 0xfc00;
  const s = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  const e = Math.floor(Math.log2(a));
  const f = Math.round((a / 2 ** e - 1) * 1024);
  return s | ((e + 15) << 10) | f;
}

/** Header bytes (magic, version, length, padded dict) for a .npy file. */
export function npyHeader(descr: string, shape: readonly number[], fortran: boolean, version: 1 | 2 | 3 = 1): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': ${shapeText}, }`;
  if (descr.startsWith("[")) dict = `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shapeText}, }`;
  const pre = version === 1 ? 10 : 12;
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  dict = dict + " ".repeat(total - pre - dict.length - 1) + "\n";
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, dict.length, true);
  else dv.setUint32(8, dict.length, true);
  out.set(new TextEncoder().encode(dict), pre);
  return out;
}

/** Encodes C-order `values` of `shape` as a .npy file with the given dtype, endianness, order and version. */
export function makeNpy(dtype: NpyDtype, shape: readonly number[], values: ArrayLike<number | bigint>, opts: MakeNpyOptions = {}): Uint8Array {
  const [kind, size] = CODES[dtype];
  const endian = size === 1 ? "|" : (opts.endian ?? "<");
  const little = endian !== ">";
  const fortran = opts.order === "F";
  const head = npyHeader(opts.descr ?? `${endian}${kind}${size}`, shape, fortran, opts.version ?? 1);
  const n = values.length;
  const body = new Uint8Array(n * size);
  const dv = new DataView(body.buffer);
  // position k of the file holds C index c(k): Fortran files walk the first axis fastest
  const order: number[] = Array.from({ length: n }, (_, i) => i);
  if (fortran && shape.length > 1) {
    const cstride = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
    for (let k = 0; k < n; k++) {
      let rem = k;
      let c = 0;
      for (let d = 0; d < shape.length; d++) {
        const i = rem % shape[d];
        rem = Math.floor(rem / shape[d]);
        c += i * cstride[d];
      }
      order[k] = c;
    }
  }
  for (let k = 0; k < n; k++) {
    const x = values[order[k]];
    const o = k * size;
    switch (dtype) {
      case "bool":
      case "uint8":
        dv.setUint8(o, Number(x));
        break;
      case "int8":
        dv.setInt8(o, Number(x));
        break;
      case "int16":
        dv.setInt16(o, Number(x), little);
        break;
      case "uint16":
        dv.setUint16(o, Number(x), little);
        break;
      case "int32":
        dv.setInt32(o, Number(x), little);
        break;
      case "uint32":
        dv.setUint32(o, Number(x), little);
        break;
      case "int64":
        dv.setBigInt64(o, BigInt(x), little);
        break;
      case "uint64":
        dv.setBigUint64(o, BigInt(x), little);
        break;
      case "float16":
        dv.setUint16(o, floatToHalf(Number(x)), little);
        break;
      case "float32":
        dv.setFloat32(o, Number(x), little);
        break;
      case "float64":
        dv.setFloat64(o, Number(x), little);
        break;
    }
  }
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}
