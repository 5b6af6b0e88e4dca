// Public exports of src/plot (re-exported by src/index.ts).
export {};
export { renderSvg, renderPng, svgToPng, type RenderPngOptions } from "./render.js";
export { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
export { lossesSpec, lossRows, LOSS_COLORS, type HistoryLike, type LossesSpecOptions, type LossRow } from "./losses-spec.js";
export { gpSliceSpec, type GpSliceSpecOptions } from "./hpo-gp.js";
export { optimizationHistorySpec, historyRows, type OptimizationHistoryOptions, type HistoryRow } from "./hpo-history.js";
export { paramSlicesSpec, type ParamSlicesOptions } from "./hpo-slices.js";
export { parallelCoordinatesSpec, type ParallelCoordinatesOptions } from "./hpo-parallel.js";
export { coverageSpec, type CoverageOptions } from "./hpo-coverage.js";
export { histogramSpec, histogramRows, CHAPTER_COLORS, type HistogramSpecOptions, type HistogramRow } from "./histogram-spec.js";
export { errorBarsSpec, errorBarRows, type ErrorBarsSpecOptions, type MeasurementRow, type ReferenceRow, type ErrorBarRow } from "./error-bars-spec.js";
export { learningCurvesSpec, curveRows, type LearningCurvesSpecOptions, type CurveRow, type CurvePredictionPoint } from "./hpo-curves.js";
export { hyperbandBracketsSpec, rungDiagramSpec, rungBarRows, type RungBarRow } from "./hpo-schedule.js";
