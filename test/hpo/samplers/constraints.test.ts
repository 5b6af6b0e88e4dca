import { test } from "node:test";
import assert from "node:assert/strict";
import { createStudy } from "../../../src/hpo/study.js";
import { float } from "../../../src/hpo/space.js";
import { tpeSampler } from "../../../src/hpo/samplers/tpe.js";
import { constraintValues, isFeasible } from "../../../src/hpo/samplers/constraints.js";

// minimize x² + y² subject to x + y ≥ 1: the optimum is 0.5 at (0.5, 0.5), and most of the low values are infeasible
const space = { x: float(-2, 2), y: float(-2, 2) };
const f = (p: { x: number; y: number }) => p.x * p.x + p.y * p.y;
const constraints = (t: { params: Readonly<Record<string, unknown>> }) => [1 - (t.params.x as number) - (t.params.y as number)];

test("constraints: values are stored, the best trial is feasible, and TPE concentrates on the feasible optimum", async () => {
  const study = await createStudy({ space, sampler: tpeSampler(), seed: 4, constraints });
  await study.optimize(f, { nTrials: 80 });
  assert.ok(study.trials.every((t) => t.state !== "complete" || constraintValues(t)?.length === 1));
  const best = study.bestTrial!;
  assert.ok(isFeasible(best), JSON.stringify(best.systemAttrs));
  assert.ok(
    study.trials.some((t) => !isFeasible(t) && (t.value as number) < (best.value as number)),
    "some infeasible trials were better",
  );
  assert.ok((best.value as number) < 0.6, `best feasible ${best.value}`);
  const late = study.trials.slice(40);
  assert.ok(late.filter(isFeasible).length > late.length / 2, "TPE proposes mostly feasible params after its start-up");
});

test("constraints: the default sampler keeps the GP (it models constraints); bad constraint values are a clear error", async () => {
  const study = await createStudy({ space, seed: 1, constraints });
  await study.optimize(f, { nTrials: 12 });
  assert.match(study.trials[11].why, /^auto → GP \(2 numeric parameters, none categorical or conditional\): GP log-EI×P\(feasible\)/);
  const bad = await createStudy({ space, constraints: () => [NaN] });
  const t = await bad.ask();
  await assert.rejects(bad.tell(t, 1), /constraints: expected an array of finite numbers for trial 0, got \[null\]/);
});
