// Bench helper: the chapter's data from ../shared/data (npz of int64 [N,190]) or synthetic tokens of the same shape.
import { existsSync, readFileSync } from "node:fs";
import { unzipSync } from "fflate";
import { syntheticData } from "./chapter-model.js";

/** Examples for the benchmark: tokens [n, length] row-major and 0/1 labels. */
export interface BenchData {
  x: Int32Array;
  y: Float32Array;
  n: number;
  length: number;
  source: string;
}

/** Parses the single int64 (or int32) C-order array of a .npy file into an Int32Array. */
function readNpyInts(bytes: Uint8Array): { values: Int32Array; shape: number[] } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + hlen;
  const header = new TextDecoder().decode(bytes.subarray(major === 1 ? 10 : 12, start));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (/True/.test(/'fortran_order':\s*(\w+)/.exec(header)?.[1] ?? "")) throw new Error("bench data: Fortran-order arrays are not supported here");
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Int32Array(n);
  if (descr === "<i8") for (let i = 0; i < n; i++) values[i] = Number(dv.getBigInt64(start + 8 * i, true));
  else if (descr === "<i4") for (let i = 0; i < n; i++) values[i] = dv.getInt32(start + 4 * i, true);
  else throw new Error(`bench data: unsupported dtype ${descr}`);
  return { values, shape };
}

function readNpz(path: string): { values: Int32Array; shape: number[] } {
  const files = unzipSync(readFileSync(path));
  const name = Object.keys(files).find((k) => k.endsWith(".npy"));
  if (!name) throw new Error(`bench data: no .npy in ${path}`);
  return readNpyInts(files[name]!);
}

/** Loads positives then negatives from `dir` (shuffled with a fixed seed), else synthetic data of the same size. */
export function loadBenchData(dir = new URL("../../shared/data/", import.meta.url).pathname): BenchData {
  const pos = `${dir}/hemo-positive.npz`,
    neg = `${dir}/hemo-negative.npz`;
  let x: Int32Array, y: Float32Array, n: number, length: number, source: string;
  if (existsSync(pos) && existsSync(neg)) {
    const p = readNpz(pos),
      q = readNpz(neg);
    length = p.shape[1]!;
    n = p.shape[0]! + q.shape[0]!;
    x = new Int32Array(n * length);
    x.set(p.values, 0);
    x.set(q.values, p.values.length);
    y = new Float32Array(n);
    y.fill(1, 0, p.shape[0]!);
    source = "hemolysis npz";
  } else {
    n = 9316;
    length = 190;
    ({ x, y } = syntheticData(n, length));
    source = "synthetic";
  }
  let s = 12345; // Fisher–Yates with a fixed LCG so every backend sees the same order
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    const yt = y[i]!;
    y[i] = y[j]!;
    y[j] = yt;
    const a = x.slice(i * length, (i + 1) * length);
    x.copyWithin(i * length, j * length, (j + 1) * length);
    x.set(a, j * length);
  }
  return { x, y, n, length, source };
}
