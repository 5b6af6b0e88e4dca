/**
 * Dense linear algebra on row-major Float64Array matrices: Cholesky factorization (with jitter
 * escalation), triangular solves and the inverse of a symmetric positive definite matrix.
 * Small and allocation-light: written for Gaussian-process regression with n ≤ a few hundred.
 */

/** Checks that `a` holds an n×n matrix, naming the argument in the error. */
function checkSquare(a: ArrayLike<number>, n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: size n must be a non-negative integer, got ${n}`);
  if (a.length < n * n) throw new Error(`${name}: expected ${n}×${n} = ${n * n} entries, got ${a.length}`);
}

/**
 * Cholesky factor L (lower, row-major n×n, upper part zero) of the symmetric matrix `a` plus
 * `jitter` on the diagonal, or null when that matrix is not numerically positive definite.
 * Only the lower triangle of `a` is read.
 */
export function cholesky(a: ArrayLike<number>, n: number, jitter = 0, out?: Float64Array): Float64Array | null {
  checkSquare(a, n, "cholesky");
  const l = out ?? new Float64Array(n * n);
  if (l.length < n * n) throw new Error(`cholesky: out must hold ${n * n} entries, got ${l.length}`);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s / l[rj + j];
    }
    let d = a[ri + i] + jitter;
    for (let k = 0; k < i; k++) d -= l[ri + k] * l[ri + k];
    if (!(d > 0) || !Number.isFinite(d)) return null;
    l[ri + i] = Math.sqrt(d);
    for (let j = i + 1; j < n; j++) l[ri + j] = 0;
  }
  return l;
}

/** Options of {@link choleskyWithJitter}. */
export interface CholeskyJitterOptions {
  /** First jitter tried after a failure with none, relative to the mean diagonal. @default 1e-10 */
  initialJitter?: number;
  /** Each retry multiplies the jitter by this factor. @default 10 */
  growth?: number;
  /** Retries after the jitter-free attempt before giving up. @default 8 */
  maxTries?: number;
  /** Buffer (n·n) to write the factor into. @default a new array */
  out?: Float64Array;
}

/**
 * Cholesky factor of `a`, adding escalating diagonal jitter (relative to the mean diagonal) until
 * the factorization succeeds; returns the factor and the absolute jitter used (0 if none was needed).
 */
export function choleskyWithJitter(a: ArrayLike<number>, n: number, options: CholeskyJitterOptions = {}): { l: Float64Array; jitter: number } {
  const { initialJitter = 1e-10, growth = 10, maxTries = 8 } = options;
  const l = options.out ?? new Float64Array(n * n);
  if (cholesky(a, n, 0, l)) return { l, jitter: 0 };
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += Math.abs(a[i * n + i]);
  meanDiag = n > 0 ? meanDiag / n : 1;
  if (!(meanDiag > 0) || !Number.isFinite(meanDiag)) meanDiag = 1;
  let jitter = initialJitter * meanDiag;
  for (let t = 0; t < maxTries; t++, jitter *= growth) {
    if (cholesky(a, n, jitter, l)) return { l, jitter };
  }
  throw new Error(`choleskyWithJitter: matrix (${n}×${n}) is not positive definite even with diagonal jitter ${(jitter / growth).toExponential(2)}`);
}

/** Solves L x = b by forward substitution (L lower triangular n×n); writes into `out` (may alias b). */
export function solveLower(l: ArrayLike<number>, n: number, b: ArrayLike<number>, out?: Float64Array): Float64Array {
  const x = out ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[ri + k] * x[k];
    x[i] = s / l[ri + i];
  }
  return x;
}

/** Solves Lᵀ x = b by back substitution (L lower triangular n×n); writes into `out` (may alias b). */
export function solveLowerTransposed(l: ArrayLike<number>, n: number, b: ArrayLike<number>, out?: Float64Array): Float64Array {
  const x = out ?? new Float64Array(n);
  if (x !== b) for (let i = 0; i < n; i++) x[i] = b[i];
  for (let i = n - 1; i >= 0; i--) {
    x[i] /= l[i * n + i];
    const xi = x[i];
    const ri = i * n;
    for (let k = 0; k < i; k++) x[k] -= l[ri + k] * xi;
  }
  return x;
}

/** Solves A x = b given the Cholesky factor L of A (A = L Lᵀ). */
export function solveCholesky(l: ArrayLike<number>, n: number, b: ArrayLike<number>, out?: Float64Array): Float64Array {
  const y = solveLower(l, n, b, out);
  return solveLowerTransposed(l, n, y, y);
}

/** log det A = 2 Σ log L_ii, given the Cholesky factor L of A. */
export function choleskyLogDet(l: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]);
  return 2 * s;
}

/**
 * A⁻¹ (full symmetric, row-major n×n) given the Cholesky factor L of A, via L⁻¹ then L⁻ᵀ L⁻¹;
 * `out` and `scratch` (n·n each) avoid allocation in loops.
 */
export function choleskyInverse(l: ArrayLike<number>, n: number, out?: Float64Array, scratch?: Float64Array): Float64Array {
  // M = L⁻¹ (lower triangular), row by row: M_i,: = (e_i − Σ_{k<i} L_ik M_k,:) / L_ii (contiguous axpys).
  const m = scratch ?? new Float64Array(n * n);
  m.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k];
      if (lik === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) m[ri + j] -= lik * m[rk + j];
    }
    const inv = 1 / l[ri + i];
    for (let j = 0; j < i; j++) m[ri + j] *= inv;
    m[ri + i] = inv;
  }
  // A⁻¹ = Mᵀ M: (A⁻¹)_ij = Σ_{k ≥ max(i,j)} M_ki M_kj.
  const inv = out ?? new Float64Array(n * n);
  inv.fill(0, 0, n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const mki = m[rk + i];
      if (mki === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) inv[ri + j] += mki * m[rk + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) inv[j * n + i] = inv[i * n + j];
  return inv;
}
