// A histogram of one or more series as a Vega-Lite bar chart; the binning happens here, so the
// spec carries one row per (bin, series) instead of every raw value.
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link histogramSpec}. */
export interface HistogramSpecOptions {
  /** Width of one bin in data units; bins start at multiples of it. @default chosen for about 30 bins */
  binWidth?: number;
  /** X axis title. @default "value" */
  xTitle?: string;
  /** Y axis title. @default "count" (or "fraction of the series" when normalized) */
  yTitle?: string;
  /** Divide each series' counts by its size, so series of different sizes compare by shape. @default false */
  normalize?: boolean;
  /** Stack the series' bars (true) or overlay them half-transparent (false). @default true unless normalize */
  stack?: boolean;
  /** Colours of the series, in order. @default the chapter's colour cycle */
  colors?: readonly string[];
  /** Legend title. @default null (no title) */
  seriesTitle?: string | null;
  /** Chart title. @default none */
  title?: string;
  /** Plot width in pixels. @default 420 */
  width?: number;
  /** Plot height in pixels. @default 240 */
  height?: number;
}

/** One bar of the histogram: a bin of one series. */
export interface HistogramRow {
  /** Inclusive lower edge of the bin. */
  start: number;
  /** Exclusive upper edge of the bin. */
  end: number;
  /** Series name. */
  series: string;
  /** Values in the bin (or their fraction of the series when normalized). */
  count: number;
}

/** The chapter's matplotlib colour cycle. */
export const CHAPTER_COLORS = Object.freeze(["#1BBC9B", "#F06060", "#5C4B51", "#F3B562", "#6e5687"] as const);

/** A bin width near range/30 rounded to 1, 2 or 5 × 10^k (at least 1 for integer data). */
function niceBinWidth(min: number, max: number, integers: boolean): number {
  const span = max - min;
  if (!(span > 0)) return 1;
  const raw = span / 30;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  return integers ? Math.max(1, Math.round(step)) : step;
}

/** Bins each series into rows {start, end, series, count}; empty bins between the extremes are kept as 0. */
export function histogramRows(
  series: Readonly<Record<string, ArrayLike<number>>>,
  options: Pick<HistogramSpecOptions, "binWidth" | "normalize"> = {},
): HistogramRow[] {
  if (series === null || typeof series !== "object") throw new TypeError("histogramSpec: expected {seriesName: values}");
  const names = Object.keys(series);
  if (names.length === 0) throw new RangeError("histogramSpec: no series given");
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (const name of names) {
    const v = series[name]!;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (!Number.isFinite(x)) throw new RangeError(`histogramSpec: series "${name}" value ${i} is not finite (${x})`);
      if (x < min) min = x;
      if (x > max) max = x;
      if (!Number.isInteger(x)) integers = false;
    }
  }
  if (min === Infinity) throw new RangeError("histogramSpec: every series is empty");
  const width = options.binWidth ?? niceBinWidth(min, max, integers);
  if (!(width > 0 && Number.isFinite(width))) throw new RangeError(`histogramSpec: binWidth must be a positive number, got ${width}`);
  const first = Math.floor(min / width);
  const bins = Math.floor(max / width) - first + 1;
  const rows: HistogramRow[] = [];
  for (const name of names) {
    const v = series[name]!;
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < v.length; i++) counts[Math.floor(v[i]! / width) - first]!++;
    counts.forEach((c, b) => {
      const start = (first + b) * width;
      rows.push({ start: round(start), end: round(start + width), series: name, count: options.normalize && v.length ? c / v.length : c });
    });
  }
  return rows;
}

function round(x: number): number {
  return Number(x.toPrecision(12));
}

/** Vega-Lite spec of a histogram of each series in `series` ({name: values}), binned here. */
export function histogramSpec(series: Readonly<Record<string, ArrayLike<number>>>, options: HistogramSpecOptions = {}): VegaLiteSpec {
  checkOptions(
    "histogramSpec",
    options,
    optionKeys<HistogramSpecOptions>({
      binWidth: true,
      xTitle: true,
      yTitle: true,
      normalize: true,
      stack: true,
      colors: true,
      seriesTitle: true,
      title: true,
      width: true,
      height: true,
    }),
  );
  const rows = histogramRows(series, options);
  const names = Object.keys(series);
  const normalize = options.normalize ?? false;
  const stack = options.stack ?? !normalize;
  const colors = options.colors ?? CHAPTER_COLORS;
  const spec: VegaLiteSpec = {
    $schema: VEGA_LITE_V5_SCHEMA,
    width: options.width ?? 420,
    height: options.height ?? 240,
    data: { values: rows },
    mark: { type: "bar", ...(stack ? {} : { opacity: 0.55 }) },
    encoding: {
      x: { field: "start", type: "quantitative", bin: { binned: true }, title: options.xTitle ?? "value" },
      x2: { field: "end" },
      y: {
        field: "count",
        type: "quantitative",
        title: options.yTitle ?? (normalize ? "fraction of the series" : "count"),
        stack: stack ? "zero" : null,
      },
      color: {
        field: "series",
        type: "nominal",
        title: options.seriesTitle ?? null,
        scale: { domain: names, range: names.map((_, i) => colors[i % colors.length]) },
      },
      tooltip: [
        { field: "series", type: "nominal" },
        { field: "start", type: "quantitative", title: "from" },
        { field: "end", type: "quantitative", title: "to (excl.)" },
        { field: "count", type: "quantitative", format: normalize ? ".3f" : "d" },
      ],
    },
  };
  if (options.title) spec.title = options.title;
  return spec;
}
