// Live training progress for trainModel: one bar over the epochs, updated in place in a notebook.
import type { Logs, TrainCallback } from "../train/callback.js";
import { progress, type Progress, type ProgressOptions } from "./progress.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link trainingProgress}. */
export interface TrainingProgressOptions extends ProgressOptions {
  /** Text before the bar. @default "epoch" */
  label?: string;
  /** Logs shown after the bar, when present. @default ["loss", "val_loss", "val_auc"] */
  metrics?: readonly string[];
}

function pick(logs: Logs, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) if (typeof logs[n] === "number") out[n] = logs[n];
  return out;
}

/**
 * A trainModel callback that shows one progress display over the epochs (in a kernel: one output
 * updated in place; in plain Node: a line now and then), with the latest loss and validation metrics.
 */
export function trainingProgress(options: TrainingProgressOptions = {}): TrainCallback {
  checkOptions(
    "trainingProgress",
    options,
    optionKeys<TrainingProgressOptions>({ label: true, metrics: true, minIntervalMs: true, logIntervalMs: true, width: true, now: true, write: true }),
  );
  const { label = "epoch", metrics = ["loss", "val_loss", "val_auc"], ...progressOptions } = options;
  let bar: Progress | undefined;
  return {
    onTrainBegin(_logs, context) {
      bar = progress(context.epochs, label, progressOptions);
    },
    onEpochEnd(epoch, logs) {
      bar?.update(epoch + 1, pick(logs, metrics));
    },
    onTrainEnd() {
      bar?.done();
      bar = undefined;
    },
  };
}
