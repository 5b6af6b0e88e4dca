// Repeated runs of one configuration over seeds, summarized by robust numbers (median and quartiles),
// and two configurations compared by a rank test, which assumes nothing about the AUCs' distribution.
import { mannWhitneyU, type MannWhitneyResult } from "./mann-whitney.js";

/** Median and spread of one configuration's results over seeds. */
export interface SeedSummary {
  /** Number of seeds. */
  readonly n: number;
  readonly median: number;
  /** First and third quartiles (linear interpolation between order statistics, numpy's default). */
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  /** The values, in seed order. */
  readonly values: readonly number[];
}

/** The q-quantile of sorted values, numpy's "linear" method: position q·(n − 1). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median, quartiles and range of results over seeds (throws on an empty list or a non-finite value). */
export function summarizeSeeds(values: readonly number[]): SeedSummary {
  if (!Array.isArray(values) || values.length === 0) throw new RangeError("summarizeSeeds: expected at least one value");
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`summarizeSeeds: value ${i} is not a finite number (${String(v)})`);
  });
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), q1: quantile(s, 0.25), q3: quantile(s, 0.75), min: s[0], max: s[s.length - 1], values: [...values] };
}

/** Two configurations over the same seeds: summaries, the difference of medians, and the rank test. */
export interface SeedComparison {
  readonly tuned: SeedSummary;
  readonly baseline: SeedSummary;
  /** tuned.median − baseline.median. */
  readonly medianGain: number;
  /** One-sided Mann–Whitney U test "tuned is larger". */
  readonly test: MannWhitneyResult;
}

/** Compares results of a tuned and a baseline configuration (higher is better) with a one-sided Mann–Whitney U test. */
export function compareSeeds(tuned: readonly number[], baseline: readonly number[]): SeedComparison {
  const t = summarizeSeeds(tuned);
  const b = summarizeSeeds(baseline);
  return { tuned: t, baseline: b, medianGain: t.median - b.median, test: mannWhitneyU(tuned, baseline, { alternative: "greater" }) };
}

/** "0.842 [0.835–0.848]" style text: median and interquartile range. */
export function formatSeedSummary(s: SeedSummary, digits = 3): string {
  return `${s.median.toFixed(digits)} [${s.q1.toFixed(digits)}–${s.q3.toFixed(digits)}]`;
}
