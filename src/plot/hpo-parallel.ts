// Parallel coordinates: one vertical axis per parameter (scaled to [0, 1]: log parameters in log
// space, categorical ones by choice index), one line per complete trial coloured by its value.
import type { Space, SpaceSpec } from "../hpo/space.js";
import type { Direction, TrialRecord } from "../hpo/types.js";
import { formatCompact as fmt } from "../util/format-number.js";
import { completeTrialParams, specOf } from "./trial-params.js";
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link parallelCoordinatesSpec}. */
export interface ParallelCoordinatesOptions {
  /** The search space (for log scaling and categorical order). @default undefined (inferred from the values) */
  space?: Space | SpaceSpec;
  /** Parameters to show, in order. @default all parameters that appear in the trials */
  params?: readonly string[];
  /** Which way is better: the best trials are drawn on top. @default "minimize" */
  direction?: Direction;
  /** Chart title. @default "Parallel coordinates" */
  title?: string;
  /** Legend title of the colour. @default "objective" */
  valueTitle?: string;
  /** Plot width in pixels. @default 480 */
  width?: number;
  /** Plot height in pixels. @default 260 */
  height?: number;
}

/** Vega-Lite spec of parallel coordinates over the complete trials (axes labelled with their min and max). */
export function parallelCoordinatesSpec(trials: readonly TrialRecord[], options: ParallelCoordinatesOptions = {}): VegaLiteSpec {
  checkOptions(
    "parallelCoordinatesSpec",
    options,
    optionKeys<ParallelCoordinatesOptions>({ space: true, params: true, direction: true, title: true, valueTitle: true, width: true, height: true }),
  );
  if (!Array.isArray(trials)) throw new TypeError("parallelCoordinatesSpec: expected an array of trial records");
  const { direction = "minimize", title = "Parallel coordinates", valueTitle = "objective", width = 480, height = 260 } = options;
  const spec = specOf(options.space);
  const { done, params } = completeTrialParams(trials, spec, options.params);
  const rows: { number: number; value: number; param: string; scaled: number; raw: string }[] = [];
  const ticks: { param: string; scaled: number; label: string }[] = [];
  for (const p of params) {
    const d = spec?.[p];
    const vals = done.filter((t) => p in t.params).map((t) => ({ t, v: (t.params as Record<string, unknown>)[p] }));
    const categorical = d ? d.kind === "categorical" : vals.some((x) => typeof x.v !== "number");
    if (categorical) {
      const choices = d?.kind === "categorical" ? d.choices.map(String) : [...new Set(vals.map((x) => String(x.v)))];
      const k = Math.max(1, choices.length - 1);
      for (const { t, v } of vals) rows.push({ number: t.number, value: t.value as number, param: p, scaled: choices.indexOf(String(v)) / k, raw: String(v) });
      choices.forEach((c, i) => ticks.push({ param: p, scaled: i / k, label: c }));
    } else {
      const log = d !== undefined && d.kind !== "categorical" && d.log;
      const f = (v: number): number => (log ? Math.log10(v) : v);
      const lo = d && d.kind !== "categorical" ? f(d.low) : Math.min(...vals.map((x) => f(x.v as number)));
      const hi = d && d.kind !== "categorical" ? f(d.high) : Math.max(...vals.map((x) => f(x.v as number)));
      const span = hi > lo ? hi - lo : 1;
      for (const { t, v } of vals)
        rows.push({ number: t.number, value: t.value as number, param: p, scaled: (f(v as number) - lo) / span, raw: fmt(v as number) });
      ticks.push({ param: p, scaled: 0, label: fmt(log ? 10 ** lo : lo) }, { param: p, scaled: 1, label: fmt(log ? 10 ** hi : hi) });
    }
  }
  // draw the best trials last (on top)
  const sign = direction === "minimize" ? -1 : 1;
  const x = { field: "param", type: "nominal", sort: params, title: null, axis: { labelAngle: 0, domain: false, ticks: false } };
  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title,
    width,
    height,
    layer: [
      { data: { values: params.map((p) => ({ param: p })) }, mark: { type: "rule", color: "#999" }, encoding: { x } },
      {
        data: { values: rows.map((r) => ({ ...r, order: sign * r.value })) },
        mark: { type: "line", opacity: 0.7, strokeWidth: 1.5 },
        encoding: {
          x,
          y: { field: "scaled", type: "quantitative", axis: null, scale: { domain: [0, 1] } },
          detail: { field: "number", type: "nominal" },
          color: { field: "value", type: "quantitative", title: valueTitle, scale: { scheme: "viridis", reverse: direction === "minimize" } },
          order: { field: "order", type: "quantitative" },
          tooltip: [
            { field: "number", title: "trial" },
            { field: "param" },
            { field: "raw", title: "value" },
            { field: "value", title: valueTitle, format: ".4g" },
          ],
        },
      },
      {
        data: { values: ticks },
        mark: { type: "text", align: "left", dx: 4, fontSize: 9, color: "#555" },
        encoding: { x, y: { field: "scaled", type: "quantitative" }, text: { field: "label" } },
      },
    ],
  };
}
