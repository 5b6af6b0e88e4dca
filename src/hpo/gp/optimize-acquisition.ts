/**
 * Maximizes an acquisition function over the GP's input space: evaluate many random candidates,
 * start local searches from the best ones (and from given seeds such as the incumbent), run
 * box-constrained L-BFGS on the continuous columns and an exhaustive sweep over each categorical
 * column, snap discrete columns to their grid, and keep the best point.
 * (The scheme of Optuna's GPSampler / BoTorch's optimize_acqf: raw samples → restarts → local search.)
 */
import type { Rng } from "../../util/rng.js";
import { logExpectedImprovement, lowerConfidenceBound, type AcquisitionValue } from "./log-ei.js";
import { minimizeBox } from "./lbfgs-b.js";
import { predictAt, predictScratch, type GpPosterior } from "./posterior.js";

/** Which acquisition to maximize (for minimization of the modelled function). */
export type AcquisitionKind = "log-ei" | "ucb";

/** The acquisition as a function of the posterior mean and std; see {@link acquisitionFunction}. */
export type AcquisitionFn = (mean: number, std: number) => AcquisitionValue;

/** Builds log-EI (relative to `best`) or the lower confidence bound β·σ − μ. */
export function acquisitionFunction(kind: AcquisitionKind, best: number, beta = 2): AcquisitionFn {
  if (kind === "log-ei") return (mean, std) => logExpectedImprovement(mean, std, best);
  if (kind === "ucb") return (mean, std) => lowerConfidenceBound(mean, std, beta);
  throw new Error(`acquisitionFunction: kind must be "log-ei" or "ucb", got ${JSON.stringify(kind)}`);
}

/** Options of {@link optimizeAcquisition}. */
export interface OptimizeAcquisitionOptions {
  /** Random candidates evaluated before local search. @default 1024 */
  candidates?: number;
  /** Local searches started from the best candidates (in addition to one per seed). @default 8 */
  restarts?: number;
  /** Number of values of each categorical column (0 for continuous columns); [d]. @default all continuous */
  choices?: ArrayLike<number>;
  /** Points (row-major [m, d]) always used as local-search starts, e.g. the incumbent. @default none */
  seeds?: Float64Array;
  /** Snaps a point to the representable grid (discrete columns) in place; applied before the final comparison. @default identity */
  snap?: (x: Float64Array) => void;
  /** Rejects points (e.g. already evaluated ones) after snapping. @default accept all */
  accept?: (x: Float64Array) => boolean;
  /** Max L-BFGS iterations per local search. @default 30 */
  maxIterations?: number;
  /**
   * A term added to the acquisition at x ([d]), e.g. the log probability of feasibility from constraint GPs;
   * when `grad` is given it receives ∂term/∂x ([d], categorical entries ignored). @default none
   */
  extra?: (x: Float64Array, grad?: Float64Array) => number;
}

/** Result of {@link optimizeAcquisition}. */
export interface OptimizedAcquisition {
  /** The chosen point (snapped), [d]. */
  x: Float64Array;
  /** Acquisition value at x. */
  value: number;
  /** Posterior mean at x. */
  mean: number;
  /** Posterior std at x. */
  std: number;
  /** Local searches run. */
  restarts: number;
  /** Index of the winning local search (0-based; seeds come first). */
  winner: number;
  /** False when every point was rejected by `accept` (x is then the best rejected one). */
  accepted: boolean;
}

/** Minimum posterior variance used inside the acquisition (keeps log σ finite). */
const MIN_VARIANCE = 1e-12;

/** Finds a maximizer of the acquisition `acq` of posterior `post` in the unit cube (categoricals by index). */
export function optimizeAcquisition(post: GpPosterior, acq: AcquisitionFn, rng: Rng, options: OptimizeAcquisitionOptions = {}): OptimizedAcquisition {
  const d = post.data.d;
  const { candidates = 1024, restarts = 8, choices = new Float64Array(d), seeds, snap, accept = () => true, maxIterations = 30, extra } = options;
  if (choices.length !== d) throw new Error(`optimizeAcquisition: choices must have d = ${d} entries, got ${choices.length}`);
  const scratch = predictScratch(post);
  const gm = new Float64Array(d);
  const gv = new Float64Array(d);
  const ge = new Float64Array(d);

  const evaluate = (x: Float64Array): { value: number; mean: number; std: number } => {
    const p = predictAt(post, x, scratch);
    const std = Math.sqrt(Math.max(p.variance, MIN_VARIANCE));
    return { value: acq(p.mean, std).value + (extra ? extra(x) : 0), mean: p.mean, std };
  };

  // 1. Random candidates.
  const cand = new Float64Array(candidates * d);
  const candValue = new Float64Array(candidates);
  for (let i = 0; i < candidates; i++) {
    for (let k = 0; k < d; k++) cand[i * d + k] = choices[k] > 0 ? rng.int(choices[k]) : rng.uniform();
    candValue[i] = evaluate(cand.subarray(i * d, (i + 1) * d)).value;
  }
  const order = Array.from({ length: candidates }, (_, i) => i).sort((a, b) => candValue[b] - candValue[a]);

  // 2. Starts: seeds, then the best distinct candidates.
  const starts: Float64Array[] = [];
  const nSeeds = seeds ? Math.floor(seeds.length / d) : 0;
  for (let s = 0; s < nSeeds; s++) starts.push(Float64Array.from(seeds!.subarray(s * d, (s + 1) * d)));
  for (let r = 0; r < order.length && starts.length < nSeeds + restarts; r++) {
    if (!Number.isFinite(candValue[order[r]])) continue;
    starts.push(Float64Array.from(cand.subarray(order[r] * d, (order[r] + 1) * d)));
  }
  if (starts.length === 0) starts.push(Float64Array.from(cand.subarray(0, d)));

  // 3. Local search from each start.
  const contIdx: number[] = [];
  const catIdx: number[] = [];
  for (let k = 0; k < d; k++) (choices[k] > 0 ? catIdx : contIdx).push(k);
  const lower = new Float64Array(contIdx.length);
  const upper = new Float64Array(contIdx.length).fill(1);
  let best: OptimizedAcquisition | undefined;
  let bestRejected: OptimizedAcquisition | undefined;
  const point = new Float64Array(d);

  for (let s = 0; s < starts.length; s++) {
    point.set(starts[s]);
    for (let round = 0; round < (catIdx.length > 0 ? 2 : 1); round++) {
      if (contIdx.length > 0) {
        const negAcq = (z: Float64Array, grad: Float64Array): number => {
          for (let c = 0; c < contIdx.length; c++) point[contIdx[c]] = z[c];
          const p = predictAt(post, point, scratch, gm, gv);
          const variance = Math.max(p.variance, MIN_VARIANCE);
          const std = Math.sqrt(variance);
          const a = acq(p.mean, std);
          const dVar = p.variance > MIN_VARIANCE ? a.dStd / (2 * std) : 0;
          const e = extra ? extra(point, ge) : 0;
          for (let c = 0; c < contIdx.length; c++) grad[c] = -(a.dMean * gm[contIdx[c]] + dVar * gv[contIdx[c]] + (extra ? ge[contIdx[c]] : 0));
          const value = a.value + e;
          return Number.isFinite(value) ? -value : Infinity;
        };
        const z0 = Float64Array.from(contIdx, (k) => point[k]);
        const fStart = negAcq(z0, new Float64Array(contIdx.length));
        if (Number.isFinite(fStart)) {
          const res = minimizeBox(negAcq, z0, lower, upper, { maxIterations, gradientTolerance: 1e-6, maxEvaluations: 3 * maxIterations });
          for (let c = 0; c < contIdx.length; c++) point[contIdx[c]] = res.x[c];
        }
      }
      // Exhaustive sweep of each categorical column, one at a time.
      for (const k of catIdx) {
        let bestV = -Infinity;
        let bestC = point[k];
        for (let c = 0; c < choices[k]; c++) {
          point[k] = c;
          const v = evaluate(point).value;
          if (v > bestV) {
            bestV = v;
            bestC = c;
          }
        }
        point[k] = bestC;
      }
    }
    const x = Float64Array.from(point);
    snap?.(x);
    const e = evaluate(x);
    const result: OptimizedAcquisition = { x, value: e.value, mean: e.mean, std: e.std, restarts: starts.length, winner: s, accepted: true };
    if (accept(x)) {
      if (!best || e.value > best.value) best = result;
    } else if (!bestRejected || e.value > bestRejected.value) {
      bestRejected = { ...result, accepted: false };
    }
  }
  // Fall back on candidates when every local optimum was rejected.
  if (!best) {
    for (const i of order) {
      const x = Float64Array.from(cand.subarray(i * d, (i + 1) * d));
      snap?.(x);
      if (!accept(x)) continue;
      const e = evaluate(x);
      best = { x, value: e.value, mean: e.mean, std: e.std, restarts: starts.length, winner: -1, accepted: true };
      break;
    }
  }
  return best ?? bestRejected!;
}
