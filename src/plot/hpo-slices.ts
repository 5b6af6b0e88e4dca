// Parameter slices: the objective against each parameter, one small panel per parameter, points
// coloured by trial number (Optuna's plot_slice). Log parameters get log axes.
import type { Space, SpaceSpec } from "../hpo/space.js";
import type { TrialRecord } from "../hpo/types.js";
import { completeTrialParams, specOf } from "./trial-params.js";
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link paramSlicesSpec}. */
export interface ParamSlicesOptions {
  /** The search space (for log axes and categorical order). @default undefined (axes inferred from the values) */
  space?: Space | SpaceSpec;
  /** Parameters to show, in order. @default all parameters that appear in the trials */
  params?: readonly string[];
  /** Chart title. @default "Objective by parameter" */
  title?: string;
  /** Y axis title. @default "objective" */
  valueTitle?: string;
  /** Panel width in pixels. @default 180 */
  width?: number;
  /** Panel height in pixels. @default 160 */
  height?: number;
  /** Panels per row. @default 4 */
  columns?: number;
}

/** Vega-Lite spec: one scatter panel per parameter (value vs objective) over the complete trials. */
export function paramSlicesSpec(trials: readonly TrialRecord[], options: ParamSlicesOptions = {}): VegaLiteSpec {
  checkOptions(
    "paramSlicesSpec",
    options,
    optionKeys<ParamSlicesOptions>({ space: true, params: true, title: true, valueTitle: true, width: true, height: true, columns: true }),
  );
  if (!Array.isArray(trials)) throw new TypeError("paramSlicesSpec: expected an array of trial records");
  const { title = "Objective by parameter", valueTitle = "objective", width = 180, height = 160, columns = 4 } = options;
  const spec = specOf(options.space);
  const { done, params } = completeTrialParams(trials, spec, options.params);
  for (const p of params) if (spec && !(p in spec)) throw new RangeError(`paramSlicesSpec: "${p}" is not a parameter of the space`);
  const panels = params.map((p) => {
    const d = spec?.[p];
    const rows = done.filter((t) => p in t.params).map((t) => ({ number: t.number, value: t.value, x: (t.params as Record<string, unknown>)[p] }));
    const categorical = d ? d.kind === "categorical" : rows.some((r) => typeof r.x !== "number");
    const x = categorical
      ? { field: "x", type: "nominal", title: p, ...(d?.kind === "categorical" ? { sort: d.choices.map(String) } : {}) }
      : { field: "x", type: "quantitative", title: p, scale: d && d.kind !== "categorical" && d.log ? { type: "log" } : { zero: false } };
    return {
      width,
      height,
      data: { values: rows.map((r) => (categorical ? { ...r, x: String(r.x) } : r)) },
      mark: { type: "point", filled: true, opacity: 0.75 },
      encoding: {
        x,
        y: { field: "value", type: "quantitative", title: valueTitle, scale: { zero: false } },
        color: { field: "number", type: "quantitative", title: "trial", scale: { scheme: "blues" } },
        tooltip: [
          { field: "number", title: "trial" },
          { field: "x", title: p },
          { field: "value", format: ".4g" },
        ],
      },
    };
  });
  return { $schema: VEGA_LITE_V5_SCHEMA, title, columns, concat: panels, resolve: { scale: { color: "shared" } } };
}
