// The shared sampler contract (test/hpo/sampler-contract.ts) run on the GP sampler, past its startup.
import { samplerContract } from "../sampler-contract.js";
import { gpSampler } from "../../../src/hpo/samplers/gp.js";

samplerContract("gp", () => gpSampler({ nStartupTrials: 5, candidates: 256, restarts: 4 }));
samplerContract("gp ucb, deterministic, pending ignored", () =>
  gpSampler({ nStartupTrials: 5, candidates: 256, restarts: 4, acquisition: "ucb", deterministic: true, pending: "ignore" }),
);
