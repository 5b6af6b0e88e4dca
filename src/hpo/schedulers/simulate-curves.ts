// Runs a scheduler over precomputed learning curves, epoch by epoch, exactly like the protocol of
// docs/learning-curve-benchmark.md: trial j trains configuration order[j]; after each epoch but the
// last the scheduler decides; paused trials keep their position and resume where they stopped.
// With concurrency > 1 the workers advance one epoch each per tick, in worker order (deterministic).
import type { Decision, Direction, Scheduler, TrialRecord, TrialState } from "../types.js";
import { newTrialRecord } from "../storage/record.js";
import { checkOptions, optionKeys } from "../../util/options.js";

/** Options of {@link simulateCurves}. */
export interface SimulateCurvesOptions {
  /** The scheduler under test. */
  scheduler: Scheduler;
  /** `curves[c][t-1]` = value of configuration c after epoch t; all curves have the same length. */
  curves: readonly (readonly number[])[];
  /** Configuration of trial j (trials start in this order). @default 0..curves.length-1 */
  order?: readonly number[];
  /** @default "minimize" */
  direction?: Direction;
  /** Trials trained at the same time. @default 1 */
  concurrency?: number;
  /** Total steps (epochs) over all trials: nothing more is trained once they are spent. @default Infinity */
  budget?: number;
  /** Also ask the scheduler after the last epoch (the benchmark protocol does not). @default false */
  decideAtLastStep?: boolean;
}

/** One scheduler decision during a simulation. */
export interface SimulatedDecision {
  /** Trial number. */
  readonly trial: number;
  /** Step just reported. */
  readonly step: number;
  /** The decision. */
  readonly decision: Decision;
}

/** Outcome of {@link simulateCurves}. */
export interface SimulateCurvesResult {
  /** Final trial records (paused trials stay "paused"). */
  readonly trials: readonly TrialRecord[];
  /** Epochs trained in total. */
  readonly epochs: number;
  /** Every non-"continue" decision, and every resume, in order. */
  readonly events: readonly SimulatedDecision[];
  /** Configuration index of the best complete trial, or undefined when none completed. */
  readonly bestConfig: number | undefined;
  /** Its final value (NaN when none completed). */
  readonly bestValue: number;
  /** Number of times a paused trial was resumed. */
  readonly resumes: number;
}

/** Simulates a study whose trials follow given learning curves; returns epochs spent and the best found. */
export async function simulateCurves(options: SimulateCurvesOptions): Promise<SimulateCurvesResult> {
  checkOptions(
    "simulateCurves",
    options,
    optionKeys<SimulateCurvesOptions>({ scheduler: true, curves: true, order: true, direction: true, concurrency: true, budget: true, decideAtLastStep: true }),
  );
  if (options === undefined) throw new TypeError("simulateCurves: expected options { scheduler, curves }");
  const { scheduler, curves } = options;
  const order = options.order ?? curves.map((_, i) => i);
  const direction = options.direction ?? "minimize";
  const concurrency = options.concurrency ?? 1;
  const budget = options.budget ?? Infinity;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`simulateCurves: concurrency must be an integer ≥ 1, got ${concurrency}`);
  if (curves.length === 0) throw new RangeError("simulateCurves: curves is empty");
  const horizon = curves[0].length;
  const trials: TrialRecord[] = [];
  const events: SimulatedDecision[] = [];
  const workers: (number | undefined)[] = new Array(concurrency).fill(undefined);
  let next = 0;
  let epochs = 0;
  let resumes = 0;
  const set = (n: number, patch: Partial<TrialRecord>): void => {
    trials[n] = Object.freeze({ ...trials[n], ...patch, systemAttrs: { ...trials[n].systemAttrs, ...(patch.systemAttrs ?? {}) } });
  };
  const finish = (n: number, state: TrialState, note: string | undefined): void => {
    const iv = trials[n].intermediate;
    set(n, { state, note, value: iv.length ? iv[iv.length - 1].value : undefined });
  };

  const fill = async (w: number): Promise<void> => {
    if (epochs >= budget) return;
    if (scheduler.resume) {
      const r = await scheduler.resume({ trials: trials.slice(), direction });
      if (r) {
        const t = trials[r.number];
        if (!t || t.state !== "paused")
          throw new Error(`simulateCurves: ${scheduler.name}.resume chose trial ${r.number}, which is ${t ? t.state : "unknown"}, expected a paused trial`);
        set(r.number, { state: "running", systemAttrs: { resumeReason: r.reason } });
        events.push({ trial: r.number, step: t.intermediate.length, decision: { action: "continue", reason: r.reason } });
        resumes++;
        workers[w] = r.number;
        return;
      }
    }
    if (next < order.length) {
      trials.push(newTrialRecord(next, { state: "running", params: { config: order[next] }, why: "simulated" }, 0));
      workers[w] = next++;
    }
  };

  for (let w = 0; w < concurrency; w++) await fill(w);
  while (workers.some((x) => x !== undefined)) {
    for (let w = 0; w < concurrency; w++) {
      const n = workers[w];
      if (n === undefined) continue;
      if (epochs >= budget) {
        workers[w] = undefined;
        continue;
      }
      const t = trials[n];
      const step = t.intermediate.length + 1;
      const value = curves[t.params.config as number][step - 1];
      epochs++;
      set(n, { intermediate: [...t.intermediate, { step, value }] });
      let decision: Decision | undefined;
      if (step < horizon || options.decideAtLastStep) {
        decision = await scheduler.decide({ trial: trials[n], step, trials: trials.slice(), direction });
        if (decision.attrs) set(n, { systemAttrs: decision.attrs });
      }
      if (decision && decision.action !== "continue") {
        events.push({ trial: n, step, decision });
        if (decision.action === "stop") finish(n, "pruned", decision.reason);
        else set(n, { state: "paused", note: decision.reason });
        workers[w] = undefined;
      } else if (step >= horizon) {
        finish(n, "complete", undefined);
        workers[w] = undefined;
      }
      if (workers[w] === undefined) await fill(w);
    }
  }
  let bestConfig: number | undefined;
  let bestValue = NaN;
  for (const t of trials) {
    if (t.state !== "complete" || t.value === undefined) continue;
    if (Number.isNaN(bestValue) || (direction === "minimize" ? t.value < bestValue : t.value > bestValue)) {
      bestValue = t.value;
      bestConfig = t.params.config as number;
    }
  }
  return { trials, epochs, events, bestConfig, bestValue, resumes };
}
