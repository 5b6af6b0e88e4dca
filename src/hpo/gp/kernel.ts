/**
 * Matérn-5/2 kernel with automatic relevance determination (one inverse squared lengthscale per
 * input), a signal variance and, for categorical inputs, a Hamming distance inside the same kernel
 * (as Optuna's GPSampler does): r² = Σ_cont wᵢ(xᵢ−yᵢ)² + Σ_cat wᵢ·[xᵢ ≠ yᵢ].
 * Rasmussen & Williams 2006, eq. 4.17: k(r) = s·(1 + √5 r + 5r²/3)·exp(−√5 r).
 */

const SQRT5 = Math.sqrt(5);

/** Hyperparameters of the GP prior (all positive). */
export interface KernelParams {
  /** Inverse squared lengthscales wᵢ = 1/ℓᵢ², one per input dimension. */
  readonly inverseSquaredLengthscales: Float64Array;
  /** Signal variance s (kernel scale). */
  readonly scale: number;
  /** Observation noise variance (of the standardized outputs). */
  readonly noise: number;
}

/** Matérn-5/2 correlation as a function of r² (without the signal variance). */
export function matern52(r2: number): number {
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** d matern52 / d(r²) = −(5/6)(1 + √5 r)·exp(−√5 r); finite at r = 0. */
export function matern52DerivR2(r2: number): number {
  const r = Math.sqrt(r2);
  return (-5 / 6) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
}

/** Scaled squared distance r² between row i of `a` and row j of `b` (both row-major with d columns). */
export function squaredDistance(
  a: ArrayLike<number>,
  i: number,
  b: ArrayLike<number>,
  j: number,
  d: number,
  w: ArrayLike<number>,
  categorical: ArrayLike<number>,
): number {
  let r2 = 0;
  const ai = i * d;
  const bj = j * d;
  for (let k = 0; k < d; k++) {
    const diff = a[ai + k] - b[bj + k];
    r2 += categorical[k] ? (diff !== 0 ? w[k] : 0) : w[k] * diff * diff;
  }
  return r2;
}

/** Prior covariance matrix K[i][j] = k(xᵢ, xⱼ) of n points (row-major [n, d]) without the noise term; [n, n]. */
export function kernelMatrix(x: ArrayLike<number>, n: number, d: number, params: KernelParams, categorical: ArrayLike<number>): Float64Array {
  const k = new Float64Array(n * n);
  const w = params.inverseSquaredLengthscales;
  for (let i = 0; i < n; i++) {
    k[i * n + i] = params.scale;
    for (let j = 0; j < i; j++) {
      const v = params.scale * matern52(squaredDistance(x, i, x, j, d, w, categorical));
      k[i * n + j] = v;
      k[j * n + i] = v;
    }
  }
  return k;
}
