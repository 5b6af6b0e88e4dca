// Public exports of src/plot (re-exported by src/index.ts).
export {};
export { renderSvg, renderPng, svgToPng, type RenderPngOptions } from "./render.js";
export { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
export { lossesSpec, lossRows, LOSS_COLORS, type HistoryLike, type LossesSpecOptions, type LossRow } from "./losses-spec.js";
export { gpSliceSpec, type GpSliceSpecOptions } from "./hpo-gp.js";
