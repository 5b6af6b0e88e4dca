// Short MCMC over one curve family's parameters for learning-curve extrapolation (Domhan, Springenberg &
// Hutter, IJCAI 2015, §2.2 sample the posterior with emcee). Sampler: the affine-invariant ensemble
// "stretch move" (Goodman & Weare 2010, eq. 7–10; the serial version, one walker at a time). Target:
// θ's marginal posterior with the noise variance integrated out under the Jeffreys prior p(σ²) ∝ 1/σ²,
// p(θ | y) ∝ SSE(θ)^(−n/2) on the family's bounds, times the hard priors of the least-squares path (the
// curve does not get worse from its first step to the horizon; the horizon value lies in valueRange).
// Given θ, σ² | θ, y ~ Inv-Gamma(n/2, SSE(θ)/2), so the predictive is Student-t with n degrees of freedom.
import { cholesky } from "../../util/linalg.js";
import type { Rng } from "../../util/rng.js";
import type { CurveFamily } from "./curve-families.js";
import { checkOptions, optionKeys } from "../../util/options.js";

/** Options of the short MCMC (`posterior: "mcmc"`). */
export interface McmcOptions {
  /** Walkers of the ensemble, per family (the stretch move needs at least 2·p). @default max(2p + 2, 8) for a family with p parameters */
  walkers?: number;
  /** Ensemble steps discarded before draws are kept. @default 100 */
  burnIn?: number;
  /** Posterior draws kept per family: the walkers' positions over the last ⌈samples / walkers⌉ steps. @default 300 */
  samples?: number;
  /** Seed of the sampler (the scheduler mixes in the trial number and step). @default 0 */
  seed?: number;
}

/** Hard priors of the posterior, shared with the least-squares path. */
export interface CurvePriors {
  /** The horizon step T. */
  readonly horizon: number;
  /** +1 when lower values are better (minimize), −1 when higher are. */
  readonly sign: 1 | -1;
  /** How much worse than the first step the horizon value may be (the least-squares path's 3σ̂). */
  readonly tolerance: number;
  /** Range the value at the horizon must lie in. */
  readonly valueRange: readonly [number, number];
  /** Floor on SSE(θ) (keeps the posterior proper on noiseless curves). */
  readonly sseFloor: number;
}

/** Posterior draws of one family. */
export interface CurvePosterior {
  /** Draws of θ (each of length p). */
  readonly thetas: readonly (readonly number[])[];
  /** SSE(θ) of each draw, floored at `sseFloor`. */
  readonly sse: readonly number[];
  /** Fraction of accepted stretch proposals (after burn-in). */
  readonly acceptance: number;
}

const STRETCH = 2; // Goodman & Weare's scale a of the stretch distribution g(z) ∝ 1/√z on [1/a, a]

/** Default number of walkers for a family with `p` parameters: max(2p + 2, 8). */
export function defaultWalkers(p: number): number {
  return Math.max(2 * p + 2, 8);
}

/** Checks the MCMC options, naming `where` and the bad field in the error; `maxParams` is the largest family's p. */
export function checkMcmcOptions(options: McmcOptions | undefined, maxParams: number, where: string): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null) throw new TypeError(`${where}: mcmc must be an object, got ${String(options)}`);
  checkOptions(`${where} (mcmc)`, options, optionKeys<McmcOptions>({ walkers: true, burnIn: true, samples: true, seed: true }));
  const { walkers, burnIn, samples, seed } = options;
  if (walkers !== undefined && !(Number.isInteger(walkers) && walkers >= 2 * maxParams && walkers >= 2)) {
    throw new RangeError(
      `${where}: mcmc.walkers must be an integer ≥ 2·p = ${Math.max(2, 2 * maxParams)} (p = ${maxParams}, the largest family), got ${walkers}`,
    );
  }
  if (burnIn !== undefined && !(Number.isInteger(burnIn) && burnIn >= 0)) throw new RangeError(`${where}: mcmc.burnIn must be an integer ≥ 0, got ${burnIn}`);
  if (samples !== undefined && !(Number.isInteger(samples) && samples >= 1))
    throw new RangeError(`${where}: mcmc.samples must be an integer ≥ 1, got ${samples}`);
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new RangeError(`${where}: mcmc.seed must be a safe integer, got ${seed}`);
}

/** Log posterior of θ (up to a constant): −(n/2)·ln SSE(θ) inside the bounds and priors, −Infinity outside. */
export function logCurvePosterior(
  family: CurveFamily,
  steps: readonly number[],
  values: readonly number[],
  priors: CurvePriors,
  theta: readonly number[],
): { logp: number; sse: number } {
  const out = { logp: -Infinity, sse: Infinity };
  for (let i = 0; i < theta.length; i++) if (!(theta[i] >= family.lower[i] && theta[i] <= family.upper[i])) return out;
  const atHorizon = family.f(priors.horizon, theta);
  const [lo, hi] = priors.valueRange;
  if (!Number.isFinite(atHorizon) || atHorizon < lo || atHorizon > hi) return out;
  if (priors.sign * (atHorizon - family.f(steps[0], theta)) > priors.tolerance) return out;
  let sse = 0;
  for (let i = 0; i < steps.length; i++) {
    const r = values[i] - family.f(steps[i], theta);
    sse += r * r;
  }
  if (!Number.isFinite(sse)) return out;
  sse = Math.max(sse, priors.sseFloor);
  return { logp: -0.5 * steps.length * Math.log(sse), sse };
}

/**
 * Samples θ of one family by the stretch move, starting the walkers in a Gaussian ball around the
 * least-squares estimate (a tenth of the Laplace standard deviations, reflected into the bounds: a wide start
 * on a short curve puts walkers far out where the flat posterior keeps them past a short burn-in).
 */
export function sampleCurvePosterior(
  family: CurveFamily,
  steps: readonly number[],
  values: readonly number[],
  start: { readonly theta: readonly number[]; readonly covariance: readonly (readonly number[])[] },
  priors: CurvePriors,
  options: McmcOptions,
  rng: Rng,
): CurvePosterior {
  const p = family.params.length;
  const W = options.walkers ?? defaultWalkers(p);
  const burnIn = options.burnIn ?? 100;
  const samples = options.samples ?? 300;
  const logPost = (th: readonly number[]) => logCurvePosterior(family, steps, values, priors, th);
  const first = logPost(start.theta);
  if (first.logp === -Infinity)
    throw new RangeError(`sampleCurvePosterior: the start of ${family.name} violates its bounds or priors; expected a plausible least-squares fit`);

  // initial ball: θ̂ + L·z/10 with L the Cholesky factor of the Laplace covariance (its diagonal if not SPD)
  const chol = cholesky(Float64Array.from(start.covariance.flat()), p);
  const floorSd = start.theta.map((v) => 1e-6 * Math.max(Math.abs(v), 1e-3));
  const ball = (): number[] => {
    const z = Array.from({ length: p }, () => rng.normal());
    return start.theta.map((v, i) => {
      let d = 0;
      if (chol) for (let k = 0; k <= i; k++) d += chol[i * p + k] * z[k];
      else d = Math.sqrt(Math.max(0, start.covariance[i][i])) * z[i];
      d = 0.1 * d + floorSd[i] * z[i];
      let x = v + d;
      // reflect into [lower, upper], then clip what is still outside
      const lo = family.lower[i];
      const hi = family.upper[i];
      if (x < lo) x = lo + (lo - x);
      if (x > hi) x = hi - (x - hi);
      return Math.min(hi, Math.max(lo, x));
    });
  };
  const pos: number[][] = [];
  const lp: number[] = [];
  const sse: number[] = [];
  for (let k = 0; k < W; k++) {
    let th: number[] = start.theta.slice();
    let r = first;
    // a ball point may break a prior; retry, and keep the estimate itself (with a tiny jitter) as the last resort
    for (let attempt = 0; attempt < 20; attempt++) {
      const cand = ball();
      const rc = logPost(cand);
      if (rc.logp > -Infinity) {
        th = cand;
        r = rc;
        break;
      }
    }
    pos.push(th);
    lp.push(r.logp);
    sse.push(r.sse);
  }

  const keptSteps = Math.ceil(samples / W);
  const thetas: number[][] = [];
  const sses: number[] = [];
  let accepted = 0;
  let proposed = 0;
  const prop = new Array<number>(p);
  for (let s = 0; s < burnIn + keptSteps; s++) {
    for (let k = 0; k < W; k++) {
      let j = rng.int(W - 1);
      if (j >= k) j++;
      const u = rng.uniform();
      const z = ((STRETCH - 1) * u + 1) ** 2 / STRETCH; // z ~ g(z) ∝ 1/√z on [1/a, a]
      for (let i = 0; i < p; i++) prop[i] = pos[j][i] + z * (pos[k][i] - pos[j][i]);
      const r = logPost(prop);
      const logAccept = (p - 1) * Math.log(z) + r.logp - lp[k];
      const ok = r.logp > -Infinity && Math.log(rng.uniform()) < logAccept;
      if (ok) {
        pos[k] = prop.slice();
        lp[k] = r.logp;
        sse[k] = r.sse;
      }
      if (s >= burnIn) {
        proposed++;
        if (ok) accepted++;
      }
    }
    if (s >= burnIn) {
      for (let k = 0; k < W; k++) {
        thetas.push(pos[k]);
        sses.push(sse[k]);
      }
    }
  }
  // keep the most recent `samples` draws
  const from = thetas.length - samples;
  return { thetas: thetas.slice(from), sse: sses.slice(from), acceptance: proposed > 0 ? accepted / proposed : NaN };
}
