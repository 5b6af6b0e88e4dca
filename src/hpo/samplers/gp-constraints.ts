// Constrained Bayesian optimization for the GP sampler (Gardner, Kusner, Xu, Weinberger & Cunningham 2014,
// "Bayesian optimization with inequality constraints", eq. 4): one GP per constraint cₖ(x) ≤ 0, fitted on the
// same inputs as the objective's GP; the acquisition is EI over the best FEASIBLE value times the probability
// of feasibility Πₖ P(cₖ(x) ≤ 0), i.e. log-EI + Σₖ log Φ((0 − μₖ)/σₖ); with no feasible trial yet, the
// probability of feasibility alone is maximized (their §3.1, as Optuna's GPSampler does).
import type { TrialRecord } from "../types.js";
import type { Surrogate } from "../gp/surrogate.js";
import { fitGp, type FittedGp } from "../gp/fit.js";
import { predictAt, predictScratch } from "../gp/posterior.js";
import { erfcx, normalCdf, normalPdf } from "../gp/erfcx.js";
import { constraintValues, isFeasible } from "./constraints.js";

const MIN_VARIANCE = 1e-12;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** log Φ(z) and its derivative φ(z)/Φ(z), stable for z → −∞ through erfcx (Φ(z) = ½·erfcx(−z/√2)·e^{−z²/2}). */
export function logNormalCdf(z: number): { value: number; dz: number } {
  if (z > -1) {
    const cdf = normalCdf(z);
    return { value: Math.log(cdf), dz: normalPdf(z) / cdf };
  }
  const ex = erfcx(-z / Math.SQRT2);
  return { value: Math.log(0.5 * ex) - 0.5 * z * z, dz: 2 / (SQRT_2PI * ex) };
}

/** The constraint GPs of a study and what the GP sampler needs from them. */
export interface ConstraintModels {
  /** Number of constraints modelled. */
  readonly count: number;
  /** Rows (into the surrogate's completed trials) that are feasible. */
  readonly feasibleRows: readonly number[];
  /** Smallest standardized posterior mean of the objective among feasible rows (the EI incumbent), or undefined when none is feasible. */
  readonly bestStandardized: number | undefined;
  /** Row of that incumbent, or −1. */
  readonly bestRow: number;
  /** Σₖ log P(cₖ(x) ≤ 0) at a point of the objective posterior's input space; writes its gradient in x when given. */
  logFeasibility(x: Float64Array, grad?: Float64Array): number;
}

/**
 * Fits one GP per constraint on the surrogate's completed trials (inputs as the objective's GP sees them,
 * warped when it warps); undefined when no completed trial carries constraint values (the study has none).
 */
export function fitConstraintModels(sur: Surrogate, trials: readonly TrialRecord[], deterministic: boolean): ConstraintModels | undefined {
  const byNumber = new Map(trials.map((t) => [t.number, t]));
  const rowsTrials = sur.completed.map((n) => byNumber.get(n)!);
  const values = rowsTrials.map(constraintValues);
  const count = Math.max(0, ...values.map((v) => v?.length ?? 0));
  if (count === 0) return undefined;
  const data = sur.fitted.posterior.data;
  const d = data.d;
  const models: { gp: FittedGp; zero: number }[] = [];
  for (let k = 0; k < count; k++) {
    const rows = values.flatMap((v, i) => (v !== undefined && k < v.length && Number.isFinite(v[k]) ? [i] : []));
    if (rows.length === 0) continue;
    const x = new Float64Array(rows.length * d);
    rows.forEach((r, j) => x.set(data.x.subarray(r * d, (r + 1) * d), j * d));
    const gp = fitGp(
      x,
      rows.map((r) => values[r]![k]),
      d,
      data.categorical,
      { deterministic },
    );
    // the feasibility boundary cₖ = 0 on the standardized scale
    models.push({ gp, zero: (0 - gp.yMean) / gp.yStd });
  }
  const feasibleRows = rowsTrials.flatMap((t, i) => (isFeasible(t) ? [i] : []));
  // noise-aware incumbent among feasible rows: μ = y − (ν + jitter)·α at training points (as surrogate.ts)
  const post = sur.fitted.posterior;
  const shrink = post.params.noise + post.jitter;
  let bestRow = -1;
  let bestStandardized: number | undefined;
  for (const i of feasibleRows) {
    const m = post.data.y[i] - shrink * post.alpha[i];
    if (bestStandardized === undefined || m < bestStandardized) {
      bestStandardized = m;
      bestRow = i;
    }
  }
  const scratches = models.map((m) => predictScratch(m.gp.posterior));
  const gm = new Float64Array(d);
  const gv = new Float64Array(d);
  return {
    count,
    feasibleRows,
    bestStandardized,
    bestRow,
    logFeasibility(x: Float64Array, grad?: Float64Array): number {
      if (grad) grad.fill(0);
      let total = 0;
      models.forEach((m, k) => {
        const p = predictAt(m.gp.posterior, x, scratches[k], grad ? gm : undefined, grad ? gv : undefined);
        const variance = Math.max(p.variance, MIN_VARIANCE);
        const std = Math.sqrt(variance);
        const z = (m.zero - p.mean) / std;
        const l = logNormalCdf(z);
        total += l.value;
        if (grad) {
          // ∂z/∂μ = −1/σ, ∂z/∂σ² = −z/(2σ²)
          const dVar = p.variance > MIN_VARIANCE ? (-z / (2 * variance)) * l.dz : 0;
          for (let c = 0; c < d; c++) grad[c] += (-l.dz / std) * gm[c] + dVar * gv[c];
        }
      });
      return total;
    },
  };
}
