// Optimization history: every finished trial's value by trial number, and the best value so far
// as a step line (Optuna's plot_optimization_history); several studies can be compared.
import type { Direction, TrialRecord } from "../hpo/types.js";
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link optimizationHistorySpec}. */
export interface OptimizationHistoryOptions {
  /** Which way is better (for "best so far"). @default "minimize" */
  direction?: Direction;
  /** Chart title. @default "Optimization history" */
  title?: string;
  /** Y axis title. @default "objective" */
  valueTitle?: string;
  /** Plot width in pixels. @default 420 */
  width?: number;
  /** Plot height in pixels. @default 250 */
  height?: number;
  /** Log-scaled y axis (values must be positive). @default false */
  logY?: boolean;
}

/** One row of the history: a trial's value and the best so far at that trial. */
export interface HistoryRow {
  series: string;
  number: number;
  value: number | null;
  best: number | null;
  state: string;
}

/** Rows of the history chart for one list of trials (complete trials only carry a value). */
export function historyRows(trials: readonly TrialRecord[], direction: Direction = "minimize", series = "study"): HistoryRow[] {
  let best: number | null = null;
  return [...trials]
    .sort((a, b) => a.number - b.number)
    .map((t) => {
      const v = t.state === "complete" && t.value !== undefined && Number.isFinite(t.value) ? t.value : null;
      if (v !== null && (best === null || (direction === "minimize" ? v < best : v > best))) best = v;
      return { series, number: t.number, value: v, best, state: t.state };
    });
}

/** Vega-Lite spec: trial values as points and the best-so-far step line; pass `{label: trials}` to compare studies. */
export function optimizationHistorySpec(
  trials: readonly TrialRecord[] | Readonly<Record<string, readonly TrialRecord[]>>,
  options: OptimizationHistoryOptions = {},
): VegaLiteSpec {
  checkOptions(
    "optimizationHistorySpec",
    options,
    optionKeys<OptimizationHistoryOptions>({ direction: true, title: true, valueTitle: true, width: true, height: true, logY: true }),
  );
  const { direction = "minimize", title = "Optimization history", valueTitle = "objective", width = 420, height = 250, logY = false } = options;
  const runs: [string, readonly TrialRecord[]][] = Array.isArray(trials)
    ? [["study", trials as readonly TrialRecord[]]]
    : Object.entries(trials as Readonly<Record<string, readonly TrialRecord[]>>);
  if (runs.length === 0) throw new TypeError("optimizationHistorySpec: expected trials (an array of trial records, or {label: trials})");
  for (const [label, list] of runs)
    if (!Array.isArray(list)) throw new TypeError(`optimizationHistorySpec: trials of "${label}" must be an array of trial records`);
  const rows = runs.flatMap(([label, list]) => historyRows(list, direction, label));
  const several = runs.length > 1;
  const y = { type: "quantitative", title: valueTitle, scale: logY ? { type: "log" } : { zero: false } };
  const color = several ? { field: "series", type: "nominal", title: null } : { value: "#4C78A8" };
  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title,
    width,
    height,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.value !== null" }],
        mark: { type: "point", filled: true, opacity: several ? 0.35 : 0.6, size: 30 },
        encoding: {
          x: { field: "number", type: "quantitative", title: "trial" },
          y: { field: "value", ...y },
          color,
          tooltip: [
            ...(several ? [{ field: "series", type: "nominal" }] : []),
            { field: "number", type: "quantitative", title: "trial" },
            { field: "value", type: "quantitative", format: ".4g" },
          ],
        },
      },
      {
        transform: [{ filter: "datum.best !== null" }],
        mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
        encoding: {
          x: { field: "number", type: "quantitative" },
          y: { field: "best", ...y },
          color: several ? color : { value: "#E45756" },
        },
      },
    ],
  };
}
