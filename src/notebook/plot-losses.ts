// The chapter's plot_losses(history, test_data): the loss chart, then test AUC and accuracy.
import type { Dataset } from "../data/types.js";
import { lossesSpec, type LossesSpecOptions } from "../plot/losses-spec.js";
import { evaluate, type Evaluation } from "../train/evaluate.js";
import type { History } from "../train/history.js";
import type { AucMethod } from "../train/metrics.js";
import { chart, type ChartOptions } from "./chart.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link plotLosses}. */
export interface PlotLossesOptions extends LossesSpecOptions {
  /** AUC method of the test evaluation (`keras` matches the chapter's printed figures). @default "exact" */
  auc?: AucMethod;
  /** Options passed to chart() (svg, png, scale, displayId, update). @default {} */
  chart?: ChartOptions;
  /** Where the result line goes. @default console.log */
  log?: (line: string) => void;
}

/**
 * Shows training and validation loss per epoch, then evaluates `history.model` on `testData`
 * and prints ` Test AUC: 0.798 Test Accuracy: 0.825` as the chapter does; returns that evaluation.
 */
export async function plotLosses(history: History, testData: Dataset, options: PlotLossesOptions = {}): Promise<Evaluation> {
  checkOptions(
    "plotLosses",
    options,
    optionKeys<PlotLossesOptions>({ auc: true, chart: true, log: true, metric: true, yTitle: true, title: true, width: true, height: true }),
  );
  if (!history?.model) throw new TypeError("plotLosses: expected the History returned by trainModel (it carries .model)");
  const { metric, yTitle, title, width, height } = options;
  await chart(lossesSpec(history, { metric, yTitle, title, width, height }), options.chart ?? {});
  const result = await evaluate(history.model, testData, { auc: options.auc });
  (options.log ?? ((l: string) => console.log(l)))(` Test AUC: ${result.auc.toFixed(3)} Test Accuracy: ${result.accuracy.toFixed(3)}`);
  return result;
}
