// Instantiates wasm/train-kernels.c (SIMD GEMM) on the memory of tfjs' wasm backend, for zero-copy kernels.
import type { Gemm } from "./gemm.js";
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

type GemmFn = (M: number, N: number, K: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number) => void;

let compiled: object | undefined;
const byMemory = new WeakMap<WasmMemory, Gemm>();

function module(): object {
  if (!compiled) compiled = new WA.Module(Uint8Array.from(atob(TRAIN_KERNELS_WASM_BASE64), (c) => c.charCodeAt(0)));
  return compiled;
}

/** Finds the WasmMemory of a tfjs wasm backend object, or undefined. */
export function backendMemory(backend: object): WasmMemory | undefined {
  const asm = (backend as { wasm?: { asm?: Record<string, unknown> } }).wasm?.asm;
  if (!asm) return undefined;
  if (asm.memory instanceof WA.Memory) return asm.memory;
  for (const v of Object.values(asm)) if (v instanceof WA.Memory) return v;
  return undefined;
}

/** A SIMD GEMM working in place on `memory` (every array passed must be a view of it). */
export function wasmGemm(memory: WasmMemory): Gemm {
  const cached = byMemory.get(memory);
  if (cached) return cached;
  const inst = new WA.Instance(module(), { env: { memory } });
  const nn = inst.exports.gemm_nn as GemmFn, tn = inst.exports.gemm_tn as GemmFn;
  const ptr = (x: Float32Array, off: number): number => {
    if (x.buffer !== memory.buffer) throw new Error("wasm gemm: an operand is not a live view of the wasm backend's memory (take views after the last allocation)");
    return x.byteOffset + 4 * off;
  };
  const g: Gemm = {
    kind: "wasm-simd",
    nn: (M, N, K, a, aOff, lda, b, bOff, ldb, c, cOff, ldc) => {
      if (M > 0 && N > 0 && K > 0) nn(M, N, K, ptr(a, aOff), lda, ptr(b, bOff), ldb, ptr(c, cOff), ldc);
    },
    tn: (M, K, N, a, aOff, lda, b, bOff, ldb, c, cOff, ldc) => {
      if (M > 0 && N > 0 && K > 0) tn(M, K, N, ptr(a, aOff), lda, ptr(b, bOff), ldb, ptr(c, cOff), ldc);
    },
  };
  byMemory.set(memory, g);
  return g;
}
