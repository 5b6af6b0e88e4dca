// Real promotion: a paused trial keeps its state in a checkpoint store and resumes from its epoch, so
// its learning curve is exactly the one of uninterrupted training (deterministic toy model, no tfjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStudy } from "../../../src/hpo/study.js";
import { float } from "../../../src/hpo/space.js";
import { randomSampler } from "../../../src/hpo/samplers/random.js";
import { asha } from "../../../src/hpo/schedulers/asha.js";
import { memoryCheckpoints, fileCheckpoints, type CheckpointStore } from "../../../src/hpo/schedulers/checkpoint.js";
import { resumableObjective, type ResumableTraining } from "../../../src/hpo/schedulers/resumable-objective.js";
import { successiveHalving } from "../../../src/hpo/schedulers/successive-halving.js";
import type { TrialRecord } from "../../../src/hpo/types.js";

interface ToyState {
  w: number;
  v: number;
  rng: number;
}
type ToyParams = { lr: number; momentum: number };

/** Momentum SGD on (w − 1)² with seeded gradient noise: the state (w, v, rng) fully determines the future. */
const toy: ResumableTraining<ToyParams, ToyState> = {
  init: (_p, trial) => ({ w: 4, v: 0, rng: 1000 + trial }),
  epoch(s, _epoch, p) {
    for (let i = 0; i < 8; i++) {
      s.rng = (Math.imul(s.rng, 1664525) + 1013904223) >>> 0;
      const noise = s.rng / 4294967296 - 0.5;
      const g = 2 * (s.w - 1) + 0.5 * noise;
      s.v = p.momentum * s.v - p.lr * g;
      s.w += s.v;
    }
    return (s.w - 1) ** 2;
  },
};

function uninterrupted(p: ToyParams, trial: number, epochs: number): number[] {
  const s = toy.init(p, trial) as ToyState;
  return Array.from({ length: epochs }, (_, e) => toy.epoch(s, e + 1, p) as number);
}

function assertCurvesMatch(trials: readonly TrialRecord[]): void {
  for (const t of trials) {
    const got = t.intermediate.map((iv) => iv.value);
    assert.deepEqual(
      t.intermediate.map((iv) => iv.step),
      got.map((_, i) => i + 1),
      `trial ${t.number} skipped or repeated a step`,
    );
    assert.deepEqual(got, uninterrupted(t.params as ToyParams, t.number, got.length), `trial ${t.number} differs from uninterrupted training`);
  }
}

const space = { lr: float(0.005, 0.2, { log: true }), momentum: float(0, 0.9) };

async function ashaStudy(checkpoints: CheckpointStore<ToyState>, concurrency: number) {
  const scheduler = asha({ minStep: 1, maxStep: 9, eta: 3 });
  const study = await createStudy({ space, sampler: randomSampler(), scheduler, seed: 7 });
  const objective = resumableObjective(toy, { maxStep: 9, checkpoints });
  // 12 new trials; promotions come on top, and optimize drains them (⌈m/η⌉) after the last new trial
  const result = await study.optimize((p, trial) => objective(p as ToyParams, trial), { nTrials: 12, concurrency, leftPaused: "keep" });
  assert.equal(study.trials.length, 12);
  assert.deepEqual(
    result.paused,
    study.trials.filter((t) => t.state === "paused").map((t) => t.number),
  );
  return study;
}

test("ASHA pause-then-resume equals uninterrupted training (memory checkpoints, concurrency 1 and 3)", async () => {
  for (const concurrency of [1, 3]) {
    const store = memoryCheckpoints<ToyState>({ snapshot: (s) => ({ ...s }) });
    const study = await ashaStudy(store, concurrency);
    const trials = study.trials;
    const resumed = trials.filter((t) => typeof t.systemAttrs.resumeReason === "string");
    assert.ok(resumed.length >= 2, `only ${resumed.length} trials were resumed`);
    assert.ok(trials.some((t) => t.state === "complete" && t.intermediate.length === 9));
    assert.ok(trials.some((t) => t.state === "paused"));
    assertCurvesMatch(trials);
    // exactly the paused trials hold a checkpoint
    assert.equal(store.size, trials.filter((t) => t.state === "paused").length);
  }
});

test("ASHA pause-then-resume equals uninterrupted training with checkpoints on disk", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tfjs-tune-ckpt-"));
  try {
    const study = await ashaStudy(fileCheckpoints<ToyState>(dir), 2);
    assertCurvesMatch(study.trials);
    const files = await readdir(dir);
    assert.equal(files.length, study.trials.filter((t) => t.state === "paused").length);
    assert.ok(files.every((f) => /^trial-\d+\.ckpt$/.test(f)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a resumed trial without a checkpoint fails with a clear error", async () => {
  const objective = resumableObjective(toy, { maxStep: 3, checkpoints: memoryCheckpoints() });
  const fake = { number: 4, params: { lr: 0.1, momentum: 0 }, resumed: true, lastStep: 1, decision: undefined, report() {}, shouldStop: () => false };
  await assert.rejects(objective(fake.params, fake), /trial 4 was resumed but has no checkpoint/);
});

test("synchronous successive halving (η = 2, n = 8, B = 48): rounds of 8×2, 4×4, 2×8 epochs, one winner, no retraining", async () => {
  const sh = successiveHalving();
  const study = await createStudy({ space, sampler: randomSampler(), scheduler: sh, seed: 3 });
  const result = await sh.runSuccessiveHalving(study, toy, 8, 48, {
    checkpoints: memoryCheckpoints<ToyState>({ snapshot: (s) => ({ ...s }) }),
    concurrency: 2,
  });
  const trials = study.trials;
  assert.equal(trials.length, 8);
  assert.deepEqual(
    trials.map((t) => t.intermediate.length).sort((a, b) => a - b),
    [2, 2, 2, 2, 6, 6, 14, 14],
  );
  assert.equal(result.epochs, 48);
  assert.equal(trials.filter((t) => t.state === "complete").length, 2);
  assert.equal(trials.filter((t) => t.state === "pruned").length, 6);
  assertCurvesMatch(trials);
  // the four promoted after round 1 are the four best at step 2
  const at2 = [...trials].sort((a, b) => a.intermediate[1].value - b.intermediate[1].value);
  assert.deepEqual(
    at2.slice(0, 4).map((t) => t.intermediate.length >= 6),
    [true, true, true, true],
  );
  const winner = trials.find((t) => t.number === result.winner)!;
  const finals = trials.filter((t) => t.state === "complete").map((t) => t.value as number);
  assert.equal(winner.value, Math.min(...finals));
  for (const t of trials.filter((x) => x.state === "pruned")) assert.match(t.note ?? "", /^eliminated after round [12]: not among the best [42] of [84]$/);
});

test("synchronous Hyperband (R = 9, η = 3) runs brackets (9,1)(3,3)(1,9), (5,3)(1,9), (3,9) with resumption", async () => {
  const sh = successiveHalving({ eta: 3, name: "hyperband-sync" });
  const study = await createStudy({ space, sampler: randomSampler(), scheduler: sh, seed: 5 });
  const runs = await sh.runHyperband(study, toy, 9, { checkpoints: memoryCheckpoints<ToyState>({ snapshot: (s) => ({ ...s }) }) });
  assert.deepEqual(
    runs.map((r) => r.trials.length),
    [9, 5, 3],
  );
  // with resumption a bracket costs Σ n_i·(r_i − r_{i−1}): 9·1 + 3·2 + 1·6 = 21, 5·3 + 1·6 = 21, 3·9 = 27
  assert.deepEqual(
    runs.map((r) => r.epochs),
    [21, 21, 27],
  );
  assert.equal(study.trials.length, 17);
  assertCurvesMatch(study.trials);
  for (const r of runs) assert.equal(study.trials[r.winner].state, "complete");
});
