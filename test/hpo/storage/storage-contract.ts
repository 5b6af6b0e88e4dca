// One contract suite run against every Storage (memory, SQLite, PostgreSQL).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Storage } from "../../../src/hpo/types.js";

let counter = 0;
const fresh = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

/** Registers the contract tests for storages made by `make` (each test gets a fresh study name). */
export function storageContract(label: string, make: () => Storage | Promise<Storage>, options: { skip?: string | boolean } = {}): void {
  const t = (name: string, fn: (s: Storage) => Promise<void>): void =>
    void test(`${label}: ${name}`, { skip: options.skip }, async () => {
      const s = await make();
      try {
        await fn(s);
      } finally {
        await s.close?.();
      }
    });

  t("creates and loads a study; a duplicate name throws", async (s) => {
    const name = fresh("study");
    const rec = await s.createStudy({ name, direction: "maximize", seed: 42, userAttrs: { owner: "x", tags: [1, "a"] } });
    assert.equal(rec.name, name);
    assert.ok(Object.isFrozen(rec));
    const loaded = await s.loadStudy(name);
    assert.deepEqual(loaded, rec);
    assert.equal(await s.loadStudy(fresh("missing")), undefined);
    await assert.rejects(s.createStudy({ name, direction: "minimize", seed: 1 }), /already exists/);
  });

  t("allocates gap-free trial numbers and claims waiting trials oldest first", async (s) => {
    const name = fresh("numbers");
    await s.createStudy({ name, direction: "minimize", seed: 1 });
    const a = await s.createTrial(name, { state: "waiting", params: { x: 1 }, why: "enqueued" });
    const b = await s.createTrial(name, { state: "running", params: { x: 2 }, why: "random" });
    const c = await s.createTrial(name, { state: "waiting", params: { x: 3 }, why: "enqueued" });
    assert.deepEqual([a.number, b.number, c.number], [0, 1, 2]);
    assert.equal(b.state, "running");
    assert.ok(b.startedAt !== undefined);
    const first = await s.claimWaitingTrial(name);
    assert.equal(first?.number, 0);
    assert.equal(first?.state, "running");
    assert.deepEqual(first?.params, { x: 1 });
    assert.equal((await s.claimWaitingTrial(name))?.number, 2);
    assert.equal(await s.claimWaitingTrial(name), undefined);
    await assert.rejects(s.createTrial(fresh("nostudy"), { state: "running" }), /no study/);
  });

  t("reports intermediate values (replace same step, sorted, NaN kept) and finishes immutably", async (s) => {
    const name = fresh("report");
    await s.createStudy({ name, direction: "minimize", seed: 1 });
    const t0 = await s.createTrial(name, { state: "running", params: { lr: 0.01, act: "relu", n: 3 } });
    await s.reportIntermediate(name, 0, 2, 0.5);
    await s.reportIntermediate(name, 0, 0, 0.9);
    await s.reportIntermediate(name, 0, 1, NaN);
    const r = await s.reportIntermediate(name, 0, 2, 0.4);
    assert.deepEqual(
      r.intermediate.map((i) => i.step),
      [0, 1, 2],
    );
    assert.equal(r.intermediate[2].value, 0.4);
    assert.ok(Number.isNaN(r.intermediate[1].value));
    const done = await s.updateTrial(name, t0.number, { state: "complete", value: 0.4, note: "ok", userAttrs: { a: 1 }, systemAttrs: { rung: 2 } });
    assert.equal(done.state, "complete");
    assert.equal(done.value, 0.4);
    assert.ok(done.completedAt !== undefined);
    assert.ok(Object.isFrozen(done) && Object.isFrozen(done.params) && Object.isFrozen(done.intermediate));
    await assert.rejects(s.updateTrial(name, 0, { note: "again" }), /already complete/);
    await assert.rejects(s.reportIntermediate(name, 0, 3, 0.1), /already complete/);
    await assert.rejects(s.updateTrial(name, 0 + 7, { note: "x" }), /no trial 7/);
    const [listed] = await s.listTrials(name);
    assert.deepEqual(listed.params, { lr: 0.01, act: "relu", n: 3 });
    assert.deepEqual(
      listed.intermediate.map((i) => i.step),
      [0, 1, 2],
    );
    assert.deepEqual(listed.userAttrs, { a: 1 });
    assert.deepEqual(listed.systemAttrs, { rung: 2 });
    assert.equal(listed.note, "ok");
  });

  t("a complete trial needs a finite value; pause/resume/fail patches; filters by state", async (s) => {
    const name = fresh("states");
    await s.createStudy({ name, direction: "maximize", seed: 3 });
    for (let i = 0; i < 4; i++) await s.createTrial(name, { state: "running", params: { i } });
    await assert.rejects(s.updateTrial(name, 0, { state: "complete", value: NaN }), /finite value/);
    await s.updateTrial(name, 0, { state: "complete", value: 1 });
    await s.updateTrial(name, 1, { state: "paused", note: "rung 1" });
    await s.updateTrial(name, 2, { state: "failed", note: "boom" });
    await s.updateTrial(name, 3, { state: "pruned", value: 0.2 });
    const resumed = await s.updateTrial(name, 1, { state: "running" });
    assert.equal(resumed.state, "running");
    assert.deepEqual(
      (await s.listTrials(name, { states: ["complete", "pruned"] })).map((t) => t.number),
      [0, 3],
    );
    assert.deepEqual(
      (await s.listTrials(name)).map((t) => t.state),
      ["complete", "running", "failed", "pruned"],
    );
  });

  t("multi-objective values round-trip (with system attributes beside them); a complete trial needs them finite", async (s) => {
    const name = fresh("values");
    await s.createStudy({ name, direction: "minimize", seed: 1 });
    for (let i = 0; i < 3; i++) await s.createTrial(name, { state: "running", params: { i } });
    await assert.rejects(s.updateTrial(name, 0, { state: "complete", values: [1, NaN] }), /finite values/);
    const done = await s.updateTrial(name, 0, { state: "complete", values: [0.25, -3, 1e-300], systemAttrs: { constraints: [-1] } });
    assert.deepEqual(done.values, [0.25, -3, 1e-300]);
    assert.equal(done.value, undefined);
    await s.updateTrial(name, 1, { state: "failed", note: "boom" });
    const [a, b, c] = await s.listTrials(name);
    assert.deepEqual(a.values, [0.25, -3, 1e-300]);
    assert.ok(Object.isFrozen(a.values));
    assert.deepEqual(a.systemAttrs, { constraints: [-1] }, "values are not mixed into the system attributes");
    assert.equal(b.values, undefined);
    assert.equal(c.values, undefined);
    assert.equal(a.value, undefined);
    await assert.rejects(s.updateTrial(name, 2, { state: "complete", values: [] as number[] }), /non-empty array/);
  });

  t("heartbeat sets heartbeatAt", async (s) => {
    const name = fresh("beat");
    await s.createStudy({ name, direction: "minimize", seed: 1 });
    await s.createTrial(name, { state: "running" });
    const before = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    await s.heartbeat(name, 0);
    const [t] = await s.listTrials(name);
    assert.ok(t.heartbeatAt !== undefined && t.heartbeatAt >= before - 1000, `heartbeatAt ${t.heartbeatAt} vs ${before}`);
  });
}
