/**
 * Fitting a GP to observations: standardize the outputs, then choose the hyperparameters by
 * maximum a posteriori (log marginal likelihood + weak log prior, Rasmussen & Williams 2006 §5.4.1)
 * with box-constrained L-BFGS on log-parameters, and condition the posterior on the data.
 */
import { logMarginalLikelihood, logPrior, paramsFromLog, paramsToLog, type GpData } from "./marginal-likelihood.js";
import { minimizeBox } from "./lbfgs-b.js";
import { gpPosterior, type GpPosterior } from "./posterior.js";
import type { KernelParams } from "./kernel.js";

/** Options of {@link fitGp}. */
export interface FitGpOptions {
  /** Treat the objective as noise-free: fix the noise variance at `minNoise`. @default false */
  deterministic?: boolean;
  /** Smallest noise variance of the standardized outputs. @default 1e-6 */
  minNoise?: number;
  /** Largest noise variance of the standardized outputs. @default 10 */
  maxNoise?: number;
  /** Bounds of the inverse squared lengthscales (unit-cube inputs). @default [1e-3, 1e4] */
  inverseSquaredLengthscaleBounds?: readonly [number, number];
  /** Bounds of the signal variance. @default [1e-2, 1e2] */
  scaleBounds?: readonly [number, number];
  /** Extra start for the optimizer (e.g. the previous fit); the default start is always tried. @default undefined */
  warmStart?: KernelParams;
  /** Gradient tolerance of the optimizer on the negative log posterior (Optuna uses 1e-2 too). @default 1e-2 */
  gradientTolerance?: number;
  /** Maximum optimizer iterations per start. @default 60 */
  maxIterations?: number;
}

/** A fitted GP on standardized outputs, with what it takes to map back to the original scale. */
export interface FittedGp {
  /** Posterior conditioned on the standardized outputs. */
  readonly posterior: GpPosterior;
  /** Mean subtracted from the outputs. */
  readonly yMean: number;
  /** Standard deviation the outputs were divided by (1 when they were constant). */
  readonly yStd: number;
  /** log marginal likelihood + log prior at the chosen hyperparameters. */
  readonly logPosterior: number;
  /** Optimizer iterations used in total. */
  readonly iterations: number;
}

/** Mean and standard deviation used to standardize y (std = 1 when y is constant or has one point). */
export function standardization(y: ArrayLike<number>): { mean: number; std: number } {
  const n = y.length;
  if (n === 0) return { mean: 0, std: 1 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (y[i] - mean) ** 2;
  const std = Math.sqrt(ss / n);
  return { mean, std: std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1 };
}

/** Maximum a posteriori hyperparameters for the (already standardized) data. */
export function fitKernelParams(
  data: GpData,
  options: FitGpOptions = {},
): { params: KernelParams; logPosterior: number; iterations: number } {
  const {
    deterministic = false,
    minNoise = 1e-6,
    maxNoise = 10,
    inverseSquaredLengthscaleBounds = [1e-3, 1e4],
    scaleBounds = [1e-2, 1e2],
    warmStart,
    gradientTolerance = 1e-2,
    maxIterations = 60,
  } = options;
  const d = data.d;
  const lower = new Float64Array(d + 2);
  const upper = new Float64Array(d + 2);
  for (let k = 0; k < d; k++) {
    lower[k] = Math.log(inverseSquaredLengthscaleBounds[0]);
    upper[k] = Math.log(inverseSquaredLengthscaleBounds[1]);
  }
  lower[d] = Math.log(scaleBounds[0]);
  upper[d] = Math.log(scaleBounds[1]);
  lower[d + 1] = Math.log(minNoise);
  upper[d + 1] = deterministic ? Math.log(minNoise) : Math.log(maxNoise);

  const priorGrad = new Float64Array(d + 2);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const params = paramsFromLog(theta, d);
    let lml: number;
    try {
      lml = logMarginalLikelihood(data, params, grad);
    } catch {
      return Infinity; // not factorizable: the line search backs off
    }
    const lp = logPrior(params, priorGrad);
    for (let k = 0; k < d + 2; k++) grad[k] = -(grad[k] + priorGrad[k]);
    return -(lml + lp);
  };

  const starts: Float64Array[] = [];
  const defaultStart = new Float64Array(d + 2);
  defaultStart[d + 1] = deterministic ? Math.log(minNoise) : Math.log(Math.max(minNoise, 1e-2));
  starts.push(defaultStart);
  if (warmStart && warmStart.inverseSquaredLengthscales.length === d) starts.push(paramsToLog(warmStart));

  let best: { theta: Float64Array; value: number } | undefined;
  let iterations = 0;
  for (const start of starts) {
    const res = minimizeBox(objective, start, lower, upper, { gradientTolerance, maxIterations, maxEvaluations: 3 * maxIterations });
    iterations += res.iterations;
    if (!best || res.value < best.value) best = { theta: res.x, value: res.value };
  }
  if (!best || !Number.isFinite(best.value)) {
    throw new Error(`fitKernelParams: the marginal likelihood is not finite for any start (n = ${data.n}, d = ${d})`);
  }
  return { params: paramsFromLog(best.theta, d), logPosterior: -best.value, iterations };
}

/**
 * Fits a GP to raw outputs y at inputs x (row-major [n, d], unit-cube continuous columns, choice
 * indices in categorical columns): standardizes y, fits hyperparameters by MAP and conditions.
 */
export function fitGp(
  x: Float64Array,
  y: ArrayLike<number>,
  d: number,
  categorical: Uint8Array,
  options: FitGpOptions = {},
): FittedGp {
  const n = y.length;
  if (n === 0) throw new Error("fitGp: needs at least one observation, got none");
  if (x.length !== n * d) throw new Error(`fitGp: x must hold n·d = ${n}·${d} values, got ${x.length}`);
  if (categorical.length !== d) throw new Error(`fitGp: categorical must have d = ${d} flags, got ${categorical.length}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) throw new Error(`fitGp: y[${i}] = ${y[i]} is not finite`);
  }
  const { mean, std } = standardization(y);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) ys[i] = (y[i] - mean) / std;
  const data: GpData = { x, y: ys, n, d, categorical };
  const fit = fitKernelParams(data, options);
  return { posterior: gpPosterior(data, fit.params), yMean: mean, yStd: std, logPosterior: fit.logPosterior, iterations: fit.iterations };
}
