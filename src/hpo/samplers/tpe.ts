// Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio & Kégl, NeurIPS 2011, eq. 2–4):
// split finished trials into the best γ(n) ("below", density l) and the rest ("above", density g),
// draw candidates from l and keep the one maximizing l(x)/g(x) (∝ expected improvement).
// Defaults follow Optuna's TPESampler: 10 random startup trials, 24 candidates, γ(n) = min(⌈0.1n⌉, 25),
// flat weights for the newest 25 trials and a ramp for older ones, prior weight 1, magic clip.
import { isActive } from "../space.js";
import type { ParamValue, Space } from "../space.js";
import { fromUnit, toUnit } from "../transform.js";
import type { Direction, Sample, SampleContext, Sampler, TrialRecord } from "../types.js";
import { type ParzenDim, ParzenEstimator } from "./parzen.js";
import { sampleUniform } from "./random.js";
import { constraintViolation } from "./constraints.js";
import { SAMPLER_SEED_HINT } from "./seed-hint.js";
import { checkOptions, optionKeys } from "../../util/options.js";

/** Options of `tpeSampler`. */
export interface TpeOptions {
  /** Random trials before TPE starts (counting complete and pruned trials). @default 10 */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per suggestion. @default 24 */
  nEiCandidates?: number;
  /** Size of the "below" group for n finished trials. @default n => Math.min(Math.ceil(0.1 * n), 25) */
  gamma?: (n: number) => number;
  /** Kernel weights for n observations, oldest first. @default flat for the newest 25, linear ramp 1/n…1 for older */
  weights?: (n: number) => number[];
  /** Weight of the prior kernel. @default 1 */
  priorWeight?: number;
  /** Clip bandwidths below range / min(100, n + 2). @default true */
  magicClip?: boolean;
  /** Model parameters jointly (multivariate TPE, Falkner et al. 2018 bandwidths) instead of one at a time. @default false */
  multivariate?: boolean;
  /** Treat running trials as worst-valued ("constant liar") so concurrent asks spread out. @default true */
  constantLiar?: boolean;
  /**
   * How candidates are scored by l(x)/g(x) for continuous parameters: "kernel-height" compares
   * kernels by peak height, as Optuna 3.0–3.x did (its truncated-normal log-pdf lacked −log σ), which
   * makes TPE greedier and matched or beat the true-density ratio on Branin/Hartmann6 (bench/hpo/search.ts);
   * "density" uses the mixtures' true densities (Optuna's later fix). @default "kernel-height"
   */
  scoring?: "density" | "kernel-height";
}

const TPE_KEYS = optionKeys<TpeOptions>({
  nStartupTrials: true,
  nEiCandidates: true,
  gamma: true,
  weights: true,
  priorWeight: true,
  magicClip: true,
  multivariate: true,
  constantLiar: true,
  scoring: true,
});

/** Optuna's default γ: min(⌈0.1·n⌉, 25). */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Optuna's default weights: 1 for the newest 25 observations, a ramp from 1/n to 1 for the older ones. */
export function defaultWeights(n: number): number[] {
  if (n < 25) return new Array(n).fill(1);
  const ramp = n - 25;
  const out: number[] = [];
  for (let i = 0; i < ramp; i++) out.push(ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1));
  for (let i = 0; i < 25; i++) out.push(1);
  return out;
}

/** Sort key of a trial for the below/above split: lower is better (complete before pruned before running). */
function rankKey(t: TrialRecord, direction: Direction): [number, number] {
  const sign = direction === "minimize" ? 1 : -1;
  if (t.state === "complete") {
    // infeasible trials come after every feasible one, the least violating first (Optuna's constrained TPE)
    const violation = constraintViolation(t);
    return violation > 0 ? [-Number.MAX_VALUE, violation] : [-Infinity, sign * (t.value as number)];
  }
  if (t.state === "pruned" && t.intermediate.length > 0) {
    const last = t.intermediate[t.intermediate.length - 1];
    const v = Number.isFinite(last.value) ? sign * last.value : Infinity;
    return [-last.step, v];
  }
  return [Infinity, Infinity];
}

/** TPE sampler (univariate by default, multivariate on request). */
export class TpeSampler implements Sampler {
  readonly name: string;
  private readonly o: Required<TpeOptions>;

  /** Creates a TPE sampler. */
  constructor(options: TpeOptions = {}) {
    checkOptions("tpeSampler", options, TPE_KEYS, SAMPLER_SEED_HINT);
    this.o = {
      nStartupTrials: options.nStartupTrials ?? 10,
      nEiCandidates: options.nEiCandidates ?? 24,
      gamma: options.gamma ?? defaultGamma,
      weights: options.weights ?? defaultWeights,
      priorWeight: options.priorWeight ?? 1,
      magicClip: options.magicClip ?? true,
      multivariate: options.multivariate ?? false,
      constantLiar: options.constantLiar ?? true,
      scoring: options.scoring ?? "kernel-height",
    };
    if (!(Number.isInteger(this.o.nStartupTrials) && this.o.nStartupTrials >= 0))
      throw new RangeError(`tpeSampler: nStartupTrials must be a non-negative integer, got ${this.o.nStartupTrials}`);
    if (!(Number.isInteger(this.o.nEiCandidates) && this.o.nEiCandidates >= 1))
      throw new RangeError(`tpeSampler: nEiCandidates must be a positive integer, got ${this.o.nEiCandidates}`);
    if (!(this.o.priorWeight > 0)) throw new RangeError(`tpeSampler: priorWeight must be > 0, got ${this.o.priorWeight}`);
    this.name = this.o.multivariate ? "tpe-multivariate" : "tpe";
  }

  /** Proposes params: random during startup, then the best l/g candidate. */
  sample(context: SampleContext): Sample {
    const { space, trials, direction, rng } = context;
    const finished = trials.filter((t) => (t.state === "complete" && Number.isFinite(t.value)) || t.state === "pruned");
    if (finished.length < this.o.nStartupTrials) {
      return { params: sampleUniform(space, rng), why: `${this.name}: random startup (${finished.length}/${this.o.nStartupTrials} finished trials)` };
    }
    const running = this.o.constantLiar ? trials.filter((t) => t.state === "running" && Object.keys(t.params).length > 0) : [];
    const ranked = [...finished].sort((a, b) => {
      const ka = rankKey(a, direction);
      const kb = rankKey(b, direction);
      return ka[0] - kb[0] || ka[1] - kb[1] || a.number - b.number;
    });
    const nBelow = Math.max(0, Math.min(ranked.length, Math.floor(this.o.gamma(ranked.length))));
    const byNumber = (a: TrialRecord, b: TrialRecord): number => a.number - b.number;
    const below = ranked.slice(0, nBelow).sort(byNumber);
    const above = [...ranked.slice(nBelow), ...running].sort(byNumber);

    const params: Record<string, ParamValue> = {};
    const scores: number[] = [];
    let joint: string[] = [];
    if (this.o.multivariate) {
      // the parameters every trial has: the unconditional ones
      joint = space.names.filter((n) => space.spec[n].when === undefined);
      if (joint.length > 0) {
        const best = this.choose(space, joint, below, above, context, true);
        joint.forEach((n, j) => (params[n] = best.values[j]));
        scores.push(best.score);
      }
    }
    for (const name of space.names) {
      if (joint.includes(name) || !isActive(space, name, params)) continue;
      const best = this.choose(space, [name], below, above, context, false);
      params[name] = best.values[0];
      scores.push(best.score);
    }
    const score = scores.length ? scores.reduce((a, b) => a + b, 0) : 0;
    return {
      params,
      why: `${this.name}: best of ${this.o.nEiCandidates} candidates by l/g (log ratio ${score.toFixed(2)}; ${below.length} below, ${above.length} above${running.length ? `, ${running.length} running as liars` : ""})`,
    };
  }

  /** Builds l and g over `names` from the trials having all of them; returns the best candidate. */
  private choose(
    space: Space,
    names: string[],
    below: TrialRecord[],
    above: TrialRecord[],
    context: SampleContext,
    multivariate: boolean,
  ): { values: ParamValue[]; score: number } {
    const dims: ParzenDim[] = names.map((n) => ({ dist: space.spec[n] }));
    const rows = (group: TrialRecord[]): number[][] =>
      group
        .filter((t) => names.every((n) => n in t.params))
        .map((t) =>
          names.map((n) => {
            const d = space.spec[n];
            const v = (t.params as Record<string, ParamValue>)[n];
            return d.kind === "categorical" ? d.choices.indexOf(v) : toUnit(d, v);
          }),
        )
        .filter((r) => r.every((x) => x >= 0));
    const rb = rows(below);
    const ra = rows(above);
    const opts = { priorWeight: this.o.priorWeight, magicClip: this.o.magicClip, multivariate, scoring: this.o.scoring };
    const l = new ParzenEstimator(dims, rb, this.o.weights(rb.length).slice(0, rb.length), opts);
    const g = new ParzenEstimator(dims, ra, this.o.weights(ra.length).slice(0, ra.length), opts);
    const candidates = l.sample(context.rng, this.o.nEiCandidates);
    const ll = l.logPdf(candidates);
    const lg = g.logPdf(candidates);
    let bi = 0;
    for (let i = 1; i < candidates.length; i++) if (ll[i] - lg[i] > ll[bi] - lg[bi]) bi = i;
    const values = names.map((n, j) => {
      const d = space.spec[n];
      const x = candidates[bi][j];
      return d.kind === "categorical" ? d.choices[x] : fromUnit(d, x);
    });
    return { values, score: ll[bi] - lg[bi] };
  }
}

/** Creates a TPE sampler (Optuna-like defaults; `{multivariate: true}` for the joint variant). */
export function tpeSampler(options: TpeOptions = {}): TpeSampler {
  return new TpeSampler(options);
}
