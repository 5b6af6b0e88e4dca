import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { categorical, float, int } from "../../../src/hpo/space.js";
import { optunaDistributionJson, optunaInternalValue, studyToOptunaJournal } from "../../../src/hpo/storage/jsonl-optuna-journal.js";
import { MemoryStorage } from "../../../src/hpo/storage/memory.js";

const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-journal-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const space = { lr: float(1e-4, 1e-1, { log: true }), units: int(8, 64, { step: 8 }), act: categorical(["relu", "tanh"]) };
const hasOptuna = spawnSync("/usr/bin/python3", ["-c", "import optuna.storages as s; s.JournalStorage"], { encoding: "utf8" }).status === 0;

async function sample() {
  const s = new MemoryStorage();
  const study = await s.createStudy({ name: "hemo", direction: "maximize", seed: 1, userAttrs: { dataset: "hemolysis" } });
  await s.createTrial("hemo", { state: "running", params: { lr: 0.001, units: 32, act: "tanh" }, why: "random" });
  await s.reportIntermediate("hemo", 0, 0, 0.61);
  await s.reportIntermediate("hemo", 0, 1, NaN);
  await s.reportIntermediate("hemo", 0, 2, 0.7);
  await s.updateTrial("hemo", 0, { state: "complete", value: 0.72 });
  await s.createTrial("hemo", { state: "running", params: { lr: 0.05, units: 8, act: "relu" } });
  await s.reportIntermediate("hemo", 1, 0, 0.5);
  await s.updateTrial("hemo", 1, { state: "pruned", value: 0.5, note: "below median" });
  await s.createTrial("hemo", { state: "running", params: { lr: 0.01, units: 16, act: "relu" } });
  await s.updateTrial("hemo", 2, { state: "failed", note: "NaN loss" });
  await s.createTrial("hemo", { state: "waiting", params: { lr: 0.002, units: 64, act: "relu" }, why: "enqueued" });
  return { study, trials: await s.listTrials("hemo") };
}

test("optuna journal: distributions and internal values as Optuna writes them", () => {
  assert.deepEqual(JSON.parse(optunaDistributionJson(space.lr)), { name: "FloatDistribution", attributes: { step: null, low: 1e-4, high: 0.1, log: true } });
  assert.deepEqual(JSON.parse(optunaDistributionJson(space.units)), { name: "IntDistribution", attributes: { log: false, step: 8, low: 8, high: 64 } });
  assert.deepEqual(JSON.parse(optunaDistributionJson(space.act)), { name: "CategoricalDistribution", attributes: { choices: ["relu", "tanh"] } });
  assert.equal(optunaInternalValue(space.act, "tanh"), 1);
  assert.throws(() => optunaInternalValue(space.act, "gelu"), /not one of the choices/);
});

test("optuna journal: one study line, one attr line, one CREATE_TRIAL line per trial; valid JSON (NaN left out)", async () => {
  const { study, trials } = await sample();
  const lines = studyToOptunaJournal(study, space, trials)
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => l.op_code),
    [0, 2, 4, 4, 4, 4],
  );
  assert.deepEqual(lines[0].directions, [2]);
  assert.deepEqual(lines[2].intermediate_values, { "0": 0.61, "2": 0.7 });
  assert.deepEqual(lines[2].params, { lr: 0.001, units: 32, act: 1 });
  assert.deepEqual(
    lines.slice(2).map((l) => l.state),
    [1, 2, 3, 4],
  );
  assert.equal(lines[5].datetime_start, null);
  assert.match(lines[2].datetime_complete, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
});

test(
  "optuna journal: Optuna itself (Debian python3-optuna) loads the exported study",
  { skip: hasOptuna ? false : "python3-optuna not installed" },
  async () => {
    const { study, trials } = await sample();
    const path = join(dir, "journal.log");
    writeFileSync(path, studyToOptunaJournal(study, space, trials));
    const py = `
import json, optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
S = getattr(optuna.storages, "JournalFileStorage", None) or optuna.storages.journal.JournalFileBackend
st = optuna.load_study(study_name="hemo", storage=optuna.storages.JournalStorage(S(${JSON.stringify(path)})))
print(json.dumps({"direction": st.direction.name, "attrs": st.user_attrs, "best": st.best_value,
  "trials": [[t.number, t.state.name, t.value, t.params, {str(k): v for k, v in t.intermediate_values.items()}] for t in st.trials]}))
`;
    const r = spawnSync("/usr/bin/python3", ["-c", py], { encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout.trim().split("\n").pop()!);
    assert.equal(got.direction, "MAXIMIZE");
    assert.deepEqual(got.attrs, { dataset: "hemolysis" });
    assert.equal(got.best, 0.72);
    assert.deepEqual(got.trials, [
      [0, "COMPLETE", 0.72, { lr: 0.001, units: 32, act: "tanh" }, { "0": 0.61, "2": 0.7 }],
      [1, "PRUNED", 0.5, { lr: 0.05, units: 8, act: "relu" }, { "0": 0.5 }],
      [2, "FAIL", null, { lr: 0.01, units: 16, act: "relu" }, {}],
      [3, "WAITING", null, { lr: 0.002, units: 64, act: "relu" }, {}],
    ]);
  },
);
