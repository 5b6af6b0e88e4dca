// Parser for numpy's .npy format (NEP 1, "A simple file format for NumPy arrays", versions 1.0,
// 2.0 and 3.0): magic, little-endian header length, a Python-literal header dict, raw data.
// Object arrays and pickles are refused; nothing is ever unpickled.

/** Element types `readNpy` understands (numpy names). */
export type NpyDtype = "bool" | "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64" | "float16" | "float32" | "float64";

/** Typed array holding an array's elements; int64/uint64 become Float64Array (exact, checked ≤ 2^53-1). */
export type NpyData = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** A decoded numpy array; `data` is always row-major (C order), whatever order the file stored. */
export interface NpyArray {
  /** numpy element type of the stored array. */
  readonly dtype: NpyDtype;
  /** Shape, e.g. [1826, 190]; [] for a scalar. */
  readonly shape: readonly number[];
  /** Elements in C (row-major) order; bool as 0/1 in a Uint8Array, float16 widened to Float32Array. */
  readonly data: NpyData;
  /** The storage order in the file ("F" = Fortran / column-major); `data` has been reordered to C. */
  readonly order: "C" | "F";
  /** Format version of the file, e.g. "1.0". */
  readonly version: string;
}

const KIND_SIZE: Record<string, Record<number, NpyDtype>> = {
  b: { 1: "bool" },
  i: { 1: "int8", 2: "int16", 4: "int32", 8: "int64" },
  u: { 1: "uint8", 2: "uint16", 4: "uint32", 8: "uint64" },
  f: { 2: "float16", 4: "float32", 8: "float64" },
};

type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/** Parses the small Python literal subset used by .npy headers (dict, tuple, list, str, int, bool, None). */
function parsePyLiteral(src: string, fail: (msg: string) => never): PyValue {
  let i = 0;
  const ws = (): void => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const value = (): PyValue => {
    ws();
    const c = src[i];
    if (c === "{") {
      i++;
      const obj: { [key: string]: PyValue } = {};
      for (;;) {
        ws();
        if (src[i] === "}") {
          i++;
          return obj;
        }
        const key = value();
        if (typeof key !== "string") fail("header dict keys must be strings");
        ws();
        if (src[i] !== ":") fail(`expected ':' at header offset ${i}`);
        i++;
        obj[key as string] = value();
        ws();
        if (src[i] === ",") i++;
        else if (src[i] !== "}") fail(`expected ',' or '}' at header offset ${i}`);
      }
    }
    if (c === "(" || c === "[") {
      const close = c === "(" ? ")" : "]";
      i++;
      const arr: PyValue[] = [];
      for (;;) {
        ws();
        if (src[i] === close) {
          i++;
          return arr;
        }
        arr.push(value());
        ws();
        if (src[i] === ",") i++;
        else if (src[i] !== close) fail(`expected ',' or '${close}' at header offset ${i}`);
      }
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) fail("unterminated string in header");
      const s = src.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const m = /^(-?\d+)L?|^(True|False|None)/.exec(src.slice(i, i + 40));
    if (!m) fail(`unexpected character ${JSON.stringify(c ?? "end of header")} at header offset ${i}`);
    i += m![0].length;
    if (m![1] !== undefined) return Number(m![1]);
    return m![2] === "True" ? true : m![2] === "False" ? false : null;
  };
  const out = value();
  ws();
  if (i !== src.length) fail(`trailing characters in header at offset ${i}`);
  return out;
}

const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Decodes `count` elements of `dtype` from `raw` (byte order `little`), row order as stored. */
function decode(raw: Uint8Array, dtype: NpyDtype, size: number, little: boolean, count: number, fail: (msg: string) => never): NpyData {
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const native = little === hostLittleEndian || size === 1;
  // a fresh copy (also for Node Buffers, whose slice() shares memory): aligned and detached from the archive
  const aligned = (): ArrayBuffer => new Uint8Array(raw).buffer as ArrayBuffer;
  switch (dtype) {
    case "bool": {
      const out = new Uint8Array(count);
      for (let k = 0; k < count; k++) out[k] = raw[k] ? 1 : 0;
      return out;
    }
    case "int8":
      return new Int8Array(aligned());
    case "uint8":
      return new Uint8Array(aligned());
    case "int16":
    case "uint16":
    case "int32":
    case "uint32":
    case "float32":
    case "float64": {
      const Ctor = { int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array }[dtype];
      if (native) return new Ctor(aligned());
      const out = new Ctor(count);
      const get = {
        int16: (o: number) => v.getInt16(o, little),
        uint16: (o: number) => v.getUint16(o, little),
        int32: (o: number) => v.getInt32(o, little),
        uint32: (o: number) => v.getUint32(o, little),
        float32: (o: number) => v.getFloat32(o, little),
        float64: (o: number) => v.getFloat64(o, little),
      }[dtype];
      for (let k = 0; k < count; k++) out[k] = get(k * size);
      return out;
    }
    case "float16": {
      const out = new Float32Array(count);
      for (let k = 0; k < count; k++) out[k] = halfToFloat(v.getUint16(k * 2, little));
      return out;
    }
    case "int64":
    case "uint64": {
      const out = new Float64Array(count);
      const signed = dtype === "int64";
      if (native && little) {
        // fast path: 32-bit views of an aligned copy; element k = words 2k (low) and 2k+1 (high)
        const buf = aligned();
        const lo32 = new Uint32Array(buf);
        const hi32 = signed ? new Int32Array(buf) : lo32;
        for (let k = 0; k < count; k++) {
          const lo = lo32[2 * k];
          const hi = hi32[2 * k + 1];
          if (hi > 0x1fffff || hi < -0x200000 || (hi === -0x200000 && lo === 0)) {
            const big = signed ? (BigInt(hi) << 32n) | BigInt(lo) : (BigInt(hi >>> 0) << 32n) | BigInt(lo);
            fail(`${dtype} element ${k} = ${big} is beyond ${signed ? "±" : ""}(2^53-1) and cannot be represented exactly as a JavaScript number`);
          }
          out[k] = hi * 4294967296 + lo;
        }
        return out;
      }
      const loOff = little ? 0 : 4;
      const hiOff = little ? 4 : 0;
      for (let k = 0; k < count; k++) {
        const lo = v.getUint32(k * 8 + loOff, little);
        if (signed) {
          const hi = v.getInt32(k * 8 + hiOff, little);
          // safe iff -(2^53-1) <= hi*2^32+lo <= 2^53-1
          if (hi > 0x1fffff || hi < -0x200000 || (hi === -0x200000 && lo === 0)) {
            const big = (BigInt(hi) << 32n) | BigInt(lo);
            fail(`int64 element ${k} = ${big} is beyond ±(2^53-1) and cannot be represented exactly as a JavaScript number`);
          }
          out[k] = hi * 4294967296 + lo;
        } else {
          const hi = v.getUint32(k * 8 + hiOff, little);
          if (hi > 0x1fffff) {
            const big = (BigInt(hi) << 32n) | BigInt(lo);
            fail(`uint64 element ${k} = ${big} is beyond 2^53-1 and cannot be represented exactly as a JavaScript number`);
          }
          out[k] = hi * 4294967296 + lo;
        }
      }
      return out;
    }
  }
}

/** Reorders Fortran-order (column-major) elements into C order for `shape`. */
function fortranToC(src: NpyData, shape: readonly number[]): NpyData {
  const nd = shape.length;
  if (nd < 2 || src.length === 0) return src;
  const out = new (src.constructor as new (n: number) => NpyData)(src.length);
  const fstride: number[] = new Array(nd);
  fstride[0] = 1;
  for (let d = 1; d < nd; d++) fstride[d] = fstride[d - 1] * shape[d - 1];
  const idx = new Array(nd).fill(0);
  let f = 0;
  const last = nd - 1;
  for (let c = 0; c < out.length; c++) {
    out[c] = src[f];
    // advance the C-order multi-index (last axis fastest) and the matching Fortran offset
    let d = last;
    idx[d]++;
    f += fstride[d];
    while (d > 0 && idx[d] === shape[d]) {
      f -= fstride[d] * shape[d];
      idx[d] = 0;
      d--;
      idx[d]++;
      f += fstride[d];
    }
  }
  return out;
}

/** Parses one .npy file (format 1.0/2.0/3.0); `label` names it in errors. Refuses object dtype and pickles. */
export function readNpy(bytes: Uint8Array, label = "npy"): NpyArray {
  const fail = (msg: string): never => {
    throw new Error(`${label}: ${msg}`);
  };
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) {
    fail("this is a Python pickle, not a .npy array; pickles are refused (never unpickled)");
  }
  if (bytes.length < 10 || bytes[0] !== 0x93 || String.fromCharCode(...bytes.subarray(1, 6)) !== "NUMPY") {
    fail(bytes.length < 10 ? `truncated .npy (${bytes.length} bytes)` : "not a .npy file (missing \\x93NUMPY magic)");
  }
  const major = bytes[6];
  const minor = bytes[7];
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = v.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail("truncated .npy header");
    headerLen = v.getUint32(8, true);
    headerStart = 12;
  } else {
    return fail(`unsupported .npy format version ${major}.${minor} (expected 1.0, 2.0 or 3.0)`);
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) fail(`truncated .npy header (needs ${dataStart} bytes, has ${bytes.length})`);
  const headerText = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(headerStart, dataStart)).trim();
  const header = parsePyLiteral(headerText, (m) => fail(`bad .npy header: ${m}`));
  if (header === null || typeof header !== "object" || Array.isArray(header)) return fail("bad .npy header: not a dict");
  const { descr, fortran_order: fortranOrder, shape } = header as Record<string, PyValue>;
  if (Array.isArray(descr)) fail("structured dtypes (record arrays) are not supported");
  if (typeof descr !== "string") return fail("bad .npy header: 'descr' missing");
  if (typeof fortranOrder !== "boolean") fail("bad .npy header: 'fortran_order' must be True or False");
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number" && Number.isInteger(d) && d >= 0)) {
    return fail("bad .npy header: 'shape' must be a tuple of non-negative integers");
  }
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(descr);
  if (m && m[2] === "O") fail("object arrays (dtype 'O') would need unpickling, which is refused");
  const dtype = m ? KIND_SIZE[m[2]]?.[Number(m[3])] : undefined;
  if (!m || !dtype) {
    return fail(`unsupported dtype '${descr}' (expected bool, int8..int64, uint8..uint64, float16/32/64)`);
  }
  const size = Number(m[3]);
  const little = m[1] === ">" ? false : m[1] === "=" ? hostLittleEndian : true;
  const dims = shape as number[];
  const count = dims.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count * size)) fail(`shape (${dims.join(", ")}) is too large`);
  const have = bytes.length - dataStart;
  if (have < count * size) fail(`truncated data: shape (${dims.join(", ")}) of ${dtype} needs ${count * size} bytes, found ${have}`);
  if (have > count * size) fail(`corrupt .npy: ${have - count * size} unexpected bytes after the data of shape (${dims.join(", ")})`);
  const raw = bytes.subarray(dataStart, dataStart + count * size);
  const decoded = decode(raw, dtype, size, little, count, fail);
  return {
    dtype,
    shape: dims,
    data: fortranOrder ? fortranToC(decoded, dims) : decoded,
    order: fortranOrder ? "F" : "C",
    version: `${major}.${minor}`,
  };
}
