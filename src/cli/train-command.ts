// `tfjs-tune train --section …`: one of the chapter's experiments end to end, printing what the chapter prints.
import type { Command } from "commander";
import { ensureBackend, type BackendChoice, type BackendInfo } from "../backend/index.js";
import { chapterSplit } from "../chapter/chapter-split.js";
import { loadHemolysis } from "../chapter/load-hemolysis.js";
import { subsetRows } from "../data/subset.js";
import type { Dataset } from "../data/types.js";
import { buildModel } from "../chapter/build-model.js";
import { plotLosses } from "../notebook/plot-losses.js";
import { CHAPTER_SECTION_NAMES, CHAPTER_SECTIONS, type ChapterSection } from "../chapter/chapter-sections.js";
import { kerasAuc, rocAuc, type AucMethod } from "../train/metrics.js";
import { predictScores, type Evaluation } from "../train/evaluate.js";
import { trainModel } from "../train/train-model.js";
import { type History } from "../train/history.js";
import { trainProgressLines } from "./train-progress.js";

/** Options of {@link runTrainSection}. */
export interface TrainSectionOptions {
  /** Which experiment of section 18.5. */
  section: ChapterSection;
  /** Epochs (the chapter: 20). @default 20 */
  epochs?: number;
  /** Seed of the initial weights, batch order and dropout (the split always uses numpy seed 0, as the chapter). @default 0 */
  seed?: number;
  /** AUC method of the metrics. @default "exact" */
  auc?: AucMethod;
  /** Data cache directory. @default TFJS_TUNE_DATA, else the per-user cache */
  dataDir?: string;
  /** Keep only the first N rows of each split (a quick smoke run). @default all rows */
  subset?: number;
  /** Backend to force. @default automatic (TFJS_TUNE_BACKEND) */
  backend?: BackendChoice;
  /** 0: silent, 1: the chapter's prints, 2: plus one line per epoch. @default 1 */
  verbose?: 0 | 1 | 2;
  /** Where lines go. @default console.log */
  log?: (line: string) => void;
  /** A progress line (epoch, batch, loss, ETA) on stderr every 5 s on a terminal, 30 s in a log. @default false */
  progress?: boolean;
}

/** What one section run produced. */
export interface TrainSectionResult {
  history: History;
  test: Evaluation;
  /** Test AUC by both methods (exact ROC AUC and Keras' 200-threshold approximation). */
  testAuc: { exact: number; keras: number };
  backend: BackendInfo;
  /** Wall time of load + train + evaluate, seconds. */
  seconds: number;
}

/** Runs one chapter experiment: load, split, build, train, plot, evaluate; prints the chapter's lines. */
export async function runTrainSection(options: TrainSectionOptions): Promise<TrainSectionResult> {
  const t0 = performance.now();
  const spec = CHAPTER_SECTIONS[options.section];
  if (!spec) throw new RangeError(`unknown section "${options.section}"; expected one of ${CHAPTER_SECTION_NAMES.join(", ")}`);
  const verbose = options.verbose ?? 1;
  const log = options.log ?? ((l: string) => console.log(l));
  const say = verbose > 0 ? log : () => {};
  const backend = await ensureBackend({ backend: options.backend });
  const data = await loadHemolysis({ cacheDir: options.dataDir });
  say(`${data.count} examples`);
  let splits: { train: Dataset; val: Dataset; test: Dataset } = chapterSplit(data, { seed: 0 });
  if (options.subset !== undefined) {
    const n = options.subset;
    const head = (d: Dataset) =>
      subsetRows(
        d,
        Int32Array.from({ length: Math.min(n, d.count) }, (_, i) => i),
      );
    splits = { train: head(splits.train), val: head(splits.val), test: head(splits.test) };
  }
  const seed = options.seed ?? 0;
  const model = buildModel({ ...spec.model, seed });
  try {
    const history = await trainModel(model, splits, {
      ...spec.train,
      epochs: options.epochs ?? spec.train.epochs,
      seed,
      auc: options.auc,
      verbose,
      log,
      callbacks: options.progress ? [trainProgressLines()] : [],
    });
    const test = await plotLosses(history, splits.test, { auc: options.auc, log: say, title: spec.title });
    const scores = await predictScores(model, splits.test);
    const testAuc = { exact: rocAuc(splits.test.labels, scores), keras: kerasAuc(splits.test.labels, scores) };
    return { history, test, testAuc, backend, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

function parseIntOption(name: string, min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${v}"`);
    return n;
  };
}

/** Adds the `train` command to the program. */
export function registerTrainCommand(program: Command): void {
  program
    .command("train")
    .description("run one experiment of the chapter's section 18.5 end to end and print what the chapter prints")
    .requiredOption("--section <name>", `one of ${CHAPTER_SECTION_NAMES.join(", ")}`)
    .option("--epochs <n>", "epochs (the chapter: 20)", parseIntOption("epochs", 1))
    .option("--seed <s>", "seed of weights, batch order and dropout", parseIntOption("seed", 0), 0)
    .option("--auc <method>", "AUC: exact, or keras (the 200-threshold approximation the chapter printed)", "exact")
    .option("--data-dir <dir>", "data cache directory (default: $TFJS_TUNE_DATA or the per-user cache)")
    .option("--subset <n>", "use only the first n rows of each split (smoke run)", parseIntOption("subset", 1))
    .option("--backend <name>", "force node, wasm or cpu (default: $TFJS_TUNE_BACKEND or the fastest available)")
    .option("-v, --verbose", "also print one line per epoch")
    .action(
      async (o: { section: string; epochs?: number; seed: number; auc: string; dataDir?: string; subset?: number; backend?: string; verbose?: boolean }) => {
        if (!(CHAPTER_SECTION_NAMES as readonly string[]).includes(o.section)) {
          throw new Error(`--section must be one of ${CHAPTER_SECTION_NAMES.join(", ")}, got "${o.section}"`);
        }
        if (o.auc !== "exact" && o.auc !== "keras") throw new Error(`--auc must be exact or keras, got "${o.auc}"`);
        const section = o.section as ChapterSection;
        const r = await runTrainSection({
          section,
          epochs: o.epochs,
          seed: o.seed,
          auc: o.auc,
          dataDir: o.dataDir,
          subset: o.subset,
          backend: o.backend as BackendChoice | undefined,
          verbose: o.verbose ? 2 : 1,
          progress: !o.verbose,
        });
        const c = CHAPTER_SECTIONS[section].chapter;
        process.stderr.write(
          `tfjs-tune train: ${section}, ${r.history.epoch.length} epochs in ${r.seconds.toFixed(1)} s on ${r.backend.name}` +
            ` (test AUC ${r.testAuc.exact.toFixed(3)} exact, ${r.testAuc.keras.toFixed(3)} Keras-style; the chapter printed ${c.testAuc.toFixed(3)} Keras-style)\n`,
        );
      },
    );
}
