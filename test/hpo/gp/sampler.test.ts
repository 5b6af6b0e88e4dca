import { test } from "node:test";
import assert from "node:assert/strict";
import { categorical, defineSpace, float, int, validateParams, when, type Space } from "../../../src/hpo/space.js";
import type { Direction, Sample, TrialRecord } from "../../../src/hpo/types.js";
import { newTrialRecord } from "../../../src/hpo/storage/record.js";
import { gpSampler, type GpSampler } from "../../../src/hpo/samplers/gp.js";
import { fitSurrogate } from "../../../src/hpo/gp/surrogate.js";
import { encodeParams } from "../../../src/hpo/gp/encoding.js";
import { predictAt } from "../../../src/hpo/gp/posterior.js";
import { createRng, deriveSeed } from "../../../src/util/rng.js";
import { createStudy } from "../../../src/hpo/study.js";

type Objective = (p: Readonly<Record<string, unknown>>) => number;

function ask(s: GpSampler, space: Space, trials: readonly TrialRecord[], direction: Direction, seed: number): Sample {
  return s.sample({ space, trials, direction, number: trials.length, rng: createRng(deriveSeed(seed, trials.length)) });
}

function done(number: number, params: Sample["params"], value: number, why = ""): TrialRecord {
  return Object.freeze({ ...newTrialRecord(number, { state: "running", params, why }, 0), state: "complete" as const, value });
}

function runStudy(s: GpSampler, space: Space, f: Objective, n: number, seed: number, direction: Direction = "minimize"): TrialRecord[] {
  const trials: TrialRecord[] = [];
  for (let i = 0; i < n; i++) {
    const q = ask(s, space, trials, direction, seed);
    trials.push(done(i, q.params, f(q.params), q.why));
  }
  return trials;
}

const mixed = defineSpace({
  lr: float(1e-5, 1e-1, { log: true }),
  dropout: float(0, 0.5, { step: 0.05 }),
  filters: int(8, 64, { step: 8 }),
  units: int(4, 256, { log: true }),
  act: categorical(["relu", "tanh", "gelu"]),
});
const mixedObjective: Objective = (p) =>
  (Math.log10(p.lr as number) + 3) ** 2 +
  ((p.dropout as number) - 0.2) ** 2 * 10 +
  Math.abs((p.filters as number) - 32) / 16 +
  Math.abs(Math.log2((p.units as number) / 64)) / 2 +
  (p.act === "tanh" ? 0 : 1);

test("GP sampler proposes only legal params on a mixed space (log, step, int, categorical)", () => {
  const trials = runStudy(gpSampler({ candidates: 256, restarts: 4 }), mixed, mixedObjective, 18, 1);
  for (const t of trials) validateParams(mixed, t.params);
  assert.match(trials[3].why, /^random \(GP startup 4\/10\)$/);
  assert.match(trials[15].why, /^GP log-EI .* lengthscales lr .*, act .*; noise /);
  // the GP phase beats the random startup on this smooth objective
  const startBest = Math.min(...trials.slice(0, 10).map((t) => t.value as number));
  const finalBest = Math.min(...trials.map((t) => t.value as number));
  assert.ok(finalBest < startBest, `startup best ${startBest}, final best ${finalBest}`);
});

test("GP sampler is reproducible for a seed and differs across seeds", () => {
  const space = defineSpace({ x: float(-2, 2), y: float(-2, 2) });
  const f: Objective = (p) => ((p.x as number) - 0.5) ** 2 + ((p.y as number) + 0.3) ** 2;
  const a = runStudy(gpSampler({ candidates: 128, restarts: 3 }), space, f, 13, 7).map((t) => t.params);
  const b = runStudy(gpSampler({ candidates: 128, restarts: 3 }), space, f, 13, 7).map((t) => t.params);
  const c = runStudy(gpSampler({ candidates: 128, restarts: 3 }), space, f, 13, 8).map((t) => t.params);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("pending trials: kriging believers collapse the uncertainty there and keep parallel asks apart", () => {
  const space = defineSpace({ x: float(0, 1), y: float(0, 1) });
  const f: Objective = (p) => Math.sin(6 * (p.x as number)) + (p.y as number) ** 2;
  // without input warping, so that after 12 trials the GP still explores (with it, it has already
  // converged on this function and the second proposal refines the first one locally)
  const base = runStudy(gpSampler({ candidates: 256, restarts: 4, inputWarping: false }), space, f, 12, 3);
  const proposeTwo = (mode: "believer" | "ignore") => {
    const s = gpSampler({ candidates: 256, restarts: 4, pending: mode, inputWarping: false });
    // both asks get the same rng seed on purpose: only the pending trial can tell them apart
    const first = s.sample({ space, trials: base, direction: "minimize", number: 12, rng: createRng(99) });
    const running = newTrialRecord(12, { state: "running", params: first.params }, 0);
    const second = s.sample({ space, trials: [...base, running], direction: "minimize", number: 13, rng: createRng(99) });
    return { first: first.params, second: second.params, why: second.why };
  };
  const believed = proposeTwo("believer");
  assert.match(believed.why, /\+ 1 pending as believers/);
  // the surrogate: σ at the pending point is ~0 with a believer, and unchanged when ignoring it
  const running = newTrialRecord(12, { state: "running", params: believed.first }, 0);
  const withBeliever = fitSurrogate(space, [...base, running], "minimize", { inputWarping: false });
  const ignoring = fitSurrogate(space, [...base, running], "minimize", { pending: "ignore", inputWarping: false });
  const dist = Math.hypot((believed.first.x as number) - (believed.second.x as number), (believed.first.y as number) - (believed.second.y as number));
  assert.ok(dist > 0.02, `distance between parallel proposals ${dist}`);
  const at = encodeParams(withBeliever.encoding, believed.first);
  const sdBeliever = Math.sqrt(predictAt(withBeliever.posterior, at).variance);
  const sdIgnoring = Math.sqrt(predictAt(ignoring.posterior, at).variance);
  assert.ok(sdBeliever < 0.2 * sdIgnoring, `σ with believer ${sdBeliever}, without ${sdIgnoring}`);
  assert.ok(Math.abs(predictAt(withBeliever.posterior, at).mean - predictAt(ignoring.posterior, at).mean) < 1e-6);
  assert.deepEqual(withBeliever.pending, [12]);
  assert.deepEqual(ignoring.pending, []);
});

test("maximize: the GP climbs towards the maximum", () => {
  const space = defineSpace({ x: float(0, 10) });
  const f: Objective = (p) => -(((p.x as number) - 7.3) ** 2);
  const trials = runStudy(gpSampler({ candidates: 128, restarts: 3 }), space, f, 16, 4, "maximize");
  const best = Math.max(...trials.map((t) => t.value as number));
  assert.ok(best > -1e-3, `best ${best}`);
});

test("ignores failed/pruned/NaN trials and falls back to random on an exhausted discrete space", () => {
  const space = defineSpace({ k: int(0, 3) });
  const trials: TrialRecord[] = [];
  for (let k = 0; k <= 3; k++) trials.push(done(trials.length, { k }, (k - 2) ** 2));
  trials.push(Object.freeze({ ...newTrialRecord(4, { state: "running", params: { k: 1 } }, 0), state: "failed" as const }));
  const s = gpSampler({ nStartupTrials: 2, candidates: 32, restarts: 2 });
  const q = ask(s, space, trials, "minimize", 1);
  validateParams(space, q.params);
  assert.match(q.why, /every GP proposal repeats an evaluated configuration/);
  // with a value left to try, the GP picks it
  const q2 = ask(
    s,
    space,
    trials.filter((t) => t.params.k !== 3),
    "minimize",
    1,
  );
  assert.equal(q2.params.k, 3);
});

test("conditional parameters: inactive ones are omitted and the rest stay legal", () => {
  const space = defineSpace({
    opt: categorical(["sgd", "adam"]),
    momentum: when("opt", "sgd", float(0, 0.99)),
    lr: float(1e-4, 1, { log: true }),
  });
  const f: Objective = (p) => (Math.log10(p.lr as number) + 2) ** 2 + (p.opt === "sgd" ? 1 - (p.momentum as number) : 0.5);
  const trials = runStudy(gpSampler({ nStartupTrials: 5, candidates: 128, restarts: 3 }), space, f, 12, 2);
  for (const t of trials) validateParams(space, t.params);
});

test("gpSampler validates its options", () => {
  assert.throws(() => gpSampler({ nStartupTrials: 0 }), /nStartupTrials must be an integer ≥ 1, got 0/);
  assert.throws(() => gpSampler({ acquisition: "pi" as never }), /acquisition must be "log-ei" or "ucb"/);
  assert.throws(() => gpSampler({ pending: "liar" as never }), /pending must be "believer" or "ignore"/);
});

test("through a study with concurrency 3: asks see running trials as believers and never repeat params", async () => {
  const study = await createStudy({
    space: { x: float(0, 1), y: float(0, 1) },
    sampler: gpSampler({ nStartupTrials: 5, candidates: 128, restarts: 3 }),
    seed: 1,
  });
  await study.optimize(
    async (p) => {
      await new Promise((r) => setTimeout(r, 1));
      return Math.sin(6 * p.x) + p.y ** 2;
    },
    { nTrials: 12, concurrency: 3 },
  );
  const gp = study.trials.filter((t) => t.why.startsWith("GP "));
  assert.ok(gp.length >= 5, `${gp.length} GP trials`);
  assert.ok(
    gp.some((t) => /\+ [12] pending as believers/.test(t.why)),
    "no ask saw a pending trial",
  );
  const keys = new Set(study.trials.map((t) => JSON.stringify(t.params)));
  assert.equal(keys.size, study.trials.length);
});

test("surrogate incumbent is the smallest posterior mean at an observed point (noise-aware)", () => {
  const space = defineSpace({ x: float(0, 1) });
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 15; i++) {
    const x = (i + 0.5) / 15;
    trials.push(done(i, { x }, x + (i % 2 ? 0.3 : -0.3))); // a line plus ±0.3 alternating noise
  }
  const sur = fitSurrogate(space, trials, "minimize");
  const means = sur.completed.map((_, i) => predictAt(sur.fitted.posterior, sur.fitted.posterior.data.x.subarray(i, i + 1)).mean);
  assert.ok(Math.abs(sur.bestStandardized - Math.min(...means)) < 1e-9);
  // the noise is recognized, so the incumbent lies above the luckiest noisy observation
  assert.ok(sur.bestStandardized > Math.min(...sur.fitted.posterior.data.y) + 0.1);
});
