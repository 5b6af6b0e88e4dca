// The order in which one epoch visits the training rows, as index batches.
import { Random } from "../util/rng.js";

/** Options of {@link epochBatches}. */
export interface EpochBatchesOptions {
  /** Rows per batch (the last one may be smaller). */
  batchSize: number;
  /** Shuffle-buffer size (tf.data `shuffle(bufferSize)`). */
  bufferSize: number;
  /** Seed of this epoch's order. */
  seed: number;
}

/**
 * Index batches of rows 0..count−1 in tf.data's shuffle-buffer order: fill a buffer with the
 * first `bufferSize` rows, then repeatedly emit a uniformly chosen slot and refill it with the next row.
 */
export function* epochBatches(count: number, options: EpochBatchesOptions): Generator<Int32Array> {
  const { batchSize, bufferSize, seed } = options;
  const rng = new Random(seed);
  const buffer: number[] = [];
  let next = 0;
  while (next < count && buffer.length < bufferSize) buffer.push(next++);
  let batch = new Int32Array(Math.min(batchSize, count));
  let fill = 0;
  while (buffer.length > 0) {
    const slot = rng.int(buffer.length);
    batch[fill++] = buffer[slot];
    if (next < count) buffer[slot] = next++;
    else {
      buffer[slot] = buffer[buffer.length - 1];
      buffer.pop();
    }
    if (fill === batch.length) {
      yield batch;
      const left = buffer.length;
      batch = new Int32Array(Math.min(batchSize, left));
      fill = 0;
    }
  }
}
