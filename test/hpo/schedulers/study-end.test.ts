// How a study ends with schedulers: a trial that reports the final step is complete, a NaN stop keeps its
// reason, promotion runs with a fixed trial count leave nothing paused, failed trials are replaced, and the
// qmc sampler follows the study seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createStudy } from "../../../src/hpo/study.js";
import { float } from "../../../src/hpo/space.js";
import { randomSampler } from "../../../src/hpo/samplers/random.js";
import { qmcSampler } from "../../../src/hpo/samplers/qmc.js";
import { asha } from "../../../src/hpo/schedulers/asha.js";
import { medianStopping } from "../../../src/hpo/schedulers/median-stopping.js";
import type { Scheduler } from "../../../src/hpo/types.js";
import { curve, maxStep, objective } from "../parallel/fixtures/promotion-objective.js";

const space = { x: float(0, 1) };

test("a trial that reports the final step is complete whatever the scheduler said there; an earlier stop still prunes", async () => {
  const alwaysStop: Scheduler = { name: "always-stop", maxStep: 3, decide: ({ step }) => ({ action: "stop", reason: `stop at ${step}` }) };
  const study = await createStudy({ space, sampler: randomSampler(), scheduler: alwaysStop });
  const full = await study.ask();
  for (let s = 1; s <= 3; s++) await full.report(s, 1 / s);
  const a = await study.tell(full, 1 / 3);
  assert.equal(a.state, "complete");
  assert.match(a.note ?? "", /reached maxStep 3.*"stop".*stop at 3/);
  const early = await study.ask();
  await early.report(1, 2);
  const b = await study.tell(early, 2);
  assert.equal(b.state, "pruned");
  assert.equal(b.note, "stop at 1");
});

test("median stopping with maxStep never judges the final step, so a late-worse trial completes", async () => {
  const study = await createStudy({ space, sampler: randomSampler(), scheduler: medianStopping({ minCompletedTrials: 1, maxStep: 4 }) });
  const good = await study.ask();
  for (let s = 1; s <= 4; s++) await good.report(s, 0.1);
  await study.tell(good, 0.1);
  const bad = await study.ask();
  for (let s = 1; s <= 3; s++) await bad.report(s, 0.05);
  await bad.report(4, 0.9); // worse than the median at its last step
  assert.equal(bad.shouldStop(), false);
  assert.equal((await study.tell(bad, 0.9)).state, "complete");
});

test("in pause (promote) mode a trial stopped for a NaN report keeps that reason", async () => {
  const study = await createStudy({ space, sampler: randomSampler(), scheduler: asha({ maxStep: 9, eta: 3 }) });
  const t = await study.ask();
  await t.report(1, NaN);
  assert.equal(t.shouldStop(), true);
  const r = await study.tell(t, NaN);
  assert.equal(r.state, "pruned");
  assert.match(r.note ?? "", /NaN/);
  assert.doesNotMatch(r.note ?? "", /objective returned/);
});

test("ASHA promote with a fixed trial count ends with no trial paused: the leaders finish, the rest are pruned with why", async () => {
  const study = await createStudy({ space, sampler: randomSampler(), scheduler: asha({ maxStep, eta: 3 }), seed: 5 });
  const res = await study.optimize(objective, { nTrials: 12 });
  assert.equal(res.stoppedBy, "nTrials");
  assert.deepEqual(res.paused, []);
  assert.ok(
    study.trials.every((t) => t.state === "complete" || t.state === "pruned"),
    study.trials.map((t) => t.state).join(","),
  );
  assert.ok(res.prunedAtEnd.length > 0);
  for (const n of res.prunedAtEnd) assert.match(study.trials[n].note ?? "", /^not promoted before the 12 trials were spent \(paused at step \d/);
  assert.ok(study.trials.some((t) => t.state === "complete" && t.intermediate.at(-1)!.step === maxStep));
  // the best complete trial is the best value reached at maxStep
  const finals = study.trials.filter((t) => t.state === "complete").map((t) => curve(t.params.x as number, maxStep));
  assert.equal(study.bestValue, Math.min(...finals));
  // "keep" leaves them resumable
  const kept = await createStudy({ space, sampler: randomSampler(), scheduler: asha({ maxStep, eta: 3 }), seed: 5 });
  const res2 = await kept.optimize(objective, { nTrials: 12, leftPaused: "keep" });
  assert.deepEqual(res2.paused, res.prunedAtEnd);
});

test("failed trials do not count toward nTrials by default; countFailed counts them; maxFailedTrials ends a broken objective", async () => {
  const flaky = (p: { x: number }, t: { number: number }) => {
    if (t.number % 3 === 1) throw new Error("boom");
    return p.x;
  };
  const a = await createStudy({ space, sampler: randomSampler() });
  await a.optimize(flaky, { nTrials: 6 });
  assert.equal(a.trials.filter((t) => t.state === "complete").length, 6);
  assert.equal(a.trials.filter((t) => t.state === "failed").length, 3);
  const b = await createStudy({ space, sampler: randomSampler() });
  await b.optimize(flaky, { nTrials: 6, countFailed: true });
  assert.equal(b.trials.length, 6);
  const c = await createStudy({ space, sampler: randomSampler() });
  await c.optimize(() => NaN, { nTrials: 4, maxFailedTrials: 2 });
  assert.equal(c.trials.length, 6, "4 counted + 2 replaced failures");
  assert.ok(c.trials.every((t) => t.state === "failed"));
});

test("qmcSampler() takes the study seed: same seed, same points; another seed, other points; an explicit seed wins", async () => {
  const points = async (seed: number, sampler = qmcSampler()) => {
    const study = await createStudy({ space: { x: float(0, 1), y: float(0, 1) }, sampler, seed });
    await study.optimize((p) => p.x + p.y, { nTrials: 5 });
    return study.trials.map((t) => t.params);
  };
  assert.deepEqual(await points(1), await points(1));
  assert.notDeepEqual(await points(1), await points(2));
  assert.deepEqual(await points(1, qmcSampler({ seed: 9 })), await points(2, qmcSampler({ seed: 9 })));
});
