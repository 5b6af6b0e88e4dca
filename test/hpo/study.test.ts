import { test } from "node:test";
import assert from "node:assert/strict";
import { categorical, float, int, when } from "../../src/hpo/space.js";
import { createStudy, loadStudy, SpaceExhaustedError } from "../../src/hpo/study.js";
import { randomSampler } from "../../src/hpo/samplers/random.js";
import { gridSampler } from "../../src/hpo/samplers/grid.js";
import { tpeSampler } from "../../src/hpo/samplers/tpe.js";
import { MemoryStorage } from "../../src/hpo/storage/memory.js";
import type { Scheduler } from "../../src/hpo/types.js";

const space = { x: float(-5, 5), n: int(1, 4), act: categorical(["relu", "tanh"]), slope: when("act", "relu", float(0, 1)) };

test("ask/tell: typed params, immutable records, bestTrial for minimize and maximize", async () => {
  for (const direction of ["minimize", "maximize"] as const) {
    const study = await createStudy({ space, direction, sampler: randomSampler(), seed: 3 });
    for (let i = 0; i < 5; i++) {
      const t = await study.ask();
      const x: number = t.params.x;
      await study.tell(t, x * x);
    }
    const values = study.trials.map((t) => t.value as number);
    const expected = direction === "minimize" ? Math.min(...values) : Math.max(...values);
    assert.equal(study.bestValue, expected);
    assert.ok(Object.isFrozen(study.trials[0]) && Object.isFrozen(study.trials[0].params));
    assert.ok(study.trials.every((t) => t.state === "complete" && t.why.startsWith("random")));
    assert.ok(study.trials.every((t) => (t.params.act === "relu") === "slope" in t.params));
  }
});

test("optimize: throwing and NaN objectives make failed trials and the study goes on", async () => {
  const study = await createStudy({ space, sampler: randomSampler(), seed: 1 });
  let k = 0;
  const res = await study.optimize(
    (p) => {
      k++;
      if (k === 2) throw new Error("boom");
      if (k === 3) return NaN;
      return p.x * p.x;
    },
    { nTrials: 6 },
  );
  assert.equal(res.stoppedBy, "nTrials");
  // failed trials do not count toward nTrials: two more trials replace them
  assert.equal(res.trials.length, 8);
  assert.deepEqual(
    study.trials.map((t) => t.state),
    ["complete", "failed", "failed", "complete", "complete", "complete", "complete", "complete"],
  );
  assert.match(study.trials[1].note ?? "", /boom/);
  assert.match(study.trials[2].note ?? "", /NaN/);
  assert.ok(study.bestTrial !== undefined && study.bestTrial.state === "complete");
});

test("same seed ⇒ same params, also with concurrency > 1", async () => {
  const run = async (concurrency: number, seed: number) => {
    const study = await createStudy({ space, sampler: randomSampler(), seed });
    await study.optimize(
      async (p) => {
        await new Promise((r) => setTimeout(r, (p.n * 3) % 5));
        return p.x;
      },
      { nTrials: 8, concurrency },
    );
    return study.trials.map((t) => JSON.stringify(t.params));
  };
  assert.deepEqual(await run(1, 7), await run(1, 7));
  assert.deepEqual(await run(3, 7), await run(1, 7));
  assert.notDeepEqual(await run(1, 8), await run(1, 7));
});

test("concurrent asks see each other: grid never hands out one point twice", async () => {
  const study = await createStudy({ space: { a: int(0, 2), b: categorical(["u", "v"]) }, sampler: gridSampler() });
  const asked = await Promise.all([1, 2, 3, 4, 5, 6].map(() => study.ask()));
  assert.equal(new Set(asked.map((t) => JSON.stringify(t.params))).size, 6);
  await assert.rejects(study.ask(), SpaceExhaustedError);
  for (const t of asked) await study.tell(t, 1);
  const res = await study.optimize(() => 1, {});
  assert.equal(res.stoppedBy, "exhausted");
});

test("optimize without a stopping rule is refused; timeout, signal and stop() end it", async () => {
  const study = await createStudy({ space, sampler: randomSampler() });
  await assert.rejects(
    study.optimize(() => 1),
    /never ends/,
  );
  const ac = new AbortController();
  const r1 = await study.optimize(
    () => {
      if (study.trials.length >= 3) ac.abort();
      return 1;
    },
    { signal: ac.signal },
  );
  assert.equal(r1.stoppedBy, "signal");
  const r2 = await study.optimize(
    async () => {
      await new Promise((r) => setTimeout(r, 5));
      return 1;
    },
    { timeout: 20 },
  );
  assert.equal(r2.stoppedBy, "timeout");
  assert.ok(r2.trials.length >= 1 && r2.trials.length < 10);
  const r3 = await study.optimize(() => 1, {
    nTrials: 100,
    callbacks: [
      (s, rec) => {
        if (rec.number % 2 === 0) s.stop();
      },
    ],
  });
  assert.equal(r3.stoppedBy, "stopped");
});

test("enqueue: full and partial params are evaluated first, the rest sampled", async () => {
  const study = await createStudy({ space, sampler: randomSampler(), seed: 2 });
  await study.enqueue({ x: 1, n: 2, act: "tanh" });
  await study.enqueue({ act: "relu" });
  await assert.rejects(study.enqueue({ x: 99 }), /outside/);
  const t1 = await study.ask();
  assert.deepEqual(t1.params, { x: 1, n: 2, act: "tanh" });
  assert.equal(t1.why, "enqueued");
  const t2 = await study.ask();
  assert.equal(t2.params.act, "relu");
  assert.equal(typeof t2.params.slope, "number");
  assert.match(t2.why, /partial/);
});

test("scheduler decisions: stop → pruned, pause → paused and resumed, reasons kept", async () => {
  const scheduler: Scheduler = {
    name: "toy",
    decide: ({ trial, step }) =>
      trial.number === 0
        ? { action: "continue", reason: "first" }
        : step >= 1
          ? { action: trial.number === 1 ? "stop" : "pause", reason: `step ${step} of trial ${trial.number}`, attrs: { rung: step } }
          : { action: "continue", reason: "warm-up" },
    resume: ({ trials }) => {
      const p = trials.find((t) => t.state === "paused");
      return p && { number: p.number, reason: "promoted" };
    },
  };
  const study = await createStudy({ space, sampler: randomSampler(), scheduler });
  const seen: number[] = [];
  const res = await study.optimize(
    async (p, trial) => {
      seen.push(trial.number);
      for (let step = (trial.lastStep ?? -1) + 1; step < 3; step++) {
        await trial.report(step, p.x + step);
        if (trial.shouldStop()) break;
      }
      return p.x;
    },
    { nTrials: 4 },
  );
  const [t0, t1, t2, t3] = study.trials;
  assert.equal(study.trials.length, 4, "nTrials counts new trials only");
  assert.equal(t0.state, "complete");
  assert.equal(t1.state, "pruned");
  assert.equal(t1.note, "step 1 of trial 1");
  assert.equal(t1.systemAttrs.rung, 1);
  // trials 2 and 3 pause at steps 1 and 2 and are resumed each time (resumes are not new trials)
  assert.deepEqual(seen, [0, 1, 2, 2, 2, 3, 3, 3]);
  assert.equal(t2.state, "complete");
  assert.equal(t2.systemAttrs.resumeReason, "promoted");
  assert.equal(t3.state, "complete");
  assert.equal(res.resumed, 4);
  assert.deepEqual(res.paused, []);
  assert.equal(res.stoppedBy, "nTrials");
});

test("trialsTable is an arquero table with params_ columns", async () => {
  const study = await createStudy({ space, sampler: randomSampler(), seed: 5 });
  await study.optimize((p) => p.x, { nTrials: 4 });
  const t = study.trialsTable();
  assert.equal(t.numRows(), 4);
  for (const c of ["number", "state", "value", "params_x", "params_slope", "durationMs", "why"]) assert.ok(t.columnNames().includes(c), c);
  assert.deepEqual(
    t.array("value"),
    study.trials.map((r) => r.value),
  );
});

test("createStudy validates options and loadStudy resumes from a storage", async () => {
  await assert.rejects(createStudy({ space: { a: float(1, 0) } }), /parameter "a"/);
  await assert.rejects(createStudy({ space, direction: "up" as never }), /direction/);
  const storage = new MemoryStorage();
  const s1 = await createStudy({ space, storage, name: "s", sampler: tpeSampler(), seed: 9, direction: "maximize" });
  await s1.optimize((p) => p.x, { nTrials: 3 });
  await assert.rejects(createStudy({ space, storage, name: "s" }), /already exists/);
  const s2 = await loadStudy("s", { space, storage });
  assert.equal(s2.trials.length, 3);
  assert.equal(s2.direction, "maximize");
  assert.equal(s2.seed, 9);
  const s3 = await createStudy({ space, storage, name: "s", loadIfExists: true, direction: "maximize" });
  assert.equal(s3.trials.length, 3);
});
