// Connects trainModel to a tuning scheduler through a structural trial type (train never imports hpo).
import { Callback, type Logs, type TrainContext } from "./callback.js";

/** What the pruning callback needs from a trial: hpo's `Trial` fits, and so does any fake. */
export interface PruningTrial {
  /** Receives the monitored value after each epoch; `step` is the 1-based epoch (epochs trained so far). */
  report(step: number, value: number): void | Promise<void>;
  /** True once the scheduler decided to stop (or pause) the trial. */
  shouldStop(): boolean | Promise<boolean>;
}

/** Options of {@link PruningCallback}. */
export interface PruningCallbackOptions {
  /** Logged quantity to report. @default "val_auc" */
  monitor?: string;
}

/** Reports a metric to a trial after every epoch and stops training when the trial's scheduler says so. */
export class PruningCallback extends Callback {
  readonly monitor: string;
  /** True when training was stopped because the trial said so. */
  pruned = false;
  /** The 1-based epoch at which it was stopped, if it was. */
  prunedAtStep: number | undefined;
  /** The last value reported. */
  lastValue = NaN;

  constructor(
    readonly trial: PruningTrial,
    options: PruningCallbackOptions = {},
  ) {
    super();
    if (!trial || typeof trial.report !== "function" || typeof trial.shouldStop !== "function") {
      throw new TypeError("pruningCallback: trial must have report(step, value) and shouldStop() methods");
    }
    this.monitor = options.monitor ?? "val_auc";
  }

  override async onEpochEnd(epoch: number, logs: Logs, context: TrainContext): Promise<void> {
    const value = logs[this.monitor];
    if (value === undefined) {
      throw new RangeError(`pruningCallback: "${this.monitor}" is not logged (available: ${Object.keys(logs).join(", ")})`);
    }
    this.lastValue = value;
    await this.trial.report(epoch + 1, value);
    // After the last epoch there is nothing left to save, so the trial is not asked.
    if (epoch + 1 < context.epochs && (await this.trial.shouldStop())) {
      context.stopTraining = true;
      this.pruned = true;
      this.prunedAtStep = epoch + 1;
    }
  }
}

/** Creates a {@link PruningCallback}: `trainModel(model, data, {callbacks: [pruningCallback(trial)]})`. */
export function pruningCallback(trial: PruningTrial, options: PruningCallbackOptions = {}): PruningCallback {
  return new PruningCallback(trial, options);
}
