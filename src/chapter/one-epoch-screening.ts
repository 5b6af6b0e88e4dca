// The simplest strong baseline for a small tuning budget (Egele et al. 2023, arXiv 2307.15422, "one-epoch
// baseline"): train every sampled configuration for one epoch, keep the k best by validation AUC, train
// those fully, keep the best. A tuning method that cannot beat it at the same cost has bought nothing.
import type { TrainData } from "../train/train-model.js";
import { checkOptions, optionKeys } from "../util/options.js";
import { hemolysisConfig, hemolysisObjective, type HemolysisConfig, type HemolysisParams } from "./hemolysis-objective.js";

/** Options of {@link oneEpochScreening}. */
export interface OneEpochScreeningOptions {
  /** Configurations trained fully after the screening. @default 3 */
  k?: number;
  /** Epochs of the full trainings (early stopping may end them sooner, when params set patience). @default 20 */
  epochs?: number;
  /** Seed of weights, batch order and dropout (the same for every configuration). @default 0 */
  seed?: number;
  /** One line per configuration. @default console.log */
  log?: (line: string) => void;
}

/** A configuration and its validation AUC. */
export interface ScreenedConfig<P extends HemolysisParams = HemolysisParams> {
  readonly params: P;
  readonly value: number;
  /** Epochs it trained. */
  readonly epochs: number;
}

/** What {@link oneEpochScreening} found and what it cost. */
export interface OneEpochScreeningResult<P extends HemolysisParams = HemolysisParams> {
  /** Every configuration after one epoch, in the given order. */
  readonly screened: readonly ScreenedConfig<P>[];
  /** The k best, trained fully, best first. */
  readonly finalists: readonly ScreenedConfig<P>[];
  /** The best finalist's params, its validation AUC and its configuration. */
  readonly best: ScreenedConfig<P> & { readonly config: HemolysisConfig };
  /** Epochs trained in all. */
  readonly epochsTrained: number;
  /** Wall time, seconds. */
  readonly seconds: number;
}

const KEYS = optionKeys<OneEpochScreeningOptions>({ k: true, epochs: true, seed: true, log: true });

/** Runs the one-epoch baseline over `candidates` (e.g. random samples of HEMOLYSIS_SPACE), selecting on validation AUC only. */
export async function oneEpochScreening<P extends HemolysisParams>(
  data: TrainData,
  candidates: readonly P[],
  options: OneEpochScreeningOptions = {},
): Promise<OneEpochScreeningResult<P>> {
  checkOptions("oneEpochScreening", options, KEYS);
  if (!Array.isArray(candidates) || candidates.length === 0) throw new RangeError("oneEpochScreening: candidates must be a non-empty array of params");
  const k = options.k ?? 3;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`oneEpochScreening: k must be a positive integer, got ${k}`);
  const epochs = options.epochs ?? 20;
  const log = options.log ?? ((l: string) => console.log(l));
  const t0 = performance.now();
  let epochsTrained = 0;
  const screen = hemolysisObjective(data, { seed: options.seed, epochs: 1 });
  const screened: ScreenedConfig<P>[] = [];
  for (const [i, params] of candidates.entries()) {
    // One epoch, no early stopping: every schedule starts at its initial rate, so the score is comparable.
    const value = await screen({ ...params, epochs: 1, patience: undefined, earlyStop: false });
    epochsTrained += 1;
    screened.push({ params, value, epochs: 1 });
    log(`screen ${String(i).padStart(2)}: validation AUC after 1 epoch ${value.toFixed(3)}`);
  }
  const top = [...screened].sort((a, b) => b.value - a.value).slice(0, Math.min(k, screened.length));
  const finalists: ScreenedConfig<P>[] = [];
  for (const s of top) {
    let ran = 0;
    const full = hemolysisObjective(data, { seed: options.seed, epochs, returns: "best", onTrained: ({ history }) => void (ran = history.epoch.length) });
    const value = await full({ ...s.params, epochs: s.params.epochs ?? epochs });
    epochsTrained += ran;
    finalists.push({ params: s.params, value, epochs: ran });
    log(`finalist: validation AUC ${value.toFixed(3)} after ${ran} epochs (1-epoch score ${s.value.toFixed(3)})`);
  }
  finalists.sort((a, b) => b.value - a.value);
  const best = finalists[0];
  return {
    screened,
    finalists,
    best: { ...best, config: hemolysisConfig(best.params, { epochs, sequenceLength: data.train.length }) },
    epochsTrained,
    seconds: (performance.now() - t0) / 1000,
  };
}
