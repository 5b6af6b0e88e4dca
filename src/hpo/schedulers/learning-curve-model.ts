// Learning-curve extrapolation model (Domhan, Springenberg & Hutter, IJCAI 2015, eq. 2–4): a weighted
// ensemble of parametric families fitted to a partial curve. Each family is fitted by least squares
// (= MAP under a flat prior and Gaussian noise, eq. 3); its predictive at step T has the Laplace scale
// √(gᵀΣg + σ²) and, because σ² is estimated from n − p residuals, Student-t tails with n − p degrees of
// freedom (the textbook regression prediction interval); the paper's prior that a curve improves is kept by
// dropping fits whose extrapolation is worse than their start. Families that fit significantly worse than
// the best one are dropped (an F-test, Occam's window); the rest are weighted by how well each, refitted on
// the older points, predicted the newest ones (prequential), or uniformly, or by BIC. A drift family joins
// when the curve has significantly turned. With `posterior: "mcmc"` each kept family's parameters are
// sampled instead (learning-curve-mcmc.ts) and the predictive averages over the draws.
import { curveFit } from "../../util/curve-fit.js";
import { createRng } from "../../util/rng.js";
import { checkMcmcOptions, sampleCurvePosterior, type McmcOptions } from "./learning-curve-mcmc.js";
import { logGamma, studentTCdf } from "../../util/student-t.js";
import { fSurvival } from "../../util/f-distribution.js";
import { checkOptions, optionKeys } from "../../util/options.js";
import { defaultCurveFamilies, pow3Drift, type CurveFamily } from "./curve-families.js";
// Φ from the Numerical Recipes erfc approximation (|error| < 1.2e-7), shared with TPE's truncated normals.
import { normCdf as phi } from "../samplers/truncnorm.js";

/** Options of {@link fitLearningCurve}. */
export interface LearningCurveModelOptions {
  /** Families to fit. @default defaultCurveFamilies (pow3, pow4, exp3, janoschek, log-power, ilog2) */
  families?: readonly CurveFamily[];
  /** "minimize" when values fall as training improves (loss), "maximize" for accuracy/AUC. @default "minimize" */
  direction?: "minimize" | "maximize";
  /** Step at which improvement is checked by the "curve improves" prior (usually the last step). @default last observed step × 3 */
  horizon?: number;
  /**
   * How the kept fits are weighted: "prequential" (each family refitted on all but the newest ⌈n/3⌉ points
   * and weighted by its Student-t predictive likelihood of them: Dawid 1984's prequential principle, as
   * extrapolation is what the ensemble is for), "uniform" (flat prior over families, the conservative choice)
   * or "bic" (exp(−BIC/2), overconfident on short curves). @default "uniform"
   */
  weighting?: "uniform" | "bic" | "prequential";
  /** Values outside this range at the horizon make a fit implausible (dropped). @default [-Infinity, Infinity] */
  valueRange?: readonly [number, number];
  /**
   * Shape of each family's predictive: "student-t" with n − p degrees of freedom accounts for the noise
   * variance being estimated from few residuals (heavy tails on short curves); "gaussian" treats the
   * estimate as exact (the Laplace approximation alone). @default "student-t"
   */
  predictive?: "student-t" | "gaussian";
  /**
   * Parameter posterior of each family: "laplace" (the least-squares fit and its Laplace covariance) or
   * "mcmc" (a short ensemble MCMC started at that fit, noise integrated out; the predictive averages over
   * the draws: Student-t with n degrees of freedom per draw, or with "gaussian" the plug-in σ² = SSE(θ)/n).
   * @default "laplace"
   */
  posterior?: "laplace" | "mcmc";
  /** Sampler settings when `posterior` is "mcmc" (walkers, burnIn, samples, seed). @default see McmcOptions */
  mcmc?: McmcOptions;
  /**
   * Drop a family whose residual variance is significantly larger than the best-fitting family's (one-sided
   * F-test at this level): it does not describe the curve, and its biased extrapolation would only blur the
   * ensemble. Families that fit comparably all stay, so an unidentified curve keeps its spread. 0 keeps every
   * family. @default 0
   */
  fitTest?: number;
  /**
   * Also fit `pow3Drift` and keep it when its drift is significantly in the worsening direction (one-sided
   * t-test at this level): the curve has turned (overfitting), which the monotone families cannot follow. 0
   * never adds it; a custom `families` list gets no drift family. @default 0
   */
  reversalTest?: number;
}

const MODEL_KEYS = optionKeys<LearningCurveModelOptions>({
  families: true,
  direction: true,
  horizon: true,
  weighting: true,
  valueRange: true,
  predictive: true,
  posterior: true,
  mcmc: true,
  fitTest: true,
  reversalTest: true,
});

/** One fitted family of the ensemble. */
export interface FamilyFit {
  /** Family name. */
  readonly family: string;
  /** Fitted parameters. */
  readonly theta: readonly number[];
  /** Sum of squared residuals. */
  readonly sse: number;
  /** Noise variance estimate sse/(n − p), floored. */
  readonly sigma2: number;
  /** Residual degrees of freedom n − p (of the Student-t predictive). */
  readonly dof: number;
  /** Laplace covariance of θ. */
  readonly covariance: readonly (readonly number[])[];
  /** Bayesian information criterion n·ln(sse/n) + p·ln n. */
  readonly bic: number;
  /** Ensemble weight (sums to 1 over kept fits). */
  readonly weight: number;
}

/** Gaussian-mixture predictive of the curve at one step. */
export interface CurvePrediction {
  /** The step. */
  readonly step: number;
  /** Predictive mean of the observed value at `step`. */
  readonly mean: number;
  /** Predictive spread: the mixture's standard deviation of the components' scales (parameter uncertainty + observation noise; a Student-t component's scale, not its wider standard deviation). */
  readonly std: number;
}

/** A fitted ensemble: predictions and the probability of beating a target. */
export interface LearningCurveModel {
  /** The fits kept in the ensemble (empty when none was plausible). */
  readonly fits: readonly FamilyFit[];
  /** True when the curve has significantly turned worse: the drift family passed `reversalTest` (and joined the ensemble unless `fitTest` dropped it). */
  readonly reversal: boolean;
  /** Predictive mean and std at `step`; NaN when no fit was kept. */
  predict(step: number): CurvePrediction;
  /** P(value at `step` is strictly better than `target`) under the mixture; NaN when no fit was kept. */
  probabilityBetter(target: number, step: number): number;
}

/** log of Student's t density with ν degrees of freedom at z. */
function logStudentT(z: number, nu: number): number {
  return logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI) - ((nu + 1) / 2) * Math.log(1 + (z * z) / nu);
}

/** Points a family needs before it is fitted: its parameters plus two residual degrees of freedom for the noise estimate. */
export function minFitPoints(family: CurveFamily): number {
  return family.params.length + 2;
}

/** Fits the ensemble of curve families to a partial learning curve (steps ascending, ≥ 1). */
export function fitLearningCurve(steps: readonly number[], values: readonly number[], options: LearningCurveModelOptions = {}): LearningCurveModel {
  checkOptions("fitLearningCurve", options, MODEL_KEYS);
  if (steps.length !== values.length) throw new RangeError(`fitLearningCurve: ${steps.length} steps but ${values.length} values; expected equal lengths`);
  const reversalTest = options.reversalTest ?? 0;
  const fitTest = options.fitTest ?? 0;
  if (!(fitTest >= 0 && fitTest < 1)) throw new RangeError(`fitLearningCurve: fitTest must be a level in [0, 1), got ${fitTest}`);
  if (!(reversalTest >= 0 && reversalTest < 1)) throw new RangeError(`fitLearningCurve: reversalTest must be a level in [0, 1), got ${reversalTest}`);
  // the drift family joins the default ensemble only: a caller who lists families gets exactly those
  const families = [...(options.families ?? defaultCurveFamilies), ...(reversalTest > 0 && options.families === undefined ? [pow3Drift] : [])];
  const posterior = options.posterior ?? "laplace";
  if (posterior !== "laplace" && posterior !== "mcmc")
    throw new RangeError(`fitLearningCurve: posterior must be "laplace" or "mcmc", got ${String(posterior)}`);
  checkMcmcOptions(options.mcmc, Math.max(0, ...families.map((f) => f.params.length)), "fitLearningCurve");
  const sign = (options.direction ?? "minimize") === "minimize" ? 1 : -1;
  const n = steps.length;
  const horizon = options.horizon ?? (n > 0 ? steps[n - 1] * 3 : 1);
  const weighting = options.weighting ?? "uniform";
  if (!["uniform", "bic", "prequential"].includes(weighting))
    throw new RangeError(`fitLearningCurve: weighting must be "prequential", "uniform" or "bic", got ${String(weighting)}`);
  const [lo, hi] = options.valueRange ?? [-Infinity, Infinity];
  const scale = n > 0 ? Math.max(1e-12, ...values.map(Math.abs)) : 1;
  const sigmaFloor = (1e-6 * scale) ** 2;
  const raw: Omit<FamilyFit, "weight">[] = [];
  const rawIndex: number[] = []; // position of each kept fit's family in `families` (seeds its sampler)
  let turned = false; // the drift family passed its test
  const fitOne = (fam: CurveFamily, st: readonly number[], vs: readonly number[]): ReturnType<typeof curveFit> | null => {
    let best: ReturnType<typeof curveFit> | null = null;
    for (const start of fam.starts(st, vs)) {
      if (start.some((v) => !Number.isFinite(v))) continue;
      const r = curveFit((t, th) => fam.f(t, th), st, vs, start, {
        lower: fam.lower,
        upper: fam.upper,
        maxIterations: 60,
        tolerance: 1e-9,
        jacobian: fam.grad,
      });
      if (Number.isFinite(r.sse) && (!best || r.sse < best.sse)) best = r;
    }
    return best;
  };
  for (const [fi, fam] of families.entries()) {
    const p = fam.params.length;
    if (n < minFitPoints(fam)) continue;
    const best = fitOne(fam, steps, values);
    if (!best || !best.covariance) continue;
    if (fam === pow3Drift) {
      // the drift b must be significantly in the worsening direction (a one-sided t-test): the curve has turned
      const sd = Math.sqrt(best.covariance[3][3]);
      if (!(sd > 0) || 1 - studentTCdf((sign * best.theta[3]) / sd, n - p) >= reversalTest) continue;
      turned = true;
    }
    const atHorizon = fam.f(horizon, best.theta);
    const atStart = fam.f(steps[0], best.theta);
    if (!Number.isFinite(atHorizon) || atHorizon < lo || atHorizon > hi) continue;
    // prior: the curve does not get worse between its first step and the horizon
    if (sign * (atHorizon - atStart) > 3 * Math.sqrt(best.sigma2)) continue;
    const sigma2 = Math.max(best.sigma2, sigmaFloor);
    const bic = n * Math.log(Math.max(best.sse / n, sigmaFloor)) + p * Math.log(n);
    raw.push({ family: fam.name, theta: best.theta, sse: best.sse, sigma2, dof: n - p, covariance: best.covariance, bic });
    rawIndex.push(fi);
  }
  if (fitTest > 0 && raw.length > 1) {
    // Occam's window (Madigan & Raftery 1994) with an F-test of the residual variances instead of the BIC difference, which short curves make overconfident
    const best = raw.reduce((a, b) => (b.sigma2 < a.sigma2 ? b : a));
    for (let i = raw.length - 1; i >= 0; i--) {
      if (raw[i] !== best && fSurvival(raw[i].sigma2 / best.sigma2, raw[i].dof, best.dof) < fitTest) {
        raw.splice(i, 1);
        rawIndex.splice(i, 1);
      }
    }
  }
  const minBic = Math.min(...raw.map((r) => r.bic));
  let ws = raw.map((r) => (weighting === "bic" ? Math.exp(-0.5 * (r.bic - minBic)) : 1));
  if (weighting === "prequential" && raw.length > 1) {
    // each kept family refitted on the first n − h points and scored by its predictive density of the last h (Dawid 1984)
    const h = Math.max(2, Math.ceil(n / 3));
    const scores = raw.map((_, i) => {
      const fam = families[rawIndex[i]];
      if (n - h < minFitPoints(fam)) return NaN;
      const f = fitOne(fam, steps.slice(0, n - h), values.slice(0, n - h));
      if (!f || !f.covariance) return NaN;
      const dof = n - h - fam.params.length;
      const s2 = Math.max(f.sigma2, sigmaFloor);
      let score = 0;
      for (let k = n - h; k < n; k++) {
        const g = fam.grad(steps[k], f.theta);
        let v = s2;
        for (let a = 0; a < g.length; a++) for (let b = 0; b < g.length; b++) v += g[a] * f.covariance[a][b] * g[b];
        score += logStudentT((values[k] - fam.f(steps[k], f.theta)) / Math.sqrt(v), dof) - 0.5 * Math.log(v);
      }
      return Number.isFinite(score) ? score : NaN;
    });
    const scored = scores.filter((x) => !Number.isNaN(x));
    if (scored.length > 0) {
      const top = Math.max(...scored);
      // a family too large to refit on the older points alone gets the median score
      const median = [...scored].sort((a, b) => a - b)[Math.floor(scored.length / 2)];
      ws = scores.map((x) => Math.exp((Number.isNaN(x) ? median : x) - top));
    }
  }
  const wsum = ws.reduce((a, b) => a + b, 0);
  const fits: FamilyFit[] = raw.map((r, i) => ({ ...r, weight: ws[i] / wsum }));
  const byName = new Map(families.map((f) => [f.name, f]));

  const studentT = (options.predictive ?? "student-t") === "student-t";
  type Component = { w: number; mu: number; sd: number; dof: number };
  let components: (step: number) => Component[];
  if (posterior === "mcmc") {
    const seed = options.mcmc?.seed ?? 0;
    const draws = fits.map((fit, i) => {
      const fam = families[rawIndex[i]];
      const priors = {
        horizon,
        sign: sign as 1 | -1,
        tolerance: 3 * Math.sqrt(fit.sse / Math.max(1, fit.dof)),
        valueRange: [lo, hi] as const,
        sseFloor: n * sigmaFloor,
      };
      return sampleCurvePosterior(fam, steps, values, fit, priors, options.mcmc ?? {}, createRng(seed, rawIndex[i]));
    });
    // one component per draw: y | θ_s ~ μ_s + √(SSE_s/n)·t_n (σ² integrated out), weights w_family / draws
    components = (step) =>
      fits.flatMap((fit, i) => {
        const fam = families[rawIndex[i]];
        const d = draws[i];
        const w = fit.weight / d.thetas.length;
        return d.thetas.map((th, s) => ({ w, mu: fam.f(step, th), sd: Math.sqrt(d.sse[s] / n), dof: n }));
      });
  } else {
    components = (step) =>
      fits.map((fit) => {
        const fam = byName.get(fit.family)!;
        const g = fam.grad(step, fit.theta);
        let v = fit.sigma2;
        for (let a = 0; a < g.length; a++) for (let b = 0; b < g.length; b++) v += g[a] * fit.covariance[a][b] * g[b];
        return { w: fit.weight, mu: fam.f(step, fit.theta), sd: Math.sqrt(Math.max(v, fit.sigma2)), dof: fit.dof };
      });
  }

  // the scheduler asks predict and probabilityBetter at the same step: compute that step's mixture once
  let last: { step: number; cs: Component[] } | undefined;
  const at = (step: number): Component[] => {
    if (last?.step !== step) last = { step, cs: components(step) };
    return last.cs;
  };
  return {
    fits,
    reversal: turned,
    predict(step: number): CurvePrediction {
      if (fits.length === 0) return { step, mean: NaN, std: NaN };
      const cs = at(step);
      const mean = cs.reduce((s, c) => s + c.w * c.mu, 0);
      const second = cs.reduce((s, c) => s + c.w * (c.sd * c.sd + c.mu * c.mu), 0);
      return { step, mean, std: Math.sqrt(Math.max(0, second - mean * mean)) };
    },
    probabilityBetter(target: number, step: number): number {
      if (fits.length === 0) return NaN;
      // minimize: P(Y < target) = F((target − μ)/sd); maximize: P(Y > target) = F((μ − target)/sd), F = t (n − p dof for Laplace, n for MCMC draws) or Φ
      return at(step).reduce((s, c) => {
        const z = (sign * (target - c.mu)) / c.sd;
        return s + c.w * (studentT ? studentTCdf(z, c.dof) : phi(z));
      }, 0);
    },
  };
}
