// Connects a training loop to a tuning scheduler through a structural trial type (train never imports hpo).
// One callback serves both loops: trainModel passes its context, and tfjs's own `model.fit` / `fitDataset`
// set the model on it (it is a tfjs Callback), so a user's model can be pruned as Optuna's Keras callback does.
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import type { Logs, TrainContext } from "./callback.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** What the pruning callback needs from a trial: hpo's `Trial` fits, and so does any fake. */
export interface PruningTrial {
  /** Receives the monitored value after each epoch; `step` is the 1-based epoch (epochs trained so far). */
  report(step: number, value: number): void | Promise<void>;
  /** True once the scheduler decided to stop (or pause) the trial. */
  shouldStop(): boolean | Promise<boolean>;
}

/** Options of {@link PruningCallback}. */
export interface PruningCallbackOptions {
  /** Logged quantity to report, e.g. "val_loss" or "val_acc" in a plain `model.fit`. @default "val_auc" */
  monitor?: string;
}

const KEYS = optionKeys<PruningCallbackOptions>({ monitor: true });

/** A logged value as a number: tfjs may hand a scalar tensor where trainModel hands a number. */
function numberOf(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (v !== null && typeof v === "object" && typeof (v as { dataSync?: unknown }).dataSync === "function") return (v as tf.Scalar).dataSync()[0];
  return undefined;
}

/**
 * Reports a metric to a trial after every epoch and stops training when the trial's scheduler says so.
 * Works in `trainModel(…, {callbacks: [cb]})` and in tfjs's `model.fit(x, y, {callbacks: [cb]})` / `fitDataset`.
 */
export class PruningCallback extends tfl.Callback {
  /** The logged quantity reported each epoch. */
  readonly monitor: string;
  /** True when training was stopped because the trial said so. */
  pruned = false;
  /** The 1-based epoch at which it was stopped, if it was. */
  prunedAtStep: number | undefined;
  /** The last value reported. */
  lastValue = NaN;

  constructor(
    /** The trial that receives the reports. */
    readonly trial: PruningTrial,
    options: PruningCallbackOptions = {},
  ) {
    super();
    if (!trial || typeof trial.report !== "function" || typeof trial.shouldStop !== "function") {
      throw new TypeError("pruningCallback: trial must have report(step, value) and shouldStop() methods (a study's Trial)");
    }
    checkOptions("pruningCallback", options, KEYS);
    this.monitor = options.monitor ?? "val_auc";
  }

  /** Called by trainModel with its context, or by tfjs's fit loop without one (the model is then `this.model`). */
  override async onEpochEnd(epoch: number, logs?: Logs | tfl.Logs, context?: TrainContext): Promise<void> {
    const value = numberOf(logs?.[this.monitor]);
    if (value === undefined) {
      throw new RangeError(
        `pruningCallback: "${this.monitor}" is not logged (available: ${Object.keys(logs ?? {}).join(", ") || "none"}); pass {monitor} naming one of them`,
      );
    }
    this.lastValue = value;
    await this.trial.report(epoch + 1, value);
    const epochs = context?.epochs ?? (this.params?.epochs as number | undefined) ?? Infinity;
    // After the last epoch there is nothing left to save, so the trial is not asked.
    if (epoch + 1 < epochs && (await this.trial.shouldStop())) {
      if (context) context.stopTraining = true;
      else this.model.stopTraining = true;
      this.pruned = true;
      this.prunedAtStep = epoch + 1;
    }
  }
}

/** Creates a {@link PruningCallback}: `trainModel(model, data, {callbacks: [pruningCallback(trial)]})` or `model.fit(x, y, {callbacks: [pruningCallback(trial, {monitor: "val_loss"})]})`. */
export function pruningCallback(trial: PruningTrial, options: PruningCallbackOptions = {}): PruningCallback {
  return new PruningCallback(trial, options);
}
