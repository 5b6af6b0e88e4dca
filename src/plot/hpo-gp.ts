// The GP-BO picture along one parameter: posterior mean with a ±2σ band and the observed trials on
// top, the acquisition below with its maximizer marked (the next point BO would try there).
import type { GpSlice } from "../hpo/gp/slice.js";
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link gpSliceSpec}. */
export interface GpSliceSpecOptions {
  /** Chart title. @default "GP posterior and acquisition along <param>" */
  title?: string;
  /** Plot width in pixels. @default 420 */
  width?: number;
  /** Height of the posterior panel in pixels. @default 220 */
  height?: number;
  /** Height of the acquisition panel in pixels. @default 110 */
  acquisitionHeight?: number;
  /** Y axis title of the posterior panel. @default "objective" */
  objectiveTitle?: string;
  /** log-EI panel: show only this many nats below the maximum (log-EI plunges near observed points). @default 15 */
  logEiRange?: number;
}

/** Vega-Lite spec of a {@link GpSlice}: mean ± 2σ band with observations, acquisition underneath. */
export function gpSliceSpec(slice: GpSlice, options: GpSliceSpecOptions = {}): VegaLiteSpec {
  checkOptions(
    "gpSliceSpec",
    options,
    optionKeys<GpSliceSpecOptions>({ title: true, width: true, height: true, acquisitionHeight: true, objectiveTitle: true, logEiRange: true }),
  );
  if (!slice || !Array.isArray(slice.points) || slice.points.length === 0) {
    throw new TypeError("gpSliceSpec: expected a GpSlice with at least one point (from gpSlice(space, trials, direction, param))");
  }
  const { width = 420, height = 220, acquisitionHeight = 110, objectiveTitle = "objective", logEiRange = 15 } = options;
  const numeric = slice.kind === "numeric";
  const x = {
    field: "value",
    type: numeric ? "quantitative" : "nominal",
    title: slice.param,
    ...(numeric ? { scale: slice.log ? { type: "log", nice: false } : { type: "linear", zero: false, nice: false } } : { sort: null }),
  };
  const acqTitle = slice.acquisitionKind === "log-ei" ? "log EI" : "confidence bound";
  const top = slice.argmax.acquisition;
  const acqScale =
    slice.acquisitionKind === "log-ei" && Number.isFinite(top)
      ? { zero: false, domain: [Number((top - logEiRange).toPrecision(6)), Number((top + 0.05 * logEiRange).toPrecision(6))] }
      : { zero: false };
  const posterior = {
    width,
    height,
    layer: [
      {
        data: { values: slice.points },
        mark: numeric ? { type: "area", opacity: 0.25, color: "#4C78A8" } : { type: "rule", strokeWidth: 2, color: "#4C78A8" },
        encoding: { x, y: { field: "lower", type: "quantitative", title: objectiveTitle, scale: { zero: false } }, y2: { field: "upper" } },
      },
      {
        data: { values: slice.points },
        mark: numeric ? { type: "line", color: "#4C78A8" } : { type: "tick", color: "#4C78A8", thickness: 2 },
        encoding: {
          x,
          y: { field: "mean", type: "quantitative" },
          tooltip: [
            { field: "value", title: slice.param },
            { field: "mean", type: "quantitative", format: ".4g" },
            { field: "lower", type: "quantitative", format: ".4g", title: "mean − 2σ" },
            { field: "upper", type: "quantitative", format: ".4g", title: "mean + 2σ" },
          ],
        },
      },
      {
        data: { values: slice.observed },
        mark: { type: "point", filled: true, color: "#E45756", size: 40 },
        encoding: {
          x,
          y: { field: "objective", type: "quantitative" },
          tooltip: [
            { field: "number", type: "quantitative", title: "trial" },
            { field: "value", title: slice.param },
            { field: "objective", type: "quantitative", format: ".4g" },
          ],
        },
      },
    ],
  };
  const acquisition = {
    width,
    height: acquisitionHeight,
    layer: [
      {
        data: { values: slice.points },
        mark: numeric ? { type: "line", color: "#54A24B", clip: true } : { type: "bar", color: "#54A24B", clip: true },
        encoding: { x, y: { field: "acquisition", type: "quantitative", title: acqTitle, scale: acqScale } },
      },
      {
        data: { values: [slice.argmax] },
        mark: { type: "rule", color: "#F58518", strokeDash: [4, 3] },
        encoding: { x, tooltip: [{ field: "value", title: `next ${slice.param}` }] },
      },
    ],
  };
  const fixedText = Object.entries(slice.fixed)
    .map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(3)) : JSON.stringify(v)}`)
    .join(", ");
  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title: {
      text: options.title ?? `GP posterior and acquisition along ${slice.param}`,
      ...(fixedText ? { subtitle: `others at ${fixedText}` } : {}),
    },
    vconcat: [posterior, acquisition],
    resolve: { scale: { x: "shared" } },
  };
}
