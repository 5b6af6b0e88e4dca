// The closing step of every tuning notebook: the chosen configuration and the baseline, each retrained
// with the same seeds and evaluated once on the test split; medians, spread and a rank test
// (docs/seed-comparisons.md). Selection happened before, on validation data only.
import type { Dataset } from "../data/types.js";
import { evaluate } from "../train/evaluate.js";
import { trainModel } from "../train/train-model.js";
import { compareSeeds, formatSeedSummary, summarizeSeeds, type SeedComparison } from "../stats/seed-summary.js";
import { checkOptions, optionKeys } from "../util/options.js";
import { buildModel } from "./build-model.js";
import { CHAPTER_SECTIONS } from "./chapter-sections.js";
import type { HemolysisConfig } from "./hemolysis-objective.js";

/** The chapter's baseline (section 18.5.1: no L2, no dropout, 20 epochs, Adam 1e-3, batch 64) as a configuration. */
export const BASELINE_CONFIG: HemolysisConfig = Object.freeze({
  model: { ...CHAPTER_SECTIONS.baseline.model },
  train: { epochs: CHAPTER_SECTIONS.baseline.train.epochs },
});

/** Options of {@link retrainOverSeeds} and {@link compareOverSeeds}. */
export interface RetrainOverSeedsOptions {
  /** The seeds, or how many (0, 1, …, n − 1); each sets buildModel's and trainModel's seed. @default 5 */
  seeds?: number | readonly number[];
  /** One line per finished run (seed, test AUC, epochs, seconds). @default console.log; pass () => {} for silence */
  log?: (line: string) => void;
  /** Label of the runs in the log lines. @default "run" */
  label?: string;
}

/** One retraining of a configuration. */
export interface SeedRun {
  readonly seed: number;
  /** AUC on the test split (exact ROC AUC). */
  readonly testAuc: number;
  readonly testAccuracy: number;
  /** Validation AUC of the returned weights' last epoch. */
  readonly valAuc: number;
  /** Epochs trained (fewer than asked when early stopping ended the run). */
  readonly epochs: number;
  /** Wall time of the training, seconds. */
  readonly seconds: number;
}

const KEYS = optionKeys<RetrainOverSeedsOptions>({ seeds: true, log: true, label: true });

function seedList(seeds: number | readonly number[] | undefined): number[] {
  const s = seeds ?? 5;
  const list = typeof s === "number" ? Array.from({ length: s }, (_, i) => i) : [...s];
  if (list.length === 0 || !list.every((x) => Number.isInteger(x) && x >= 0))
    throw new RangeError(`retrainOverSeeds: seeds must be a positive count or a list of integers ≥ 0, got ${JSON.stringify(seeds)}`);
  return list;
}

function checkConfig(config: HemolysisConfig, what: string): void {
  if (config === null || typeof config !== "object" || typeof config.model !== "object" || typeof config.train !== "object") {
    throw new TypeError(`${what} must be a configuration {model: <buildModel options>, train: <trainModel options>}`);
  }
}

/** Retrains `config` once per seed on `splits.train` (validating on `splits.val`) and evaluates each model on `splits.test`. */
export async function retrainOverSeeds(
  splits: { readonly train: Dataset; readonly val: Dataset; readonly test: Dataset },
  config: HemolysisConfig,
  options: RetrainOverSeedsOptions = {},
): Promise<SeedRun[]> {
  checkOptions("retrainOverSeeds", options, KEYS);
  if (!splits?.train || !splits.val || !splits.test) throw new TypeError("retrainOverSeeds: splits must have train, val and test datasets");
  checkConfig(config, "retrainOverSeeds: config");
  const log = options.log ?? ((l: string) => console.log(l));
  const runs: SeedRun[] = [];
  for (const seed of seedList(options.seeds)) {
    const model = buildModel({ ...config.model, sequenceLength: config.model.sequenceLength ?? splits.train.length, seed });
    try {
      const h = await trainModel(model, splits, { ...config.train, seed, verbose: 0 });
      const test = await evaluate(model, splits.test);
      const run: SeedRun = {
        seed,
        testAuc: test.auc,
        testAccuracy: test.accuracy,
        valAuc: h.history.val_auc.at(-1) ?? NaN,
        epochs: h.epoch.length,
        seconds: h.seconds,
      };
      runs.push(run);
      log(`${options.label ?? "run"} seed ${seed}: test AUC ${run.testAuc.toFixed(3)} (${run.epochs} epochs, ${run.seconds.toFixed(0)} s)`);
    } finally {
      model.dispose();
    }
  }
  return runs;
}

/** Tuned and baseline runs over the same seeds, and their comparison. */
export interface SeedsComparison {
  readonly tuned: readonly SeedRun[];
  readonly baseline: readonly SeedRun[];
  /** Medians, quartiles, median gain and the one-sided Mann–Whitney U test on test AUC. */
  readonly comparison: SeedComparison;
  /** One line: "tuned 0.842 [0.835–0.848] vs baseline 0.818 [0.810–0.826] (median over 5 seeds [IQR]), Mann–Whitney p = 0.004". */
  readonly summary: string;
}

/** Retrains a tuned configuration and the baseline (the chapter's by default) over the same seeds and compares their test AUCs. */
export async function compareOverSeeds(
  splits: { readonly train: Dataset; readonly val: Dataset; readonly test: Dataset },
  tuned: HemolysisConfig,
  options: RetrainOverSeedsOptions & { baseline?: HemolysisConfig } = {},
): Promise<SeedsComparison> {
  const { baseline = BASELINE_CONFIG, ...rest } = options;
  checkOptions("compareOverSeeds", options, [...KEYS, "baseline"]);
  checkConfig(tuned, "compareOverSeeds: tuned");
  checkConfig(baseline, "compareOverSeeds: baseline");
  const b = await retrainOverSeeds(splits, baseline, { ...rest, label: "baseline" });
  const t = await retrainOverSeeds(splits, tuned, { ...rest, label: "tuned" });
  const comparison = compareSeeds(
    t.map((r) => r.testAuc),
    b.map((r) => r.testAuc),
  );
  const summary =
    `tuned ${formatSeedSummary(comparison.tuned)} vs baseline ${formatSeedSummary(comparison.baseline)} ` +
    `(test AUC, median [IQR] over ${t.length} seeds), one-sided Mann–Whitney p = ${comparison.test.p.toPrecision(2)}`;
  return { tuned: t, baseline: b, comparison, summary };
}

/** Rows `{group, series, value}` of a comparison's test AUCs (for errorBarsSpec: group = the split, series = tuned or baseline). */
export function comparisonRows(
  result: SeedsComparison,
  group: string,
  names: { tuned?: string; baseline?: string } = {},
): { group: string; series: string; value: number }[] {
  return [
    ...result.baseline.map((r) => ({ group, series: names.baseline ?? "baseline", value: r.testAuc })),
    ...result.tuned.map((r) => ({ group, series: names.tuned ?? "tuned", value: r.testAuc })),
  ];
}

/** One row of {@link comparisonTable}: a seed's test AUC for both configurations, or the medians. */
export interface ComparisonTableRow {
  /** The seed, or "median". */
  readonly seed: number | "median";
  readonly "baseline test AUC": number;
  readonly "tuned test AUC": number;
  /** Tuned minus baseline (for the median row: the difference of the medians). */
  readonly gain: number;
  readonly "baseline epochs": number;
  readonly "tuned epochs": number;
}

const median = (xs: readonly number[]): number => summarizeSeeds(xs).median;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The closing table of a tuning notebook: per seed, baseline and tuned test AUC side by side (same seed in one row), then their medians (for console.table). */
export function comparisonTable(result: Pick<SeedsComparison, "tuned" | "baseline">): ComparisonTableRow[] {
  const { tuned, baseline } = result;
  if (tuned.length !== baseline.length || tuned.some((t, i) => t.seed !== baseline[i].seed))
    throw new RangeError(
      `comparisonTable: tuned and baseline runs must use the same seeds in the same order, got [${tuned.map((t) => t.seed)}] and [${baseline.map((b) => b.seed)}]`,
    );
  const rows: ComparisonTableRow[] = tuned.map((t, i) => ({
    seed: t.seed,
    "baseline test AUC": round3(baseline[i].testAuc),
    "tuned test AUC": round3(t.testAuc),
    gain: round3(t.testAuc - baseline[i].testAuc),
    "baseline epochs": baseline[i].epochs,
    "tuned epochs": t.epochs,
  }));
  const mb = median(baseline.map((r) => r.testAuc));
  const mt = median(tuned.map((r) => r.testAuc));
  rows.push({
    seed: "median",
    "baseline test AUC": round3(mb),
    "tuned test AUC": round3(mt),
    gain: round3(mt - mb),
    "baseline epochs": median(baseline.map((r) => r.epochs)),
    "tuned epochs": median(tuned.map((r) => r.epochs)),
  });
  return rows;
}
