// Public exports of the GP building blocks (re-exported by src/hpo/index.ts).
export { matern52, kernelMatrix, type KernelParams } from "./kernel.js";
export { fitGp, standardization, type FitGpOptions, type FittedGp } from "./fit.js";
export { gpPosterior, predictAt, type GpPosterior, type Prediction } from "./posterior.js";
export { logMarginalLikelihood, type GpData } from "./marginal-likelihood.js";
export { logExpectedImprovement, expectedImprovement, lowerConfidenceBound, type AcquisitionValue } from "./log-ei.js";
export { acquisitionFunction, optimizeAcquisition, type AcquisitionKind, type OptimizeAcquisitionOptions } from "./optimize-acquisition.js";
export { fitSurrogate, type Surrogate, type SurrogateOptions } from "./surrogate.js";
export { gpSlice, gpSliceOf, type GpSlice, type GpSliceOptions, type GpSlicePoint, type GpSliceObservation, type GpSliceSource } from "./slice.js";
