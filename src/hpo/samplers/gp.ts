// Gaussian-process Bayesian optimization (Snoek, Larochelle & Adams 2012, "Practical Bayesian
// optimization of machine learning algorithms"): Matérn-5/2 ARD GP with MAP hyperparameters on
// standardized outputs after a Box-Cox / Yeo-Johnson transform chosen on the values (HEBO,
// Cowen-Rivers et al. 2022), Kumaraswamy input warping (Snoek et al. 2014), log-EI (Ament et al. 2023) or LCB maximized by multi-start local search,
// kriging believers for running trials; with study constraints, EI × probability of feasibility (gp-constraints.ts). A pure function of (space, trials, rng): it refits each ask.
import type { Sample, SampleContext, Sampler } from "../types.js";
import { decodeColumns, encodeParams, snapColumns } from "../gp/encoding.js";
import { acquisitionFunction, optimizeAcquisition, type AcquisitionKind } from "../gp/optimize-acquisition.js";
import { fitSurrogate, isObserved, isPending } from "../gp/surrogate.js";
import { sampleUniform } from "./random.js";
import { checkOptions, optionKeys } from "../../util/options.js";
import { SAMPLER_SEED_HINT } from "./seed-hint.js";
import { fitConstraintModels } from "./gp-constraints.js";
// `why` lines: 3 significant digits, exponential outside [1e-2, 1e4).
import { formatCompact as fmt } from "../../util/format-number.js";

/** Options of {@link gpSampler}. */
export interface GpSamplerOptions {
  /** Completed trials sampled at random before the GP takes over. @default 10 */
  nStartupTrials?: number;
  /** Acquisition function: numerically stable log expected improvement, or the confidence bound. @default "log-ei" */
  acquisition?: AcquisitionKind;
  /** Exploration weight β of "ucb" (μ − β·σ for minimization). @default 2 */
  beta?: number;
  /** The objective is noise-free: fix the GP noise at its minimum instead of fitting it. @default false */
  deterministic?: boolean;
  /** Random candidates scored before local search. @default 1024 */
  candidates?: number;
  /** Local searches started from the best candidates (one more starts at the incumbent). @default 8 */
  restarts?: number;
  /** Running/waiting/paused trials: "believer" (kriging believer) or "ignore". @default "believer" */
  pending?: "believer" | "ignore";
  /** Monotone output transform: "auto" (chosen on the observed values, see gp/output-transform.ts) or "none". @default "auto" */
  outputTransform?: "auto" | "none";
  /** Learn a Kumaraswamy warp of each numeric parameter's unit coordinate (gp/input-warping.ts); off by default: it slowed convergence on Hartmann3/6 in bench/hpo/search.ts (gp vs gp-no-warp). @default false */
  inputWarping?: boolean;
}

const GP_KEYS = optionKeys<GpSamplerOptions>({
  nStartupTrials: true,
  acquisition: true,
  beta: true,
  deterministic: true,
  candidates: true,
  restarts: true,
  pending: true,
  outputTransform: true,
  inputWarping: true,
});

/** GP-based Bayesian optimization sampler. */
export class GpSampler implements Sampler {
  readonly name = "gp";
  private readonly options: Required<GpSamplerOptions>;

  constructor(options: GpSamplerOptions = {}) {
    checkOptions("gpSampler", options, GP_KEYS, SAMPLER_SEED_HINT);
    const {
      nStartupTrials = 10,
      acquisition = "log-ei",
      beta = 2,
      deterministic = false,
      candidates = 1024,
      restarts = 8,
      pending = "believer",
      outputTransform = "auto",
      inputWarping = false,
    } = options;
    if (!(Number.isInteger(nStartupTrials) && nStartupTrials >= 1)) {
      throw new Error(`gpSampler: nStartupTrials must be an integer ≥ 1, got ${nStartupTrials}`);
    }
    if (acquisition !== "log-ei" && acquisition !== "ucb") {
      throw new Error(`gpSampler: acquisition must be "log-ei" or "ucb", got ${JSON.stringify(acquisition)}`);
    }
    if (!(beta >= 0)) throw new Error(`gpSampler: beta must be ≥ 0, got ${beta}`);
    if (!(Number.isInteger(candidates) && candidates >= 1)) throw new Error(`gpSampler: candidates must be an integer ≥ 1, got ${candidates}`);
    if (!(Number.isInteger(restarts) && restarts >= 1)) throw new Error(`gpSampler: restarts must be an integer ≥ 1, got ${restarts}`);
    if (pending !== "believer" && pending !== "ignore") {
      throw new Error(`gpSampler: pending must be "believer" or "ignore", got ${JSON.stringify(pending)}`);
    }
    if (outputTransform !== "auto" && outputTransform !== "none") {
      throw new Error(`gpSampler: outputTransform must be "auto" or "none", got ${JSON.stringify(outputTransform)}`);
    }
    if (typeof inputWarping !== "boolean") throw new Error(`gpSampler: inputWarping must be true or false, got ${JSON.stringify(inputWarping)}`);
    this.options = { nStartupTrials, acquisition, beta, deterministic, candidates, restarts, pending, outputTransform, inputWarping };
  }

  /** Proposes the next params: random during startup, then the acquisition maximizer of the GP. */
  sample(context: SampleContext): Sample {
    const { space, trials, direction, rng } = context;
    const o = this.options;
    const nDone = trials.filter(isObserved).length;
    if (nDone < o.nStartupTrials) {
      return { params: sampleUniform(space, rng), why: `random (GP startup ${nDone + 1}/${o.nStartupTrials})` };
    }
    const sur = fitSurrogate(space, trials, direction, {
      deterministic: o.deterministic,
      pending: o.pending,
      outputTransform: o.outputTransform,
      inputWarping: o.inputWarping,
    });
    const enc = sur.encoding;
    // Keys of params already tried or in flight, to avoid proposing a duplicate.
    const seen = new Set<string>();
    const key = (p: Readonly<Record<string, unknown>>) => JSON.stringify(space.names.map((n) => p[n] ?? null));
    for (const t of trials) if (isObserved(t) || isPending(t) || t.state === "pruned") seen.add(key(t.params));
    // study constraints: one GP per constraint, EI over the best feasible value × P(feasible) (Gardner et al. 2014)
    const cons = fitConstraintModels(sur, trials, o.deterministic);
    const noneFeasible = cons !== undefined && cons.bestStandardized === undefined;
    const bestRow = cons === undefined ? sur.bestRow : noneFeasible ? sur.bestRow : cons.bestRow;
    const incumbent = trials.find((t) => t.number === sur.completed[bestRow])!;
    // The acquisition is maximized in the posterior's (warped) input space; snapping, duplicate
    // checks and decoding go back through the inverse warp.
    const seeds = sur.toModel(encodeParams(enc, incumbent.params));
    const acq = noneFeasible
      ? () => ({ value: 0, dMean: 0, dStd: 0 }) // no feasible trial yet: maximize the probability of feasibility alone
      : acquisitionFunction(o.acquisition, cons?.bestStandardized ?? sur.bestStandardized, o.beta);
    const best = optimizeAcquisition(sur.posterior, acq, rng, {
      extra: cons ? (x, grad) => cons.logFeasibility(x, grad) : undefined,
      candidates: o.candidates,
      restarts: o.restarts,
      choices: enc.choices,
      seeds,
      snap: (x) => {
        snapColumns(enc, sur.fromModel(x));
        sur.toModel(x);
      },
      accept: (x) => !seen.has(key(decodeColumns(enc, sur.fromModel(Float64Array.from(x))))),
    });
    if (!best.accepted) {
      return { params: sampleUniform(space, rng), why: "random: every GP proposal repeats an evaluated configuration" };
    }
    const params = decodeColumns(enc, sur.fromModel(Float64Array.from(best.x)));
    const { yStd } = sur.fitted;
    const kp = sur.posterior.params;
    const ls = space.names.map((n, k) => `${n} ${fmt(1 / Math.sqrt(kp.inverseSquaredLengthscales[k]))}`).join(", ");
    const consText = cons
      ? `; ${cons.count} ${cons.count === 1 ? "constraint" : "constraints"}, ${cons.feasibleRows.length}/${sur.completed.length} trials feasible, ` +
        `P(feasible) ${fmt(Math.exp(cons.logFeasibility(Float64Array.from(best.x))))}`
      : "";
    const acqText = noneFeasible
      ? "max P(feasible) (no feasible trial yet)"
      : o.acquisition === "log-ei"
        ? `log-EI${cons ? "×P(feasible)" : ""} ${fmt(best.value)} (EI${cons ? "×P" : ""} ${fmt(Math.exp(best.value) * yStd)})`
        : `${sur.sign > 0 ? "LCB" : "UCB"} ${fmt(sur.toObjective(best.mean - o.beta * best.std))}`;
    const where = best.winner === 0 ? "local search from the incumbent" : best.winner > 0 ? `local search ${best.winner + 1}` : "a raw candidate";
    const warpText = sur.warp
      ? `; warp ${space.names
          .filter((_, k) => sur.warp!.mask[k])
          .map((n) => {
            const k = space.names.indexOf(n);
            return `${n} a ${fmt(sur.warp!.a[k])} b ${fmt(sur.warp!.b[k])}`;
          })
          .join(", ")}`
      : "";
    const pendingText = sur.pending.length > 0 ? ` + ${sur.pending.length} pending as believers` : "";
    const why =
      `GP ${acqText} from ${where} (best of ${best.restarts} on ${o.candidates} candidates); ` +
      `μ ${fmt(sur.toObjective(best.mean))} (σ ${fmt(best.std)} standardized); ` +
      `fit on ${sur.completed.length} trials${pendingText}; ${sur.transform.description}; lengthscales ${ls}${warpText}; noise variance ${fmt(kp.noise)} (standardized)${consText}`;
    return { params, why };
  }
}

/** Creates a GP Bayesian-optimization sampler. */
export function gpSampler(options: GpSamplerOptions = {}): GpSampler {
  return new GpSampler(options);
}
