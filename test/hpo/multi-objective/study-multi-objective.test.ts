import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { createStudy, loadStudy } from "../../../src/hpo/study.js";
import { float } from "../../../src/hpo/space.js";
import { medianStopping } from "../../../src/hpo/schedulers/median-stopping.js";
import { randomSampler } from "../../../src/hpo/samplers/random.js";
import { gpSampler } from "../../../src/hpo/samplers/gp.js";
import { MemoryStorage } from "../../../src/hpo/storage/memory.js";
import { SqliteStorage } from "../../../src/hpo/storage/sqlite-storage.js";
import { exportStudyJsonl, importStudyJsonl } from "../../../src/hpo/storage/jsonl-study.js";
import { studyToOptunaJournal } from "../../../src/hpo/storage/jsonl-optuna-journal.js";
import { StudyMismatchError } from "../../../src/hpo/study-signature.js";

const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-mo-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const space = { x: float(0, 1), y: float(0, 1) };
// a 2-objective toy: error falls with x, cost rises with x; y only adds error
const objective = (p: { x: number; y: number }): [number, number] => [1 - p.x + p.y, p.x];

test("multi-objective study: values stored, value undefined, the Pareto front as bestTrials, bestTrial refuses", async () => {
  const study = await createStudy({ space, directions: ["minimize", "minimize"], objectiveNames: ["error", "cost"], sampler: randomSampler(), seed: 1 });
  assert.deepEqual(study.directions, ["minimize", "minimize"]);
  assert.deepEqual(study.objectiveNames, ["error", "cost"]);
  await study.optimize(objective, { nTrials: 30 });
  for (const t of study.trials) {
    assert.equal(t.state, "complete");
    assert.equal(t.value, undefined);
    assert.deepEqual(t.values, objective(t.params));
  }
  const front = study.bestTrials;
  assert.ok(front.length >= 2);
  // brute force: a trial is on the front when no other trial is at least as good in both and better in one
  const dominated = (a: readonly number[], b: readonly number[]) => b[0] <= a[0] && b[1] <= a[1] && (b[0] < a[0] || b[1] < a[1]);
  const expected = study.trials.filter((t) => !study.trials.some((o) => dominated(t.values!, o.values!))).map((t) => t.number);
  assert.deepEqual(
    front.map((t) => t.number),
    expected,
  );
  assert.throws(() => study.bestTrial, /2 objectives, so no single best trial: use study.bestTrials/);
  const table = study.trialsTable();
  assert.deepEqual(
    table.array("values_error"),
    study.trials.map((t) => t.values![0]),
  );
  assert.deepEqual(
    table.array("values_cost"),
    study.trials.map((t) => t.values![1]),
  );
});

test("multi-objective study: a maximized objective, ask/tell with lists and explicit states", async () => {
  const study = await createStudy({ space, directions: ["maximize", "minimize"], sampler: randomSampler(), seed: 2 });
  const a = await study.ask();
  assert.equal((await study.tell(a, [0.9, 0.5])).state, "complete");
  const b = await study.ask();
  await study.tell(b, { state: "complete", value: [0.5, 0.1] });
  const c = await study.ask();
  await study.tell(c, [0.4, 0.6]); // dominated by a: lower accuracy, higher cost
  assert.deepEqual(
    study.bestTrials.map((t) => t.number),
    [0, 1],
  );
  const d = await study.ask();
  const failed = await study.tell(d, [0.1, NaN]);
  assert.equal(failed.state, "failed");
  assert.equal(failed.note, "objective 1 returned NaN");
  const e = await study.ask();
  await assert.rejects(study.tell(e, 0.3), /expected 2 values \(one per objective\), got one number 0.3; the trial was recorded as failed/);
  const f = await study.ask();
  await assert.rejects(study.tell(f, [1, 2, 3]), /expected 2 values/);
  const g = await study.ask();
  assert.equal((await study.tell(g, { state: "pruned" })).state, "pruned");
  assert.deepEqual(
    study.trials.map((t) => t.state),
    ["complete", "complete", "complete", "failed", "failed", "failed", "pruned"],
  );
});

test("multi-objective study: an objective returning one number or the wrong count fails the trial with the reason", async () => {
  const study = await createStudy({ space, directions: ["minimize", "minimize"], sampler: randomSampler(), seed: 3 });
  let k = 0;
  await study.optimize(() => (k++ === 0 ? 0.5 : [1, 2, 3]), { nTrials: 2, countFailed: true });
  assert.match(study.trials[0].note ?? "", /expected 2 values \(one per objective\), got one number 0.5/);
  assert.match(study.trials[1].note ?? "", /expected 2 values \(one per objective\), got a list of 3 values/);
});

test("multi-objective study: option checks name the option and what was expected", async () => {
  await assert.rejects(
    createStudy({ space, direction: "minimize", directions: ["minimize", "minimize"] }),
    /give direction \(one objective\) or directions \(one per objective\), not both/,
  );
  await assert.rejects(createStudy({ space, directions: [] }), /directions must be a non-empty array/);
  await assert.rejects(createStudy({ space, directions: ["minimize", "lower" as never] }), /directions\[1\] must be "minimize" or "maximize", got "lower"/);
  await assert.rejects(createStudy({ space, directions: ["minimize", "minimize"], objectiveNames: ["a"] }), /1 objectiveNames for 2 directions/);
  await assert.rejects(createStudy({ space, directions: ["minimize", "minimize"], objectiveNames: ["a", "a"] }), /objectiveNames must be distinct/);
  await assert.rejects(createStudy({ space, directions: ["minimize", "minimize"], sampler: gpSampler() }), /sampler gp models one objective/);
  await assert.rejects(
    createStudy({ space, directions: ["minimize", "minimize"], scheduler: medianStopping() }),
    /scheduler median compares one objective across trials/,
  );
  // one direction in a list is a single-objective study
  const single = await createStudy({ space, directions: ["maximize"], sampler: randomSampler() });
  await single.optimize((p) => p.x, { nTrials: 3 });
  assert.equal(single.direction, "maximize");
  assert.equal(single.bestTrial?.value, Math.max(...single.trials.map((t) => t.value!)));
  assert.equal(single.bestTrials[0].number, single.bestTrial?.number);
});

test("multi-objective study: values and directions survive SQLite, a reload, JSON lines and the Optuna journal", async () => {
  const path = join(dir, "mo.db");
  const study = await createStudy({
    space,
    directions: ["minimize", "maximize"],
    objectiveNames: ["loss", "auc"],
    sampler: randomSampler(),
    storage: path,
    name: "mo",
    seed: 4,
  });
  await study.optimize((p) => [p.y, p.x], { nTrials: 8 });
  const front = study.bestTrials.map((t) => t.number);
  await study.storage.close?.();

  const again = await loadStudy("mo", { space, storage: path, sampler: randomSampler() });
  assert.deepEqual(again.directions, ["minimize", "maximize"]);
  assert.deepEqual(again.objectiveNames, ["loss", "auc"]);
  assert.deepEqual(
    again.trials.map((t) => t.values),
    study.trials.map((t) => t.values),
  );
  assert.deepEqual(
    again.bestTrials.map((t) => t.number),
    front,
  );
  await assert.rejects(createStudy({ space, direction: "minimize", storage: again.storage, name: "mo", loadIfExists: true }), StudyMismatchError);

  const text = await exportStudyJsonl(again.storage, "mo");
  const mem = new MemoryStorage();
  await importStudyJsonl(mem, text);
  const imported = await loadStudy("mo", { space, storage: mem, sampler: randomSampler() });
  assert.deepEqual(
    imported.trials.map((t) => t.values),
    study.trials.map((t) => t.values),
  );
  const sqlite2 = new SqliteStorage(join(dir, "mo2.db"));
  await importStudyJsonl(sqlite2, text);
  assert.deepEqual(
    (await sqlite2.listTrials("mo")).map((t) => t.values),
    study.trials.map((t) => t.values),
  );
  await sqlite2.close();

  const journal = studyToOptunaJournal((await again.storage.loadStudy("mo"))!, space, again.trials)
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(journal[0].directions, [1, 2]);
  const trial = journal.find((l) => l.op_code === 4)!;
  assert.equal(trial.value, null);
  assert.deepEqual(trial.values, again.trials[0].values);
  await again.storage.close?.();
});

test("multi-objective study: objectives in worker threads return their lists through the pool", { timeout: 60_000 }, async () => {
  const fixture = new URL("../parallel/fixtures/objective.ts", import.meta.url).pathname;
  const { space: fxSpace, expected } = await import("../parallel/fixtures/objective.js");
  const study = await createStudy({ space: fxSpace, directions: ["minimize", "maximize"], sampler: randomSampler(), seed: 6 });
  await study.optimize({ module: fixture, export: "twoObjectives" }, { workers: "threads", concurrency: 2, nTrials: 6 });
  assert.equal(study.trials.length, 6);
  for (const t of study.trials) assert.deepEqual(t.values, [expected(t.params as { x: number; k: number }), t.params.k]);
});

test("multi-objective study: two runWorker workers share a study created from a module that exports directions", { timeout: 60_000 }, async () => {
  const { runWorker } = await import("../../../src/hpo/parallel/run-worker.js");
  const module = new URL("../parallel/fixtures/two-objectives.ts", import.meta.url).pathname;
  const storage = join(dir, "workers.db");
  const common = { storage, study: "mo-workers", objective: { module }, nTrials: 12, heartbeatInterval: 200, seed: 1 };
  await Promise.all([runWorker(common), runWorker(common)]);
  const s = new SqliteStorage(storage);
  const trials = await s.listTrials("mo-workers");
  assert.equal(trials.length, 12);
  for (const t of trials) assert.deepEqual(t.values, [(t.params.y as number) + (t.params.x as number) / 2, t.params.x]);
  assert.ok(
    trials.slice(8).some((t) => /^NSGA-II generation 2/.test(t.why)),
    trials.map((t) => t.why).join("\n"),
  );
  await s.close();
});
