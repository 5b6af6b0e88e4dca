import type * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { checkOptions, optionKeys } from "../util/options.js";
import { Callback, resolveMode, type Logs, type MonitorMode, type TrainContext } from "./callback.js";

/** Options of {@link EarlyStopping} (Keras' `EarlyStopping` arguments). */
export interface EarlyStoppingOptions {
  /** Logged quantity to watch. @default "val_loss" */
  monitor?: string;
  /** Whether lower or higher is better. @default "auto" */
  mode?: MonitorMode;
  /** Epochs without improvement before stopping. @default 0 */
  patience?: number;
  /** Smallest change that counts as an improvement (absolute). @default 0 */
  minDelta?: number;
  /** On stopping, put back the weights of the best epoch (only when training is stopped early, as in Keras 2). @default false */
  restoreBestWeights?: boolean;
  /** Training stops if the quantity does not improve on this value. @default undefined */
  baseline?: number;
  /** Print a line when stopping. @default false */
  verbose?: boolean;
}

const KEYS = optionKeys<EarlyStoppingOptions>({
  monitor: true,
  mode: true,
  patience: true,
  minDelta: true,
  restoreBestWeights: true,
  baseline: true,
  verbose: true,
});

/** Stops training when a monitored quantity has stopped improving (Keras semantics, plus restoreBestWeights). */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly mode: "min" | "max";
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
  readonly baseline: number | undefined;
  readonly verbose: boolean;
  /** Epochs since the last improvement. */
  wait = 0;
  /** Epoch (0-based) at which training was stopped, or 0 if it was not. */
  stoppedEpoch = 0;
  /** Best value seen. */
  best = Infinity;
  /** Epoch (0-based) of the best value. */
  bestEpoch = 0;
  private bestWeights: tf.Tensor[] | undefined;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    checkOptions("earlyStopping", options, KEYS);
    this.monitor = options.monitor ?? "val_loss";
    this.mode = resolveMode(options.mode ?? "auto", this.monitor);
    this.patience = options.patience ?? 0;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.baseline = options.baseline;
    this.verbose = options.verbose ?? false;
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new RangeError(`EarlyStopping: patience must be an integer ≥ 0, got ${options.patience}`);
    }
  }

  private improves(current: number, reference: number): boolean {
    return this.mode === "max" ? current - this.minDelta > reference : current + this.minDelta < reference;
  }

  override onTrainBegin(_logs: Logs, _context: TrainContext): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === "max" ? -Infinity : Infinity;
    this.bestEpoch = 0;
    this.dropWeights();
  }

  override onEpochEnd(epoch: number, logs: Logs, context: TrainContext): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      context.log(`EarlyStopping: "${this.monitor}" is not logged (available: ${Object.keys(logs).join(", ")}); skipping`);
      return;
    }
    if (this.restoreBestWeights && this.bestWeights === undefined) this.keepWeights(context.model);
    this.wait += 1;
    if (this.improves(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.keepWeights(context.model);
      if (this.baseline === undefined || this.improves(current, this.baseline)) this.wait = 0;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      context.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights) {
        if (this.verbose) context.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
        context.model.setWeights(this.bestWeights);
      }
    }
  }

  override onTrainEnd(_logs: Logs, context: TrainContext): void {
    if (this.stoppedEpoch > 0 && this.verbose) context.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    this.dropWeights();
  }

  private keepWeights(model: tfl.LayersModel): void {
    this.dropWeights();
    this.bestWeights = model.getWeights().map((w) => w.clone());
  }

  private dropWeights(): void {
    for (const w of this.bestWeights ?? []) w.dispose();
    this.bestWeights = undefined;
  }
}

/** Creates an {@link EarlyStopping} callback. */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  return new EarlyStopping(options);
}
