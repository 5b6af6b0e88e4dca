// Public exports of src/notebook (re-exported by src/index.ts).
export {};
export { display, clearOutput, newDisplayId, bundleText, trackWork, type DisplayOptions } from "./display.js";
export { chart, chartBundle, chartSummary, toV5Spec, VEGA_LITE_MIME, type ChartOptions } from "./chart.js";
export { progress, Progress, type ProgressOptions, type ProgressInfo } from "./progress.js";
export { kernelHook, inKernel, KERNEL_HOOK, type KernelHook, type MimeBundle, type DisplayContent } from "./kernel-hook.js";
export { plotLosses, type PlotLossesOptions } from "./plot-losses.js";
export { trainingProgress, type TrainingProgressOptions } from "./training-progress.js";
export { reportMetrics, METRICS_MIME } from "./report-metrics.js";
