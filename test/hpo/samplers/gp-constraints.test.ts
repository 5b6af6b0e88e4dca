import { test } from "node:test";
import assert from "node:assert/strict";
import { createStudy } from "../../../src/hpo/study.js";
import { float } from "../../../src/hpo/space.js";
import { gpSampler } from "../../../src/hpo/samplers/gp.js";
import { constraintValues, isFeasible } from "../../../src/hpo/samplers/constraints.js";
import { logNormalCdf } from "../../../src/hpo/samplers/gp-constraints.js";
import { normalCdf } from "../../../src/hpo/gp/erfcx.js";

// minimize x² + y² subject to x + y ≥ 1: the optimum is 0.5 at (0.5, 0.5), and the unconstrained optimum (0, 0) is infeasible
const space = { x: float(-2, 2), y: float(-2, 2) };
const f = (p: { x: number; y: number }) => p.x * p.x + p.y * p.y;
const constraints = (t: { params: Readonly<Record<string, unknown>> }) => [1 - (t.params.x as number) - (t.params.y as number)];

test("gp constraints: the best trial is feasible and near the constrained optimum; proposals after start-up are mostly feasible", async () => {
  const study = await createStudy({ space, sampler: gpSampler({ nStartupTrials: 8, candidates: 256, restarts: 3 }), seed: 3, constraints });
  await study.optimize(f, { nTrials: 24 });
  assert.ok(study.trials.every((t) => t.state !== "complete" || constraintValues(t)?.length === 1));
  const best = study.bestTrial!;
  assert.ok(isFeasible(best), JSON.stringify(best.systemAttrs));
  assert.ok((best.value as number) < 0.56, `best feasible ${best.value}`);
  const late = study.trials.slice(8);
  assert.ok(late.filter(isFeasible).length >= late.length / 2, `${late.filter(isFeasible).length}/${late.length} feasible after start-up`);
  assert.match(late[late.length - 1].why, /1 constraint, \d+\/\d+ trials feasible, P\(feasible\)/);
});

test("gp constraints: with no feasible trial yet the GP maximizes the probability of feasibility", async () => {
  // feasible only where x ≥ 1.5: with this seed no start-up point lands there
  const narrow = (t: { params: Readonly<Record<string, unknown>> }) => [1.5 - (t.params.x as number)];
  const study = await createStudy({ space, sampler: gpSampler({ nStartupTrials: 3, candidates: 256, restarts: 3 }), seed: 1, constraints: narrow });
  await study.optimize(f, { nTrials: 10 });
  assert.ok(
    study.trials.slice(0, 3).every((t) => !isFeasible(t)),
    "the start-up found no feasible point (the case under test)",
  );
  assert.match(study.trials[3].why, /^GP max P\(feasible\) \(no feasible trial yet\)/);
  assert.ok(isFeasible(study.trials[3]), "the most probably feasible point is feasible");
  assert.ok((study.bestTrial!.value as number) < 2.3, `best ${study.bestTrial!.value} (optimum 2.25 at x = 1.5, y = 0)`);
  assert.ok(isFeasible(study.bestTrial!));
});

test("logNormalCdf: matches log Φ and its derivative, and stays finite far in the lower tail", () => {
  for (const z of [-3, -1.2, -0.5, 0, 0.7, 4]) {
    const l = logNormalCdf(z);
    assert.ok(Math.abs(l.value - Math.log(normalCdf(z))) < 1e-10, `z ${z}`);
    const h = 1e-5;
    const fd = (Math.log(normalCdf(z + h)) - Math.log(normalCdf(z - h))) / (2 * h);
    assert.ok(Math.abs(l.dz - fd) < 1e-5, `z ${z}: ${l.dz} vs ${fd}`);
  }
  const far = logNormalCdf(-40);
  assert.ok(Number.isFinite(far.value) && far.value < -800 && Math.abs(far.dz - 40) < 0.1, JSON.stringify(far));
});
