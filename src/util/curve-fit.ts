// Nonlinear least squares by Levenberg–Marquardt (Levenberg 1944; Marquardt 1963, with Marquardt's
// diagonal scaling: (JᵀWJ + λ·diag(JᵀWJ)) δ = JᵀW r), plus the Gauss–Newton/Laplace covariance
// σ²(JᵀWJ)⁻¹ of the estimate. Pure numbers; the Cholesky algebra is util/linalg's.
import { cholesky, choleskyInverse, solveCholesky } from "./linalg.js";

/** A model y = f(x; θ) to fit: `f(x, theta)` returns the prediction at x. */
export type CurveModel = (x: number, theta: readonly number[]) => number;

/** Options of {@link curveFit}. */
export interface CurveFitOptions {
  /** Per-point weights (inverse variances); length must equal the data. @default all 1 */
  weights?: readonly number[];
  /** Lower bounds on each parameter (projected after each step). @default no bound */
  lower?: readonly number[];
  /** Upper bounds on each parameter (projected after each step). @default no bound */
  upper?: readonly number[];
  /** Maximum number of accepted or rejected LM iterations. @default 200 */
  maxIterations?: number;
  /** Stop when the relative decrease of the weighted SSE is below this. @default 1e-12 */
  tolerance?: number;
  /** Initial damping λ. @default 1e-3 */
  lambda?: number;
  /** Analytic Jacobian row ∂f/∂θ at x; default is central finite differences. @default finite differences */
  jacobian?: (x: number, theta: readonly number[]) => number[];
}

/** Result of {@link curveFit}. */
export interface CurveFitResult {
  /** The fitted parameters. */
  theta: number[];
  /** Weighted sum of squared residuals at `theta`. */
  sse: number;
  /** Residual variance estimate sse / max(1, n − p). */
  sigma2: number;
  /** Laplace covariance σ²(JᵀWJ)⁻¹ of `theta` (row-major p×p), or null when JᵀWJ is singular. */
  covariance: number[][] | null;
  /** Number of iterations used. */
  iterations: number;
  /** True when the tolerance was reached (false: iteration limit or no finite start). */
  converged: boolean;
}

function project(theta: number[], lower?: readonly number[], upper?: readonly number[]): number[] {
  return theta.map((v, i) => {
    let w = v;
    if (lower && Number.isFinite(lower[i]) && w < lower[i]) w = lower[i];
    if (upper && Number.isFinite(upper[i]) && w > upper[i]) w = upper[i];
    return w;
  });
}

function weightedSse(f: CurveModel, xs: readonly number[], ys: readonly number[], w: readonly number[] | undefined, theta: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = ys[i] - f(xs[i], theta);
    s += (w ? w[i] : 1) * r * r;
  }
  return Number.isFinite(s) ? s : Infinity;
}

function numericJacobianRow(f: CurveModel, x: number, theta: readonly number[]): number[] {
  const row = new Array<number>(theta.length);
  const t = theta.slice();
  for (let j = 0; j < theta.length; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(theta[j]));
    t[j] = theta[j] + h;
    const up = f(x, t);
    t[j] = theta[j] - h;
    const down = f(x, t);
    t[j] = theta[j];
    row[j] = (up - down) / (2 * h);
  }
  return row;
}

/** Row-major copy of a square matrix given as rows, for util/linalg. */
function flatten(a: readonly (readonly number[])[]): Float64Array {
  return Float64Array.from(a.flat());
}

/** Solves the symmetric positive definite system A x = b by Cholesky; null when A is not SPD. */
function choleskySolve(a: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const n = b.length;
  const l = cholesky(flatten(a), n);
  return l ? Array.from(solveCholesky(l, n, b)) : null;
}

/** Inverse of a symmetric positive definite matrix (via its Cholesky factor); null when not SPD. */
function spdInverse(a: readonly (readonly number[])[]): number[][] | null {
  const n = a.length;
  const l = cholesky(flatten(a), n);
  if (!l) return null;
  const inv = choleskyInverse(l, n);
  return Array.from({ length: n }, (_, i) => Array.from(inv.subarray(i * n, (i + 1) * n)));
}

/** Fits `f` to points (xs, ys) from the start `theta0` by Levenberg–Marquardt (weighted least squares). */
export function curveFit(
  f: CurveModel,
  xs: readonly number[],
  ys: readonly number[],
  theta0: readonly number[],
  options: CurveFitOptions = {},
): CurveFitResult {
  if (xs.length !== ys.length) throw new RangeError(`curveFit: xs has ${xs.length} points but ys has ${ys.length}; expected equal lengths`);
  if (theta0.length === 0) throw new RangeError("curveFit: theta0 is empty; expected at least one parameter");
  const w = options.weights;
  if (w && w.length !== xs.length) throw new RangeError(`curveFit: weights has ${w.length} entries, expected ${xs.length}`);
  const maxIt = options.maxIterations ?? 200;
  const tol = options.tolerance ?? 1e-12;
  const jac = options.jacobian ?? ((x: number, th: readonly number[]) => numericJacobianRow(f, x, th));
  const p = theta0.length;
  let theta = project(theta0.slice(), options.lower, options.upper);
  let sse = weightedSse(f, xs, ys, w, theta);
  let lambda = options.lambda ?? 1e-3;
  let it = 0;
  let converged = false;
  if (!Number.isFinite(sse)) return { theta, sse, sigma2: Infinity, covariance: null, iterations: 0, converged: false };

  const normalEquations = (th: readonly number[]): { jtj: number[][]; jtr: number[] } => {
    const jtj = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const jtr = new Array<number>(p).fill(0);
    for (let i = 0; i < xs.length; i++) {
      const row = jac(xs[i], th);
      const r = ys[i] - f(xs[i], th);
      const wi = w ? w[i] : 1;
      for (let a = 0; a < p; a++) {
        jtr[a] += wi * row[a] * r;
        for (let b = 0; b <= a; b++) jtj[a][b] += wi * row[a] * row[b];
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) jtj[b][a] = jtj[a][b];
    return { jtj, jtr };
  };

  let { jtj, jtr } = normalEquations(theta);
  while (it < maxIt) {
    it++;
    const damped = jtj.map((row, a) => row.map((v, b) => (a === b ? v + lambda * Math.max(v, 1e-12) : v)));
    const delta = choleskySolve(damped, jtr);
    if (!delta || delta.some((d) => !Number.isFinite(d))) {
      lambda *= 10;
      if (lambda > 1e16) break;
      continue;
    }
    const cand = project(
      theta.map((v, i) => v + delta[i]),
      options.lower,
      options.upper,
    );
    const candSse = weightedSse(f, xs, ys, w, cand);
    if (candSse < sse) {
      const rel = (sse - candSse) / Math.max(sse, 1e-300);
      theta = cand;
      sse = candSse;
      lambda = Math.max(lambda / 10, 1e-12);
      ({ jtj, jtr } = normalEquations(theta));
      const small = delta.every((d, i) => Math.abs(d) <= 1e-8 * (Math.abs(theta[i]) + 1e-8));
      if (rel < tol || small || sse < 1e-30) {
        converged = true;
        break;
      }
    } else {
      lambda *= 10;
      if (lambda > 1e16) {
        converged = true; // no descent direction left: a (local) minimum up to numerical precision
        break;
      }
    }
  }
  const sigma2 = sse / Math.max(1, xs.length - p);
  const inv = spdInverse(jtj);
  const covariance = inv ? inv.map((row) => row.map((v) => v * sigma2)) : null;
  return { theta, sse, sigma2, covariance, iterations: it, converged };
}
