// The fused engine's WebAssembly module (wasm/fused-engine.c): compiled once, instantiated per memory.
import { FUSED_ENGINE_WASM_BASE64 } from "../wasm/fused-engine-wasm.js";

/** The slice of the WebAssembly JS API the engine uses (the project's lib settings do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Pages (64 KiB) the module's memory may grow to: 1 GiB, as declared by wasm/build.sh. */
export const MAX_PAGES = 16384;

/** The module's exports (pointers are byte offsets; see wasm/fused-engine.c). */
export interface EngineExports {
  run(prog: number, r0: number, r1: number): void;
  fold_prep(E: number, W: number, P: number, V: number, C: number, K: number, co: number, Q: number, pairs: number): void;
  fold_finish(E: number, W: number, G: number, dW: number, dE: number, V: number, C: number, K: number, co: number): void;
  flip_weights(W: number, Wf: number, K: number, ci: number, co: number): void;
  add_into(dst: number, src: number, n: number): void;
  check_tokens(tok: number, n: number, V: number): number;
  penalty(w: number, g: number, n: number, l1: number, l2: number): number;
  adam(
    w: number,
    m: number,
    v: number,
    g: number,
    n: number,
    b1: number,
    omb1: number,
    b2: number,
    omb2: number,
    c1: number,
    c2: number,
    eps: number,
    negLr: number,
  ): void;
}

let compiled: object | undefined;

/** The compiled module (shared by every engine and sent to helper threads). */
export function engineModule(): object {
  if (!compiled) compiled = new WA.Module(Uint8Array.from(atob(FUSED_ENGINE_WASM_BASE64), (c) => c.charCodeAt(0)));
  return compiled;
}

/** A new shared memory of `pages` pages for an engine. */
export function newSharedMemory(pages: number): WasmMemory {
  return new WA.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
}

/** An instance of the module on `memory`. */
export function instantiate(memory: WasmMemory): EngineExports {
  return new WA.Instance(engineModule(), { env: { memory } }).exports as unknown as EngineExports;
}
