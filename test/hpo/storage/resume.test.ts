// Resume after a crash (e.g. a kernel restart): loadStudy on the same file continues the study, and a
// trial left running by the dead process is failed or re-queued as asked.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { randomSampler } from "../../../src/hpo/samplers/random.js";
import { float } from "../../../src/hpo/space.js";
import { SqliteStorage } from "../../../src/hpo/storage/sqlite-storage.js";
import { createStudy, loadStudy } from "../../../src/hpo/study.js";

const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-resume-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const space = { x: float(0, 1) };
const objective = (p: { x: number }) => (p.x - 0.3) ** 2;

async function crashedStudy(path: string): Promise<{ abandoned: number; params: unknown }> {
  // the "previous session": its clock is 2 minutes behind, so its last heartbeat is old now
  const old = new SqliteStorage(path, { now: () => Date.now() - 120_000 });
  const study = await createStudy({ name: "s", space, storage: old, sampler: randomSampler(), seed: 3 });
  await study.optimize(objective, { nTrials: 3 });
  const t = await study.ask(); // running when the process "died"
  await t.report(0, 0.5);
  await old.close();
  return { abandoned: t.number, params: t.params };
}

test("resume: loadStudy(name, {storage: path, staleTrials: requeue}) re-runs the dead trial with the same number and params", async () => {
  const path = join(dir, "requeue.db");
  const { abandoned, params } = await crashedStudy(path);
  const study = await loadStudy("s", { space, storage: path, sampler: randomSampler(), staleTrials: { timeoutMs: 60_000, action: "requeue" } });
  assert.equal(study.seed, 3);
  assert.equal(study.trials[abandoned].state, "waiting");
  assert.equal(study.trials[abandoned].systemAttrs.retries, 1);
  await study.optimize(objective, { nTrials: 2 });
  assert.deepEqual(
    study.trials.map((t) => t.state),
    ["complete", "complete", "complete", "complete", "complete"],
  );
  assert.deepEqual(study.trials[abandoned].params, params);
  assert.equal(study.trials[abandoned].value, objective(params as { x: number }));
  await study.storage.close?.();
});

test("resume: with staleTrials fail the dead trial is failed with a reason, the study goes on", async () => {
  const path = join(dir, "fail.db");
  const { abandoned } = await crashedStudy(path);
  const study = await createStudy({
    name: "s",
    space,
    storage: `sqlite:${path}`,
    loadIfExists: true,
    sampler: randomSampler(),
    staleTrials: { timeoutMs: 60_000 },
  });
  assert.equal(study.trials[abandoned].state, "failed");
  assert.match(study.trials[abandoned].note ?? "", /no heartbeat for 60\.0 s/);
  await study.optimize(objective, { nTrials: 2 });
  assert.equal(study.trials.length, 6);
  assert.equal(study.trials.filter((t) => t.state === "complete").length, 5);
  await study.storage.close?.();
});

test("resume: staleTrials leaves a live process's fresh trial alone", async () => {
  const path = join(dir, "live.db");
  const s = await createStudy({ name: "s", space, storage: path, sampler: randomSampler(), staleTrials: { timeoutMs: 60_000 } });
  const t = await s.ask();
  const again = await loadStudy("s", { space, storage: path, staleTrials: { timeoutMs: 60_000 } });
  assert.equal(again.trials[t.number].state, "running");
  await s.tell(t, 0.1);
  await s.storage.close?.();
  await again.storage.close?.();
});
