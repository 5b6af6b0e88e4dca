import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { exportStudyJsonl, importStudyJsonl, parseStudyJsonl } from "../../../src/hpo/storage/jsonl-study.js";
import { MemoryStorage } from "../../../src/hpo/storage/memory.js";
import { SqliteStorage } from "../../../src/hpo/storage/sqlite-storage.js";
import type { Storage } from "../../../src/hpo/types.js";

const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-jsonl-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function fill(s: Storage): Promise<void> {
  await s.createStudy({ name: "src", direction: "maximize", seed: 17, userAttrs: { dataset: "hemolysis" } });
  await s.createTrial("src", { state: "running", params: { lr: 0.001, act: "relu" }, why: "random" });
  await s.reportIntermediate("src", 0, 0, 0.6);
  await s.reportIntermediate("src", 0, 1, NaN);
  await s.updateTrial("src", 0, { state: "complete", value: 0.71, userAttrs: { gpu: false } });
  await s.createTrial("src", { state: "running", params: { lr: 0.1, act: "tanh" }, why: "random" });
  await s.reportIntermediate("src", 1, 0, 0.5);
  await s.updateTrial("src", 1, { state: "pruned", value: 0.5, note: "below median", systemAttrs: { rung: 0 } });
  await s.createTrial("src", { state: "running", params: { lr: 0.01, act: "relu" } });
  await s.updateTrial("src", 2, { state: "failed", note: "NaN loss" });
  await s.createTrial("src", { state: "waiting", params: { lr: 0.02, act: "relu" }, why: "enqueued" });
}

test("jsonl: SQLite → JSON lines → SQLite keeps every field; → memory keeps the results", async () => {
  const a = new SqliteStorage(join(dir, "a.db"));
  await fill(a);
  const text = await exportStudyJsonl(a, "src");
  const lines = text.trim().split("\n");
  assert.equal(lines.length, 5);
  assert.match(lines[0], /^\{"type":"study","format":"tfjs-tune-study","version":1/);
  assert.match(lines[1], /"intermediate":\[\[0,0\.6\],\[1,"NaN"\]\]/);
  const b = new SqliteStorage(join(dir, "b.db"));
  await importStudyJsonl(b, text, { name: "copy" });
  assert.deepEqual(await b.listTrials("copy"), await a.listTrials("src"));
  assert.equal((await b.loadStudy("copy"))?.seed, 17);
  const rest = (t: string) => t.slice(t.indexOf("\n")); // trial lines (the study's createdAt is the import time)
  assert.equal(rest(await exportStudyJsonl(b, "copy")), rest(text));
  const m = new MemoryStorage();
  await importStudyJsonl(m, text);
  const mt = await m.listTrials("src");
  const at = await a.listTrials("src");
  assert.deepEqual(
    mt.map((t) => [t.number, t.state, t.value, t.note, t.params, t.intermediate, t.userAttrs, t.systemAttrs]),
    at.map((t) => [t.number, t.state, t.value, t.note, t.params, t.intermediate, t.userAttrs, t.systemAttrs]),
  );
  await a.close();
  await b.close();
});

test("jsonl: importing into an existing study name fails before writing anything", async () => {
  const s = new MemoryStorage();
  await fill(s);
  await assert.rejects(importStudyJsonl(s, await exportStudyJsonl(s, "src")), /already exists/);
  assert.equal((await s.listTrials("src")).length, 4);
});

test("jsonl: malformed input names the line and field", () => {
  const head = '{"type":"study","format":"tfjs-tune-study","version":1,"study":{"name":"s","direction":"minimize","seed":1}}';
  assert.throws(() => parseStudyJsonl(""), /input is empty/);
  assert.throws(() => parseStudyJsonl("{nope"), /line 1: not JSON/);
  assert.throws(() => parseStudyJsonl('{"type":"x"}'), /line 1: expected a header/);
  assert.throws(() => parseStudyJsonl(head.replace('"version":1', '"version":9')), /format version 9 is newer/);
  const trial = (o: string) => `${head}\n{"type":"trial","number":0,"state":"complete","params":{},"value":1,"intermediate":[],"createdAt":5${o}}`;
  assert.equal(parseStudyJsonl(trial("")).trials[0].value, 1);
  assert.throws(() => parseStudyJsonl(trial("").replace('"number":0', '"number":3')), /line 2: expected trial number 0, got 3/);
  assert.throws(() => parseStudyJsonl(trial("").replace('"complete"', '"done"')), /line 2: unknown state "done"/);
  assert.throws(() => parseStudyJsonl(trial("").replace('"value":1', '"value":"big"')), /line 2: value must be a number/);
  assert.throws(() => parseStudyJsonl(trial("").replace('"intermediate":[]', '"intermediate":[[1]]')), /intermediate\[0\] must be \[step, value\]/);
});
