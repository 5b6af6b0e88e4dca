// One worker of a shared study (what `tfjs-tune worker` runs): join or create the study in a
// persistent storage, recover trials of dead workers, run trials until the study-wide budget of new
// trials is used up and no promotion is left (resumes do not count: optimize drains them once the
// budget is reached), then (by default) wait until no trial of another worker is still running or waiting.
import { storedSignature } from "../study-signature.js";
import { createStudy, type Study } from "../study.js";
import type { SpaceSpec } from "../space.js";
import { resolveStorage, type StorageSpec } from "../storage/resolve-storage.js";
import type { StaleTrialAction } from "../storage/stale-trials.js";
import type { Direction, Sampler, Scheduler, TrialRecord } from "../types.js";
import { CoordinatedStorage, TrialTakenOverError } from "./coordinated-storage.js";
import { loadObjectiveModule, type ObjectiveRef } from "./objective-module.js";
import { ThreadPool } from "./thread-pool.js";
import { checkOptions, optionKeys } from "../../util/options.js";

/** Options of `runWorker`. */
export interface WorkerOptions {
  /** The shared storage: "postgres://…", a SQLite path, or a Storage object. */
  storage: StorageSpec;
  /** Study name (created on first use with the module's `space` and `direction`, or `directions` for several objectives). */
  study: string;
  /** The objective module; it must also export `space` (and may export `direction`, `sampler`, `scheduler`). */
  objective: ObjectiveRef;
  /** Study-wide number of new trials, counted over all workers (resuming a paused trial does not count; once used up, promotions are drained). @default unlimited (run until `signal`) */
  nTrials?: number;
  /** Evaluate the objective in this many worker threads (0: in this thread). @default 0 */
  threads?: number;
  /** Heartbeat period while a trial runs, ms. @default 10000 */
  heartbeatInterval?: number;
  /** A running trial without heartbeat for this long belongs to a dead worker, ms. @default 6 × heartbeatInterval */
  staleTimeout?: number;
  /** What happens to a dead worker's trial: "fail" it, or "requeue" it (same number and params). @default "fail" */
  staleAction?: StaleTrialAction;
  /** After the budget is used up, wait for other workers' running/waiting trials (and take over re-queued ones). @default true */
  waitForOthers?: boolean;
  /** Direction when this worker creates the study and the module exports none. @default "minimize" */
  direction?: Direction;
  /** Seed when this worker creates the study. @default 0 */
  seed?: number;
  /** Stops starting trials (the running ones finish). */
  signal?: AbortSignal;
  /** Ends the running trials at once (recorded failed, "aborted") and stops; for a second Ctrl-C. @default undefined */
  abortSignal?: AbortSignal;
  /** A trial still running after this many ms is ended and recorded failed; the objective then runs in a worker thread (at least one) so that busy loops end too. @default undefined (no limit) */
  trialTimeout?: number;
  /** Called after each trial this worker finished (after it was durably stored). */
  onTrial?: (record: TrialRecord) => void;
  /** Called when a trial of this worker was declared dead by another one (its result is discarded). @default ignore */
  onTakenOver?: (error: Error) => void;
}

const WORKER_KEYS = optionKeys<WorkerOptions>({
  storage: true,
  study: true,
  objective: true,
  nTrials: true,
  threads: true,
  heartbeatInterval: true,
  staleTimeout: true,
  staleAction: true,
  waitForOthers: true,
  direction: true,
  seed: true,
  signal: true,
  abortSignal: true,
  trialTimeout: true,
  onTrial: true,
  onTakenOver: true,
});

/** What `runWorker` did. */
export interface WorkerSummary {
  /** Trials this worker finished, in order. */
  trials: TrialRecord[];
  /** Trials of dead workers this worker failed or re-queued. */
  recovered: number;
  /** Why it returned. */
  stoppedBy: "budget" | "signal";
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener("abort", done); // one listener per sleep would pile up over a long wait
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });

/** Runs one worker of a shared study until its budget is used up or `signal` aborts. */
export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  checkOptions("runWorker", options, WORKER_KEYS);
  if (options === undefined) throw new TypeError("runWorker: expected options { storage, study, objective }");
  const heartbeatInterval = options.heartbeatInterval ?? 10_000;
  if (!(heartbeatInterval > 0)) throw new RangeError(`heartbeatInterval must be > 0 ms, got ${heartbeatInterval}`);
  const staleTimeout = options.staleTimeout ?? 6 * heartbeatInterval;
  if (!(staleTimeout > heartbeatInterval)) throw new RangeError(`staleTimeout (${staleTimeout} ms) must exceed heartbeatInterval (${heartbeatInterval} ms)`);
  const trialTimeout = options.trialTimeout;
  if (trialTimeout !== undefined && !(trialTimeout > 0)) throw new RangeError(`trialTimeout must be > 0 ms, got ${trialTimeout}`);
  // only a thread can be terminated: with a trial timeout the objective never runs in this thread
  const threads = Math.max(options.threads ?? 0, trialTimeout !== undefined ? 1 : 0);
  const mod = await loadObjectiveModule(options.objective);
  if (mod.space === undefined)
    throw new TypeError(`objective module ${options.objective.module} must export \`space\` (the search space) so that workers can join the study`);
  const storage = new CoordinatedStorage(resolveStorage(options.storage), {
    maxTrials: options.nTrials,
    staleTrials: { timeoutMs: staleTimeout, action: options.staleAction ?? "fail" },
  });
  const pool = threads > 0 ? new ThreadPool({ ...options.objective, threads }) : undefined;
  try {
    if (pool) await pool.ready();
    const study = await joinStudy(storage, options, mod);
    const objective = pool ? (pool.objective() as Parameters<Study["optimize"]>[0]) : (mod.objective as unknown as Parameters<Study["optimize"]>[0]);
    const finished: TrialRecord[] = [];
    let recovered = 0;
    const onTrial = (_s: unknown, r: TrialRecord) => {
      finished.push(r);
      options.onTrial?.(r);
    };
    // the gentle stop ends the loop after the running trials; the abort also ends them
    const stopped = (): boolean => options.signal?.aborted === true || options.abortSignal?.aborted === true;
    const onStop = (): void => study.stop();
    options.signal?.addEventListener("abort", onStop, { once: true });
    try {
      for (;;) {
        recovered += (await storage.recoverStale(options.study)).length;
        if (stopped()) return { trials: finished, recovered, stoppedBy: "signal" };
        let res;
        try {
          res = await study.optimize(objective, {
            concurrency: Math.max(1, threads),
            heartbeatInterval,
            signal: options.abortSignal,
            trialTimeout,
            callbacks: [onTrial],
          });
        } catch (e) {
          // this process was too slow to heartbeat and another one took its trial over: carry on
          if (!(e instanceof TrialTakenOverError)) throw e;
          options.onTakenOver?.(e);
          continue;
        }
        if (res.stoppedBy !== "exhausted" || stopped()) return { trials: finished, recovered, stoppedBy: "signal" };
        if (options.waitForOthers === false) break;
        const open = await storage.listTrials(options.study, { states: ["running", "waiting"] });
        if (open.length === 0) break;
        await sleep(Math.min(heartbeatInterval, staleTimeout / 4), options.signal);
      }
    } finally {
      options.signal?.removeEventListener("abort", onStop);
    }
    return { trials: finished, recovered, stoppedBy: "budget" };
  } finally {
    await pool?.close();
    await storage.close();
  }
}

async function joinStudy(storage: CoordinatedStorage, options: WorkerOptions, mod: Awaited<ReturnType<typeof loadObjectiveModule>>): Promise<Study<SpaceSpec>> {
  const direction = (mod.direction as Direction | undefined) ?? options.direction ?? "minimize";
  const common = {
    space: mod.space as SpaceSpec,
    sampler: mod.sampler as Sampler | undefined,
    scheduler: mod.scheduler as Scheduler | undefined,
    storage,
    name: options.study,
  };
  for (let attempt = 0; ; attempt++) {
    const existing = await storage.loadStudy(options.study);
    try {
      // an existing study keeps its directions (several for a multi-objective one); a new one takes the module's
      const directions =
        existing !== undefined
          ? (storedSignature(existing.userAttrs)?.directions ?? [existing.direction])
          : ((mod.directions as Direction[] | undefined) ?? [direction]);
      return await createStudy({ ...common, directions, seed: existing?.seed ?? options.seed ?? 0, loadIfExists: true });
    } catch (e) {
      // another worker created it between our load and create: load again
      if (attempt < 3 && existing === undefined && /already exists/.test((e as Error).message)) continue;
      throw e;
    }
  }
}
