// Instantiates wasm/train-kernels.c (SIMD primitives) on the memory of tfjs' wasm backend, for zero-copy kernels.
import type { AdamConstants, PoolGeometry, Primitives } from "./primitives.js";
import { TRAIN_KERNELS_WASM_BASE64 } from "./wasm/train-kernels-wasm.js";

/** The slice of the WebAssembly JS API we use (the project's lib settings do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => WasmMemory;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type Fn = (...args: number[]) => void;

let compiled: object | undefined;
const byMemory = new WeakMap<WasmMemory, Primitives>();

function module(): object {
  if (!compiled) compiled = new WA.Module(Uint8Array.from(atob(TRAIN_KERNELS_WASM_BASE64), (c) => c.charCodeAt(0)));
  return compiled;
}

/** Finds the WebAssembly memory of a tfjs wasm backend object, or undefined. */
export function backendMemory(backend: object): WasmMemory | undefined {
  const asm = (backend as { wasm?: { asm?: Record<string, unknown> } }).wasm?.asm;
  if (!asm) return undefined;
  if (asm.memory instanceof WA.Memory) return asm.memory;
  for (const v of Object.values(asm)) if (v instanceof WA.Memory) return v;
  return undefined;
}

/** SIMD primitives working in place on `memory` (every array passed must be a view of it). */
export function wasmPrimitives(memory: WasmMemory): Primitives {
  const cached = byMemory.get(memory);
  if (cached) return cached;
  const ex = new WA.Instance(module(), { env: { memory } }).exports;
  const fn = (name: string): Fn => {
    const f = ex[name];
    if (typeof f !== "function") throw new Error(`train-kernels.wasm lacks the export ${name}: rebuild it with wasm/build.sh`);
    return f as Fn;
  };
  const nn = fn("gemm_nn"),
    tn = fn("gemm_tn"),
    nt = fn("gemm_nt");
  const scatter = fn("scatter_add_rows"),
    gather = fn("gather_rows"),
    sumRows = fn("sum_rows"),
    mpg = fn("max_pool_grad"),
    adam = fn("adam_update");
  const ptr = (x: Float32Array | Int32Array, off = 0): number => {
    if (x.buffer !== memory.buffer)
      throw new Error("wasm primitives: an operand is not a live view of the wasm backend's memory (take views after the last allocation)");
    return x.byteOffset + 4 * off;
  };
  const p: Primitives = {
    kind: "wasm-simd",
    nn: (M, N, K, a, aOff, lda, b, bOff, ldb, c, cOff, ldc) => {
      if (M > 0 && N > 0 && K > 0) nn(M, N, K, ptr(a, aOff), lda, ptr(b, bOff), ldb, ptr(c, cOff), ldc);
    },
    tn: (M, K, N, a, aOff, lda, b, bOff, ldb, c, cOff, ldc) => {
      if (M > 0 && N > 0 && K > 0) tn(M, K, N, ptr(a, aOff), lda, ptr(b, bOff), ldb, ptr(c, cOff), ldc);
    },
    nt: (M, N, K, a, aOff, lda, b, bOff, ldb, c, cOff, ldc) => {
      if (M > 0 && N > 0 && K > 0) nt(M, N, K, ptr(a, aOff), lda, ptr(b, bOff), ldb, ptr(c, cOff), ldc);
    },
    scatterAddRows: (x, ids, out, count, inner, segments) => {
      if (count > 0 && inner > 0) scatter(ptr(x), ptr(ids), ptr(out), count, inner, segments);
    },
    gatherRows: (x, ids, out, count, inner) => {
      if (count > 0 && inner > 0) gather(ptr(x), ptr(ids), ptr(out), count, inner);
    },
    sumRows: (x, xOff, out, outOff, rows, inner) => {
      if (inner > 0) sumRows(ptr(x, xOff), ptr(out, outOff), rows, inner);
    },
    maxPoolGrad: (x, dy, dx, g: PoolGeometry) => {
      mpg(ptr(x), ptr(dy), ptr(dx), g.nb, g.ih, g.iw, g.ch, g.oh, g.ow, g.fh, g.fw, g.sh, g.sw, g.top, g.left);
    },
    adamUpdate: (w, m, v, g, w1, m1, v1, k: AdamConstants) => {
      adam(ptr(w), ptr(m), ptr(v), ptr(g), ptr(w1), ptr(m1), ptr(v1), g.length, k.b1, k.omb1, k.b2, k.omb2, k.c1, k.c2, k.eps, k.negLr);
    },
  };
  byMemory.set(memory, p);
  return p;
}
