// A leak-free split: rows with identical sequences form one group and every group goes to exactly
// one split (group k-fold idea, as in scikit-learn's GroupShuffleSplit, here filled by row counts).
import { MT19937 } from "../util/rng-mt19937.js";
import { checkDataset, subsetRows } from "./subset.js";
import type { Dataset, SplitIndices, Splits } from "./types.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options for `groupedSplit`. */
export interface GroupedSplitOptions {
  /** Seed of the group shuffle (numpy legacy MT19937: `RandomState(seed).shuffle(groups)`). @default 0 */
  seed?: number;
  /** Target row fractions; test is filled first, then val, train takes the rest. @default {train: 0.8, val: 0.1, test: 0.1} */
  fractions?: { train: number; val: number; test: number };
  /** Sequences seen with both labels: "keep" every row, or "drop" those groups entirely. @default "keep" */
  conflicts?: "keep" | "drop";
  /** Keep only the first row of each (sequence, label) pair. @default false */
  dedupe?: boolean;
}

/** What `groupedSplit` found and did. */
export interface GroupReport {
  /** Rows in the input. */
  readonly rows: number;
  /** Distinct sequences (groups). */
  readonly distinct: number;
  /** Rows that repeat an earlier row's sequence (rows − distinct). */
  readonly duplicateRows: number;
  /** Sequences that occur in more than one row. */
  readonly duplicatedSequences: number;
  /** Sequences that occur with both labels. */
  readonly labelConflicts: number;
  /** Rows belonging to conflicting sequences. */
  readonly conflictRows: number;
  /** Rows in the largest group. */
  readonly largestGroup: number;
  /** Rows removed by `conflicts: "drop"` and `dedupe`. */
  readonly removedRows: number;
  /** Rows per split. */
  readonly counts: { readonly train: number; readonly val: number; readonly test: number };
  /** Groups (distinct sequences) per split. */
  readonly groups: { readonly train: number; readonly val: number; readonly test: number };
}

/** Splits, their row indices, and the duplicate/conflict report. */
export interface GroupedSplits extends Splits {
  /** Which original rows went where. */
  readonly indices: SplitIndices;
  /** Duplicate and label-conflict statistics. */
  readonly report: GroupReport;
}

/** Groups rows by identical feature sequence; returns groups of row indices in order of first appearance. */
export function groupRows(data: Dataset): number[][] {
  checkDataset(data, "groupRows");
  const { features, length } = data;
  const rowBytes = length * 4;
  const byKey = new Map<string, number[]>();
  for (let r = 0; r < data.count; r++) {
    // key = the row's raw int32 bytes as latin1 text: a bijection, so equal keys mean equal rows
    const key = Buffer.from(features.buffer, features.byteOffset + r * rowBytes, rowBytes).toString("latin1");
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  return [...byKey.values()]; // Map keeps insertion order: groups ordered by first row
}

/** Splits so that no sequence appears in two splits; reports duplicates and label conflicts (hemolysis: 6,076 distinct of 9,316, 465 conflicts). */
export function groupedSplit(data: Dataset, options: GroupedSplitOptions = {}): GroupedSplits {
  checkOptions("groupedSplit", options, optionKeys<GroupedSplitOptions>({ seed: true, fractions: true, conflicts: true, dedupe: true }));
  const { seed = 0, fractions = { train: 0.8, val: 0.1, test: 0.1 }, conflicts = "keep", dedupe = false } = options;
  const { train: ft, val: fv, test: fs } = fractions;
  if (![ft, fv, fs].every((f) => Number.isFinite(f) && f >= 0) || Math.abs(ft + fv + fs - 1) > 1e-9) {
    throw new RangeError(`groupedSplit: fractions must be non-negative and sum to 1, got ${JSON.stringify(fractions)}`);
  }
  if (conflicts !== "keep" && conflicts !== "drop") throw new RangeError(`groupedSplit: conflicts must be "keep" or "drop", got ${conflicts}`);
  const groups = groupRows(data);
  let duplicatedSequences = 0;
  let labelConflicts = 0;
  let conflictRows = 0;
  let largestGroup = 0;
  let removedRows = 0;
  const kept: number[][] = [];
  for (const g of groups) {
    if (g.length > 1) duplicatedSequences++;
    largestGroup = Math.max(largestGroup, g.length);
    let ones = 0;
    for (const r of g) ones += data.labels[r] === 1 ? 1 : 0;
    const conflict = ones > 0 && ones < g.length;
    if (conflict) {
      labelConflicts++;
      conflictRows += g.length;
      if (conflicts === "drop") {
        removedRows += g.length;
        continue;
      }
    }
    if (dedupe) {
      const seen = new Set<number>();
      const one = g.filter((r) => (seen.has(data.labels[r]) ? false : (seen.add(data.labels[r]), true)));
      removedRows += g.length - one.length;
      kept.push(one);
    } else {
      kept.push(g);
    }
  }
  new MT19937(seed).shuffle(kept);
  const total = kept.reduce((a, g) => a + g.length, 0);
  const testTarget = Math.floor(fs * total);
  const valTarget = Math.floor(fv * total);
  const out = { train: [] as number[], val: [] as number[], test: [] as number[] };
  const groupCounts = { train: 0, val: 0, test: 0 };
  let filled = 0;
  for (const g of kept) {
    // walk the shuffled groups like the chapter's take/skip: test first, then val, train takes the rest
    const where = filled < testTarget ? "test" : filled < testTarget + valTarget ? "val" : "train";
    out[where].push(...g);
    groupCounts[where]++;
    filled += g.length;
  }
  const indices = { train: Int32Array.from(out.train), val: Int32Array.from(out.val), test: Int32Array.from(out.test) };
  return {
    train: subsetRows(data, indices.train),
    val: subsetRows(data, indices.val),
    test: subsetRows(data, indices.test),
    indices,
    report: {
      rows: data.count,
      distinct: groups.length,
      duplicateRows: data.count - groups.length,
      duplicatedSequences,
      labelConflicts,
      conflictRows,
      largestGroup,
      removedRows,
      counts: { train: out.train.length, val: out.val.length, test: out.test.length },
      groups: groupCounts,
    },
  };
}
