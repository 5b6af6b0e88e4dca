/**
 * `chart(spec)`: a Vega-Lite chart as one output carrying application/vnd.vegalite.v5+json (interactive in
 * JupyterLab, Notebook 7, VS Code), image/svg+xml and image/png (classic Notebook, GitHub, HTML export) and
 * text/plain. Never text/html: JupyterLab ranks it above Vega-Lite and would hide the interactive chart.
 */
import { renderSvg, svgToPng } from "../plot/render.js";
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "../plot/vega-lite-spec.js";
import { display, trackWork } from "./display.js";
import { kernelHook, type MimeBundle } from "./kernel-hook.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** The Vega-Lite MIME type every current Jupyter front end renders (v6 is not rendered by JupyterLab 4 or VS Code). */
export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** Options of {@link chart} and {@link chartBundle}. */
export interface ChartOptions {
  /** Include the static SVG rendering. @default true */
  svg?: boolean;
  /** Include the static PNG rendering. @default true */
  png?: boolean;
  /** PNG pixel density relative to the SVG size. @default 2 */
  scale?: number;
  /** Display id, so that a later `chart(spec, {displayId, update: true})` redraws this chart in place. @default undefined */
  displayId?: string;
  /** Replace the chart with `displayId` instead of adding a new output. @default false */
  update?: boolean;
}

/** Throws when some data of the spec is loaded from a URL: notebook outputs must be self-contained. */
function checkInlineData(node: unknown, path: string): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    node.forEach((child, i) => checkInlineData(child, `${path}[${i}]`));
    return;
  }
  const record = node as Record<string, unknown>;
  const data = record.data as Record<string, unknown> | undefined;
  if (data && typeof data === "object" && typeof data.url === "string") {
    throw new Error(`chart: ${path}.data.url (${data.url}) is not allowed: inline the rows as data.values so the output is self-contained`);
  }
  for (const key of ["layer", "hconcat", "vconcat", "concat", "spec"]) {
    if (key in record) checkInlineData(record[key], `${path}.${key}`);
  }
}

/** Returns the spec to embed: a copy with the Vega-Lite v5 `$schema`, after checking that its data is inline. */
export function toV5Spec(spec: VegaLiteSpec): VegaLiteSpec {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError(`chart: expected a Vega-Lite spec object, got ${spec === null ? "null" : typeof spec}`);
  }
  checkInlineData(spec, "spec");
  return { ...spec, $schema: VEGA_LITE_V5_SCHEMA };
}

/** Counts inline rows (data.values and datasets) anywhere in the spec. */
function countRows(node: unknown): number {
  if (node === null || typeof node !== "object") return 0;
  if (Array.isArray(node)) return node.reduce((n: number, c) => n + countRows(c), 0);
  const record = node as Record<string, unknown>;
  let n = 0;
  const values = (record.data as { values?: unknown } | undefined)?.values;
  if (Array.isArray(values)) n += values.length;
  const datasets = record.datasets as Record<string, unknown> | undefined;
  if (datasets && typeof datasets === "object") for (const d of Object.values(datasets)) if (Array.isArray(d)) n += d.length;
  for (const key of ["layer", "hconcat", "vconcat", "concat", "spec"]) if (key in record) n += countRows(record[key]);
  return n;
}

/** Collects "mark(y vs x)" descriptions of the spec and its layers. */
function describeMarks(node: unknown, out: string[]): void {
  if (node === null || typeof node !== "object" || Array.isArray(node)) {
    if (Array.isArray(node)) node.forEach((c) => describeMarks(c, out));
    return;
  }
  const record = node as Record<string, unknown>;
  const mark = record.mark;
  const markType = typeof mark === "string" ? mark : (mark as { type?: string } | undefined)?.type;
  if (markType) {
    const enc = (record.encoding ?? {}) as Record<string, { field?: unknown; title?: unknown } | undefined>;
    const name = (ch: string) => {
      const e = enc[ch];
      const t = e?.title ?? e?.field;
      return typeof t === "string" ? t : undefined;
    };
    const axes = [name("y"), name("x")].filter((s): s is string => s !== undefined);
    const color = name("color");
    out.push(`${markType}${axes.length === 2 ? ` ${axes[0]} vs ${axes[1]}` : axes.length === 1 ? ` ${axes[0]}` : ""}${color ? ` by ${color}` : ""}`);
  }
  for (const key of ["layer", "hconcat", "vconcat", "concat", "spec"]) if (key in record) describeMarks(record[key], out);
}

/** A one-line text summary of a chart (its text/plain form, and what plain Node prints). */
export function chartSummary(spec: VegaLiteSpec): string {
  const t = spec.title;
  const title = typeof t === "string" ? t : Array.isArray(t) ? t.join(" ") : t && typeof t === "object" ? [t.text ?? ""].flat().join(" ") : "";
  const marks: string[] = [];
  describeMarks(spec, marks);
  const rows = countRows(spec);
  return `[chart${title ? ` "${title}"` : ""}: ${marks.join("; ") || "no marks"}; ${rows} row${rows === 1 ? "" : "s"}]`;
}

/** Reads the pixel size of an SVG root element. */
function svgSize(svg: string): { width: number; height: number } | undefined {
  const head = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const w = /\swidth="([\d.]+)"/.exec(head);
  const h = /\sheight="([\d.]+)"/.exec(head);
  return w && h ? { width: Number(w[1]), height: Number(h[1]) } : undefined;
}

/** Builds a chart's MIME bundle and metadata: Vega-Lite v5 spec, SVG, PNG (base64) and text/plain. */
const CHART_KEYS = optionKeys<ChartOptions>({ svg: true, png: true, scale: true, displayId: true, update: true });

export async function chartBundle(spec: VegaLiteSpec, options: ChartOptions = {}): Promise<{ data: MimeBundle; metadata: Record<string, unknown> }> {
  checkOptions("chart", options, CHART_KEYS);
  const v5 = toV5Spec(spec);
  const data: MimeBundle = { [VEGA_LITE_MIME]: v5 };
  const metadata: Record<string, unknown> = {};
  if (options.svg !== false || options.png !== false) {
    const svg = await renderSvg(v5);
    if (options.svg !== false) data["image/svg+xml"] = svg;
    if (options.png !== false) {
      data["image/png"] = Buffer.from(await svgToPng(svg, { scale: options.scale ?? 2 })).toString("base64");
      const size = svgSize(svg);
      // Shown at the SVG's size: the extra pixels only make it sharp on high-density screens.
      if (size) metadata["image/png"] = { width: size.width, height: size.height };
    }
  }
  data["text/plain"] = chartSummary(v5);
  return { data, metadata };
}

/**
 * Displays a Vega-Lite chart. In a kernel: one output with the four MIME types; in plain Node: a one-line summary.
 * Await it in a cell; if not awaited, the kernel still waits for it before finishing the cell.
 */
export function chart(spec: VegaLiteSpec, options: ChartOptions = {}): Promise<void> {
  checkOptions("chart", options, CHART_KEYS);
  if (!kernelHook()) {
    const v5 = toV5Spec(spec);
    display({ "text/plain": chartSummary(v5) });
    return Promise.resolve();
  }
  const work = (async () => {
    const { data, metadata } = await chartBundle(spec, options);
    display(data, { metadata, displayId: options.displayId, update: options.update });
  })();
  return trackWork(work);
}
