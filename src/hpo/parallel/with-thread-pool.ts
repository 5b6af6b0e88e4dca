// Objectives in worker threads for `study.optimize({module, export}, {workers: "threads"})`. The study
// hands its own async loop in as `run`, so this file needs nothing of the study (no import circle).
import type { ObjectiveRef } from "./objective-module.js";
import { ThreadPool, type PoolTrial } from "./thread-pool.js";

/** An objective whose every call runs in one of the pool's threads. */
export type PooledObjective = (params: unknown, trial: PoolTrial) => Promise<number | readonly number[]>;

/** Options of {@link withThreadPool}. */
export interface WithThreadPoolOptions {
  /** Worker threads = trials evaluated at once. */
  threads: number;
  /** Environment of the threads. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts `threads` worker threads that each import the objective module once (and get their own
 * tfjs backend), calls `run` with an objective that evaluates each trial in a free thread, and
 * closes the threads when `run` settles. Ask/tell, the sampler, the scheduler and the storage stay
 * on the calling thread.
 */
export async function withThreadPool<R>(
  objective: ObjectiveRef,
  options: WithThreadPoolOptions,
  run: (objective: PooledObjective, threads: number) => Promise<R>,
): Promise<R> {
  const pool = new ThreadPool({ ...objective, threads: options.threads, env: options.env });
  try {
    await pool.ready();
    return await run(pool.objective(), pool.size);
  } finally {
    await pool.close();
  }
}
