import { samplerContract } from "./sampler-contract.js";
import { randomSampler } from "../../src/hpo/samplers/random.js";
import { gridSampler } from "../../src/hpo/samplers/grid.js";
import { qmcSampler } from "../../src/hpo/samplers/qmc.js";
import { tpeSampler } from "../../src/hpo/samplers/tpe.js";

samplerContract("random", () => randomSampler());
samplerContract("grid", () => gridSampler({ points: 3 }), { finite: true });
samplerContract("grid (sequential)", () => gridSampler({ points: 3, order: "sequential" }), { finite: true, seedIndependent: true });
samplerContract("qmc", () => qmcSampler(), { seedIndependent: true });
samplerContract("tpe", () => tpeSampler({ nStartupTrials: 5 }));
samplerContract("tpe multivariate", () => tpeSampler({ nStartupTrials: 5, multivariate: true }));
