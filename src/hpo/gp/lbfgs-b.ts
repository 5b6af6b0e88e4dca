/**
 * Box-constrained limited-memory BFGS in the projected-gradient style: two-loop recursion
 * (Nocedal & Wright 2006, Algorithm 7.4) on the free variables, then a backtracking Armijo search
 * along the projected path P(x + t·d). Simpler than L-BFGS-B's Cauchy point, and enough for the
 * smooth low-dimensional problems of GP fitting and acquisition maximization.
 */

/** Objective for {@link minimizeBox}: returns f(x) and writes ∇f(x) into `grad`. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimizeBox}. */
export interface MinimizeBoxOptions {
  /** Maximum iterations (gradient steps). @default 100 */
  maxIterations?: number;
  /** Stop when the largest projected-gradient component is below this. @default 1e-5 */
  gradientTolerance?: number;
  /** Stop when a step lowers f by less than this times max(1, |f|). @default 1e-10 */
  relativeTolerance?: number;
  /** Number of (s, y) correction pairs kept. @default 10 */
  memory?: number;
  /** Maximum objective evaluations in total. @default 300 */
  maxEvaluations?: number;
}

/** Result of {@link minimizeBox}. */
export interface MinimizeBoxResult {
  /** The best point found (inside the box). */
  x: Float64Array;
  /** f at `x`. */
  value: number;
  /** Iterations performed. */
  iterations: number;
  /** Objective evaluations performed. */
  evaluations: number;
  /** Why it stopped. */
  reason: "gradient" | "no-progress" | "max-iterations" | "max-evaluations" | "line-search";
}

/** Minimizes f over the box [lower, upper] starting from x0 (which is clipped into the box). */
export function minimizeBox(
  f: ObjectiveWithGradient,
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: MinimizeBoxOptions = {},
): MinimizeBoxResult {
  const { maxIterations = 100, gradientTolerance = 1e-5, relativeTolerance = 1e-10, memory = 10, maxEvaluations = 300 } = options;
  const n = x0.length;
  if (lower.length !== n || upper.length !== n) {
    throw new Error(`minimizeBox: x0 has ${n} entries but lower/upper have ${lower.length}/${upper.length}`);
  }
  for (let i = 0; i < n; i++) {
    if (!(lower[i] <= upper[i])) throw new Error(`minimizeBox: lower[${i}] = ${lower[i]} exceeds upper[${i}] = ${upper[i]}`);
  }
  const clip = (v: number, i: number) => (v < lower[i] ? lower[i] : v > upper[i] ? upper[i] : v);
  let x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = clip(x0[i], i);
  let g = new Float64Array(n);
  let fx = f(x, g);
  let evaluations = 1;
  if (!Number.isFinite(fx)) throw new Error(`minimizeBox: objective is not finite at the start point (got ${fx})`);

  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const alpha = new Float64Array(memory);
  const d = new Float64Array(n);
  const free = new Uint8Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let iterations = 0;
  let reason: MinimizeBoxResult["reason"] = "max-iterations";

  for (; iterations < maxIterations; iterations++) {
    // Free variables: not pinned at a bound by a gradient pushing outwards.
    let pgMax = 0;
    for (let i = 0; i < n; i++) {
      const pinned = (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0);
      free[i] = pinned ? 0 : 1;
      if (!pinned) pgMax = Math.max(pgMax, Math.abs(g[i]));
    }
    if (pgMax < gradientTolerance) {
      reason = "gradient";
      break;
    }
    // Two-loop recursion on the free subspace: d = −H g.
    for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
    const m = sList.length;
    for (let k = m - 1; k >= 0; k--) {
      const s = sList[k];
      let dot = 0;
      for (let i = 0; i < n; i++) if (free[i]) dot += s[i] * d[i];
      alpha[k] = rhoList[k] * dot;
      const y = yList[k];
      for (let i = 0; i < n; i++) if (free[i]) d[i] -= alpha[k] * y[i];
    }
    if (m > 0) {
      const s = sList[m - 1];
      const y = yList[m - 1];
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += s[i] * y[i];
        yy += y[i] * y[i];
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let k = 0; k < m; k++) {
      const y = yList[k];
      let dot = 0;
      for (let i = 0; i < n; i++) if (free[i]) dot += y[i] * d[i];
      const beta = rhoList[k] * dot;
      const s = sList[k];
      for (let i = 0; i < n; i++) if (free[i]) d[i] += (alpha[k] - beta) * s[i];
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i] * d[i];
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      sList.length = 0;
      yList.length = 0;
      rhoList.length = 0;
      slope = 0;
      for (let i = 0; i < n; i++) {
        d[i] = free[i] ? -g[i] : 0;
        slope -= d[i] * d[i];
      }
    }
    // First step: scale steepest descent to unit length in the max norm.
    let t = 1;
    if (sList.length === 0) {
      let dMax = 0;
      for (let i = 0; i < n; i++) dMax = Math.max(dMax, Math.abs(d[i]));
      t = Math.min(1, 1 / dMax);
    }
    // Backtracking Armijo search along the projected path.
    let accepted = false;
    let fNew = fx;
    for (let ls = 0; ls < 30; ls++) {
      if (evaluations >= maxEvaluations) break;
      let decrease = 0;
      for (let i = 0; i < n; i++) {
        xNew[i] = clip(x[i] + t * d[i], i);
        decrease += g[i] * (xNew[i] - x[i]);
      }
      fNew = f(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      reason = evaluations >= maxEvaluations ? "max-evaluations" : "line-search";
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    let ss = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      ss += s[i] * s[i];
      yy += y[i] * y[i];
    }
    if (sy > 1e-10 * Math.sqrt(ss * yy)) {
      if (sList.length === memory) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
      sList.push(s);
      yList.push(y);
      rhoList.push(1 / sy);
    }
    const improvement = fx - fNew;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    fx = fNew;
    if (improvement < relativeTolerance * Math.max(1, Math.abs(fx))) {
      iterations++;
      reason = "no-progress";
      break;
    }
    if (evaluations >= maxEvaluations) {
      iterations++;
      reason = "max-evaluations";
      break;
    }
  }
  return { x, value: fx, iterations, evaluations, reason };
}
