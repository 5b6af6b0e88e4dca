import { Callback, type Logs, type MonitorMode, type TrainContext } from "./callback.js";
import { formatFloat32 } from "./format.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link ReduceLROnPlateau} (Keras' arguments). */
export interface ReduceLROnPlateauOptions {
  /** Logged quantity to watch. @default "val_loss" */
  monitor?: string;
  /** Multiplier of the learning rate, in (0, 1). @default 0.1 */
  factor?: number;
  /** Epochs without improvement before reducing. @default 10 */
  patience?: number;
  /** Whether lower or higher is better (`auto`: max when the name contains "acc", as in Keras). @default "auto" */
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement. @default 1e-4 */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. @default 0 */
  cooldown?: number;
  /** Lower bound of the learning rate. @default 0 */
  minLr?: number;
  /** Print a line at each reduction. @default false */
  verbose?: boolean;
}

const KEYS = optionKeys<ReduceLROnPlateauOptions>({
  monitor: true,
  factor: true,
  patience: true,
  mode: true,
  minDelta: true,
  cooldown: true,
  minLr: true,
  verbose: true,
});

/** Multiplies the optimizer's learning rate by `factor` when the monitored quantity plateaus (Keras semantics). */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: "min" | "max";
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: boolean;
  /** Epochs since the last improvement. */
  wait = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Best value seen. */
  best = Infinity;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    checkOptions("reduceLROnPlateau", options, KEYS);
    this.monitor = options.monitor ?? "val_loss";
    this.factor = options.factor ?? 0.1;
    this.patience = options.patience ?? 10;
    const mode = options.mode ?? "auto";
    if (mode !== "min" && mode !== "max" && mode !== "auto") {
      throw new RangeError(`ReduceLROnPlateau: mode must be "min", "max" or "auto", got ${JSON.stringify(mode)}`);
    }
    this.mode = mode === "auto" ? (this.monitor.includes("acc") ? "max" : "min") : mode;
    this.minDelta = Math.abs(options.minDelta ?? 1e-4);
    this.cooldown = options.cooldown ?? 0;
    this.minLr = options.minLr ?? 0;
    this.verbose = options.verbose ?? false;
    if (!(this.factor > 0 && this.factor < 1)) {
      throw new RangeError(`ReduceLROnPlateau: factor must be in (0, 1), got ${options.factor}`);
    }
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new RangeError(`ReduceLROnPlateau: patience must be an integer ≥ 0, got ${options.patience}`);
    }
    if (!Number.isInteger(this.cooldown) || this.cooldown < 0) {
      throw new RangeError(`ReduceLROnPlateau: cooldown must be an integer ≥ 0, got ${options.cooldown}`);
    }
    if (!(this.minLr >= 0)) throw new RangeError(`ReduceLROnPlateau: minLr must be ≥ 0, got ${options.minLr}`);
  }

  private improves(current: number): boolean {
    return this.mode === "max" ? current > this.best + this.minDelta : current < this.best - this.minDelta;
  }

  override onTrainBegin(_logs: Logs, _context: TrainContext): void {
    this.wait = 0;
    this.cooldownCounter = 0;
    this.best = this.mode === "max" ? -Infinity : Infinity;
  }

  override onEpochEnd(epoch: number, logs: Logs, context: TrainContext): void {
    logs.lr = context.learningRate;
    const current = logs[this.monitor];
    if (current === undefined) {
      context.log(`ReduceLROnPlateau: "${this.monitor}" is not logged (available: ${Object.keys(logs).join(", ")}); skipping`);
      return;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improves(current)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter === 0) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const old = context.learningRate;
        if (old > Math.fround(this.minLr)) {
          const next = Math.max(old * this.factor, this.minLr);
          context.learningRate = Math.fround(next); // Keras keeps lr in a float32 variable
          if (this.verbose) {
            context.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${formatFloat32(context.learningRate)}.`);
          }
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

/** Creates a {@link ReduceLROnPlateau} callback. */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): ReduceLROnPlateau {
  return new ReduceLROnPlateau(options);
}
