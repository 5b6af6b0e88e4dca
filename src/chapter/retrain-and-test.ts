// The last step of every tuning notebook: train the chosen configuration once more (usually on the whole
// training split) and score it on the test split, which no tuning decision has seen.
import type { Dataset } from "../data/types.js";
import { evaluate, type Evaluation } from "../train/evaluate.js";
import { hemolysisObjective, type HemolysisParams } from "./hemolysis-objective.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link retrainAndTest}. */
export interface RetrainAndTestOptions {
  /** Epochs of the retraining. @default 20 */
  epochs?: number;
  /** Seed of weights, batch order and dropout. @default 0 */
  seed?: number;
}

/** Outcome of {@link retrainAndTest}. */
export interface RetrainAndTestResult {
  /** Validation AUC after the last epoch. */
  readonly valAuc: number;
  /** Loss, AUC and accuracy on the test split. */
  readonly test: Evaluation;
  /** Training rows the model was retrained on. */
  readonly trainRows: number;
}

/** Retrains the chapter's model with `params` on `splits.train` and evaluates it on `splits.test` (the model is freed after). */
export async function retrainAndTest(
  splits: { readonly train: Dataset; readonly val: Dataset; readonly test: Dataset },
  params: HemolysisParams,
  options: RetrainAndTestOptions = {},
): Promise<RetrainAndTestResult> {
  checkOptions("retrainAndTest", options, optionKeys<RetrainAndTestOptions>({ epochs: true, seed: true }));
  if (!splits?.train || !splits.val || !splits.test) throw new TypeError("retrainAndTest: splits must have train, val and test datasets");
  let test: Evaluation | undefined;
  const retrain = hemolysisObjective(splits, {
    epochs: options.epochs,
    seed: options.seed,
    onTrained: async ({ model }) => {
      test = await evaluate(model, splits.test);
    },
  });
  const valAuc = await retrain(params);
  if (test === undefined) throw new Error("retrainAndTest: training ended without a model to evaluate");
  return { valAuc, test, trainRows: splits.train.count };
}
