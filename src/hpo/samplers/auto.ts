// The default sampler: a GP where GP-BO is known to be most sample-efficient (a small space of
// numeric, unconditional parameters and a modest number of trials; Snoek et al. 2012, and the rule
// of OptunaHub's AutoSampler), TPE elsewhere (categorical or conditional parameters, many dimensions,
// or more trials than an O(n³) GP refit per ask can afford; Bergstra et al. 2011). Each proposal's
// `why` starts with the choice and its reason. Pure: the choice is a function of the space and the
// number of finished trials, so a resumed study chooses the same way. A study with several directions
// gets NSGA-II (Deb et al. 2002), Optuna's multi-objective default.
import type { Space } from "../space.js";
import { checkOptions, optionKeys } from "../../util/options.js";
import type { Sample, SampleContext, Sampler } from "../types.js";
import { gpSampler, type GpSamplerOptions } from "./gp.js";
import { tpeSampler, type TpeOptions } from "./tpe.js";
import { SAMPLER_SEED_HINT } from "./seed-hint.js";
import { nsga2Sampler, type Nsga2Options } from "./nsga2.js";

/** Options of {@link autoSampler}. */
export interface AutoSamplerOptions {
  /** The GP is used up to this many numeric parameters. @default 10 */
  maxGpDimensions?: number;
  /** After this many finished trials the study switches to TPE (each GP ask refits in O(n³)). @default 300 */
  maxGpTrials?: number;
  /** Options of the GP sampler it uses. @default {} */
  gp?: GpSamplerOptions;
  /** Options of the TPE sampler it uses. @default {} */
  tpe?: TpeOptions;
  /** Options of the NSGA-II sampler it uses for a study with several directions. @default {} */
  nsga2?: Nsga2Options;
}

const AUTO_KEYS = optionKeys<AutoSamplerOptions>({ maxGpDimensions: true, maxGpTrials: true, gp: true, tpe: true, nsga2: true });

/** Which sampler {@link AutoSampler} uses, and why in one line. */
export interface AutoChoice {
  readonly sampler: "gp" | "tpe" | "nsga2";
  readonly reason: string;
}

/** Picks GP or TPE from the space (and the number of finished trials); see {@link autoSampler}. */
export class AutoSampler implements Sampler {
  readonly name = "auto";
  /** Several directions go to NSGA-II. */
  readonly multiObjective = true;
  private readonly gp: Sampler;
  private readonly tpe: Sampler;
  private readonly nsga2: Sampler;
  private readonly maxGpDimensions: number;
  private readonly maxGpTrials: number;

  constructor(options: AutoSamplerOptions = {}) {
    checkOptions("autoSampler", options, AUTO_KEYS, SAMPLER_SEED_HINT);
    const { maxGpDimensions = 10, maxGpTrials = 300, gp = {}, tpe = {}, nsga2 = {} } = options;
    if (!(Number.isInteger(maxGpDimensions) && maxGpDimensions >= 0))
      throw new Error(`autoSampler: maxGpDimensions must be an integer ≥ 0, got ${maxGpDimensions}`);
    if (!(Number.isInteger(maxGpTrials) && maxGpTrials >= 0)) throw new Error(`autoSampler: maxGpTrials must be an integer ≥ 0, got ${maxGpTrials}`);
    this.maxGpDimensions = maxGpDimensions;
    this.maxGpTrials = maxGpTrials;
    this.gp = gpSampler(gp);
    this.tpe = tpeSampler(tpe);
    this.nsga2 = nsga2Sampler(nsga2);
  }

  /** The sampler used for `space` once `finished` trials have finished (with `objectives` objectives), with the reason. */
  choose(space: Space, finished = 0, objectives = 1): AutoChoice {
    if (objectives > 1) return { sampler: "nsga2", reason: `${objectives} objectives` };
    const names = space.names;
    const cats = names.filter((n) => space.spec[n].kind === "categorical");
    const conditional = names.filter((n) => space.spec[n].when !== undefined);
    if (cats.length > 0) return { sampler: "tpe", reason: `categorical parameter${cats.length > 1 ? "s" : ""} ${cats.join(", ")}` };
    if (conditional.length > 0) return { sampler: "tpe", reason: `conditional parameter${conditional.length > 1 ? "s" : ""} ${conditional.join(", ")}` };
    if (names.length > this.maxGpDimensions) return { sampler: "tpe", reason: `${names.length} parameters > maxGpDimensions ${this.maxGpDimensions}` };
    if (finished >= this.maxGpTrials) return { sampler: "tpe", reason: `${finished} finished trials ≥ maxGpTrials ${this.maxGpTrials}` };
    return { sampler: "gp", reason: `${names.length} numeric parameter${names.length === 1 ? "" : "s"}, none categorical or conditional` };
  }

  /** Delegates to the chosen sampler and prefixes its `why` with the choice. */
  async sample(context: SampleContext): Promise<Sample | null> {
    const finished = context.trials.filter((t) => t.state === "complete" || t.state === "pruned" || t.state === "failed").length;
    // constraints do not change the choice: both samplers model them (TPE ranks infeasible trials last, the GP weights EI by P(feasible))
    const choice = this.choose(context.space, finished, context.directions?.length ?? 1);
    const s = await (choice.sampler === "gp" ? this.gp : choice.sampler === "nsga2" ? this.nsga2 : this.tpe).sample(context);
    if (s === null) return null;
    const label = choice.sampler === "nsga2" ? "NSGA-II" : choice.sampler.toUpperCase();
    return { params: s.params, why: `auto → ${label} (${choice.reason}): ${s.why}` };
  }
}

/**
 * The default sampler of `createStudy`: GP-BO for small spaces of numeric unconditional parameters
 * (≤ `maxGpDimensions`, until `maxGpTrials` trials), TPE for categorical, conditional or large ones.
 * Every trial's `why` says which it chose and why.
 */
export function autoSampler(options: AutoSamplerOptions = {}): AutoSampler {
  return new AutoSampler(options);
}
