import type { History } from "./history.js";

/** Thrown by trainModel when a batch loss is NaN or infinite; names the epoch and batch and carries the history so far. */
export class NonFiniteLossError extends Error {
  override readonly name = "NonFiniteLossError";
  constructor(
    /** 1-based epoch of the bad batch. */
    readonly epoch: number,
    /** 1-based batch within that epoch. */
    readonly batch: number,
    /** The loss value (NaN or ±Infinity). */
    readonly loss: number,
    /** Metrics of the epochs completed before it. */
    readonly history: History,
  ) {
    super(`trainModel: the loss became ${loss} at epoch ${epoch}, batch ${batch}; training stopped ` + `(try a lower learning rate or check the inputs)`);
  }
}
