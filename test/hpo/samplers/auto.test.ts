import { test } from "node:test";
import assert from "node:assert/strict";
import { autoSampler } from "../../../src/hpo/samplers/auto.js";
import { categorical, defineSpace, float, int, when } from "../../../src/hpo/space.js";
import { createStudy } from "../../../src/hpo/study.js";
import { samplerContract } from "../sampler-contract.js";

samplerContract("auto", () => autoSampler({ gp: { nStartupTrials: 5, candidates: 64, restarts: 2 }, tpe: { nStartupTrials: 5 } }), { nTrials: 14 });

test("autoSampler picks GP for small numeric spaces and TPE for categorical, conditional, large or long ones, and says why", () => {
  const s = autoSampler();
  assert.deepEqual(s.choose(defineSpace({ x: float(0, 1), n: int(1, 9), lr: float(1e-4, 1, { log: true }) })), {
    sampler: "gp",
    reason: "3 numeric parameters, none categorical or conditional",
  });
  assert.equal(s.choose(defineSpace({ x: float(0, 1), act: categorical(["a", "b"]) })).sampler, "tpe");
  assert.match(s.choose(defineSpace({ x: float(0, 1), act: categorical(["a", "b"]) })).reason, /categorical parameter act/);
  assert.match(s.choose(defineSpace({ x: float(0, 1), y: when("x", 0.5, float(0, 1)) })).reason, /conditional parameter y/);
  const wide = defineSpace(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`x${i}`, float(0, 1)])));
  assert.match(s.choose(wide).reason, /11 parameters > maxGpDimensions 10/);
  assert.match(s.choose(defineSpace({ x: float(0, 1) }), 300).reason, /300 finished trials ≥ maxGpTrials 300/);
  assert.throws(() => autoSampler({ maxGpTrial: 3 } as never), /unknown option maxGpTrial; did you mean maxGpTrials/);
});

test("createStudy's default sampler is auto, and every trial's why names the choice", async () => {
  const study = await createStudy({ space: { x: float(-2, 2), y: float(-2, 2) }, seed: 3 });
  assert.equal(study.sampler.name, "auto");
  await study.optimize((p) => (p.x - 0.5) ** 2 + (p.y + 0.25) ** 2, { nTrials: 14 });
  assert.ok(study.trials.every((t) => t.why.startsWith("auto → GP (2 numeric parameters")));
  assert.match(study.trials[13].why, /auto → GP \(.*\): GP log-EI/);
  assert.ok((study.bestValue as number) < 0.05, `best ${study.bestValue}`);
  const mixed = await createStudy({ space: { x: float(0, 1), c: categorical(["a", "b"]) } });
  await mixed.optimize((p) => p.x + (p.c === "a" ? 0 : 1), { nTrials: 3 });
  assert.ok(mixed.trials.every((t) => t.why.startsWith("auto → TPE (categorical parameter c)")));
});
