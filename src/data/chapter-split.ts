// The chapter's random split: np.random.seed(seed); i = np.arange(N); np.random.shuffle(i);
// test = first int(0.1 N) rows, validation = the next int(0.1 N), train = the rest.
import { numpyShuffledIndices } from "../util/rng-mt19937.js";
import { checkDataset, subsetRows } from "./subset.js";
import type { Dataset, Splits } from "./types.js";

/** Options for `chapterSplit`. */
export interface ChapterSplitOptions {
  /** Seed for numpy's legacy RandomState. @default 0 */
  seed?: number;
  /** Fraction of rows in each of test and validation (Python's int(fraction * N) rows). @default 0.1 */
  fraction?: number;
}

/** Row indices (into the unsplit data) of each split. */
export interface SplitIndices {
  /** Training rows, in shuffled order. */
  readonly train: Int32Array;
  /** Validation rows. */
  readonly val: Int32Array;
  /** Test rows. */
  readonly test: Int32Array;
}

/** Splits plus the row indices that made them. */
export interface IndexedSplits extends Splits {
  /** Which original rows went where. */
  readonly indices: SplitIndices;
}

/** The chapter's split, index-identical to numpy's legacy shuffle (seed 0: test 931, val 931, train 7,454 rows). */
export function chapterSplit(data: Dataset, options: ChapterSplitOptions = {}): IndexedSplits {
  const { seed = 0, fraction = 0.1 } = options;
  checkDataset(data, "chapterSplit");
  if (!(fraction > 0 && fraction < 0.5)) throw new RangeError(`chapterSplit: fraction must be in (0, 0.5), got ${fraction}`);
  const order = numpyShuffledIndices(data.count, seed);
  const split = Math.floor(fraction * data.count);
  const indices = {
    test: order.slice(0, split),
    val: order.slice(split, 2 * split),
    train: order.slice(2 * split),
  };
  return {
    train: subsetRows(data, indices.train),
    val: subsetRows(data, indices.val),
    test: subsetRows(data, indices.test),
    indices,
  };
}
