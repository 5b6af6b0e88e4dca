// NSGA-II (Deb, Pratap, Agarwal & Meyarivan 2002, IEEE TEC 6(2)): generations of `populationSize` trials;
// the parents of generation g+1 are the best `populationSize` of (parents of g ∪ trials of g) by
// non-dominated rank, then crowding distance (§III-C, elitist survival); each child comes from two binary
// tournaments on (rank, crowding), SBX crossover and polynomial mutation of numeric parameters, uniform
// crossover and uniform resampling of categorical ones. Constraints use Deb's constrained domination (§VI).
// Pure: the generations are rebuilt from the trial records (trial n belongs to generation ⌊n / populationSize⌋),
// so a resumed or shared study samples the same way without stored sampler state.
import { checkOptions, optionKeys } from "../../util/options.js";
import { SAMPLER_SEED_HINT } from "./seed-hint.js";
import type { Rng } from "../../util/rng.js";
import { type ParamValue, type Space, isActive } from "../space.js";
import { encode, fromUnit } from "../transform.js";
import type { Direction, Sample, SampleContext, Sampler, TrialRecord } from "../types.js";
import { constrainedDominates, toLosses } from "../multi-objective/dominance.js";
import { nonDominatedSort } from "../multi-objective/non-dominated-sort.js";
import { crowdingDistance } from "../multi-objective/crowding-distance.js";
import { objectiveVector } from "../multi-objective/pareto-front.js";
import { constraintViolation } from "./constraints.js";
import { sampleUniform } from "./random.js";
import { polynomialMutation, sbx } from "./nsga2-variation.js";

/** Options of {@link nsga2Sampler}. */
export interface Nsga2Options {
  /** Trials per generation (the first generation is drawn uniformly). @default 50 (Optuna's NSGAIISampler) */
  populationSize?: number;
  /** Probability that a child is a crossover of its two parents (else a copy of the first, then mutated). @default 0.9 (Deb et al. 2002 §V) */
  crossoverProbability?: number;
  /** Probability that each parameter of a child is mutated. @default 1 / number of parameters (Deb et al. 2002 §V) */
  mutationProbability?: number;
  /** SBX distribution index ηc: larger keeps children closer to their parents. @default 20 (Deb et al. 2002 §V) */
  crossoverEta?: number;
  /** Polynomial mutation distribution index ηm. @default 20 (Deb et al. 2002 §V) */
  mutationEta?: number;
}

const NSGA2_KEYS = optionKeys<Nsga2Options>({
  populationSize: true,
  crossoverProbability: true,
  mutationProbability: true,
  crossoverEta: true,
  mutationEta: true,
});

/** A parent candidate: a complete trial with its losses, violation, and its rank and crowding after survival. */
interface Member {
  readonly trial: TrialRecord;
  readonly losses: readonly number[];
  readonly violation: number;
  rank: number;
  crowding: number;
}

/** Elitist survival (Deb et al. 2002 §III-C): whole fronts while they fit, the last one by crowding distance. */
function survive(pool: Member[], size: number): Member[] {
  const fronts = nonDominatedSort(pool.length, (i, j) => constrainedDominates(pool[i].losses, pool[i].violation, pool[j].losses, pool[j].violation));
  const out: Member[] = [];
  for (let k = 0; k < fronts.length && out.length < size; k++) {
    const front = fronts[k];
    const crowd = crowdingDistance(
      pool.map((m) => m.losses),
      front,
    );
    const members = front.map((i, j) => Object.assign(pool[i], { rank: k, crowding: crowd[j] }));
    if (out.length + members.length > size) members.sort((a, b) => b.crowding - a.crowding || a.trial.number - b.trial.number);
    out.push(...members.slice(0, size - out.length));
  }
  return out;
}

/** Binary tournament with the crowded-comparison operator: lower rank wins, then larger crowding distance. */
function tournament(pop: readonly Member[], rng: Rng): Member {
  const a = pop[rng.int(pop.length)];
  let b = pop[rng.int(pop.length)];
  if (b === a && pop.length > 1) b = pop[(pop.indexOf(a) + 1 + rng.int(pop.length - 1)) % pop.length];
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  return b.crowding > a.crowding ? b : a;
}

/** A key identifying a configuration (same values of the same parameters). */
function configKey(space: Space, params: Readonly<Record<string, unknown>>): string {
  return space.names.map((n) => (n in params ? JSON.stringify(params[n]) : "-")).join("|");
}

/** NSGA-II over the study's trials; see {@link nsga2Sampler}. */
export class Nsga2Sampler implements Sampler {
  readonly name = "nsga2";
  readonly multiObjective = true;
  private readonly populationSize: number;
  private readonly crossoverProbability: number;
  private readonly mutationProbability: number | undefined;
  private readonly crossoverEta: number;
  private readonly mutationEta: number;

  constructor(options: Nsga2Options = {}) {
    checkOptions("nsga2Sampler", options, NSGA2_KEYS, SAMPLER_SEED_HINT);
    const { populationSize = 50, crossoverProbability = 0.9, mutationProbability, crossoverEta = 20, mutationEta = 20 } = options;
    if (!(Number.isInteger(populationSize) && populationSize >= 2))
      throw new RangeError(`nsga2Sampler: populationSize must be an integer ≥ 2, got ${populationSize}`);
    const prob = (name: string, v: number | undefined): void => {
      if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`nsga2Sampler: ${name} must be a probability in [0, 1], got ${v}`);
    };
    prob("crossoverProbability", crossoverProbability);
    prob("mutationProbability", mutationProbability);
    for (const [name, v] of [
      ["crossoverEta", crossoverEta],
      ["mutationEta", mutationEta],
    ] as const) {
      if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`nsga2Sampler: ${name} must be a finite number ≥ 0, got ${v}`);
    }
    this.populationSize = populationSize;
    this.crossoverProbability = crossoverProbability;
    this.mutationProbability = mutationProbability;
    this.crossoverEta = crossoverEta;
    this.mutationEta = mutationEta;
  }

  /** The parents of `generation`: survival applied generation after generation to the complete trials. */
  population(trials: readonly TrialRecord[], directions: readonly Direction[], generation: number): Member[] {
    const size = this.populationSize;
    const born: Member[][] = Array.from({ length: generation }, () => []);
    for (const t of trials) {
      const g = Math.floor(t.number / size);
      if (g >= generation) continue;
      const v = objectiveVector(t, directions.length);
      if (v === undefined) continue;
      born[g].push({ trial: t, losses: toLosses(v, directions), violation: constraintViolation(t), rank: 0, crowding: 0 });
    }
    let pop: Member[] = [];
    for (let g = 0; g < generation; g++) if (born[g].length > 0) pop = survive([...pop, ...born[g]], size);
    return pop;
  }

  /** Proposes a child of the current parents (or a uniform draw in the first generation). */
  sample(context: SampleContext): Sample {
    const { space, rng } = context;
    const directions = context.directions ?? [context.direction];
    const size = this.populationSize;
    const generation = Math.floor(context.number / size);
    if (generation === 0) return { params: sampleUniform(space, rng), why: `NSGA-II: uniform draw (generation 0, trial ${context.number + 1} of ${size})` };
    const pop = this.population(context.trials, directions, generation);
    if (pop.length < 2)
      return {
        params: sampleUniform(space, rng),
        why: `NSGA-II: uniform draw (generation ${generation}: ${pop.length} complete parent${pop.length === 1 ? "" : "s"}, needs 2)`,
      };
    const seen = new Set(context.trials.filter((t) => Object.keys(t.params).length > 0).map((t) => configKey(space, t.params)));
    const attempts = 10;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const a = tournament(pop, rng);
      let b = tournament(pop, rng);
      if (b === a) b = tournament(pop, rng);
      const child = this.child(space, a.trial.params, b.trial.params, rng);
      if (seen.has(configKey(space, child.params))) continue; // a copy of an earlier trial would teach nothing
      const retry = attempt > 1 ? `; attempt ${attempt}, earlier ones repeated a trial` : "";
      return {
        params: child.params,
        why: `NSGA-II generation ${generation}: child of trials ${a.trial.number} (rank ${a.rank}) and ${b.trial.number} (rank ${b.rank}), ${child.crossed ? "SBX crossover" : "no crossover"}, ${child.mutations} mutation${child.mutations === 1 ? "" : "s"}${retry}`,
      };
    }
    return { params: sampleUniform(space, rng), why: `NSGA-II generation ${generation}: uniform draw (${attempts} children repeated earlier trials)` };
  }

  /** One child of parents `p1`, `p2` in unit-cube coordinates, decoded; conditional parameters missing in both are drawn uniformly. */
  private child(
    space: Space,
    p1: Readonly<Record<string, unknown>>,
    p2: Readonly<Record<string, unknown>>,
    rng: Rng,
  ): { params: Record<string, ParamValue>; crossed: boolean; mutations: number } {
    const u1 = encode(space, p1); // [d] in [0, 1], NaN where inactive
    const u2 = encode(space, p2);
    const d = space.names.length;
    const crossed = rng.uniform() < this.crossoverProbability;
    const pm = this.mutationProbability ?? 1 / Math.max(1, d);
    const x = new Float64Array(d);
    let mutations = 0;
    space.names.forEach((name, i) => {
      const a = u1[i];
      const b = u2[i];
      const categorical = space.spec[name].kind === "categorical";
      if (Number.isNaN(a) || Number.isNaN(b)) x[i] = Number.isNaN(a) ? b : a;
      else if (!crossed) x[i] = a;
      else if (categorical)
        x[i] = rng.uniform() < 0.5 ? a : b; // uniform crossover
      else x[i] = rng.uniform() < 0.5 ? sbx(a, b, this.crossoverEta, rng)[0] : a; // each variable crossed with probability ½, as in Deb's code
      if (!Number.isNaN(x[i]) && rng.uniform() < pm) {
        x[i] = categorical ? rng.uniform() : polynomialMutation(x[i], this.mutationEta, rng);
        mutations++;
      }
    });
    const params: Record<string, ParamValue> = {};
    space.names.forEach((name, i) => {
      if (!isActive(space, name, params)) return;
      params[name] = fromUnit(space.spec[name], Number.isNaN(x[i]) ? rng.uniform() : x[i]);
    });
    return { params, crossed, mutations };
  }
}

/**
 * NSGA-II (Deb et al. 2002), the evolutionary multi-objective sampler that Optuna uses by default for
 * several directions: non-dominated sorting with crowding distance, SBX crossover and polynomial
 * mutation, constrained domination when the study has constraints. Works for one objective too.
 */
export function nsga2Sampler(options: Nsga2Options = {}): Nsga2Sampler {
  return new Nsga2Sampler(options);
}
