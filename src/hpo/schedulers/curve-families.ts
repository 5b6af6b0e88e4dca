// Parametric learning-curve families for extrapolation (after Domhan, Springenberg & Hutter, IJCAI 2015,
// Table 1: pow3, pow4, exp, Janoschek/Weibull, log-power, ilog2), written so that each tends to an
// asymptote `c` from either side: the same family fits a falling loss and a rising accuracy.

/** One parametric curve family y = f(t; θ) with the hints a least-squares fit needs. */
export interface CurveFamily {
  /** Short name as in Domhan et al. (e.g. "pow3"). */
  readonly name: string;
  /** Parameter names, in θ order. */
  readonly params: readonly string[];
  /** The curve value at step t (t ≥ 1). */
  f(t: number, theta: readonly number[]): number;
  /** Analytic gradient ∂f/∂θ at step t (used by the least-squares fit and the predictive variance). */
  grad(t: number, theta: readonly number[]): number[];
  /** A few starting points for the fit, derived from the observed (steps, values). */
  starts(steps: readonly number[], values: readonly number[]): number[][];
  /** Lower bounds on θ (−Infinity when free). */
  readonly lower: readonly number[];
  /** Upper bounds on θ (Infinity when free). */
  readonly upper: readonly number[];
}

const INF = Infinity;

function anchors(steps: readonly number[], values: readonly number[]): { y1: number; yl: number; t1: number; tl: number; ym: number } {
  const n = values.length;
  return { y1: values[0], yl: values[n - 1], t1: steps[0], tl: steps[n - 1], ym: values[Math.floor(n / 2)] };
}

/** pow3: y = c + a·t^(−α), α > 0 (Domhan's pow3 with the sign of a free). */
export const pow3: CurveFamily = {
  name: "pow3",
  params: ["c", "a", "alpha"],
  f: (t, [c, a, alpha]) => c + a * Math.pow(t, -alpha),
  grad: (t, [, a, alpha]) => {
    const u = Math.pow(t, -alpha);
    return [1, u, -a * u * Math.log(t)];
  },
  starts(steps, values) {
    const { y1, yl, t1 } = anchors(steps, values);
    return [0.3, 1, 2].map((alpha) => [yl, (y1 - yl) * Math.pow(t1, alpha), alpha]);
  },
  lower: [-INF, -INF, 1e-3],
  upper: [INF, INF, 10],
};

/** pow4: y = c + a·(t + d)^(−α), α > 0, d > −1 (a shifted power law). */
export const pow4: CurveFamily = {
  name: "pow4",
  params: ["c", "a", "d", "alpha"],
  f: (t, [c, a, d, alpha]) => c + a * Math.pow(t + d, -alpha),
  grad: (t, [, a, d, alpha]) => {
    const u = Math.pow(t + d, -alpha);
    return [1, u, (-a * alpha * u) / (t + d), -a * u * Math.log(t + d)];
  },
  starts(steps, values) {
    const { y1, yl, t1 } = anchors(steps, values);
    return [0.5, 1.5].map((alpha) => [yl, (y1 - yl) * Math.pow(t1 + 1, alpha), 1, alpha]);
  },
  lower: [-INF, -INF, -0.99, 1e-3],
  upper: [INF, INF, 100, 10],
};

/** exp3: y = c + a·exp(−b·t), b > 0. */
export const exp3: CurveFamily = {
  name: "exp3",
  params: ["c", "a", "b"],
  f: (t, [c, a, b]) => c + a * Math.exp(-b * t),
  grad: (t, [, a, b]) => {
    const e = Math.exp(-b * t);
    return [1, e, -a * t * e];
  },
  starts(steps, values) {
    const { y1, yl, t1 } = anchors(steps, values);
    return [0.1, 0.5].map((b) => [yl, (y1 - yl) * Math.exp(b * t1), b]);
  },
  lower: [-INF, -INF, 1e-4],
  upper: [INF, INF, 5],
};

/** janoschek (Weibull-type): y = c + a·exp(−κ·t^δ), κ, δ > 0. */
export const janoschek: CurveFamily = {
  name: "janoschek",
  params: ["c", "a", "kappa", "delta"],
  f: (t, [c, a, kappa, delta]) => c + a * Math.exp(-kappa * Math.pow(t, delta)),
  grad: (t, [, a, kappa, delta]) => {
    const p = Math.pow(t, delta);
    const e = Math.exp(-kappa * p);
    return [1, e, -a * p * e, -a * kappa * p * Math.log(t) * e];
  },
  starts(steps, values) {
    const { y1, yl, t1 } = anchors(steps, values);
    return [0.5, 1].map((delta) => [yl, (y1 - yl) * Math.exp(0.3 * Math.pow(t1, delta)), 0.3, delta]);
  },
  lower: [-INF, -INF, 1e-4, 0.05],
  upper: [INF, INF, 10, 3],
};

/** log-power: y = c + a / (1 + (t / e^b)^α), α > 0 (Domhan's log_power shifted to asymptote c). */
export const logPower: CurveFamily = {
  name: "log-power",
  params: ["c", "a", "b", "alpha"],
  f: (t, [c, a, b, alpha]) => c + a / (1 + Math.pow(t / Math.exp(b), alpha)),
  grad: (t, [, a, b, alpha]) => {
    const lt = Math.log(t) - b;
    const z = Math.exp(alpha * lt);
    const q = 1 / (1 + z);
    return [1, q, a * alpha * z * q * q, -a * z * lt * q * q];
  },
  starts(steps, values) {
    const { y1, yl } = anchors(steps, values);
    return [1, 2].map((alpha) => [yl, 2 * (y1 - yl), 0, alpha]);
  },
  lower: [-INF, -INF, -10, 1e-3],
  upper: [INF, INF, 10, 10],
};

/** ilog2: y = c + a / ln(t + 1). */
export const ilog2: CurveFamily = {
  name: "ilog2",
  params: ["c", "a"],
  f: (t, [c, a]) => c + a / Math.log(t + 1),
  grad: (t) => [1, 1 / Math.log(t + 1)],
  starts(steps, values) {
    const { y1, yl, t1, tl } = anchors(steps, values);
    const d = 1 / Math.log(t1 + 1) - 1 / Math.log(tl + 1);
    const a = d > 0 ? (y1 - yl) / d : 0;
    return [[yl - a / Math.log(tl + 1), a]];
  },
  lower: [-INF, -INF],
  upper: [INF, INF],
};

/**
 * pow3 with a linear drift, y = c + a·t^(−α) + b·t: a curve that turns (a loss rising again as the model
 * overfits). Not one of Domhan et al.'s families and not in the default ensemble: `fitLearningCurve` adds it
 * only when its drift is significantly in the worsening direction (`reversalTest`), because on a curve that
 * has not turned it extrapolates a flat start as confidently as a plateau.
 */
export const pow3Drift: CurveFamily = {
  name: "pow3-drift",
  params: ["c", "a", "alpha", "b"],
  f: (t, [c, a, alpha, b]) => c + a * Math.pow(t, -alpha) + b * t,
  grad: (t, [, a, alpha]) => {
    const u = Math.pow(t, -alpha);
    return [1, u, -a * u * Math.log(t), t];
  },
  starts(steps, values) {
    const { y1, yl, t1 } = anchors(steps, values);
    return [0.5, 1.5].map((alpha) => [yl, (y1 - yl) * Math.pow(t1, alpha), alpha, 0]);
  },
  lower: [-INF, -INF, 1e-3, -INF],
  upper: [INF, INF, 10, INF],
};

/** The default ensemble used by the learning-curve scheduler. */
export const defaultCurveFamilies: readonly CurveFamily[] = [pow3, pow4, exp3, janoschek, logPower, ilog2];
