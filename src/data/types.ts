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
}

/** The three splits the chapter trains, validates and tests on. */
export interface Splits {
  readonly train: Dataset;
  readonly val: Dataset;
  readonly test: Dataset;
}
