// Repeated measurements per group as mean ± sd error bars (series side by side within a group),
// each run as a small dot, and optional reference values (e.g. a published number) as black ticks.
import { summarize } from "../util/stats.js";
import { CHAPTER_COLORS } from "./histogram-spec.js";
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** One measurement: a run of `group` under `series` that scored `value`. */
export interface MeasurementRow {
  /** Category on the x axis (e.g. the chapter's section). */
  group: string;
  /** Series within the group, told apart by colour (e.g. the split). */
  series: string;
  /** The measured value (e.g. test AUC of one seed). */
  value: number;
}

/** A reference value drawn as a black tick across its group (e.g. what the chapter printed). */
export interface ReferenceRow {
  /** Group it belongs to. */
  group: string;
  /** The value. */
  value: number;
  /** Series to align the tick with (e.g. the split the reference was measured on). @default centred on the group */
  series?: string;
}

/** Per (group, series): the statistics the error bars show. */
export interface ErrorBarRow {
  group: string;
  series: string;
  n: number;
  mean: number;
  sd: number;
  median: number;
  /** mean − sd */
  low: number;
  /** mean + sd */
  high: number;
}

/** Options of {@link errorBarsSpec}. */
export interface ErrorBarsSpecOptions {
  /** Y axis title. @default "value" */
  yTitle?: string;
  /** X axis title. @default null (no title) */
  xTitle?: string | null;
  /** Legend title of the series. @default null */
  seriesTitle?: string | null;
  /** Legend label of the reference ticks. @default "reference" */
  referenceLabel?: string;
  /** Chart title. @default none */
  title?: string;
  /** Series colours in order of first appearance. @default the chapter's colour cycle */
  colors?: readonly string[];
  /** Plot width in pixels. @default 460 */
  width?: number;
  /** Plot height in pixels. @default 260 */
  height?: number;
}

/** Groups measurements by (group, series) in order of first appearance, with n, mean, sd, median and mean ± sd. */
export function errorBarRows(rows: readonly MeasurementRow[]): ErrorBarRow[] {
  if (!Array.isArray(rows) || rows.length === 0) throw new RangeError("errorBarsSpec: expected a non-empty array of {group, series, value}");
  const byKey = new Map<string, { group: string; series: string; values: number[] }>();
  rows.forEach((r, i) => {
    if (typeof r?.group !== "string" || typeof r.series !== "string") throw new TypeError(`errorBarsSpec: row ${i} needs string group and series`);
    if (!Number.isFinite(r.value)) throw new RangeError(`errorBarsSpec: row ${i} (${r.group}, ${r.series}) has a non-finite value ${r.value}`);
    const key = JSON.stringify([r.group, r.series]);
    const entry = byKey.get(key) ?? { group: r.group, series: r.series, values: [] as number[] };
    entry.values.push(r.value);
    byKey.set(key, entry);
  });
  return [...byKey.values()].map(({ group, series, values }) => {
    const s = summarize(values);
    return { group, series, n: s.n, mean: s.mean, sd: s.sd, median: s.median, low: s.mean - s.sd, high: s.mean + s.sd };
  });
}

/** Vega-Lite spec: per group, one mean ± sd bar per series (runs as dots), reference values as black ticks. */
export function errorBarsSpec(rows: readonly MeasurementRow[], references: readonly ReferenceRow[] = [], options: ErrorBarsSpecOptions = {}): VegaLiteSpec {
  checkOptions(
    "errorBarsSpec",
    options,
    optionKeys<ErrorBarsSpecOptions>({
      yTitle: true,
      xTitle: true,
      seriesTitle: true,
      referenceLabel: true,
      title: true,
      colors: true,
      width: true,
      height: true,
    }),
  );
  const stats = errorBarRows(rows);
  const groups = [...new Set([...rows.map((r) => r.group), ...references.map((r) => r.group)])];
  const series = [...new Set(rows.map((r) => r.series))];
  const colors = options.colors ?? CHAPTER_COLORS;
  references.forEach((r, i) => {
    if (!Number.isFinite(r?.value)) throw new RangeError(`errorBarsSpec: reference ${i} (${r?.group}) has a non-finite value ${r?.value}`);
  });
  const x = { field: "group", type: "nominal", title: options.xTitle ?? null, sort: groups, axis: { labelAngle: 0, labelLimit: 240 } };
  const color = {
    field: "series",
    type: "nominal",
    title: options.seriesTitle ?? null,
    scale: { domain: series, range: series.map((_, i) => colors[i % colors.length]) },
    legend: { labelLimit: 280 },
  };
  const y = (field: string) => ({ field, type: "quantitative", title: options.yTitle ?? "value", scale: { zero: false } });
  const layer: Record<string, unknown>[] = [
    {
      data: { values: stats },
      mark: { type: "errorbar", ticks: true, thickness: 1.5 },
      encoding: { x, xOffset: { field: "series", sort: series }, y: y("low"), y2: { field: "high" }, color },
    },
    {
      data: { values: stats },
      mark: { type: "point", filled: true, size: 70 },
      encoding: {
        x,
        xOffset: { field: "series", sort: series },
        y: y("mean"),
        color,
        tooltip: [
          { field: "group", type: "nominal" },
          { field: "series", type: "nominal" },
          { field: "n", type: "quantitative" },
          { field: "mean", type: "quantitative", format: ".3f" },
          { field: "sd", type: "quantitative", format: ".3f" },
          { field: "median", type: "quantitative", format: ".3f" },
        ],
      },
    },
    {
      data: { values: rows.map((r) => ({ group: r.group, series: r.series, value: r.value })) },
      mark: { type: "point", size: 18, opacity: 0.6 },
      encoding: { x, xOffset: { field: "series", sort: series }, y: y("value"), color },
    },
  ];
  if (references.length) {
    layer.push({
      data: { values: references.map((r) => ({ group: r.group, series: r.series, value: r.value, kind: options.referenceLabel ?? "reference" })) },
      mark: { type: "tick", thickness: 2, size: 28 },
      encoding: {
        x,
        ...(references.every((r) => r.series !== undefined) ? { xOffset: { field: "series", sort: series } } : {}),
        y: y("value"),
        stroke: { field: "kind", type: "nominal", title: null, scale: { range: ["#222222"] }, legend: { labelLimit: 280 } },
        color: { value: "#222222" },
        tooltip: [
          { field: "group", type: "nominal" },
          { field: "value", type: "quantitative", format: ".3f" },
        ],
      },
    });
  }
  const spec: VegaLiteSpec = {
    $schema: VEGA_LITE_V5_SCHEMA,
    width: options.width ?? 460,
    height: options.height ?? 260,
    layer,
  };
  if (options.title) spec.title = options.title;
  return spec;
}
