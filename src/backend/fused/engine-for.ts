// Which models run on the fused engine: the choice (option, TFJS_TUNE_ENGINE, backend) and one cached
// engine per model.
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { FusedEngine, isAdam } from "./engine.js";

/** How to run a model: the fused engine when it can ("auto"), always ("fused": an error when it cannot), or tfjs' own ops ("tfjs"). */
export type EngineChoice = "auto" | "fused" | "tfjs";

/** Options of {@link engineFor}. */
export interface EngineForOptions {
  /** The choice. @default env TFJS_TUNE_ENGINE, else "auto" */
  engine?: EngineChoice;
  /** Threads per step. @default env TFJS_TUNE_THREADS, else 1 */
  threads?: number;
  /** Training (needs Adam and a sigmoid output) rather than inference only. @default false */
  training?: boolean;
  /** The optimizer training would use (the engine runs Adam only). */
  optimizer?: tf.Optimizer;
}

/** What engineFor decided: the engine, or why tfjs' ops run instead. */
export type EngineDecision = { engine: FusedEngine; why?: undefined } | { engine?: undefined; why: string };

const CHOICES: readonly EngineChoice[] = ["auto", "fused", "tfjs"];
/** tfjs backends on which "auto" picks the engine (tfjs-node keeps its own kernels when installed). */
const AUTO_BACKENDS = new Set(["wasm", "cpu"]);

const cache = new WeakMap<tfl.LayersModel, { engine: FusedEngine | string; weights: readonly tfl.LayerVariable[] }>();

/** Reads the engine choice of an option or of TFJS_TUNE_ENGINE, with a clear error for anything else. */
export function engineChoice(option: EngineChoice | undefined, what: string): EngineChoice {
  const env = typeof process !== "undefined" ? process.env.TFJS_TUNE_ENGINE : undefined;
  const v = option ?? (env === undefined || env === "" ? "auto" : env.trim().toLowerCase());
  if (!(CHOICES as readonly string[]).includes(v)) {
    throw new RangeError(
      `${option !== undefined ? what : "TFJS_TUNE_ENGINE"} must be one of ${CHOICES.map((c) => JSON.stringify(c)).join(", ")}; got ${JSON.stringify(option ?? env)}`,
    );
  }
  return v as EngineChoice;
}

/** The thread count of an option or of TFJS_TUNE_THREADS (default 1), with a clear error for anything but an integer ≥ 1. */
export function engineThreads(option: number | undefined, what: string): number {
  const env = typeof process !== "undefined" ? process.env.TFJS_TUNE_THREADS : undefined;
  const v = option ?? (env === undefined || env === "" ? 1 : Number(env));
  if (!Number.isInteger(v) || v < 1) {
    throw new RangeError(
      `${option !== undefined ? what : "TFJS_TUNE_THREADS"} must be an integer ≥ 1, got ${option !== undefined ? option : JSON.stringify(env)}`,
    );
  }
  return v;
}

/**
 * The fused engine for `model` (made once per model and reused; remade when its weights change), or
 * why tfjs' ops run it instead. With engine "fused" an unsupported model is an error naming the reason.
 */
export function engineFor(model: tfl.LayersModel, options: EngineForOptions = {}): EngineDecision {
  const choice = engineChoice(options.engine, "engine");
  const threads = engineThreads(options.threads, "threads");
  if (choice === "tfjs") return { why: 'engine "tfjs" was asked for' };
  const fail = (why: string): EngineDecision => {
    if (choice === "fused") throw new Error(`the fused engine cannot run this model: ${why}`);
    return { why };
  };
  if (choice === "auto" && !AUTO_BACKENDS.has(tf.getBackend()))
    return { why: `the ${tf.getBackend()} backend runs it (the fused engine is automatic on wasm and cpu)` };
  if (options.training && options.optimizer && !isAdam(options.optimizer)) return fail(`the optimizer is ${options.optimizer.getClassName()}, not Adam`);
  // a Sequential that tfjs never called is not built yet, and calculateLosses (the L2 penalties, read
  // for val_loss) is empty until it is: build it as its first call would
  const seq = model as unknown as { built?: boolean; build?: () => void };
  if (seq.built === false && typeof seq.build === "function" && model.getClassName() === "Sequential") seq.build();
  const weights = model.weights;
  let hit = cache.get(model);
  if (!hit || hit.weights.length !== weights.length || hit.weights.some((w, i) => w !== weights[i])) {
    hit = { engine: FusedEngine.create(model, { threads }), weights: weights.slice() };
    cache.set(model, hit);
  }
  if (typeof hit.engine === "string") return fail(hit.engine);
  if (options.training && hit.engine.noTraining) return fail(hit.engine.noTraining);
  hit.engine.setThreads(threads);
  return { engine: hit.engine };
}
