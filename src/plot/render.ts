/**
 * Headless rendering of Vega-Lite specs: SVG through vega's "none" renderer, PNG through @resvg/resvg-js.
 * vega and vega-lite 6 have top-level await (vega-canvas), so they are loaded with a real `import()` only:
 * a static import or `require` would make this package unloadable from tslab cells (require(esm) refuses TLA).
 */
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link renderPng}. */
export interface RenderPngOptions {
  /** Pixel density: the PNG is `scale` times the SVG's size. @default 2 */
  scale?: number;
  /** Font family used when the SVG names a font that is not installed. @default "DejaVu Sans" */
  defaultFontFamily?: string;
}

interface VegaModules {
  compile: (spec: unknown) => { spec: unknown };
  parse: (spec: unknown) => unknown;
  View: new (
    runtime: unknown,
    options: { renderer: string },
  ) => {
    toSVG(): Promise<string>;
    finalize(): void;
  };
}

let modules: Promise<VegaModules> | undefined;

/** Loads vega-lite and vega once, with dynamic import (they use top-level await). */
function loadVega(): Promise<VegaModules> {
  modules ??= (async () => {
    const vl = (await import("vega-lite")) as unknown as { compile: VegaModules["compile"] };
    const vega = (await import("vega")) as unknown as { parse: VegaModules["parse"]; View: VegaModules["View"] };
    return { compile: vl.compile, parse: vega.parse, View: vega.View };
  })();
  modules.catch(() => {
    modules = undefined;
  });
  return modules;
}

/** Renders a Vega-Lite spec to an SVG string (vega's "none" renderer, white background unless the spec sets one). */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError(`renderSvg: expected a Vega-Lite spec object, got ${spec === null ? "null" : typeof spec}`);
  }
  const { compile, parse, View } = await loadVega();
  const input = { background: "white", ...spec, $schema: VEGA_LITE_V5_SCHEMA };
  let compiled: { spec: unknown };
  try {
    compiled = compile(input);
  } catch (e) {
    throw new Error(`renderSvg: vega-lite could not compile the spec: ${(e as Error).message}`);
  }
  const view = new View(parse(compiled.spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const PNG_KEYS = optionKeys<RenderPngOptions>({ scale: true, defaultFontFamily: true });

/** Rasterises an SVG string to PNG bytes with @resvg/resvg-js and the system fonts. */
export async function svgToPng(svg: string, options: RenderPngOptions = {}): Promise<Uint8Array> {
  checkOptions("svgToPng", options, PNG_KEYS);
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`svgToPng: scale must be a positive number, got ${scale}`);
  const { Resvg } = await import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: options.defaultFontFamily ?? "DejaVu Sans" },
    fitTo: { mode: "zoom", value: scale },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** Renders a Vega-Lite spec to PNG bytes (SVG via vega, then rasterised by resvg). */
export async function renderPng(spec: VegaLiteSpec, options: RenderPngOptions = {}): Promise<Uint8Array> {
  checkOptions("renderPng", options, PNG_KEYS);
  return svgToPng(await renderSvg(spec), options);
}
