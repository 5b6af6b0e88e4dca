// The batch-size ramp of Smith, Kindermans, Ying & Le 2017 ("Don't decay the learning rate, increase the
// batch size", arXiv 1711.00489, §2): where a step decay would divide the rate by `factor`, multiply the
// batch size by `factor` instead; once the batch reaches its cap, divide the rate as a step decay would.
import { checkOptions, optionKeys } from "../util/options.js";

/** trainModel's `batchSizeSchedule`: plain JSON. */
export interface BatchSizeSchedule {
  /** Epochs (0-based) at whose start the batch size is multiplied, increasing. */
  readonly boundaries: readonly number[];
  /** Multiplier at each boundary (> 1). @default 2 */
  readonly factor?: number;
  /** Largest batch size; past it the learning rate is divided by what the batch could not grow. @default unbounded */
  readonly maxBatchSize?: number;
}

const KEYS = optionKeys<BatchSizeSchedule>({ boundaries: true, factor: true, maxBatchSize: true });

/** Throws a clear error unless `s` is a valid batch-size schedule. */
export function checkBatchSizeSchedule(s: unknown, where = "batchSizeSchedule"): asserts s is BatchSizeSchedule {
  if (s === null || typeof s !== "object" || Array.isArray(s))
    throw new TypeError(`${where}: expected {boundaries, factor?, maxBatchSize?}, got ${s === null ? "null" : Array.isArray(s) ? "an array" : typeof s}`);
  checkOptions(where, s, KEYS);
  const { boundaries, factor, maxBatchSize } = s as BatchSizeSchedule;
  if (!Array.isArray(boundaries)) throw new TypeError(`${where}: boundaries must be an array of epochs, got ${typeof boundaries}`);
  boundaries.forEach((b, i) => {
    if (!Number.isInteger(b) || b < 1 || (i > 0 && !(b > boundaries[i - 1]))) {
      throw new RangeError(`${where}: boundaries must be increasing integers ≥ 1 (epochs), got ${JSON.stringify(boundaries)}`);
    }
  });
  if (factor !== undefined && !(typeof factor === "number" && factor > 1 && Number.isFinite(factor)))
    throw new RangeError(`${where}: factor must be a number > 1, got ${String(factor)}`);
  if (maxBatchSize !== undefined && !(Number.isInteger(maxBatchSize) && maxBatchSize >= 1))
    throw new RangeError(`${where}: maxBatchSize must be a positive integer, got ${String(maxBatchSize)}`);
}

/** Batch size of epoch `epoch` and the factor on the learning rate (1 until the cap is hit). */
export function batchSizeAt(schedule: BatchSizeSchedule, epoch: number, batchSize: number): { batchSize: number; lrFactor: number } {
  const k = schedule.boundaries.filter((b) => b <= epoch).length;
  const wanted = batchSize * (schedule.factor ?? 2) ** k;
  const cap = schedule.maxBatchSize ?? Infinity;
  if (wanted <= cap) return { batchSize: Math.round(wanted), lrFactor: 1 };
  const b = Math.max(batchSize, cap);
  return { batchSize: b, lrFactor: b / wanted };
}
