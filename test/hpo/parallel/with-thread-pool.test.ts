import assert from "node:assert/strict";
import { test } from "node:test";
import { threadId } from "node:worker_threads";
import { ThreadPool } from "../../../src/hpo/parallel/thread-pool.js";
import { randomSampler } from "../../../src/hpo/samplers/random.js";
import { createStudy } from "../../../src/hpo/study.js";
import type { Scheduler } from "../../../src/hpo/types.js";
import { expected, objective, space } from "./fixtures/objective.js";

const module = new URL("./fixtures/objective.ts", import.meta.url).href;

test("threads: 2 worker threads give the same params and values as one thread with the same seed", { timeout: 60_000 }, async () => {
  const threaded = await createStudy({ space, sampler: randomSampler(), seed: 5 });
  const res = await threaded.optimize({ module, export: "objective" }, { workers: "threads", nTrials: 8, concurrency: 2 });
  assert.equal(res.trials.length, 8);
  const serial = await createStudy({ space, sampler: randomSampler(), seed: 5 });
  await serial.optimize(objective as never, { nTrials: 8 });
  assert.deepEqual(
    threaded.trials.map((t) => t.params),
    serial.trials.map((t) => t.params),
  );
  for (const t of threaded.trials) {
    assert.equal(t.state, "complete");
    assert.equal(t.value, expected(t.params as { x: number; k: number }));
    assert.deepEqual(
      t.intermediate.map((i) => i.step),
      [0, 1, 2],
    );
  }
});

test("threads: the objective runs off the main thread, in the pool's threads", { timeout: 60_000 }, async () => {
  const study = await createStudy({ space, sampler: randomSampler(), seed: 1 });
  await study.optimize({ module, export: "whichThread" }, { workers: "threads", nTrials: 4, concurrency: 2 });
  for (const t of study.trials) assert.ok(t.state === "complete" && t.value !== threadId && t.value! > 0, `ran in thread ${t.value}`);
});

test("threads: scheduler decisions reach the objective in its thread", { timeout: 60_000 }, async () => {
  const stopEven: Scheduler = {
    name: "stop-even-k",
    decide: ({ trial }) => ((trial.params.k as number) % 2 === 0 ? { action: "stop", reason: "even k" } : { action: "continue", reason: "odd k" }),
  };
  const study = await createStudy({ space, sampler: randomSampler(), scheduler: stopEven, seed: 2 });
  await study.optimize({ module }, { workers: "threads", nTrials: 10, concurrency: 2 });
  for (const t of study.trials) {
    const even = (t.params.k as number) % 2 === 0;
    assert.equal(t.state, even ? "pruned" : "complete", `trial ${t.number}`);
    assert.equal(t.intermediate.length, even ? 1 : 3);
  }
});

test("threads: a throwing objective fails its trial, a dying thread fails only its trial", { timeout: 60_000 }, async () => {
  const a = await createStudy({ space, sampler: randomSampler(), seed: 3 });
  await a.optimize({ module, export: "throwsSometimes" }, { workers: "threads", nTrials: 10, concurrency: 2 });
  for (const t of a.trials) assert.equal(t.state, t.params.k === 3 ? "failed" : "complete");
  assert.ok(a.trials.some((t) => t.state === "failed" && /k=3 is cursed/.test(t.note ?? "")));
  const b = await createStudy({ space, sampler: randomSampler(), seed: 4 });
  await b.optimize({ module, export: "exitsSometimes" }, { workers: "threads", nTrials: 10, concurrency: 2 });
  // Failed trials do not count toward nTrials (countFailed defaults to false): 10 finished, plus the failures.
  assert.equal(b.trials.filter((t) => t.state === "complete").length, 10);
  for (const t of b.trials) assert.equal(t.state, t.params.k === 2 ? "failed" : "complete", `trial ${t.number}: ${t.note}`);
  assert.ok(b.trials.some((t) => t.state === "failed" && /exited with code 7/.test(t.note ?? "")));
});

test("threads: a missing export is a clear error before any trial starts", { timeout: 60_000 }, async () => {
  const study = await createStudy({ space, sampler: randomSampler() });
  await assert.rejects(study.optimize({ module, export: "nope" }, { workers: "threads", nTrials: 2 }), /no exported function "nope" \(it exports: .*objective/);
  assert.equal(study.trials.length, 0);
  assert.throws(() => new ThreadPool({ module, threads: 0 }), /threads must be a positive integer/);
});

test(
  'threads: study.optimize({module, export}, {workers: "threads", concurrency}) runs in threads, and a function objective is refused',
  { timeout: 60_000 },
  async () => {
    const study = await createStudy({ space, sampler: randomSampler(), seed: 8 });
    const res = await study.optimize({ module, export: "objective" }, { nTrials: 4, concurrency: 2, workers: "threads" });
    assert.equal(res.trials.length, 4);
    for (const t of study.trials) assert.equal(t.value, expected(t.params as { x: number; k: number }));
    await assert.rejects(study.optimize(objective as never, { nTrials: 1, workers: "threads" }), /needs the objective as \{module, export\}/);
  },
);
