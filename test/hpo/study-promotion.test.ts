// study.optimize with a promotion scheduler (ASHA / async Hyperband, promote mode): nTrials counts new
// trials only, resumes do not; after the last new trial optimize drains (promotes ⌈m/η⌉ per rung) until
// nothing is resumable and nothing runs; timeout, signal and stop() end it at once without draining.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createStudy, type OptimizeOptions, type OptimizeResult, type Study } from "../../src/hpo/study.js";
import { asha, type Asha } from "../../src/hpo/schedulers/asha.js";
import { randomSampler } from "../../src/hpo/samplers/random.js";
import type { Scheduler, TrialRecord } from "../../src/hpo/types.js";
import { maxStep, objective, space } from "./parallel/fixtures/promotion-objective.js";

type S = typeof space;
interface Call {
  number: number;
  resumed: boolean;
  marked: boolean;
}

/** Runs optimize with `scheduler`, recording every objective call and counting `scheduler.resume` calls. */
async function run(
  scheduler: Asha,
  options: OptimizeOptions<S>,
  seed = 11,
  during?: (study: Study<S>, calls: Call[]) => void | Promise<void>,
  hideDraining = false,
) {
  let resumeCalls = 0;
  const counted: Scheduler = {
    name: scheduler.name,
    decide: (ctx) => scheduler.decide(ctx),
    resume: (ctx) => (resumeCalls++, scheduler.resume!(hideDraining ? { trials: ctx.trials, direction: ctx.direction } : ctx)),
  };
  const study = await createStudy({ space, sampler: randomSampler(), scheduler: counted, seed });
  const calls: Call[] = [];
  const res = await study.optimize(
    async (p, trial) => {
      calls.push({ number: trial.number, resumed: trial.resumed, marked: trial.resumed && typeof trial.record.systemAttrs.resumeReason === "string" });
      await during?.(study, calls);
      return objective(p, trial);
    },
    { leftPaused: "keep", ...options },
  );
  return { study, res, calls, resumeCalls };
}

/** What the draining rule would still promote (undefined: nothing). */
function drainable(scheduler: Asha, trials: readonly TrialRecord[]) {
  return scheduler.resume!({ trials, direction: "minimize", draining: true });
}

function checkDrained(scheduler: Asha, r: Awaited<ReturnType<typeof run>>, nTrials: number, label: string): void {
  const { study, res, calls } = r;
  const trials = study.trials;
  assert.equal(trials.length, nTrials, `${label}: exactly nTrials trials are created`);
  assert.equal(calls.filter((c) => !c.resumed).length, nTrials, `${label}: one fresh objective call per trial`);
  assert.ok(res.resumed > 0, `${label}: promotions happened`);
  assert.equal(res.resumed, calls.filter((c) => c.resumed).length, `${label}: result.resumed counts the resumes`);
  assert.equal(res.resumed, calls.filter((c) => c.marked).length, `${label}: every resume carries a resumeReason`);
  assert.equal(res.stoppedBy, "nTrials");
  assert.deepEqual(
    res.paused,
    trials.filter((t) => t.state === "paused").map((t) => t.number),
    `${label}: result.paused lists the paused trials`,
  );
  assert.ok(
    trials.every((t) => t.state === "paused" || t.state === "complete"),
    `${label}: no trial left running`,
  );
  assert.equal(drainable(scheduler, trials), undefined, `${label}: a paused trial is left that the draining rule would promote`);
  // every rung's leader went on: the best trial of each bracket trained to the end
  for (let b = 0; b < scheduler.bracketCount; b++) {
    const members = trials.filter((t) => scheduler.bracketOf(t.number) === b);
    if (members.length === 0) continue;
    for (const step of scheduler.rungSteps(b)) {
      const at = members.filter((t) => t.intermediate.some((iv) => iv.step === step));
      if (at.length === 0) continue;
      const leader = at.reduce((a, t) => (t.intermediate.find((iv) => iv.step === step)!.value < a.intermediate.find((iv) => iv.step === step)!.value ? t : a));
      assert.ok(
        leader.intermediate[leader.intermediate.length - 1].step > step,
        `${label}: leader ${leader.number} of rung ${step} (bracket ${b}) was not promoted`,
      );
    }
  }
  assert.equal(study.bestTrial?.intermediate.length, maxStep, `${label}: the best trial reached maxStep`);
}

test("ASHA promote: nTrials counts new trials, resumes are extra, and optimize drains (concurrency 1, deterministic)", { timeout: 30_000 }, async () => {
  const scheduler = asha({ maxStep, eta: 3 });
  const a = await run(scheduler, { nTrials: 13 });
  checkDrained(scheduler, a, 13, "asha c=1");
  assert.ok(a.res.paused.length > 0, "bottom-rung losers stay paused");
  assert.ok(a.resumeCalls <= a.calls.length + 2, `${a.resumeCalls} resume calls for ${a.calls.length} objective calls`);
  const b = await run(scheduler, { nTrials: 13 });
  const view = (s: Study<S>) => s.trials.map((t) => [t.number, t.state, t.params.x, t.intermediate.map((iv) => iv.value)]);
  assert.deepEqual(view(b.study), view(a.study));
  assert.deepEqual(b.calls, a.calls);
  assert.deepEqual([b.res.resumed, b.res.paused], [a.res.resumed, a.res.paused]);
});

test("asynchronous Hyperband promote drains every bracket (concurrency 1 and 3)", { timeout: 30_000 }, async () => {
  for (const concurrency of [1, 3]) {
    const scheduler = asha.hyperband({ maxStep, eta: 3 });
    const r = await run(scheduler, { nTrials: 20, concurrency }, 4);
    checkDrained(scheduler, r, 20, `hyperband c=${concurrency}`);
    // no busy loop while waiting for running trials: a bounded number of asks per objective call
    assert.ok(r.resumeCalls <= 2 * r.calls.length + 2 * concurrency, `${r.resumeCalls} resume calls for ${r.calls.length} objective calls`);
  }
});

test("ASHA promote with concurrency 3 terminates and drains; ResumeContext.draining is what finishes the run", { timeout: 30_000 }, async () => {
  const scheduler = asha({ maxStep, eta: 3 });
  const r = await run(scheduler, { nTrials: 10, concurrency: 3 }, 5);
  checkDrained(scheduler, r, 10, "asha c=3");
  assert.ok(r.resumeCalls <= 2 * r.calls.length + 6, `${r.resumeCalls} resume calls for ${r.calls.length} objective calls`);
  // the same run with the flag hidden from the scheduler (⌊m/η⌋ only) strands promotable trials
  const hidden = await run(scheduler, { nTrials: 10, concurrency: 1 }, 5, undefined, true);
  assert.equal(hidden.study.trials.length, 10);
  assert.notEqual(drainable(scheduler, hidden.study.trials), undefined);
  // the maxTrials option still does it without the flag (back-compat for ask/tell loops)
  const capped = asha({ maxStep, eta: 3, maxTrials: 10 });
  const viaOption = await run(capped, { nTrials: 10, concurrency: 1 }, 5, undefined, true);
  checkDrained(capped, viaOption, 10, "asha maxTrials option");
});

test("nTrials: 0 only drains: a later optimize resumes what an interrupted one left paused", { timeout: 30_000 }, async () => {
  const scheduler = asha({ maxStep, eta: 3 });
  const controller = new AbortController();
  // abort once the 10th new trial has ended (an abort ends running trials, so it comes from a callback): no draining
  let fresh = 0;
  const first = await run(
    scheduler,
    {
      nTrials: 10,
      signal: controller.signal,
      callbacks: [
        () => {
          if (fresh === 10) controller.abort();
        },
      ],
    },
    11,
    (_s, calls) => {
      fresh = calls.filter((c) => !c.resumed).length;
    },
  );
  assert.equal(first.res.stoppedBy, "signal");
  assert.equal(first.study.trials.length, 10);
  assert.ok(!first.calls[first.calls.length - 1].resumed, "nothing was resumed after the abort");
  assert.notEqual(drainable(scheduler, first.study.trials), undefined, "the abort left promotable trials (no draining)");
  const before = first.res.paused;
  const second: OptimizeResult = await first.study.optimize((p, t) => objective(p, t), { nTrials: 0, leftPaused: "keep" });
  assert.equal(first.study.trials.length, 10, "nTrials: 0 starts no new trial");
  assert.ok(second.resumed > 0);
  assert.ok(second.paused.length < before.length);
  assert.equal(drainable(scheduler, first.study.trials), undefined);
});

test("timeout and stop() end optimize at once: no draining after the last new trial", { timeout: 30_000 }, async (t) => {
  const scheduler = asha({ maxStep, eta: 3 });
  // timeout: the study's clock (Date.now, mocked) stands still until the 10th new trial starts and then jumps
  // past the timeout, so the 10th new trial is the last objective call however slow the machine is
  const timeout = 300;
  let clock = 1_000_000;
  const now = t.mock.method(Date, "now", () => clock);
  const timed = await run(scheduler, { nTrials: 10, timeout }, 11, (_s, calls) => {
    if (calls.filter((c) => !c.resumed).length === 10) clock += timeout;
  });
  now.mock.restore();
  assert.ok(timed.calls.filter((c) => c.resumed).length > 0, "promotions happened before the timeout (so the timeout is what prevents draining)");
  assert.equal(timed.res.stoppedBy, "timeout");
  assert.equal(timed.study.trials.length, 10);
  assert.ok(!timed.calls[timed.calls.length - 1].resumed);
  assert.notEqual(drainable(scheduler, timed.study.trials), undefined);
  assert.deepEqual(
    timed.res.paused,
    timed.study.trials.filter((t) => t.state === "paused").map((t) => t.number),
  );
  // stop() from a callback (concurrency 3): no objective starts after it, running ones finish
  const study = await createStudy({ space, sampler: randomSampler(), scheduler, seed: 11 });
  let calls = 0;
  let callsAtStop = -1;
  const res = await study.optimize(
    (p, t) => {
      calls++;
      return objective(p, t);
    },
    { nTrials: 10, concurrency: 3, callbacks: [(s) => void (s.trials.length >= 6 && callsAtStop < 0 && ((callsAtStop = calls), s.stop()))] },
  );
  assert.equal(res.stoppedBy, "stopped");
  assert.equal(calls, callsAtStop);
  assert.ok(study.trials.length < 10);
  assert.ok(study.trials.every((t) => t.state !== "running"));
  assert.deepEqual(
    res.paused,
    study.trials.filter((t) => t.state === "paused").map((t) => t.number),
  );
});
