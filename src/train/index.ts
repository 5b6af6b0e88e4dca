// Public exports of src/train (re-exported by src/index.ts).
export { trainModel, CHAPTER_EARLY_STOPPING, CHAPTER_REDUCE_LR } from "./train-model.js";
export type { TrainData, TrainModelOptions } from "./train-model.js";
export { evaluate, predictScores, binaryCrossEntropy, regularizationLoss, BCE_EPSILON } from "./evaluate.js";
export type { EvaluateOptions, Evaluation } from "./evaluate.js";
export { rocAuc, kerasAuc, auc, binaryAccuracy } from "./metrics.js";
export type { AucMethod, Numbers } from "./metrics.js";
export { Callback, resolveMode } from "./callback.js";
export type { Logs, TrainCallback, TrainContext, MonitorMode } from "./callback.js";
export { EarlyStopping, earlyStopping } from "./early-stopping.js";
export type { EarlyStoppingOptions } from "./early-stopping.js";
export { ReduceLROnPlateau, reduceLROnPlateau } from "./reduce-lr-on-plateau.js";
export type { ReduceLROnPlateauOptions } from "./reduce-lr-on-plateau.js";
export type { History, HistoryRecord } from "./history.js";
export { NonFiniteLossError } from "./non-finite-loss-error.js";
export { epochBatches } from "./epoch-batches.js";
export type { EpochBatchesOptions } from "./epoch-batches.js";
export { formatFloat32 } from "./format.js";
