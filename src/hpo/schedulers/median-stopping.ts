// Median (percentile) stopping. The chapter's rule is Vizier's (Golovin et al., KDD 2017, §3.2.2):
// stop trial X at step s if its best value by step s is strictly worse than the median of the running
// averages of the completed trials' values reported up to step s. Optuna's MedianPruner and Ray Tune's
// MedianStoppingRule use the same name for different rules; the options below express all three, and
// `medianStopping.optuna()` / `.ray()` reproduce them (docs/median-stopping.md).
import type { Decision, ReportContext, Scheduler, TrialRecord } from "../types.js";
import { bestSoFar, fmt, isBetter, lastStep, percentile, plural, runningMean, valueAt } from "./trial-values.js";
import { checkOptions, optionKeys } from "../../util/options.js";

/** Options of {@link MedianStopping}; the defaults are the chapter's (Vizier's) rule. */
export interface MedianStoppingOptions {
  /** Which trials form the reference: "completed" (Vizier, Optuna) or "all" other trials that reached the step (Ray). @default "completed" */
  population?: "completed" | "all";
  /** Statistic of each reference trial at step s: its running mean up to s (Vizier, Ray) or its value at exactly s (Optuna). @default "runningMean" */
  aggregate?: "runningMean" | "atStep";
  /** Percentile of the reference statistics (50 = median; for "maximize" the mirrored percentile is used, as Optuna does). @default 50 */
  percentile?: number;
  /** Minimum number of completed trials in the study before any stop (Optuna's n_startup_trials). @default 5 */
  minCompletedTrials?: number;
  /** Never stop before this step: a trial is judged only when step ≥ warmupSteps (Optuna's n_warmup_steps, Ray's grace_period). @default 0 */
  warmupSteps?: number;
  /** Judge only at the first report in each window warmupSteps + k·interval (Optuna's interval_steps). @default 1 */
  interval?: number;
  /** Minimum number of reference trials with a statistic at step s (Optuna's n_min_trials, Ray's min_samples_required). @default 1 */
  minSamples?: number;
  /** Running means start at the warm-up step instead of the first step (Ray's scoped results). @default false */
  meanFromWarmup?: boolean;
  /** The last step of a complete trial: a report at or after it is never judged, and the study stores the trial as complete. @default undefined (unknown) */
  maxStep?: number;
  /** Name shown in explanations and `scheduler.name`. @default "median" */
  name?: string;
}

const MEDIAN_KEYS = optionKeys<MedianStoppingOptions>({
  population: true,
  aggregate: true,
  percentile: true,
  minCompletedTrials: true,
  warmupSteps: true,
  interval: true,
  minSamples: true,
  meanFromWarmup: true,
  maxStep: true,
  name: true,
});

/** The chapter's median stopping rule and its Optuna/Ray variants, as a `Scheduler`. */
export class MedianStopping implements Scheduler {
  /** Scheduler name. */
  readonly name: string;
  /** The last step of a complete trial, when given. */
  readonly maxStep: number | undefined;
  private readonly o: Required<Omit<MedianStoppingOptions, "name" | "maxStep">>;

  constructor(options: MedianStoppingOptions = {}) {
    checkOptions("medianStopping", options, MEDIAN_KEYS);
    this.name = options.name ?? "median";
    this.maxStep = options.maxStep;
    if (this.maxStep !== undefined && !(this.maxStep >= 1)) throw new RangeError(`MedianStopping: maxStep must be ≥ 1, got ${this.maxStep}`);
    this.o = {
      population: options.population ?? "completed",
      aggregate: options.aggregate ?? "runningMean",
      percentile: options.percentile ?? 50,
      minCompletedTrials: options.minCompletedTrials ?? 5,
      warmupSteps: options.warmupSteps ?? 0,
      interval: options.interval ?? 1,
      minSamples: options.minSamples ?? 1,
      meanFromWarmup: options.meanFromWarmup ?? false,
    };
    const o = this.o;
    if (!(o.percentile >= 0 && o.percentile <= 100)) throw new RangeError(`MedianStopping: percentile must be in [0, 100], got ${o.percentile}`);
    if (!(Number.isInteger(o.interval) && o.interval >= 1)) throw new RangeError(`MedianStopping: interval must be an integer ≥ 1, got ${o.interval}`);
    for (const k of ["minCompletedTrials", "warmupSteps", "minSamples"] as const) {
      if (!(o[k] >= 0)) throw new RangeError(`MedianStopping: ${k} must be ≥ 0, got ${o[k]}`);
    }
  }

  /** Decides after a report: stop when the trial's best so far is strictly worse than the reference percentile. */
  decide({ trial, step, trials, direction }: ReportContext): Decision {
    const o = this.o;
    const at = `at step ${step}`;
    const cont = (why: string): Decision => ({ action: "continue", reason: `continue ${at}: ${why}` });
    if (this.maxStep !== undefined && step >= this.maxStep) return cont(`the final step (maxStep ${this.maxStep}) is never judged`);
    const completed = trials.filter((t) => t.state === "complete" && t.number !== trial.number);
    if (completed.length < o.minCompletedTrials) {
      return cont(`${plural(completed.length, "completed trial")}, the rule needs ${o.minCompletedTrials}`);
    }
    if (step < o.warmupSteps) return cont(`warm-up (steps before ${o.warmupSteps} are never judged)`);
    if (!firstInInterval(trial, step, o.warmupSteps, o.interval)) return cont(`not a judging step (every ${o.interval} after ${o.warmupSteps})`);
    const best = bestSoFar(trial, direction, step);
    if (Number.isNaN(best)) return { action: "stop", reason: `stopped ${at}: every reported value is NaN` };
    const pool: TrialRecord[] = o.population === "completed" ? completed : trials.filter((t) => t.number !== trial.number);
    const from = o.meanFromWarmup ? o.warmupSteps : -Infinity;
    const stats: number[] = [];
    for (const t of pool) {
      const last = lastStep(t);
      if (last === undefined || last < step) continue;
      if (o.aggregate === "atStep") {
        const v = valueAt(t, step);
        if (v !== undefined && !Number.isNaN(v)) stats.push(v);
      } else {
        const m = runningMean(t, step, from);
        if (!Number.isNaN(m)) stats.push(m);
      }
    }
    const who = o.population === "completed" ? "completed trials" : "other trials";
    if (stats.length === 0 || stats.length < o.minSamples) {
      return cont(
        `${plural(stats.length, o.population === "completed" ? "completed trial" : "other trial")} reached step ${step}, the rule needs ${Math.max(1, o.minSamples)}`,
      );
    }
    const q = direction === "maximize" ? 100 - o.percentile : o.percentile;
    const ref = percentile(stats, q);
    const stat = o.aggregate === "atStep" ? `values at step ${step}` : `running averages up to step ${step}`;
    const what = o.percentile === 50 ? "median" : `${o.percentile}th percentile`;
    const attrs = { [`${this.name}:reference`]: ref };
    if (isBetter(ref, best, direction)) {
      return {
        action: "stop",
        reason: `stopped ${at}: best ${fmt(best)} is worse than the ${what} ${fmt(ref)} of the ${stat} of ${stats.length} ${who}`,
        attrs,
      };
    }
    return {
      action: "continue",
      reason: `continue ${at}: best ${fmt(best)} is not worse than the ${what} ${fmt(ref)} of the ${stat} of ${stats.length} ${who}`,
      attrs,
    };
  }
}

/** Optuna's `_is_first_in_interval_step`: true when no earlier report falls in the current judging window. */
function firstInInterval(trial: TrialRecord, step: number, warmup: number, interval: number): boolean {
  const windowStart = Math.floor((step - warmup) / interval) * interval + warmup;
  let previous = -Infinity;
  for (const iv of trial.intermediate) if (iv.step !== step && iv.step > previous) previous = iv.step;
  return previous < windowStart;
}

/** Creates the chapter's (Vizier's) median stopping rule; options override any part of it. */
export function medianStopping(options: MedianStoppingOptions = {}): MedianStopping {
  return new MedianStopping(options);
}

/** Options of the Optuna preset, named as in Optuna's MedianPruner. */
export interface OptunaMedianOptions {
  /** @default 5 */
  nStartupTrials?: number;
  /** @default 0 */
  nWarmupSteps?: number;
  /** @default 1 */
  intervalSteps?: number;
  /** @default 1 */
  nMinTrials?: number;
}

/** Optuna's MedianPruner: best so far vs the median of completed trials' raw values at exactly this step. */
medianStopping.optuna = (o: OptunaMedianOptions = {}): MedianStopping => {
  checkOptions(
    "medianStopping.optuna",
    o,
    optionKeys<OptunaMedianOptions>({ nStartupTrials: true, nWarmupSteps: true, intervalSteps: true, nMinTrials: true }),
  );
  return new MedianStopping({
    name: "median-optuna",
    population: "completed",
    aggregate: "atStep",
    minCompletedTrials: o.nStartupTrials ?? 5,
    warmupSteps: o.nWarmupSteps ?? 0,
    interval: o.intervalSteps ?? 1,
    minSamples: o.nMinTrials ?? 1,
  });
};

/** Options of the Ray preset, named as in Ray Tune's MedianStoppingRule (time measured in steps). */
export interface RayMedianOptions {
  /** Steps before which no trial is judged; running means start here. @default 1 */
  gracePeriod?: number;
  /** Minimum number of other trials that reached the step. @default 3 */
  minSamplesRequired?: number;
}

/** Ray Tune's MedianStoppingRule: best so far vs the median of the running means (from the grace period) of all other trials that reached this step. */
medianStopping.ray = (o: RayMedianOptions = {}): MedianStopping => {
  checkOptions("medianStopping.ray", o, optionKeys<RayMedianOptions>({ gracePeriod: true, minSamplesRequired: true }));
  return new MedianStopping({
    name: "median-ray",
    population: "all",
    aggregate: "runningMean",
    minCompletedTrials: 0,
    warmupSteps: o.gracePeriod ?? 1,
    minSamples: o.minSamplesRequired ?? 3,
    meanFromWarmup: true,
  });
};

/** The chapter's rule under its source's name (Vizier = the default options). */
medianStopping.vizier = (o: Omit<MedianStoppingOptions, "population" | "aggregate"> = {}): MedianStopping => {
  checkOptions(
    "medianStopping.vizier",
    o,
    MEDIAN_KEYS.filter((k) => k !== "population" && k !== "aggregate"),
  );
  return new MedianStopping({ name: "median-vizier", ...o });
};
