import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../../src/backend/index.js";
import { buildModel } from "../../src/chapter/build-model.js";
import { hemolysisObjective, hemolysisTraining } from "../../src/chapter/hemolysis-objective.js";
import { pruningCallback, type PruningTrial } from "../../src/train/pruning-callback.js";
import { trainModel } from "../../src/train/train-model.js";
import { SMALL, syntheticDataset } from "./synthetic.js";

await ensureBackend({ backend: "cpu", quiet: true });

const train = syntheticDataset(96, SMALL.sequenceLength, 1);
const val = syntheticDataset(48, SMALL.sequenceLength, 2);
const smallParams = { filters: 4, kernelSizes: [3], poolSizes: [2], denseUnits: [8], embeddingSize: 4 } as const;

/** A fake trial that records reports and says stop from `stopAt` (a step) on; async like hpo's Trial. */
function fakeTrial(stopAt = Infinity) {
  const reports: [number, number][] = [];
  const trial: PruningTrial & { reports: typeof reports; asked: number; number: number } = {
    reports,
    asked: 0,
    number: 3,
    async report(step, value) {
      reports.push([step, value]);
    },
    async shouldStop() {
      this.asked++;
      return reports.length > 0 && reports[reports.length - 1][0] >= stopAt;
    },
  };
  return trial;
}

test("pruningCallback reports the monitored value at 1-based steps and stops when told", async () => {
  const model = buildModel({ ...SMALL, seed: 1 });
  const trial = fakeTrial(2);
  const cb = pruningCallback(trial);
  const h = await trainModel(model, { train, val }, { epochs: 5, verbose: 0, callbacks: [cb] });
  assert.deepEqual(trial.reports, [
    [1, h.history.val_auc[0]],
    [2, h.history.val_auc[1]],
  ]);
  assert.equal(h.history.loss.length, 2);
  assert.equal(cb.pruned, true);
  assert.equal(cb.prunedAtStep, 2);
  model.dispose();
});

test("pruningCallback: never asked after the last epoch; a missing monitor is an error", async () => {
  const model = buildModel({ ...SMALL, seed: 2 });
  const trial = fakeTrial(1);
  const cb = pruningCallback(trial, { monitor: "val_loss" });
  await trainModel(model, { train, val }, { epochs: 1, verbose: 0, callbacks: [cb] });
  assert.equal(trial.asked, 0);
  assert.equal(cb.pruned, false);
  await assert.rejects(trainModel(model, { train }, { epochs: 1, verbose: 0, callbacks: [pruningCallback(fakeTrial())] }), /"val_auc" is not logged/);
  assert.throws(() => pruningCallback({} as never), /report\(step, value\) and shouldStop\(\)/);
  model.dispose();
});

test("hemolysisObjective trains from params, returns val AUC, reports to the trial, frees the model", async () => {
  const objective = hemolysisObjective({ train, val }, { epochs: 3 });
  const before = tf.memory().numTensors;
  let seen: number[] = [];
  const withHook = hemolysisObjective(
    { train, val },
    {
      epochs: 3,
      onTrained: ({ history, model, pruned }) => {
        seen = history.history.val_auc;
        assert.equal(pruned, false);
        assert.equal(model.layers.filter((l) => l.getClassName() === "SeededDropout").length, 2);
      },
    },
  );
  const v = await withHook({ ...smallParams, lr: 5e-3, dropout: 0.2 });
  assert.equal(v, seen[2]);
  assert.equal(tf.memory().numTensors, before);
  // Same params + seed ⇒ same value (a deterministic objective); a trial gets every epoch.
  const trial = fakeTrial();
  assert.equal(await objective({ ...smallParams, lr: 5e-3, dropout: 0.2 }, trial), v);
  assert.deepEqual(
    trial.reports.map((r) => r[0]),
    [1, 2, 3],
  );
  // Pruned at step 1: returns the value of that step.
  const stopper = fakeTrial(1);
  const pv = await objective({ ...smallParams, lr: 5e-3, dropout: 0.2 }, stopper);
  assert.equal(pv, stopper.reports[0][1]);
  assert.equal(stopper.reports.length, 1);
  await assert.rejects(objective({ ...smallParams, dropout: 1.5 }), /dropout must be in \[0, 1\)/);
  assert.equal(tf.memory().numTensors, before);
});

test("hemolysisTraining: epoch-by-epoch (pause/resume) equals one uninterrupted run", async () => {
  const params = { ...smallParams, lr: 5e-3, dropout: 0.2 };
  let uninterrupted: number[][] = [];
  const objective = hemolysisObjective(
    { train, val },
    {
      epochs: 3,
      seed: 4,
      onTrained: ({ model }) => void (uninterrupted = model.getWeights().map((w) => Array.from(w.dataSync()))),
    },
  );
  const value = await objective(params);
  const training = hemolysisTraining({ train, val }, { seed: 4 });
  const state = training.init(params, 0);
  const values: number[] = [];
  for (let e = 1; e <= 3; e++) values.push(await training.epoch(state, e, params));
  assert.equal(values[2], value);
  assert.deepEqual(
    state.model.getWeights().map((w) => Array.from(w.dataSync())),
    uninterrupted,
  );
  training.dispose(state);
});
