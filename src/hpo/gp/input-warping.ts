/**
 * Input warping of the GP's unit-cube columns by the Kumaraswamy CDF w(u) = 1 − (1 − uᵃ)ᵇ, one
 * (a, b) per warped column, learned with the kernel hyperparameters by MAP (Snoek, Swersky, Zemel &
 * Adams 2014, "Input warping for Bayesian optimization of non-stationary functions", §3; the
 * Kumaraswamy form and log-normal priors as in BoTorch's `Warp` input transform). It lets a bounded
 * or log-scaled parameter whose effect is concentrated near one end (a learning rate, a dropout
 * near 0) get a finer resolution there than a stationary kernel allows.
 */

/** Kumaraswamy parameters per column ([d] each); a = b = 1 is the identity. */
export interface InputWarp {
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** 1 where the column is warped; [d]. */
  readonly mask: Uint8Array;
}

/** Keeps u inside (0, 1) where the derivatives are finite. */
const EPS = 1e-6;

/** Bounds of a and b (the log-normal prior keeps them near 1 anyway). */
export const WARP_BOUNDS: readonly [number, number] = [0.2, 5];

/** Variance of the log-normal prior on a and b: log a ~ N(0, 0.75), BoTorch's default. */
const PRIOR_VARIANCE = 0.75;

function clampUnit(u: number): number {
  return Math.min(1 - EPS, Math.max(EPS, u));
}

/** w(u) for one column. */
export function warpValue(u: number, a: number, b: number): number {
  const v = clampUnit(u);
  return 1 - (1 - v ** a) ** b;
}

/** The inverse u(w) = (1 − (1 − w)^{1/b})^{1/a}. */
export function unwarpValue(w: number, a: number, b: number): number {
  const v = Math.min(1, Math.max(0, w));
  return (1 - (1 - v) ** (1 / b)) ** (1 / a);
}

/** ∂w/∂log a and ∂w/∂log b at u. */
export function warpDerivatives(u: number, a: number, b: number): [number, number] {
  const v = clampUnit(u);
  const va = v ** a;
  const one = 1 - va;
  const dLogA = a * b * one ** (b - 1) * va * Math.log(v);
  const dLogB = -b * one ** b * Math.log(one);
  return [dLogA, dLogB];
}

/** Warps the rows of `x` ([n, d], row-major) into `out`; unwarped columns are copied. */
export function warpRows(x: ArrayLike<number>, n: number, d: number, warp: InputWarp, out: Float64Array = new Float64Array(n * d)): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const v = x[i * d + k];
      out[i * d + k] = warp.mask[k] ? warpValue(v, warp.a[k], warp.b[k]) : v;
    }
  }
  return out;
}

/** Unwarps one point ([d]) in place. */
export function unwarpPoint(x: Float64Array, warp: InputWarp): Float64Array {
  for (let k = 0; k < x.length; k++) if (warp.mask[k]) x[k] = unwarpValue(x[k], warp.a[k], warp.b[k]);
  return x;
}

/** Warps one point ([d]) in place. */
export function warpPoint(x: Float64Array, warp: InputWarp): Float64Array {
  for (let k = 0; k < x.length; k++) if (warp.mask[k]) x[k] = warpValue(x[k], warp.a[k], warp.b[k]);
  return x;
}

/** Log prior of the warp (log-normal on a and b) and its derivative in log a, log b. */
export function warpLogPrior(logValue: number): { value: number; grad: number } {
  return { value: (-0.5 * logValue * logValue) / PRIOR_VARIANCE, grad: -logValue / PRIOR_VARIANCE };
}
