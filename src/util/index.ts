// Public exports of src/util (re-exported by src/index.ts).
export { MT19937, numpyShuffledIndices } from "./rng-mt19937.js";
export type { Mt19937State } from "./rng-mt19937.js";
export { Random, createRng, deriveSeed, mulberry32 } from "./rng.js";
export type { Rng, RandomState } from "./rng.js";
export { cholesky, choleskyWithJitter, solveLower, solveLowerTransposed, solveCholesky, choleskyLogDet, choleskyInverse } from "./linalg.js";
export type { CholeskyJitterOptions } from "./linalg.js";
export { mean, sampleSd, median, summarize } from "./stats.js";
export type { Summary } from "./stats.js";
export { curveFit } from "./curve-fit.js";
export type { CurveModel, CurveFitOptions, CurveFitResult } from "./curve-fit.js";
