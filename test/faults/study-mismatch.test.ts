// Reopening a study name with another space or direction is an error listing the differences;
// extendSpace accepts a wider space and stores it; studies without a stored signature are checked
// against their trials.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { categorical, createStudy, float, int, loadStudy, randomSampler, StudyMismatchError } from "../../src/hpo/index.js";
import { MemoryStorage } from "../../src/hpo/storage/memory.js";
import { SqliteStorage } from "../../src/hpo/storage/sqlite-storage.js";
import { SIGNATURE_ATTR } from "../../src/hpo/study-signature.js";

const space = { lr: float(1e-4, 1e-1, { log: true }), units: int(8, 64), act: categorical(["relu", "tanh"]) };

test("a different space, direction or extra parameter is refused with each difference listed", async () => {
  const storage = new MemoryStorage();
  const a = await createStudy({ name: "s", space, storage, sampler: randomSampler() });
  await a.optimize((p) => p.lr, { nTrials: 3 });
  const other = { lr: float(1e-3, 1e-1), units: int(8, 32), act: categorical(["relu", "tanh"]) };
  const e = await createStudy({ name: "s", space: other, storage, loadIfExists: true, direction: "maximize" }).catch((x: unknown) => x);
  assert.ok(e instanceof StudyMismatchError, String(e));
  const what = e.differences.map((d) => d.what);
  assert.deepEqual(what, ['parameter "lr"', 'parameter "units"', "direction"]);
  assert.match(e.message, /parameter "lr": stored float \[0\.0001, 0\.1\] log, requested float \[0\.001, 0\.1\]/);
  assert.match(e.message, /parameter "units": stored int \[8, 64\], requested int \[8, 32\]/);
  assert.match(e.message, /direction: stored minimize, requested maximize/);
  // loadStudy takes the stored direction, but still checks the space
  await assert.rejects(loadStudy("s", { space: other, storage }), StudyMismatchError);
  // the same definition loads, and nothing was added by the refused attempts
  const again = await loadStudy("s", { space, storage });
  assert.equal(again.trials.length, 3);
});

test("extendSpace accepts added parameters, wider ranges and more choices, and stores the new space", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-mismatch-"));
  try {
    const file = join(dir, "s.db");
    const first = await createStudy({ name: "s", space, storage: file, sampler: randomSampler() });
    await first.optimize((p) => p.lr, { nTrials: 2 });
    await first.storage.close?.();
    const wider = { ...space, units: int(4, 128), act: categorical(["relu", "tanh", "gelu"]), dropout: float(0, 0.5) };
    const e = await createStudy({ name: "s", space: wider, storage: file, loadIfExists: true }).catch((x: unknown) => x);
    assert.ok(e instanceof StudyMismatchError);
    assert.ok(e.differences.every((d) => d.extends));
    assert.match(e.message, /extendSpace: true/);
    assert.match(e.message, /parameter "dropout": stored absent, requested float \[0, 0\.5\]/);
    const s2 = await createStudy({ name: "s", space: wider, storage: file, loadIfExists: true, extendSpace: true, sampler: randomSampler() });
    await s2.optimize((p) => p.lr + p.dropout, { nTrials: 2 });
    assert.equal(s2.trials.length, 4);
    await s2.storage.close?.();
    // the wider space is now the stored one: it loads without the option, the old one no longer does
    const s3 = await loadStudy("s", { space: wider, storage: file });
    await s3.storage.close?.();
    const back = await loadStudy("s", { space, storage: file }).catch((x: unknown) => x);
    assert.ok(back instanceof StudyMismatchError);
    assert.ok(!back.differences.every((d) => d.extends), "narrowing is not an extension");
    // narrowing is refused even with extendSpace
    const narrow = await loadStudy("s", { space, storage: file, extendSpace: true }).catch((x: unknown) => x);
    assert.ok(narrow instanceof StudyMismatchError);
    assert.match(narrow.message, /use a new study name/);
    const st = new SqliteStorage(file);
    assert.ok(SIGNATURE_ATTR in (await st.loadStudy("s"))!.userAttrs);
    await st.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a study stored without a signature is checked against its trials, then given one", async () => {
  const storage = new MemoryStorage();
  await storage.createStudy({ name: "old", direction: "minimize", seed: 0 });
  const t = await storage.createTrial("old", { state: "running", params: { lr: 0.5, act: "elu" } });
  await storage.updateTrial("old", t.number, { state: "complete", value: 1 });
  const e = await loadStudy("old", { space, storage }).catch((x: unknown) => x);
  assert.ok(e instanceof StudyMismatchError);
  assert.match(e.message, /parameter "lr": stored trials with values 0\.5, requested float/);
  assert.match(e.message, /parameter "act": stored trials with values "elu", requested categorical/);
  const fits = { lr: float(0.1, 1), act: categorical(["elu", "relu"]) };
  await loadStudy("old", { space: fits, storage });
  assert.ok(SIGNATURE_ATTR in (await storage.loadStudy("old"))!.userAttrs);
  await assert.rejects(loadStudy("old", { space: { ...fits, extra: int(0, 3) }, storage }), /extendSpace: true/);
});

test("the signature key is reserved in userAttrs", async () => {
  await assert.rejects(createStudy({ space, userAttrs: { [SIGNATURE_ATTR]: 1 } }), /reserved/);
});
