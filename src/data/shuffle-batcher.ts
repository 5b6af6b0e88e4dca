// Seeded batching as tf.data does `dataset.shuffle(bufferSize).batch(batchSize)`: a buffer of
// `bufferSize` rows; each step emits a uniformly chosen buffered row and refills its slot from the
// input; reshuffled every epoch (seed derived from the seed and the epoch number).
import { Random, deriveSeed, type Rng } from "../util/rng.js";
import { checkDataset } from "./subset.js";
import type { Dataset } from "./types.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** The row order of one pass of a shuffle buffer over rows 0..count-1 (tf.data `shuffle` semantics). */
export function shuffleBufferOrder(count: number, bufferSize: number, rng: Pick<Rng, "int">): Int32Array {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`shuffleBufferOrder: count must be a non-negative integer, got ${count}`);
  if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new RangeError(`shuffleBufferOrder: bufferSize must be a positive integer, got ${bufferSize}`);
  const out = new Int32Array(count);
  const buffer = new Int32Array(Math.min(bufferSize, count));
  let next = 0;
  let size = 0;
  while (size < buffer.length) buffer[size++] = next++;
  for (let k = 0; k < count; k++) {
    const j = rng.int(size);
    out[k] = buffer[j];
    if (next < count) buffer[j] = next++;
    else buffer[j] = buffer[--size]; // input exhausted: shrink the buffer
  }
  return out;
}

/** Cuts an order into consecutive batches of `batchSize` rows (the last one shorter unless `dropRemainder`). */
export function batchRows(order: Int32Array, batchSize: number, dropRemainder = false): Int32Array[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchRows: batchSize must be a positive integer, got ${batchSize}`);
  const out: Int32Array[] = [];
  for (let at = 0; at < order.length; at += batchSize) {
    const b = order.subarray(at, Math.min(at + batchSize, order.length));
    if (dropRemainder && b.length < batchSize) break;
    out.push(b);
  }
  return out;
}

/** One batch: row-major features [size, length], labels [size], and the source rows. */
export interface Batch {
  /** [size, length] residue indices, row-major. */
  readonly features: Int32Array;
  /** [size] labels (tensors view them as [size, 1]). */
  readonly labels: Float32Array;
  /** Number of rows in this batch. */
  readonly size: number;
  /** Row indices into the batcher's Dataset. */
  readonly rows: Int32Array;
}

/** Options for `ShuffleBatcher`. */
export interface ShuffleBatcherOptions {
  /** Rows per batch. @default 64 */
  batchSize?: number;
  /** Shuffle buffer size (the chapter: 1,000); a value ≥ count gives a full uniform shuffle. @default 1000 */
  bufferSize?: number;
  /** Shuffle at all; false keeps the input order (validation/test batches). @default true */
  shuffle?: boolean;
  /** Seed; epoch e uses deriveSeed(seed, e). @default 0 */
  seed?: number;
  /** Drop a last, incomplete batch. @default false */
  dropRemainder?: boolean;
}

/** Deterministic shuffle-buffer batching over a Dataset: `new ShuffleBatcher(train, {seed}).batches(epoch)`. */
export class ShuffleBatcher {
  /** The data being batched. */
  readonly data: Dataset;
  /** Rows per batch. */
  readonly batchSize: number;
  /** Shuffle buffer size. */
  readonly bufferSize: number;
  /** Whether batches are shuffled. */
  readonly shuffle: boolean;
  /** Base seed. */
  readonly seed: number;
  /** Whether a last, incomplete batch is dropped. */
  readonly dropRemainder: boolean;

  /** Creates a batcher; nothing is drawn until `order` or `batches` is called. */
  constructor(data: Dataset, options: ShuffleBatcherOptions = {}) {
    checkOptions(
      "ShuffleBatcher",
      options,
      optionKeys<ShuffleBatcherOptions>({ batchSize: true, bufferSize: true, shuffle: true, seed: true, dropRemainder: true }),
    );
    checkDataset(data, "ShuffleBatcher");
    const { batchSize = 64, bufferSize = 1000, shuffle = true, seed = 0, dropRemainder = false } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`ShuffleBatcher: batchSize must be a positive integer, got ${batchSize}`);
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new RangeError(`ShuffleBatcher: bufferSize must be a positive integer, got ${bufferSize}`);
    if (data.count === 0) throw new RangeError("ShuffleBatcher: the Dataset is empty");
    this.data = data;
    this.batchSize = batchSize;
    this.bufferSize = bufferSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.dropRemainder = dropRemainder;
  }

  /** Number of batches per epoch. */
  get batchesPerEpoch(): number {
    const n = this.data.count / this.batchSize;
    return this.dropRemainder ? Math.floor(n) : Math.ceil(n);
  }

  /** Row order of epoch `epoch` (0-based); the same (seed, epoch) always gives the same order. */
  order(epoch = 0): Int32Array {
    if (!this.shuffle) return Int32Array.from({ length: this.data.count }, (_, i) => i);
    return shuffleBufferOrder(this.data.count, this.bufferSize, new Random(deriveSeed(this.seed, epoch)));
  }

  /** Row-index batches of epoch `epoch`. */
  rowBatches(epoch = 0): Int32Array[] {
    return batchRows(this.order(epoch), this.batchSize, this.dropRemainder);
  }

  /** Yields the batches of epoch `epoch` with gathered features and labels. */
  *batches(epoch = 0): Generator<Batch> {
    for (const rows of this.rowBatches(epoch)) yield gatherRows(this.data, rows);
  }
}

/** Copies the given rows of `data` into a Batch (features [rows.length, length], labels [rows.length]). */
export function gatherRows(data: Dataset, rows: Int32Array): Batch {
  const { length } = data;
  const features = new Int32Array(rows.length * length);
  const labels = new Float32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    features.set(data.features.subarray(r * length, (r + 1) * length), k * length);
    labels[k] = data.labels[r];
  }
  return { features, labels, size: rows.length, rows };
}
