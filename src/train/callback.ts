// The callback protocol of trainModel (Keras' hooks, with the trainer passed in explicitly).
import type * as tfl from "@tensorflow/tfjs-layers";

/** Metric values of one epoch or batch, e.g. `{loss, auc, binary_accuracy, val_loss, val_auc, …, lr}`. */
export type Logs = Record<string, number>;

/** What a callback may read and change while training runs. */
export interface TrainContext {
  /** The model being trained. */
  readonly model: tfl.LayersModel;
  /** Number of epochs requested. */
  readonly epochs: number;
  /** The optimizer's current learning rate; assigning it changes the rate of the next step. */
  learningRate: number;
  /** Set to true to end training after the current epoch (Keras' `model.stop_training`). */
  stopTraining: boolean;
  /** Writes one line of output (respects trainModel's `log` option). */
  log(line: string): void;
}

/** Hooks called by trainModel; each may be async (it is awaited). Epochs and batches are 0-based, as in Keras. */
export interface TrainCallback {
  onTrainBegin?(logs: Logs, context: TrainContext): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs, context: TrainContext): void | Promise<void>;
  onBatchBegin?(batch: number, logs: Logs, context: TrainContext): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs, context: TrainContext): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, context: TrainContext): void | Promise<void>;
  onTrainEnd?(logs: Logs, context: TrainContext): void | Promise<void>;
}

/** Base class with no-op hooks, for callbacks written as classes. */
export abstract class Callback implements TrainCallback {
  onTrainBegin(_logs: Logs, _context: TrainContext): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs: Logs, _context: TrainContext): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs: Logs, _context: TrainContext): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs: Logs, _context: TrainContext): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs: Logs, _context: TrainContext): void | Promise<void> {}
  onTrainEnd(_logs: Logs, _context: TrainContext): void | Promise<void> {}
}

/** Direction of a monitored quantity; `auto` is max for names ending in acc/accuracy/auc, else min (Keras' rule). */
export type MonitorMode = "min" | "max" | "auto";

/** Resolves `auto` the way Keras' EarlyStopping does. */
export function resolveMode(mode: MonitorMode, monitor: string): "min" | "max" {
  if (mode === "min" || mode === "max") return mode;
  if (mode !== "auto") throw new RangeError(`mode must be "min", "max" or "auto", got ${JSON.stringify(mode)}`);
  return /(acc|accuracy|auc)$/.test(monitor) ? "max" : "min";
}
