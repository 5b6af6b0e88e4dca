/** A labelled set of fixed-length integer sequences, stored as plain typed arrays (no tfjs). */
export interface Dataset {
  /** Row-major [count, length] residue indices; 0 is padding. */
  readonly features: Int32Array;
  /** [count] labels: 1 = positive (hemolytic), 0 = negative. Tensors view it as [count, 1]. */
  readonly labels: Float32Array;
  /** Number of rows. */
  readonly count: number;
  /** Sequence length (columns), 190 for the chapter's data. */
  readonly length: number;
  /** [count] per-row weights of the training loss (e.g. from an npz's weight array). @default undefined (every row weighs 1) */
  readonly sampleWeight?: Float32Array;
}

/** The three splits the chapter trains, validates and tests on. */
export interface Splits {
  readonly train: Dataset;
  readonly val: Dataset;
  readonly test: Dataset;
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
