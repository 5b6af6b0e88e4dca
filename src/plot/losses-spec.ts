// The chapter's loss chart (training vs validation loss per epoch) as a Vega-Lite spec.
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** The part of a Keras-shaped History the chart reads. */
export interface HistoryLike {
  readonly history: Readonly<Record<string, readonly number[]>>;
}

/** Options of {@link lossesSpec}. */
export interface LossesSpecOptions {
  /** Metric to plot: `metric` as "training" and `val_${metric}` as "validation". @default "loss" */
  metric?: string;
  /** Y axis title. @default "Loss" for loss, else the metric name */
  yTitle?: string;
  /** Chart title. @default none */
  title?: string;
  /** Plot width in pixels. @default 400 */
  width?: number;
  /** Plot height in pixels. @default 250 */
  height?: number;
}

/** The chapter's two colours for the first two series (its matplotlib colour cycle). */
export const LOSS_COLORS = Object.freeze(["#1BBC9B", "#F06060"] as const);

/** One row of the chart's data. */
export interface LossRow {
  /** 1-based epoch. */
  epoch: number;
  /** "training" or "validation". */
  series: "training" | "validation";
  /** Metric value (null for a non-finite value, shown as a gap). */
  value: number | null;
}

/** Rows of the loss chart: one per epoch and series. */
export function lossRows(history: HistoryLike, metric = "loss"): LossRow[] {
  const h = history?.history;
  if (!h || typeof h !== "object") throw new TypeError("lossesSpec: expected a History with a .history record (as trainModel returns)");
  const train = h[metric];
  if (!train) throw new RangeError(`lossesSpec: the history has no "${metric}" (it has ${Object.keys(h).join(", ") || "nothing"})`);
  const rows: LossRow[] = [];
  const push = (series: LossRow["series"], values: readonly number[]) =>
    values.forEach((v, i) => rows.push({ epoch: i + 1, series, value: Number.isFinite(v) ? v : null }));
  push("training", train);
  if (h[`val_${metric}`]) push("validation", h[`val_${metric}`]);
  return rows;
}

/** Vega-Lite spec of training and validation `metric` against epoch (the chapter's `plot_losses` figure). */
export function lossesSpec(history: HistoryLike, options: LossesSpecOptions = {}): VegaLiteSpec {
  checkOptions("lossesSpec", options, optionKeys<LossesSpecOptions>({ metric: true, yTitle: true, title: true, width: true, height: true }));
  const metric = options.metric ?? "loss";
  const rows = lossRows(history, metric);
  const series = [...new Set(rows.map((r) => r.series))];
  const spec: VegaLiteSpec = {
    $schema: VEGA_LITE_V5_SCHEMA,
    width: options.width ?? 400,
    height: options.height ?? 250,
    data: { values: rows },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "Epoch", axis: { tickMinStep: 1 } },
      y: { field: "value", type: "quantitative", title: options.yTitle ?? (metric === "loss" ? "Loss" : metric), scale: { zero: false } },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: series, range: LOSS_COLORS.slice(0, series.length) },
      },
      tooltip: [
        { field: "series", type: "nominal" },
        { field: "epoch", type: "quantitative" },
        { field: "value", type: "quantitative", format: ".4f" },
      ],
    },
  };
  if (options.title) spec.title = options.title;
  return spec;
}
