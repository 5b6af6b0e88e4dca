/**
 * Fitting a GP to observations: standardize the outputs, then choose the hyperparameters by
 * maximum a posteriori (log marginal likelihood + weak log prior, Rasmussen & Williams 2006 §5.4.1)
 * with box-constrained L-BFGS on log-parameters, and condition the posterior on the data.
 */
import { logMarginalLikelihood, logPrior, paramsFromLog, paramsToLog, type GpData } from "./marginal-likelihood.js";
import { minimizeBox } from "./lbfgs-b.js";
import { gpPosterior, type GpPosterior } from "./posterior.js";
import type { KernelParams } from "./kernel.js";
import { WARP_BOUNDS, warpDerivatives, warpLogPrior, warpRows, type InputWarp } from "./input-warping.js";

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
  /** Columns to warp with a learned Kumaraswamy CDF (1 = warp; categorical columns are never warped); [d]. @default none */
  warp?: Uint8Array;
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
  /** The learned input warp (the posterior's inputs are warped with it), or undefined when no column is warped. */
  readonly warp: InputWarp | undefined;
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
): { params: KernelParams; logPosterior: number; iterations: number; warp: InputWarp | undefined } {
  const {
    deterministic = false,
    minNoise = 1e-6,
    maxNoise = 10,
    inverseSquaredLengthscaleBounds = [1e-3, 1e4],
    scaleBounds = [1e-2, 1e2],
    warmStart,
    gradientTolerance = 1e-2,
    maxIterations = 60,
    warp,
  } = options;
  const d = data.d;
  if (warp !== undefined && warp.length !== d) throw new Error(`fitKernelParams: warp must have d = ${d} flags, got ${warp.length}`);
  const warped: number[] = [];
  for (let k = 0; k < d; k++) if (warp?.[k] && !data.categorical[k]) warped.push(k);
  const m = warped.length;
  const p = d + 2 + 2 * m; // θ = [log w, log scale, log noise, log a (m), log b (m)]
  const lower = new Float64Array(p);
  const upper = new Float64Array(p);
  for (let k = 0; k < d; k++) {
    lower[k] = Math.log(inverseSquaredLengthscaleBounds[0]);
    upper[k] = Math.log(inverseSquaredLengthscaleBounds[1]);
  }
  lower[d] = Math.log(scaleBounds[0]);
  upper[d] = Math.log(scaleBounds[1]);
  lower[d + 1] = Math.log(minNoise);
  upper[d + 1] = deterministic ? Math.log(minNoise) : Math.log(maxNoise);
  for (let j = 0; j < 2 * m; j++) {
    lower[d + 2 + j] = Math.log(WARP_BOUNDS[0]);
    upper[d + 2 + j] = Math.log(WARP_BOUNDS[1]);
  }

  const priorGrad = new Float64Array(d + 2);
  const mask = new Uint8Array(d);
  for (const k of warped) mask[k] = 1;
  const warpOf = (theta: ArrayLike<number>): InputWarp => {
    const a = new Float64Array(d).fill(1);
    const b = new Float64Array(d).fill(1);
    warped.forEach((k, j) => {
      a[k] = Math.exp(theta[d + 2 + j]);
      b[k] = Math.exp(theta[d + 2 + m + j]);
    });
    return { a, b, mask };
  };
  // The warped inputs live in one buffer that each evaluation overwrites (same GpData object, so the
  // likelihood's workspace is reused).
  const wdata: GpData = m > 0 ? { ...data, x: new Float64Array(data.x.length) } : data;
  const inputGrad = m > 0 ? new Float64Array(data.n * d) : undefined;
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const params = paramsFromLog(theta, d);
    let w: InputWarp | undefined;
    if (m > 0) {
      w = warpOf(theta);
      warpRows(data.x, data.n, d, w, wdata.x as Float64Array);
    }
    let lml: number;
    try {
      lml = logMarginalLikelihood(wdata, params, grad, inputGrad);
    } catch {
      return Infinity; // not factorizable: the line search backs off
    }
    let lp = logPrior(params, priorGrad);
    for (let k = 0; k < d + 2; k++) grad[k] = -(grad[k] + priorGrad[k]);
    if (w && inputGrad) {
      // chain rule: ∂ℓ/∂log a_k = Σᵢ ∂ℓ/∂w(xᵢₖ) · ∂w/∂log a_k (same for b)
      warped.forEach((k, j) => {
        let ga = 0;
        let gb = 0;
        for (let i = 0; i < data.n; i++) {
          const [da, db] = warpDerivatives(data.x[i * d + k], w!.a[k], w!.b[k]);
          ga += inputGrad[i * d + k] * da;
          gb += inputGrad[i * d + k] * db;
        }
        const pa = warpLogPrior(theta[d + 2 + j]);
        const pb = warpLogPrior(theta[d + 2 + m + j]);
        lp += pa.value + pb.value;
        grad[d + 2 + j] = -(ga + pa.grad);
        grad[d + 2 + m + j] = -(gb + pb.grad);
      });
    }
    return -(lml + lp);
  };

  const starts: Float64Array[] = [];
  const defaultStart = new Float64Array(p);
  defaultStart[d + 1] = deterministic ? Math.log(minNoise) : Math.log(Math.max(minNoise, 1e-2));
  starts.push(defaultStart);
  if (warmStart && warmStart.inverseSquaredLengthscales.length === d) {
    const ws = new Float64Array(p);
    ws.set(paramsToLog(warmStart));
    starts.push(ws);
  }

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
  return { params: paramsFromLog(best.theta, d), logPosterior: -best.value, iterations, warp: m > 0 ? warpOf(best.theta) : undefined };
}

/**
 * Fits a GP to raw outputs y at inputs x (row-major [n, d], unit-cube continuous columns, choice
 * indices in categorical columns): standardizes y, fits hyperparameters (and the input warp of the
 * columns in `options.warp`) by MAP and conditions on the warped inputs.
 */
export function fitGp(x: Float64Array, y: ArrayLike<number>, d: number, categorical: Uint8Array, options: FitGpOptions = {}): FittedGp {
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
  const conditioned: GpData = fit.warp ? { ...data, x: warpRows(x, n, d, fit.warp) } : data;
  return {
    posterior: gpPosterior(conditioned, fit.params),
    yMean: mean,
    yStd: std,
    logPosterior: fit.logPosterior,
    iterations: fit.iterations,
    warp: fit.warp,
  };
}
