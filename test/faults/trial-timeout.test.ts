// trialTimeout and optimize's signal end hung and busy-looping objectives: the trial is failed with
// the reason and the study goes on; 1,000 trials leave no listener or timer behind. countFailed keeps
// the counts exact (by default failed trials would be retried up to nTrials).
import { test } from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { createStudy, float, randomSampler } from "../../src/hpo/index.js";

const space = { x: float(0, 1) };
const module = new URL("./fixtures/hanging-objective.ts", import.meta.url).href;

test("a hung await is ended by trialTimeout, recorded failed, and the study goes on", async () => {
  const study = await createStudy({ space, sampler: randomSampler() });
  let sawAbort = 0;
  const res = await study.optimize(
    async (p, trial) => {
      if (trial.number % 2 === 0) {
        trial.signal.addEventListener("abort", () => sawAbort++);
        await new Promise(() => undefined);
      }
      return p.x;
    },
    { nTrials: 4, trialTimeout: 50, countFailed: true },
  );
  assert.equal(res.stoppedBy, "nTrials");
  assert.deepEqual(
    study.trials.map((t) => t.state),
    ["failed", "complete", "failed", "complete"],
  );
  assert.equal(study.trials[0].note, "trial timeout: still running after 50 ms");
  assert.equal(sawAbort, 2, "the objective's trial.signal aborted");
});

test("a synchronous busy loop in this thread cannot be ended, but is recorded as timed out with the way out", async () => {
  const study = await createStudy({ space, sampler: randomSampler() });
  await study.optimize(
    (p) => {
      const t0 = Date.now();
      while (Date.now() - t0 < 80) {
        // blocks the event loop past the timeout
      }
      return p.x;
    },
    { nTrials: 1, trialTimeout: 20 },
  );
  assert.equal(study.trials[0].state, "failed");
  assert.match(study.trials[0].note ?? "", /more than 20 ms, without yielding .*workers: "threads"/);
});

test("workers threads: a busy-looping objective's thread is terminated at trialTimeout, the pool replaced it", { timeout: 60_000 }, async () => {
  const study = await createStudy({ space, sampler: randomSampler() });
  const t0 = Date.now();
  const res = await study.optimize({ module, export: "objective" }, { workers: "threads", concurrency: 2, nTrials: 6, trialTimeout: 400, countFailed: true });
  assert.equal(res.trials.length, 6);
  const states = study.trials.map((t) => t.state);
  assert.deepEqual(states, ["failed", "complete", "failed", "complete", "failed", "complete"]);
  for (const t of study.trials.filter((r) => r.state === "failed")) assert.equal(t.note, "trial timeout: still running after 400 ms");
  assert.ok(Date.now() - t0 < 20_000, `took ${Date.now() - t0} ms`);
});

test("optimize's signal ends running objectives at once (in this thread and in threads) and records them failed", { timeout: 60_000 }, async () => {
  const study = await createStudy({ space, sampler: randomSampler() });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const res = await study.optimize(
    async (_p, trial) => {
      await new Promise(() => undefined);
      return trial.number;
    },
    { nTrials: 5, concurrency: 2, signal: ac.signal },
  );
  assert.equal(res.stoppedBy, "signal");
  assert.deepEqual(
    study.trials.map((t) => [t.state, t.note]),
    [
      ["failed", "aborted while the objective ran"],
      ["failed", "aborted while the objective ran"],
    ],
  );
  const threaded = await createStudy({ space, sampler: randomSampler() });
  const ac2 = new AbortController();
  // abort once the thread runs the objective (starting a thread takes seconds on a loaded machine)
  let ended = false;
  void (async () => {
    while (!ended && !(await threaded.storage.listTrials(threaded.name)).some((t) => t.state === "running")) await new Promise((r) => setTimeout(r, 20));
    setTimeout(() => ac2.abort(new Error("user stop")), 200);
  })();
  const r2 = await threaded
    .optimize({ module, export: "objective" }, { workers: "threads", concurrency: 1, nTrials: 3, signal: ac2.signal })
    .finally(() => (ended = true));
  assert.equal(r2.stoppedBy, "signal");
  assert.equal(threaded.trials[0].note, "aborted: user stop while the objective ran");
});

test("1,000 trials with trialTimeout and a signal: no listener or warning left behind", { timeout: 60_000 }, async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on("warning", onWarning);
  try {
    const study = await createStudy({ space, sampler: randomSampler() });
    const ac = new AbortController();
    const res = await study.optimize(async (p, trial) => (trial.number % 100 === 0 ? new Promise<number>(() => undefined) : p.x), {
      nTrials: 1000,
      concurrency: 4,
      trialTimeout: 300, // far above a quick trial even on a loaded machine (timers fire late there)
      signal: ac.signal,
      countFailed: true,
    });
    assert.equal(res.trials.length, 1000);
    assert.equal(study.trials.filter((t) => t.state === "failed").length, 10);
    assert.equal(getEventListeners(ac.signal, "abort").length, 0);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      warnings.map((w) => w.name),
      [],
    );
  } finally {
    process.off("warning", onWarning);
  }
});
