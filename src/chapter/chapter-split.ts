// The chapter's random split: np.random.seed(seed); i = np.arange(N); np.random.shuffle(i);
// test = first int(0.1 N) rows, validation = the next int(0.1 N), train = the rest.
import { checkDataset, subsetRows } from "../data/subset.js";
import type { Dataset, IndexedSplits } from "../data/types.js";
import { numpyShuffledIndices } from "../util/rng-mt19937.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options for `chapterSplit`. */
export interface ChapterSplitOptions {
  /** Seed for numpy's legacy RandomState. @default 0 */
  seed?: number;
  /** Fraction of rows in each of test and validation (Python's int(fraction * N) rows). @default 0.1 */
  fraction?: number;
}

/** The chapter's split, index-identical to numpy's legacy shuffle (seed 0: test 931, val 931, train 7,454 rows). */
export function chapterSplit(data: Dataset, options: ChapterSplitOptions = {}): IndexedSplits {
  checkOptions("chapterSplit", options, optionKeys<ChapterSplitOptions>({ seed: true, fraction: true }));
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
