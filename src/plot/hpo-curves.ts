// Learning curves of a study's trials (intermediate values by step): complete trials solid, stopped or
// paused trials faded with a mark where they ended, and optional learning-curve extrapolations dashed
// with their ±2σ band (predictions come from hpo's `extrapolate(...)`, passed in as plain numbers).
import type { Direction, TrialRecord } from "../hpo/types.js";
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** A predicted point of a trial's curve (as returned by `LearningCurveModel.predict`). */
export interface CurvePredictionPoint {
  readonly step: number;
  readonly mean: number;
  readonly std: number;
}

/** Options of {@link learningCurvesSpec}. */
export interface LearningCurvesSpecOptions {
  /** Extrapolations to draw dashed, by trial number. @default {} */
  extrapolations?: Readonly<Record<number, readonly CurvePredictionPoint[]>>;
  /** Which way is better (the best complete trial is highlighted). @default "minimize" */
  direction?: Direction;
  /** Chart title. @default "Learning curves" */
  title?: string;
  /** Y axis title. @default "value" */
  valueTitle?: string;
  /** Opacity of stopped/paused curves. @default 0.25 */
  fadedOpacity?: number;
  /** Plot width in pixels. @default 460 */
  width?: number;
  /** Plot height in pixels. @default 280 */
  height?: number;
}

/** One point of a curve. */
export interface CurveRow {
  trial: number;
  step: number;
  value: number;
  state: string;
  /** "best" for the best complete trial, else the trial state. */
  group: string;
  note: string;
}

/** Rows of the chart: every finite intermediate value of every trial. */
export function curveRows(trials: readonly TrialRecord[], direction: Direction = "minimize"): CurveRow[] {
  let best: TrialRecord | undefined;
  for (const t of trials) {
    if (t.state !== "complete" || t.value === undefined || !Number.isFinite(t.value)) continue;
    if (!best || (direction === "minimize" ? t.value < (best.value as number) : t.value > (best.value as number))) best = t;
  }
  return trials.flatMap((t) =>
    t.intermediate
      .filter((iv) => Number.isFinite(iv.value))
      .map((iv) => ({ trial: t.number, step: iv.step, value: iv.value, state: t.state, group: t === best ? "best" : t.state, note: t.note ?? "" })),
  );
}

const COLORS = { best: "#E45756", complete: "#4C78A8", pruned: "#9D9D9D", paused: "#F58518", running: "#54A24B", failed: "#B279A2", waiting: "#BAB0AC" };

/** Vega-Lite spec: one line per trial; stopped curves faded with an end mark; extrapolations dashed with a ±2σ band. */
export function learningCurvesSpec(trials: readonly TrialRecord[], options: LearningCurvesSpecOptions = {}): VegaLiteSpec {
  checkOptions(
    "learningCurvesSpec",
    options,
    optionKeys<LearningCurvesSpecOptions>({
      extrapolations: true,
      direction: true,
      title: true,
      valueTitle: true,
      fadedOpacity: true,
      width: true,
      height: true,
    }),
  );
  if (!Array.isArray(trials)) throw new TypeError("learningCurvesSpec: expected an array of trial records");
  const {
    extrapolations = {},
    direction = "minimize",
    title = "Learning curves",
    valueTitle = "value",
    fadedOpacity = 0.25,
    width = 460,
    height = 280,
  } = options;
  const rows = curveRows(trials, direction);
  const ends = trials
    .filter((t) => (t.state === "pruned" || t.state === "paused") && t.intermediate.length > 0)
    .map((t) => {
      const last = t.intermediate[t.intermediate.length - 1];
      return { trial: t.number, step: last.step, value: last.value, state: t.state, note: t.note ?? "" };
    })
    .filter((r) => Number.isFinite(r.value));
  const ext = Object.entries(extrapolations).flatMap(([trial, pts]) =>
    pts
      .filter((p) => Number.isFinite(p.mean))
      .map((p) => ({ trial: Number(trial), step: p.step, mean: p.mean, lower: p.mean - 2 * p.std, upper: p.mean + 2 * p.std })),
  );
  const groups = [...new Set(rows.map((r) => r.group))].sort();
  const color = {
    field: "group",
    type: "nominal",
    title: "trial",
    scale: { domain: groups, range: groups.map((g) => COLORS[g as keyof typeof COLORS] ?? "#888") },
  };
  const x = { field: "step", type: "quantitative", title: "step (epoch)" };
  const y = { type: "quantitative", title: valueTitle, scale: { zero: false } };
  const layer: unknown[] = [
    {
      data: { values: rows },
      mark: { type: "line", strokeWidth: 1.5 },
      encoding: {
        x,
        y: { field: "value", ...y },
        detail: { field: "trial", type: "nominal" },
        color,
        opacity: { condition: { test: "datum.state === 'complete'", value: 0.9 }, value: fadedOpacity },
        tooltip: [
          { field: "trial", type: "quantitative" },
          { field: "state", type: "nominal" },
          { field: "note", type: "nominal" },
        ],
      },
    },
  ];
  if (ends.length > 0) {
    layer.push({
      data: { values: ends },
      mark: { type: "point", shape: "cross", size: 40, filled: true },
      encoding: {
        x,
        y: { field: "value", ...y },
        color: { value: "#666" },
        opacity: { value: 0.6 },
        tooltip: [
          { field: "trial", type: "quantitative" },
          { field: "note", type: "nominal", title: "why" },
        ],
      },
    });
  }
  if (ext.length > 0) {
    layer.push(
      {
        data: { values: ext },
        mark: { type: "area", opacity: 0.12, color: "#F58518" },
        encoding: { x, y: { field: "lower", ...y }, y2: { field: "upper" }, detail: { field: "trial", type: "nominal" } },
      },
      {
        data: { values: ext },
        mark: { type: "line", strokeDash: [5, 4], strokeWidth: 1.5, color: "#F58518" },
        encoding: {
          x,
          y: { field: "mean", ...y },
          detail: { field: "trial", type: "nominal" },
          tooltip: [
            { field: "trial", type: "quantitative" },
            { field: "step", type: "quantitative" },
            { field: "mean", type: "quantitative", format: ".4g", title: "predicted" },
          ],
        },
      },
    );
  }
  return { $schema: VEGA_LITE_V5_SCHEMA, title, width, height, layer };
}
