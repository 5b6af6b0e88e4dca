// Row selection on a Dataset (plain typed-array copies, no tfjs).
import type { Dataset } from "./types.js";

/** A new Dataset holding `rows` of `data` in the given order (copies features, labels and sample weights). */
export function subsetRows(data: Dataset, rows: ArrayLike<number>): Dataset {
  const { length, count } = data;
  const n = rows.length;
  const features = new Int32Array(n * length);
  const labels = new Float32Array(n);
  const weights = data.sampleWeight === undefined ? undefined : new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const r = rows[k];
    if (!Number.isInteger(r) || r < 0 || r >= count) {
      throw new RangeError(`subsetRows: row ${r} at position ${k} is outside 0..${count - 1}`);
    }
    features.set(data.features.subarray(r * length, (r + 1) * length), k * length);
    labels[k] = data.labels[r];
    if (weights !== undefined) weights[k] = (data.sampleWeight as Float32Array)[r];
  }
  return weights === undefined ? { features, labels, count: n, length } : { features, labels, count: n, length, sampleWeight: weights };
}

/** Throws unless `data` is a consistent Dataset (features.length = count × length, labels.length = count). */
export function checkDataset(data: Dataset, what = "data"): void {
  if (!data || !(data.features instanceof Int32Array) || !(data.labels instanceof Float32Array)) {
    throw new TypeError(`${what}: expected a Dataset {features: Int32Array, labels: Float32Array, count, length}`);
  }
  if (data.features.length !== data.count * data.length || data.labels.length !== data.count) {
    throw new RangeError(
      `${what}: inconsistent Dataset (features ${data.features.length} != count ${data.count} × length ${data.length}, or labels ${data.labels.length} != count)`,
    );
  }
  if (data.sampleWeight !== undefined && !(data.sampleWeight instanceof Float32Array && data.sampleWeight.length === data.count)) {
    throw new RangeError(`${what}: sampleWeight must be a Float32Array of count (${data.count}) weights`);
  }
}

/**
 * The splits with the training set cut to its first `rows` rows (0 keeps it whole). The chapter's
 * splits are already shuffled, so the first rows are a random subset: a cheap way to make tuning
 * trials faster while validation and test stay whole.
 */
export function withTrainRows<S extends { readonly train: Dataset }>(splits: S, rows: number): S {
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`withTrainRows: rows must be a whole number ≥ 0 (0 = all), got ${rows}`);
  if (rows === 0 || rows >= splits.train.count) return splits;
  return {
    ...splits,
    train: subsetRows(
      splits.train,
      Int32Array.from({ length: rows }, (_, i) => i),
    ),
  };
}
