// Random search (Bergstra & Bengio, JMLR 2012): each active parameter drawn independently and
// uniformly in its unit-cube coordinate (so log-uniform for log parameters).
import type { Rng } from "../../util/rng.js";
import type { ParamValue, Space } from "../space.js";
import { isActive } from "../space.js";
import { fromUnit } from "../transform.js";
import type { Sample, SampleContext, Sampler } from "../types.js";
import { SAMPLER_SEED_HINT } from "./seed-hint.js";
import { checkOptions } from "../../util/options.js";

/** Draws params for all active parameters uniformly in the unit cube; `fixed` values are kept. */
export function sampleUniform(space: Space, rng: Rng, fixed: Readonly<Record<string, ParamValue>> = {}): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const name of space.names) {
    if (!isActive(space, name, params)) continue;
    params[name] = name in fixed ? fixed[name] : fromUnit(space.spec[name], rng.uniform());
  }
  return params;
}

/** Independent uniform sampling in the unit cube. */
export class RandomSampler implements Sampler {
  readonly name = "random";
  /** It ignores the objective, so it serves multi-objective studies as well. */
  readonly multiObjective = true;

  /** Draws one configuration. */
  sample(context: SampleContext): Sample {
    return { params: sampleUniform(context.space, context.rng), why: "random: uniform draw" };
  }
}

/** Creates a random sampler. It has no options (`{}` is accepted, any key is an error naming it). */
export function randomSampler(options: Readonly<Record<string, never>> = {}): RandomSampler {
  checkOptions("randomSampler", options, [], SAMPLER_SEED_HINT);
  return new RandomSampler();
}
