/**
 * Exact GP posterior at query points given fixed hyperparameters: mean k*ᵀα and variance
 * k(x,x) − k*ᵀK⁻¹k* with their gradients in x (Rasmussen & Williams 2006, eq. 2.25–2.26),
 * via the Cholesky factor of K + noise·I. Predicts the latent function (no noise added).
 */
import { choleskyWithJitter, solveCholesky, solveLower, solveLowerTransposed } from "../../util/linalg.js";
import { kernelMatrix, type KernelParams } from "./kernel.js";
import type { GpData } from "./marginal-likelihood.js";

const SQRT5 = Math.sqrt(5);

/** A conditioned GP: data, hyperparameters, Cholesky factor and weights α = (K + noise·I)⁻¹ y. */
export interface GpPosterior {
  /** The training data the posterior is conditioned on. */
  readonly data: GpData;
  /** Hyperparameters. */
  readonly params: KernelParams;
  /** Cholesky factor of K + noise·I (+ jitter), row-major [n, n]. */
  readonly l: Float64Array;
  /** α = (K + noise·I)⁻¹ y, [n]. */
  readonly alpha: Float64Array;
  /** Diagonal jitter that the factorization needed (0 normally). */
  readonly jitter: number;
}

/** Conditions the GP prior with the given hyperparameters on the data. */
export function gpPosterior(data: GpData, params: KernelParams): GpPosterior {
  const { n, d } = data;
  if (data.x.length !== n * d) throw new Error(`gpPosterior: x must hold n·d = ${n * d} values, got ${data.x.length}`);
  if (data.y.length !== n) throw new Error(`gpPosterior: y must hold n = ${n} values, got ${data.y.length}`);
  if (params.inverseSquaredLengthscales.length !== d) {
    throw new Error(`gpPosterior: expected ${d} lengthscales, got ${params.inverseSquaredLengthscales.length}`);
  }
  const k = kernelMatrix(data.x, n, d, params, data.categorical);
  for (let i = 0; i < n; i++) k[i * n + i] += params.noise;
  const { l, jitter } = choleskyWithJitter(k, n);
  const alpha = solveCholesky(l, n, data.y);
  return { data, params, l, alpha, jitter };
}

/** Scratch buffers for repeated predictions (avoid allocation in the acquisition loop). */
export interface PredictScratch {
  /** k(x, xⱼ), [n]. */
  readonly kStar: Float64Array;
  /** m'(r²ⱼ)·scale, [n]. */
  readonly dk: Float64Array;
  /** L⁻¹k*, then K⁻¹k*, [n]. */
  readonly v: Float64Array;
}

/** Allocates scratch buffers for {@link predictAt}. */
export function predictScratch(post: GpPosterior): PredictScratch {
  const n = post.data.n;
  return { kStar: new Float64Array(n), dk: new Float64Array(n), v: new Float64Array(n) };
}

/** Posterior mean and variance at one query point. */
export interface Prediction {
  /** Posterior mean of the latent function. */
  mean: number;
  /** Posterior variance of the latent function (≥ 0). */
  variance: number;
}

/**
 * Posterior mean and variance at the point `xq` ([d]); when gradMean/gradVar are given, also writes
 * their gradients in xq (continuous columns only; categorical columns get 0).
 */
export function predictAt(
  post: GpPosterior,
  xq: ArrayLike<number>,
  scratch: PredictScratch = predictScratch(post),
  gradMean?: Float64Array,
  gradVar?: Float64Array,
): Prediction {
  const { x, n, d, categorical } = post.data;
  const w = post.params.inverseSquaredLengthscales;
  const s = post.params.scale;
  const { kStar, dk, v } = scratch;
  const wantGrad = gradMean !== undefined || gradVar !== undefined;
  let mean = 0;
  for (let j = 0; j < n; j++) {
    let r2 = 0;
    const row = j * d;
    for (let k = 0; k < d; k++) {
      const diff = xq[k] - x[row + k];
      r2 += categorical[k] ? (diff !== 0 ? w[k] : 0) : w[k] * diff * diff;
    }
    const r = Math.sqrt(r2);
    const e = Math.exp(-SQRT5 * r);
    kStar[j] = s * (1 + SQRT5 * r + (5 / 3) * r2) * e; // Matérn-5/2
    if (wantGrad) dk[j] = s * (-5 / 6) * (1 + SQRT5 * r) * e; // its r² derivative
    mean += kStar[j] * post.alpha[j];
  }
  solveLower(post.l, n, kStar, v);
  let vv = 0;
  for (let j = 0; j < n; j++) vv += v[j] * v[j];
  const variance = Math.max(s - vv, 0);
  if (wantGrad) {
    if (gradVar) solveLowerTransposed(post.l, n, v, v); // v = K⁻¹k*
    for (let k = 0; k < d; k++) {
      if (gradMean) gradMean[k] = 0;
      if (gradVar) gradVar[k] = 0;
      if (categorical[k]) continue;
      let gm = 0;
      let gv = 0;
      for (let j = 0; j < n; j++) {
        // ∂k*_j/∂x_k = m'(r²)·s · 2 w_k (x_k − X_jk)
        const dkdx = dk[j] * 2 * w[k] * (xq[k] - x[j * d + k]);
        gm += post.alpha[j] * dkdx;
        gv += v[j] * dkdx;
      }
      if (gradMean) gradMean[k] = gm;
      if (gradVar) gradVar[k] = -2 * gv;
    }
  }
  return { mean, variance };
}
