// The samplers the search benchmark knows, by name. Add one line to register a new sampler.
import type { Sampler } from "../../src/hpo/types.js";
import { randomSampler } from "../../src/hpo/samplers/random.js";
import { qmcSampler } from "../../src/hpo/samplers/qmc.js";
import { tpeSampler } from "../../src/hpo/samplers/tpe.js";
import { gpSampler } from "../../src/hpo/samplers/gp.js";

/** Sampler factories by benchmark name (a fresh sampler per run; `seed` is the run's seed). */
export const SEARCH_SAMPLERS: Readonly<Record<string, (seed: number) => Sampler>> = {
  random: () => randomSampler(),
  qmc: (seed) => qmcSampler({ seed }),
  tpe: () => tpeSampler(),
  "tpe-multivariate": () => tpeSampler({ multivariate: true }),
  gp: () => gpSampler(),
};
