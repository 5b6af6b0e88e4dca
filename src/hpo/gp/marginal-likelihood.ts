/**
 * Log marginal likelihood of a zero-mean GP with the Matérn-5/2 ARD kernel, plus weak log priors on
 * the hyperparameters, and its analytic gradient in log-hyperparameters.
 * Rasmussen & Williams 2006, eq. 5.8 (value) and 5.9 (gradient: ½ tr((ααᵀ − K⁻¹) ∂K/∂θ)).
 */
import { choleskyInverse, choleskyWithJitter, solveCholesky } from "../../util/linalg.js";
import type { KernelParams } from "./kernel.js";

const LOG_2PI = Math.log(2 * Math.PI);
const SQRT5 = Math.sqrt(5);

/** Reusable n×n buffers of one data set (the optimizer evaluates the likelihood many times). */
interface Workspace {
  a: Float64Array;
  dm: Float64Array;
  l: Float64Array;
  m: Float64Array;
  kinv: Float64Array;
  alpha: Float64Array;
}

const WORKSPACES = new WeakMap<GpData, Workspace>();

/** The buffers for `data` (kept as long as the data object lives; results never depend on them). */
function workspaceFor(data: GpData): Workspace {
  let ws = WORKSPACES.get(data);
  if (!ws) {
    const nn = data.n * data.n;
    ws = {
      a: new Float64Array(nn),
      dm: new Float64Array(nn),
      l: new Float64Array(nn),
      m: new Float64Array(nn),
      kinv: new Float64Array(nn),
      alpha: new Float64Array(data.n),
    };
    WORKSPACES.set(data, ws);
  }
  return ws;
}

/** Training data of a GP: n points in d dimensions (row-major [n, d]) and n outputs. */
export interface GpData {
  /** Inputs, row-major [n, d]; categorical columns hold the choice index. */
  readonly x: Float64Array;
  /** Outputs (already standardized by the caller when wanted), [n]. */
  readonly y: Float64Array;
  /** Number of points. */
  readonly n: number;
  /** Number of input dimensions. */
  readonly d: number;
  /** 1 where the column is categorical (Hamming distance), 0 where continuous; [d]. */
  readonly categorical: Uint8Array;
}

/**
 * Log prior of the hyperparameters (weak, as in Optuna's GPSampler): −(0.1/w + 0.1·w) per inverse
 * squared lengthscale w (mode at lengthscale 1 in the unit cube), Gamma(2, 1) on the signal variance,
 * Gamma(shape 1.1, rate 30) on the noise variance (mode 0.0033: noise is allowed but not preferred). Returns the value and writes d/d(log θ) into grad.
 */
export function logPrior(params: KernelParams, grad?: Float64Array): number {
  const w = params.inverseSquaredLengthscales;
  const d = w.length;
  let v = 0;
  for (let k = 0; k < d; k++) {
    v -= 0.1 / w[k] + 0.1 * w[k];
    if (grad) grad[k] = 0.1 / w[k] - 0.1 * w[k];
  }
  const s = params.scale;
  v += Math.log(s) - s;
  const nu = params.noise;
  v += 0.1 * Math.log(nu) - 30 * nu;
  if (grad) {
    grad[d] = 1 - s;
    grad[d + 1] = 0.1 - 30 * nu;
  }
  return v;
}

/** θ = [log w₁ … log w_d, log scale, log noise] → kernel parameters. */
export function paramsFromLog(theta: ArrayLike<number>, d: number): KernelParams {
  const w = new Float64Array(d);
  for (let k = 0; k < d; k++) w[k] = Math.exp(theta[k]);
  return { inverseSquaredLengthscales: w, scale: Math.exp(theta[d]), noise: Math.exp(theta[d + 1]) };
}

/** Kernel parameters → θ = [log w₁ … log w_d, log scale, log noise]. */
export function paramsToLog(params: KernelParams): Float64Array {
  const d = params.inverseSquaredLengthscales.length;
  const theta = new Float64Array(d + 2);
  for (let k = 0; k < d; k++) theta[k] = Math.log(params.inverseSquaredLengthscales[k]);
  theta[d] = Math.log(params.scale);
  theta[d + 1] = Math.log(params.noise);
  return theta;
}

/**
 * Log marginal likelihood log p(y | X, θ) (without the prior); when `grad` is given, also writes
 * ∂/∂θ for θ = [log w₁ … log w_d, log scale, log noise] into it (length d + 2); when `inputGrad`
 * is given too, writes ∂/∂xᵢₖ of the continuous inputs into it ([n, d], 0 for categorical columns),
 * which input warping chains with its own derivatives.
 * Throws when K + noise·I cannot be factorized even with jitter.
 */
export function logMarginalLikelihood(data: GpData, params: KernelParams, grad?: Float64Array, inputGrad?: Float64Array): number {
  const { x, y, n, d, categorical } = data;
  const w = params.inverseSquaredLengthscales;
  const s = params.scale;
  const ws = workspaceFor(data);
  // Lower triangle of A = Kf + noise·I (off-diagonal = noise-free kernel) and, for the gradient,
  // s·m'(r²) per pair; both [n, n]. Only lower triangles are written or read.
  const a = ws.a;
  const dm = grad ? ws.dm : undefined;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const xi = i * d;
    for (let j = 0; j < i; j++) {
      let r2 = 0;
      const xj = j * d;
      for (let k = 0; k < d; k++) {
        const diff = x[xi + k] - x[xj + k];
        r2 += categorical[k] ? (diff !== 0 ? w[k] : 0) : w[k] * diff * diff;
      }
      // Matérn-5/2 and its r² derivative share one exp.
      const r = Math.sqrt(r2);
      const e = Math.exp(-SQRT5 * r);
      a[ri + j] = s * (1 + SQRT5 * r + (5 / 3) * r2) * e;
      if (dm) dm[ri + j] = s * (-5 / 6) * (1 + SQRT5 * r) * e;
    }
    a[ri + i] = s + params.noise;
  }
  const { l } = choleskyWithJitter(a, n, { out: ws.l });
  const alpha = solveCholesky(l, n, y, ws.alpha);
  let quad = 0;
  let logDetHalf = 0;
  for (let i = 0; i < n; i++) {
    quad += y[i] * alpha[i];
    logDetHalf += Math.log(l[i * n + i]);
  }
  const value = -0.5 * quad - logDetHalf - 0.5 * n * LOG_2PI;
  if (grad && dm) {
    const kinv = choleskyInverse(l, n, ws.kinv, ws.m);
    grad.fill(0, 0, d + 2);
    if (inputGrad) inputGrad.fill(0, 0, n * d);
    let trScale = 0;
    let trNoise = 0;
    for (let i = 0; i < n; i++) {
      const wii = alpha[i] * alpha[i] - kinv[i * n + i];
      trScale += wii * s;
      trNoise += wii;
      for (let j = 0; j < i; j++) {
        const wij = alpha[i] * alpha[j] - kinv[i * n + j];
        trScale += 2 * wij * a[i * n + j];
        const c = 2 * wij * dm[i * n + j];
        if (c === 0) continue;
        for (let k = 0; k < d; k++) {
          const diff = x[i * d + k] - x[j * d + k];
          grad[k] += c * w[k] * (categorical[k] ? (diff !== 0 ? 1 : 0) : diff * diff);
        }
        if (inputGrad) {
          // ∂ℓ/∂xᵢₖ = Σⱼ Wᵢⱼ·s·m'(r²)·2wₖ(xᵢₖ − xⱼₖ), antisymmetric in (i, j)
          for (let k = 0; k < d; k++) {
            if (categorical[k]) continue;
            const t = c * w[k] * (x[i * d + k] - x[j * d + k]);
            inputGrad[i * d + k] += t;
            inputGrad[j * d + k] -= t;
          }
        }
      }
    }
    for (let k = 0; k < d; k++) grad[k] *= 0.5;
    grad[d] = 0.5 * trScale;
    grad[d + 1] = 0.5 * trNoise * params.noise;
  }
  return value;
}
