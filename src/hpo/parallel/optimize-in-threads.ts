// study.optimize with objectives in worker threads: `optimizeInThreads(study, {module, export}, {concurrency})`.
import type { SpaceSpec } from "../space.js";
import type { OptimizeOptions, OptimizeResult, Study } from "../study.js";
import type { ObjectiveRef } from "./objective-module.js";
import { ThreadPool } from "./thread-pool.js";

/** Options of `optimizeInThreads`: those of `study.optimize`, plus the threads' environment. */
export interface ThreadedOptimizeOptions<S extends SpaceSpec = SpaceSpec> extends OptimizeOptions<S> {
  /** Worker threads = trials evaluated at once. @default 2 */
  concurrency?: number;
  /** Environment of the threads (e.g. `{...process.env, TFJS_TUNE_BACKEND: "wasm"}`). @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `study.optimize` with each trial evaluated in one of `concurrency` worker threads. The
 * objective is named by module and export so each thread can import it (and get its own tfjs
 * backend); ask/tell, the sampler (which sees pending trials), the scheduler and the storage stay
 * on this thread. Params are reproducible with the study seed (trial k samples from seed and k).
 */
export async function optimizeInThreads<S extends SpaceSpec>(study: Study<S>, objective: ObjectiveRef, options: ThreadedOptimizeOptions<S> = {}): Promise<OptimizeResult> {
  const { env, ...rest } = options;
  const pool = new ThreadPool({ ...objective, threads: options.concurrency ?? 2, env });
  try {
    await pool.ready();
    return await study.optimize(pool.objective() as Parameters<Study<S>["optimize"]>[0], { ...rest, workers: "async", concurrency: pool.size });
  } finally {
    await pool.close();
  }
}
