// The fused engine: one model's forward, backward and Adam in a WebAssembly memory of its own, with
// every buffer allocated once (per batch capacity) and reused, and the batch split over threads.
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { planModel, type LayerPlan, type ModelPlan, type ParamSlot } from "./plan.js";
import { OP, ProgramWriter, RECORD, act } from "./program.js";
import { instantiate, newSharedMemory, MAX_PAGES, type EngineExports, type WasmMemory } from "./wasm-module.js";
import { helperThreads, type HelperThreads } from "./helper-threads.js";

const PAGE = 65536;
/** Bytes below this are left to the module (its unused stack region). */
const BASE = 2 * PAGE;

/** The float32 constants of Adam that tfjs' AdamOptimizer holds (private in its typings). */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  incrementIterations(): void;
}

/** One batch for a training step: rows of a token matrix, their labels and optional weights. */
export interface StepBatch {
  /** Row-major [rows, length] tokens (or a larger matrix that `index` picks rows from). */
  features: Int32Array;
  /** Labels of the same rows (indexed like features). */
  labels: Float32Array;
  /** Row indices into features/labels; the batch is these rows in this order. */
  index: Int32Array;
  /** Per-row loss weights, already in batch order (length index.length). @default all 1 */
  weights?: Float32Array;
}

/** What a training step returns. */
export interface StepResult {
  /** Mean weighted binary cross-entropy plus the L1/L2 penalties, before the update (float64). */
  loss: number;
  /** Predicted probabilities of the batch rows (before the update), a copy. */
  probs: Float32Array;
}

/** Byte offsets of the buffers that depend on the batch capacity and the thread count. */
interface Dynamic {
  cap: number;
  threads: number;
  tokens: number;
  labels: number;
  weights: number;
  scale: number;
  out: number[];
  d: number[];
  amax: number[];
  mask: number[];
  gradBlocks: number[];
  z: number[];
  dzp: number[];
  trainProgs: number[];
  inferProgs: number[];
  /** Per thread: reduce its range of the gradient blocks, penalties (gradProgs), then Adam (updateProgs). */
  gradProgs: number[];
  updateProgs: number[];
  /** float64 cells, per thread and penalized slot, of the penalties the update phase computes. */
  penaltyCells: number;
  penaltyCount: number;
}

/** The fold of an Embedding followed by a Conv1D into per-tap tables (see fold_prep in the C file). */
interface Fold {
  table: ParamSlot;
  kernel: ParamSlot;
  vocab: number;
  dim: number;
  taps: number;
  co: number;
  /** Byte offset of P [taps][vocab][co]. */
  /** Pair tables (byte offset of Q [pairs][vocab²][co]) and their count: taps 2p, 2p+1 in one lookup. */
  Q: number;
  pairs: number;
  P: number;
  /** Float offset of G [taps][vocab][co] inside a gradient block. */
  gOffset: number;
}

/** Options of {@link FusedEngine.create}. */
export interface FusedEngineOptions {
  /** Threads one step runs on (the caller's plus helpers). @default 1 */
  threads?: number;
  /** Fold an Embedding followed by a Conv1D into per-tap lookup tables (exact up to float rounding). @default true */
  fold?: boolean;
  /** With the fold, also tables of tap pairs (half the lookups) while they stay small. @default true */
  pairTables?: boolean;
}

/** True for tfjs' AdamOptimizer and subclasses (instanceof is no test: tfjs' Optimizer[Symbol.hasInstance] accepts any optimizer). */
export function isAdam(o: tf.Optimizer): boolean {
  const a = o as unknown as Partial<AdamInternals>;
  return o.getClassName() === "Adam" && a.accBeta1 !== undefined && Array.isArray(a.accumulatedFirstMoment) && typeof a.beta1 === "number";
}

/** Runs a part of a step, possibly timing it under a label. */
export type Timer = <T>(label: string, part: () => T) => T;
const untimed: Timer = (_label, part) => part();

/** When an engine is collected, the helper threads drop their instance on its memory (they hold the memory, not the engine). */
const helperInstances = new FinalizationRegistry<WasmMemory>((memory) => helperThreads().forget(memory));

const align = (n: number, a = 16): number => Math.ceil(n / a) * a;

/**
 * A model compiled for the fused engine. Between `beginTraining` and `endTraining` the engine owns the
 * weights and Adam's moments; `endTraining` writes them back into the model and the optimizer.
 */
export class FusedEngine {
  readonly plan: ModelPlan;
  readonly fold: Fold | undefined;
  private readonly memory: WasmMemory;
  private readonly ex: EngineExports;
  private top: number; // bump allocator (bytes)
  private readonly params: number;
  private readonly m: number;
  private readonly v: number;
  private readonly gradFloats: number; // floats per gradient block: params then the fold's G
  private readonly wflip: Map<number, number> = new Map(); // conv layer index → byte offset
  private dyn: Dynamic | undefined;
  private threads: number;
  private helpers: HelperThreads | undefined;
  private adam: { b1: number; b2: number; accBeta1: number; accBeta2: number; steps: number } | undefined;

  private constructor(plan: ModelPlan, options: FusedEngineOptions) {
    this.plan = plan;
    this.threads = Math.max(1, Math.floor(options.threads ?? 1));
    this.memory = newSharedMemory(32);
    this.ex = instantiate(this.memory);
    this.top = BASE;
    const P = plan.paramFloats;
    this.params = this.alloc(P * 4);
    this.m = this.alloc(P * 4);
    this.v = this.alloc(P * 4);
    const [l0, l1] = plan.layers;
    if (options.fold !== false && l0?.kind === "embedding" && l1?.kind === "conv") {
      const n = l1.taps * l0.vocab * l1.outChannels;
      // pair tables while they stay small (the chapter's: 2 × 21² × 16 floats = 56 KiB)
      const pairs = options.pairTables !== false && l0.vocab * l0.vocab * l1.outChannels <= 16384 ? Math.floor(l1.taps / 2) : 0;
      const Q = pairs > 0 ? this.alloc(pairs * l0.vocab * l0.vocab * l1.outChannels * 4) : 0;
      this.fold = {
        table: l0.table,
        kernel: l1.kernel,
        vocab: l0.vocab,
        dim: l0.dim,
        taps: l1.taps,
        co: l1.outChannels,
        P: this.alloc(n * 4),
        Q,
        pairs,
        gOffset: P,
      };
      this.gradFloats = P + align(n, 4);
    } else {
      this.gradFloats = P;
    }
    plan.layers.forEach((l, i) => {
      if (l.kind === "conv" && !(this.fold && i === 1)) this.wflip.set(i, this.alloc(l.taps * l.inChannels * l.outChannels * 4));
    });
    this.adamConsts = this.alloc(8 * 4);
  }

  /** Byte offset of Adam's 8 float32 constants of the current step (b1, 1−b1, b2, 1−b2, c1, c2, ε, −lr). */
  private readonly adamConsts: number;

  /** An engine for `model`, or a string saying why the model is not supported. */
  static create(model: tfl.LayersModel, options: FusedEngineOptions = {}): FusedEngine | string {
    const plan = planModel(model);
    if (typeof plan === "string") return plan;
    return new FusedEngine(plan, options);
  }

  /** Why this model can be run but not trained here (undefined when it can be trained). */
  get noTraining(): string | undefined {
    return this.plan.noTraining;
  }

  /** Threads a step runs on. */
  get threadCount(): number {
    return this.threads;
  }

  /** Changes the thread count (from the next step on). */
  setThreads(n: number): void {
    const t = Math.max(1, Math.floor(n));
    if (t !== this.threads) {
      this.threads = t;
      this.dyn = undefined;
    }
  }

  private alloc(bytes: number): number {
    const at = align(this.top);
    this.top = at + align(bytes);
    const need = Math.ceil(this.top / PAGE);
    const have = this.memory.buffer.byteLength / PAGE;
    if (need > have) {
      if (need > MAX_PAGES) throw new Error(`fused engine: needs ${need} pages of memory, more than the ${MAX_PAGES} it may use (a smaller batch?)`);
      this.memory.grow(Math.max(need - have, Math.min(have, MAX_PAGES - have)));
    }
    return at;
  }

  private f32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }
  private i32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, n);
  }

  /** Per-example floats of layer i's output. */
  private width(l: LayerPlan): number {
    switch (l.kind) {
      case "embedding":
        return l.length * l.dim;
      case "conv":
        return l.outLength * l.outChannels;
      case "flatten":
        return l.width;
      case "dense":
        return l.units;
      case "dropout":
        return l.width;
    }
  }

  /** Lays out the batch buffers and writes the programs for `cap` rows (reusing the last layout when it fits). */
  private ensure(cap: number): Dynamic {
    const d = this.dyn;
    if (d && d.cap >= cap && d.threads === this.threads) return d;
    const rows = Math.max(cap, d?.cap ?? 0);
    const T = this.threads;
    const layers = this.plan.layers;
    const L = this.plan.length;
    // the dynamic region restarts above the fixed one (a previous layout's space is reused)
    this.top = this.fixedTop ??= this.top;
    const tokens = this.alloc(rows * L * 4),
      labels = this.alloc(rows * 4),
      weights = this.alloc(rows * 4),
      scale = this.alloc(16);
    const out: number[] = [],
      dd: number[] = [],
      amax: number[] = [],
      mask: number[] = [];
    layers.forEach((l, i) => {
      if (l.kind === "flatten") {
        out.push(out[i - 1] ?? 0);
        dd.push(dd[i - 1] ?? 0);
        amax.push(0);
        mask.push(0);
        return;
      }
      const w = this.width(l);
      const folded = this.fold && i === 0;
      out.push(folded ? 0 : this.alloc(rows * w * 4));
      dd.push(folded ? 0 : this.alloc(rows * w * 4));
      // the folded conv keeps its window offsets even without a pool (all 0 then)
      amax.push(l.kind === "conv" && (l.pool > 1 || (this.fold && i === 1)) ? this.alloc(rows * w * 4) : 0);
      mask.push(l.kind === "dropout" ? this.alloc(rows * w * 4) : 0);
    });
    let zMax = 0,
      dzpMax = 0;
    for (const l of layers) {
      if (l.kind !== "conv") continue;
      zMax = Math.max(zMax, l.outLength * l.pool * l.outChannels);
      dzpMax = Math.max(dzpMax, (l.inLength + l.taps - 1) * l.outChannels); // see conv_bwd
    }
    const gradBlocks: number[] = [],
      z: number[] = [],
      dzp: number[] = [];
    for (let t = 0; t < T; t++) {
      gradBlocks.push(this.alloc(this.gradFloats * 4));
      z.push(zMax ? this.alloc(zMax * 4) : 0);
      dzp.push(dzpMax ? this.alloc(dzpMax * 4) : 0);
    }
    const penalized = this.plan.params.filter((s) => s.l1 !== 0 || s.l2 !== 0);
    const dyn: Dynamic = {
      cap: rows,
      threads: T,
      tokens,
      labels,
      weights,
      scale,
      out,
      d: dd,
      amax,
      mask,
      gradBlocks,
      z,
      dzp,
      trainProgs: [],
      inferProgs: [],
      gradProgs: [],
      updateProgs: [],
      penaltyCells: this.alloc(8 * T * Math.max(1, penalized.length)),
      penaltyCount: T * penalized.length,
    };
    for (let t = 0; t < T; t++) {
      dyn.trainProgs.push(this.store(this.program(dyn, t, true)));
      dyn.inferProgs.push(this.store(this.program(dyn, t, false)));
      dyn.gradProgs.push(this.store(this.updateProgram(dyn, t, false).ints()));
      dyn.updateProgs.push(this.store(this.updateProgram(dyn, t, true).ints()));
    }
    this.dyn = dyn;
    return dyn;
  }

  private fixedTop: number | undefined;

  private store(p: Int32Array): number {
    const at = this.alloc(p.byteLength);
    this.i32(at, p.length).set(p);
    return at;
  }

  private pp(s: ParamSlot | undefined, base = this.params): number {
    return s ? base + 4 * s.offset : 0;
  }

  /** Thread t's slice [p0, p1) of the parameters in the update phase (1/T of them, 4-aligned). */
  private slice(T: number, t: number): [number, number] {
    const P = this.plan.paramFloats;
    const at = (k: number): number => Math.round((k * P) / T / 4) * 4;
    return [at(t), at(t + 1)];
  }

  /**
   * Thread t's share of the update, parameters [p0, p1): add the other threads' gradients of that
   * range into its own block (in thread order; its own block stays in its core's cache, only the
   * others' partial sums cross over), add the L1/L2 gradients, then (with `adam`) the Adam step of that
   * range. No range depends on another, so the threads need no barrier; the fold's G was reduced and
   * turned into gradients (in block 0) by the caller before.
   */
  private updateProgram(d: Dynamic, t: number, adam: boolean): ProgramWriter {
    const w = new ProgramWriter();
    const T = d.threads;
    const [p0, p1] = this.slice(T, t);
    const gt = d.gradBlocks[t]!;
    if (p1 > p0) {
      w.part("gradient reduction over threads");
      for (let s = 0; s < T; s++) if (s !== t) w.op(OP.ADD, gt + 4 * p0, d.gradBlocks[s]! + 4 * p0, p1 - p0);
      w.part("L1/L2 penalties");
      const penalized = this.plan.params.filter((s) => s.l1 !== 0 || s.l2 !== 0);
      const bits = (x: number): number => new Int32Array(new Float32Array([x]).buffer)[0]!;
      penalized.forEach((s, k) => {
        const a = Math.max(p0, s.offset),
          z = Math.min(p1, s.offset + s.size);
        const cell = d.penaltyCells + 8 * (t * penalized.length + k);
        if (z > a) w.op(OP.PENALTY, this.params + 4 * a, gt + 4 * a, z - a, bits(s.l1), bits(s.l2), cell);
      });
      if (adam) w.part("adam").op(OP.ADAM, this.params + 4 * p0, this.m + 4 * p0, this.v + 4 * p0, gt + 4 * p0, p1 - p0, this.adamConsts);
    }
    return w;
  }

  /** The reduced gradient of a slot after the update phase (each slice lives in its thread's block). */
  private reducedGradient(d: Dynamic, s: ParamSlot): Float32Array {
    const out = new Float32Array(s.size);
    for (let t = 0; t < d.threads; t++) {
      const [p0, p1] = this.slice(d.threads, t);
      const a = Math.max(p0, s.offset),
        z = Math.min(p1, s.offset + s.size);
      if (z > a) out.set(this.f32(d.gradBlocks[t]! + 4 * a, z - a), a - s.offset);
    }
    return out;
  }

  /** Thread t's program: forward (with dropout when training), then the loss gradient and backward. */
  private program(d: Dynamic, t: number, training: boolean): Int32Array {
    return this.writer(d, t, training).ints();
  }

  private writer(d: Dynamic, t: number, training: boolean): ProgramWriter {
    const w = new ProgramWriter();
    const layers = this.plan.layers;
    const L = this.plan.length;
    const g = d.gradBlocks[t]!;
    const out = d.out.slice(),
      dd = d.d;
    if (training) w.part("zero gradients").op(OP.ZERO, g, this.gradFloats);
    layers.forEach((l, i) => {
      const x = out[i - 1] ?? 0;
      w.part(this.fold && i === 1 ? `${layers[0]!.name}+${l.name} forward` : `${l.name} forward`);
      switch (l.kind) {
        case "embedding":
          if (!this.fold) w.op(OP.EMBED_FWD, d.tokens, L, l.vocab, l.dim, this.pp(l.table), out[i]!);
          break;
        case "conv":
          if (this.fold && i === 1) {
            w.op(
              OP.EMBCONV_FWD,
              d.tokens,
              L,
              this.fold.vocab,
              l.taps,
              l.outChannels,
              this.fold.P,
              this.pp(l.bias),
              l.outLength,
              l.pool,
              act(l.activation),
              out[i]!,
              d.amax[i]!,
              this.fold.Q,
              this.fold.pairs,
            );
          } else {
            w.op(
              OP.CONV_FWD,
              x,
              l.inLength,
              l.inChannels,
              l.taps,
              l.outChannels,
              this.pp(l.kernel),
              this.pp(l.bias),
              l.outLength,
              l.pool,
              act(l.activation),
              out[i]!,
              d.amax[i]!,
              d.z[t]!,
            );
          }
          break;
        case "flatten":
          out[i] = x;
          break;
        case "dense":
          w.op(OP.DENSE_FWD, x, l.inWidth, l.units, this.pp(l.kernel), this.pp(l.bias), act(l.activation), out[i]!);
          break;
        case "dropout":
          if (training) w.op(OP.DROPOUT, x, d.mask[i]!, out[i]!, l.width);
          else out[i] = x;
          break;
      }
    });
    if (!training) return w;
    const last = layers.length - 1;
    w.part("loss gradient").op(OP.BCE, out[last]!, d.labels, d.weights, dd[last]!, d.scale);
    for (let i = last; i >= 0; i--) {
      const l = layers[i]!;
      const x = out[i - 1] ?? 0,
        dx = dd[i - 1] ?? 0;
      w.part(this.fold && i === 1 ? `${layers[0]!.name}+${l.name} backward` : `${l.name} backward`);
      switch (l.kind) {
        case "dense":
          w.op(
            OP.DENSE_BWD,
            x,
            l.inWidth,
            l.units,
            this.pp(l.kernel),
            out[i]!,
            i === last ? act("linear") : act(l.activation),
            dd[i]!,
            this.pp(l.kernel, g),
            this.pp(l.bias, g),
            dx,
          );
          break;
        case "dropout":
          w.op(OP.DROPOUT, dd[i]!, d.mask[i]!, dx, l.width);
          break;
        case "conv":
          if (this.fold && i === 1) {
            w.op(
              OP.EMBCONV_BWD,
              d.tokens,
              L,
              this.fold.vocab,
              l.taps,
              l.outChannels,
              out[i]!,
              d.amax[i]!,
              l.outLength,
              l.pool,
              act(l.activation),
              dd[i]!,
              g + 4 * this.fold.gOffset,
              this.pp(l.bias, g),
            );
          } else {
            w.op(
              OP.CONV_BWD,
              x,
              l.inLength,
              l.inChannels,
              l.taps,
              l.outChannels,
              this.wflip.get(i)!,
              out[i]!,
              d.amax[i]!,
              l.outLength,
              l.pool,
              act(l.activation),
              dd[i]!,
              this.pp(l.kernel, g),
              this.pp(l.bias, g),
              dx,
              d.dzp[t]!,
            );
          }
          break;
        case "embedding":
          if (!this.fold) w.op(OP.EMBED_BWD, d.tokens, L, l.vocab, l.dim, dd[i]!, this.pp(l.table, g));
          break;
        case "flatten":
          break;
      }
    }
    return w;
  }

  /** Copies the model's weights into the engine. */
  pullWeights(): void {
    for (const s of this.plan.params) this.f32(this.params + 4 * s.offset, s.size).set(s.variable.read().dataSync() as Float32Array);
    this.seen = this.dataIds();
    this.dirty = false;
  }

  /** Writes the engine's weights into the model's variables. */
  pushWeights(): void {
    for (const s of this.plan.params) {
      const t = tf.tensor(this.f32(this.params + 4 * s.offset, s.size).slice(), s.variable.shape as number[], "float32");
      s.variable.write(t);
      t.dispose();
    }
    this.seen = this.dataIds();
    this.dirty = false;
  }

  // Every write to a tfjs variable (assign, setWeights) gives it a new dataId: that is how weights
  // changed behind the engine's back (by a callback) are noticed.
  private seen: object[] = [];
  private dirty = false;
  private dataIds(): object[] {
    return this.plan.params.map((s) => s.variable.read().dataId);
  }

  /** During training: makes the model's variables show the engine's current weights (for code that reads them mid-epoch). */
  publishWeights(): void {
    if (this.adam && this.dirty) this.pushWeights();
  }

  /** During training: takes over weights that were written into the model's variables since the engine last synced. */
  adoptChangedWeights(): void {
    if (!this.adam) return;
    const now = this.dataIds();
    if (now.some((id, i) => id !== this.seen[i])) this.pullWeights();
  }

  /** Takes over the model's weights and `optimizer`'s Adam state (moments, β powers) for a run of steps. */
  beginTraining(optimizer: tf.Optimizer): void {
    if (this.plan.noTraining) throw new Error(`fused engine: cannot train this model: ${this.plan.noTraining}`);
    const o = optimizer as unknown as AdamInternals;
    if (!isAdam(optimizer)) throw new Error(`fused engine: the optimizer is ${optimizer.getClassName()}, not Adam`);
    this.pullWeights();
    const P = this.plan.paramFloats;
    this.f32(this.m, P).fill(0);
    this.f32(this.v, P).fill(0);
    this.plan.params.forEach((s, i) => {
      const m = o.accumulatedFirstMoment[i]?.variable,
        v = o.accumulatedSecondMoment[i]?.variable;
      if (m) this.f32(this.m + 4 * s.offset, s.size).set(m.dataSync() as Float32Array);
      if (v) this.f32(this.v + 4 * s.offset, s.size).set(v.dataSync() as Float32Array);
    });
    this.adam = { b1: o.beta1, b2: o.beta2, accBeta1: o.accBeta1.dataSync()[0]!, accBeta2: o.accBeta2.dataSync()[0]!, steps: 0 };
  }

  /** Gives the weights and Adam's state back to the model and `optimizer`. */
  endTraining(optimizer: tf.Optimizer): void {
    const a = this.adam;
    if (!a) return;
    this.adoptChangedWeights();
    if (this.dirty) this.pushWeights();
    this.adam = undefined;
    const o = optimizer as unknown as AdamInternals;
    this.plan.params.forEach((s, i) => {
      const name = (s.variable.read() as tf.Variable).name;
      for (const [list, ptr, suffix] of [
        [o.accumulatedFirstMoment, this.m, "m"],
        [o.accumulatedSecondMoment, this.v, "v"],
      ] as const) {
        const t = tf.tensor(this.f32(ptr + 4 * s.offset, s.size).slice(), s.variable.shape as number[], "float32");
        const slot = list[i];
        if (slot) {
          slot.variable.assign(t);
          t.dispose();
        } else {
          list[i] = { originalName: `${name}/${suffix}`, variable: t.variable(false) };
          t.dispose();
        }
      }
    });
    tf.tidy(() => {
      o.accBeta1.assign(tf.scalar(a.accBeta1));
      o.accBeta2.assign(tf.scalar(a.accBeta2));
    });
  }

  private fillBatch(d: Dynamic, b: StepBatch, labels: boolean): number {
    const n = b.index.length,
      L = this.plan.length;
    const tok = this.i32(d.tokens, n * L);
    for (let r = 0; r < n; r++) {
      const src = b.index[r]! * L;
      tok.set(b.features.subarray(src, src + L), r * L);
    }
    this.checkTokens(d, n, (r) => b.index[r]!);
    if (labels) {
      const y = this.f32(d.labels, n);
      for (let r = 0; r < n; r++) y[r] = b.labels[b.index[r]!]!;
      // the program always reads weights: ones when the batch has none
      if (b.weights) this.f32(d.weights, n).set(b.weights.subarray(0, n));
      else this.f32(d.weights, n).fill(1);
    }
    return n;
  }

  /** Throws naming the first token of the batch's n rows outside the vocabulary (`row(r)`: its row in the caller's data). */
  private checkTokens(d: Dynamic, n: number, row: (r: number) => number): void {
    const L = this.plan.length;
    const vocab = (this.plan.layers[0] as Extract<LayerPlan, { kind: "embedding" }>).vocab;
    const bad = this.ex.check_tokens(d.tokens, n * L, vocab);
    if (bad >= 0) {
      const r = Math.floor(bad / L);
      throw new RangeError(`fused engine: token ${this.i32(d.tokens, n * L)[bad]} at row ${row(r)} column ${bad - r * L} is outside [0, ${vocab})`);
    }
  }

  /** Runs `progs[t]` over thread t's share of rows [0, n) (possibly empty), the caller taking share 0. */
  private runThreads(progs: number[], n: number): void {
    const T = progs.length;
    if (T === 1) {
      this.ex.run(progs[0]!, 0, n);
      return;
    }
    const cut = (t: number): number => Math.round((t * n) / T);
    if (!this.helpers) {
      this.helpers = helperThreads();
      helperInstances.register(this, this.memory, this);
    }
    this.helpers.run(
      this.memory,
      progs.slice(1, T).map((p, k) => [p, cut(k + 1), cut(k + 2)] as [number, number, number]),
      () => this.ex.run(progs[0]!, 0, cut(1)),
      (p, r0, r1) => this.ex.run(p, r0, r1),
    );
  }

  /**
   * Forward, loss gradient, backward, reduction and penalties of one batch into gradient block 0
   * (training mode: dropout on), then `update` (the Adam step, in the same threaded phase) if given.
   */
  private lossAndGradients(b: StepBatch, time: Timer = untimed, update?: () => void): StepResult & { d: Dynamic } {
    const { d, n } = time("batch in", () => {
      const d = this.ensure(b.index.length);
      return { d, n: this.fillBatch(d, b, true) };
    });
    if (n === 0) throw new RangeError("fused engine: an empty batch");
    const layers = this.plan.layers;
    this.f32(d.scale, 1)[0] = Math.fround(1 / n);
    const ex = this.ex;
    // dropout multipliers, drawn by the layers as their own training call would
    time("dropout masks", () =>
      layers.forEach((l, i) => {
        if (l.kind === "dropout") this.f32(d.mask[i]!, n * l.width).set(l.layer.trainingMultiplier([n, l.width]));
      }),
    );
    const f = this.fold;
    time("weight prep (fold tables, flipped kernels)", () => {
      if (f) ex.fold_prep(this.pp(f.table), this.pp(f.kernel), f.P, f.vocab, f.dim, f.taps, f.co, f.Q, f.pairs);
      for (const [i, ptr] of this.wflip) {
        const l = layers[i] as Extract<LayerPlan, { kind: "conv" }>;
        ex.flip_weights(this.pp(l.kernel), ptr, l.taps, l.inChannels, l.outChannels);
      }
    });
    if (time === untimed) this.runThreads(d.trainProgs, n);
    else this.runRecords(this.writer(d, 0, true), n, time);
    const g0 = d.gradBlocks[0]!;
    if (f) {
      time(`${layers[0]!.name}+${layers[1]!.name} backward`, () => {
        const gf = this.gradFloats - f.gOffset; // G, reduced here: fold_finish needs all of it
        for (let t = 1; t < d.threads; t++) ex.add_into(g0 + 4 * f.gOffset, d.gradBlocks[t]! + 4 * f.gOffset, gf);
        ex.fold_finish(this.pp(f.table), this.pp(f.kernel), g0 + 4 * f.gOffset, this.pp(f.kernel, g0), this.pp(f.table, g0), f.vocab, f.dim, f.taps, f.co);
      });
    }
    update?.();
    const progs = update ? d.updateProgs : d.gradProgs;
    if (time === untimed) this.runThreads(progs, 0);
    else this.runRecords(this.updateProgram(d, 0, update !== undefined), 0, time);
    let penalty = 0;
    const cells = new Float64Array(this.memory.buffer, d.penaltyCells, d.penaltyCount);
    for (let k = 0; k < d.penaltyCount; k++) penalty += cells[k]!;
    // the loss: Keras' binary cross-entropy of clipped probabilities, weighted mean over the batch
    return time("loss value", () => {
      const probs = this.f32(d.out[layers.length - 1]!, n).slice();
      const y = this.f32(d.labels, n),
        w = b.weights ? this.f32(d.weights, n) : undefined;
      let bce = 0;
      for (let r = 0; r < n; r++) {
        const p = Math.min(Math.max(probs[r]!, 1e-7), 1 - 1e-7);
        bce -= (w ? w[r]! : 1) * (y[r]! > 0.5 ? Math.log(p) : Math.log(1 - p));
      }
      return { loss: bce / n + penalty, probs, d };
    });
  }

  /** Runs thread 0's program one record at a time over rows [0, n), timing each under its label (one thread). */
  private runRecords(w: ProgramWriter, n: number, time: Timer): void {
    const ints = w.ints();
    const at = (this.profileProg ??= this.alloc(2 * RECORD * 4));
    const prog = this.i32(at, 2 * RECORD);
    for (let k = 0; k < w.labels.length; k++) {
      prog.set(ints.subarray(k * RECORD, (k + 1) * RECORD));
      prog.fill(0, RECORD);
      time(w.labels[k]!, () => this.ex.run(at, 0, n));
    }
  }

  private profileProg: number | undefined;

  /**
   * trainStep with every part timed by `time(label, part)` (one thread, program records run one by
   * one): what bench/train-layer-profile.ts prints.
   */
  profileStep(b: StepBatch, optimizer: tf.Optimizer, time: Timer): StepResult {
    const threads = this.threads;
    this.setThreads(1);
    try {
      return this.trainStep(b, optimizer, time);
    } finally {
      this.setThreads(threads);
    }
  }

  /** The loss and every weight's gradient on a batch at the current weights (pulled from the model), without updating: for tests. */
  gradients(b: StepBatch): { loss: number; probs: Float32Array; grads: Float32Array[] } {
    if (!this.adam) this.pullWeights();
    const r = this.lossAndGradients(b);
    return { loss: r.loss, probs: r.probs, grads: this.plan.params.map((s) => this.reducedGradient(r.d, s)) };
  }

  /** One Adam step on a batch (training mode: dropout on); returns the loss before the update and the batch's probabilities. */
  trainStep(b: StepBatch, optimizer: tf.Optimizer, time: Timer = untimed): StepResult {
    const a = this.adam;
    if (!a) throw new Error("fused engine: trainStep outside beginTraining/endTraining");
    const o = optimizer as unknown as AdamInternals;
    // Adam in tfjs' float32 constants (Kingma & Ba 2015, Alg. 1; bias corrections from β powers),
    // run by the update phase of the threads
    const { loss, probs } = this.lossAndGradients(b, time, () => {
      this.f32(this.adamConsts, 8).set([a.b1, 1 - a.b1, a.b2, 1 - a.b2, 1 - a.accBeta1, 1 - a.accBeta2, o.epsilon, -o.learningRate]);
    });
    const fr = Math.fround;
    a.accBeta1 = fr(a.accBeta1 * fr(a.b1));
    a.accBeta2 = fr(a.accBeta2 * fr(a.b2));
    a.steps++;
    this.dirty = true;
    o.incrementIterations();
    return { loss, probs };
  }

  /** Probabilities [rows] of the model's current weights (pulled from its variables) on rows `index` of `features`. */
  predict(features: Int32Array, index: Int32Array): Float32Array {
    if (!this.adam) this.pullWeights();
    const d = this.ensure(index.length);
    const n = this.fillBatch(d, { features, labels: new Float32Array(0), index }, false);
    const f = this.fold;
    if (f) this.ex.fold_prep(this.pp(f.table), this.pp(f.kernel), f.P, f.vocab, f.dim, f.taps, f.co, f.Q, f.pairs);
    this.runThreads(d.inferProgs, n);
    return this.f32(d.out[this.plan.layers.length - 1]!, n).slice();
  }

  /**
   * Probabilities [count] of the first `count` rows of `features` (row-major [count, length]) at the
   * model's current weights (pulled once), `batch` rows per pass (the result does not depend on it).
   */
  predictRows(features: Int32Array, count: number, batch = 256): Float32Array {
    if (!this.adam) this.pullWeights();
    const L = this.plan.length;
    if (features.length < count * L) throw new RangeError(`fused engine: features has ${features.length} values, fewer than ${count} rows of ${L}`);
    const out = new Float32Array(count);
    const d = this.ensure(Math.min(batch, Math.max(1, count)));
    const f = this.fold;
    if (f) this.ex.fold_prep(this.pp(f.table), this.pp(f.kernel), f.P, f.vocab, f.dim, f.taps, f.co, f.Q, f.pairs);
    const last = this.plan.layers.length - 1;
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      this.i32(d.tokens, n * L).set(features.subarray(start * L, (start + n) * L));
      this.checkTokens(d, n, (r) => start + r);
      this.runThreads(d.inferProgs, n);
      out.set(this.f32(d.out[last]!, n), start);
    }
    return out;
  }

  /** Lets the helper threads drop their instance on this engine's memory (the engine stays usable). */
  dispose(): void {
    this.helpers?.forget(this.memory);
    if (this.helpers) helperInstances.unregister(this);
    this.helpers = undefined;
  }
}
