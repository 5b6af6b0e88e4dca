// Turns epoch-wise training into a study objective that can be paused and resumed: a fresh trial
// starts from `init`; a resumed (promoted) trial restores its checkpoint and continues after the epoch
// it paused at, so promotion costs no retraining (ASHA with real promotion, Li et al. 2020).
import type { Decision, TrialRecord } from "../types.js";
import type { CheckpointStore } from "./checkpoint.js";
import { checkOptions } from "../../util/options.js";

/** The part of a study's trial handle this helper uses (structural, so tests can fake it). */
export interface ResumableTrial<P> {
  readonly number: number;
  readonly params: P;
  /** True when the study resumed this trial after a pause. */
  readonly resumed: boolean;
  /** Last reported step (before the pause when resumed). */
  readonly lastStep: number | undefined;
  /** The scheduler's last decision. */
  readonly decision: Decision | undefined;
  report(step: number, value: number): void | Promise<void>;
  shouldStop(): boolean | Promise<boolean>;
  /** Optional: the latest record (unused here; lets a Study `Trial` be passed as is). */
  readonly record?: TrialRecord;
}

/** Epoch-wise training: a state, one epoch at a time. */
export interface ResumableTraining<P, S> {
  /** Creates the fresh training state of a configuration (e.g. builds and compiles the model). */
  init(params: P, trial: number): S | Promise<S>;
  /** Trains epoch `epoch` (1-based) and returns the monitored value reported at that step. May mutate `state`. */
  epoch(state: S, epoch: number, params: P): number | Promise<number>;
  /** Objective value of a finished run. @default the value of the last epoch */
  final?(state: S, lastValue: number): number | Promise<number>;
  /** Frees a state that will not be used again (e.g. `model.dispose()`). @default nothing */
  dispose?(state: S): void | Promise<void>;
}

/** Options of {@link resumableObjective}. */
export interface ResumableObjectiveOptions<S> {
  /** The last step (epoch) of a complete trial: the same `maxStep` the scheduler is given. */
  maxStep: number;
  /** Where paused trials keep their state. */
  checkpoints: CheckpointStore<S>;
}

/**
 * Wraps `training` as an objective `(params, trial) => value`: reports every epoch, pauses (checkpoint)
 * or stops when the scheduler says so, and on a resumed trial continues after its checkpoint's epoch.
 */
export function resumableObjective<P, S>(
  training: ResumableTraining<P, S>,
  options: ResumableObjectiveOptions<S>,
): (params: P, trial: ResumableTrial<P>) => Promise<number> {
  checkOptions("resumableObjective", options, ["maxStep", "checkpoints"]);
  if (options === undefined) throw new TypeError("resumableObjective: expected options { maxStep, checkpoints }");
  const { maxStep, checkpoints } = options;
  if (!(Number.isInteger(maxStep) && maxStep >= 1)) throw new RangeError(`resumableObjective: maxStep must be an integer ≥ 1, got ${maxStep}`);
  return async (params, trial) => {
    let state: S;
    let start = 1;
    if (trial.resumed) {
      const ck = await checkpoints.load(trial.number);
      if (ck === undefined) throw new Error(`resumableObjective: trial ${trial.number} was resumed but has no checkpoint; was it paused with another store?`);
      if (trial.lastStep !== undefined && ck.step !== trial.lastStep) {
        throw new Error(`resumableObjective: trial ${trial.number}'s checkpoint is from step ${ck.step}, but it last reported step ${trial.lastStep}`);
      }
      state = ck.state;
      start = ck.step + 1;
    } else {
      state = await training.init(params, trial.number);
    }
    let value = NaN;
    for (let e = start; e <= maxStep; e++) {
      value = await training.epoch(state, e, params);
      await trial.report(e, value);
      if (e < maxStep && (await trial.shouldStop())) {
        if (trial.decision?.action === "pause") await checkpoints.save(trial.number, e, state);
        else {
          await checkpoints.remove(trial.number);
          await training.dispose?.(state);
        }
        return value;
      }
    }
    await checkpoints.remove(trial.number);
    const out = training.final ? await training.final(state, value) : value;
    await training.dispose?.(state);
    return out;
  };
}
