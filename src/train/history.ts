import type * as tfl from "@tensorflow/tfjs-layers";

/** Per-epoch metric series, keyed like Keras: loss, auc, binary_accuracy, val_loss, val_auc, val_binary_accuracy, lr. */
export type HistoryRecord = Record<string, number[]>;

/** What trainModel returns: shaped like Keras' `History` (`history.history.loss`, `history.epoch`, `history.model`). */
export interface History {
  /** Metric name → one value per completed epoch. */
  history: HistoryRecord;
  /** 0-based indices of the completed epochs. */
  epoch: number[];
  /** The trained model (Keras' `history.model`), used by plotLosses to evaluate on test data. */
  model: tfl.LayersModel;
  /** The settings of the run. */
  params: { epochs: number; steps: number; batchSize: number; seed: number; lr: number; samples: number };
  /** 0-based epoch at which a callback stopped training, or undefined when all epochs ran. */
  stoppedEpoch?: number;
  /** Wall time of the whole call, seconds. */
  seconds: number;
  /** What ran the steps: the fused engine (with its thread count) or tfjs' ops (and why). */
  engine?: { name: "fused"; threads: number } | { name: "tfjs"; why: string };
}
