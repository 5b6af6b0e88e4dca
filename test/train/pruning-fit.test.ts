// pruningCallback in a user's own tfjs loop: a small dense network (not the chapter's CNN) on a synthetic
// regression-free classification problem, tuned with median stopping through model.fit and fitDataset.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../../src/backend/ensure-backend.js";
import { createStudy } from "../../src/hpo/study.js";
import { float, int } from "../../src/hpo/space.js";
import { randomSampler } from "../../src/hpo/samplers/random.js";
import { medianStopping } from "../../src/hpo/schedulers/median-stopping.js";
import { pruningCallback } from "../../src/train/pruning-callback.js";

await ensureBackend({ backend: "cpu", quiet: true });

/** Two Gaussian blobs in 4-D, labels 0/1; deterministic. */
function blobs(n: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  let s = seed;
  const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const gauss = () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    for (let d = 0; d < 4; d++) xs.push(gauss() + (label ? 1.2 : -1.2) * (d < 2 ? 1 : 0));
    ys.push(label);
  }
  return { x: tf.tensor2d(xs, [n, 4]), y: tf.tensor2d(ys, [n, 1]) };
}

function denseNet(units: number, seed: number): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  return model;
}

const EPOCHS = 8;

test("pruningCallback prunes trials of a plain model.fit loop with median stopping; complete trials train every epoch", async () => {
  const train = blobs(128, 1);
  const val = blobs(64, 2);
  const space = { lr: float(1e-5, 0.3, { log: true }), units: int(2, 16) };
  const study = await createStudy({
    space,
    direction: "minimize",
    sampler: randomSampler(),
    scheduler: medianStopping.optuna({ nStartupTrials: 3, nWarmupSteps: 1 }),
    seed: 3,
  });
  const epochsRun = new Map<number, number>();
  const before = tf.memory().numTensors;
  await study.optimize(
    async (params, trial) => {
      const model = denseNet(params.units, trial.number);
      const optimizer = tf.train.adam(params.lr);
      model.compile({ optimizer, loss: "binaryCrossentropy" });
      const history = await model.fit(train.x, train.y, {
        epochs: EPOCHS,
        batchSize: 32,
        validationData: [val.x, val.y],
        verbose: 0,
        callbacks: [pruningCallback(trial, { monitor: "val_loss" })],
      });
      epochsRun.set(trial.number, history.history.val_loss.length);
      const last = history.history.val_loss.at(-1) as number;
      model.dispose();
      optimizer.dispose(); // model.dispose() leaves the optimizer's slots
      return last;
    },
    { nTrials: 12 },
  );
  const pruned = study.trials.filter((t) => t.state === "pruned");
  const complete = study.trials.filter((t) => t.state === "complete");
  assert.ok(pruned.length >= 2, `expected some pruned trials, states: ${study.trials.map((t) => t.state).join(" ")}`);
  assert.ok(complete.length >= 3);
  for (const t of pruned) {
    assert.ok((epochsRun.get(t.number) as number) < EPOCHS, `pruned trial ${t.number} trained ${epochsRun.get(t.number)} epochs`);
    assert.equal(t.intermediate.length, epochsRun.get(t.number));
    assert.match(t.note ?? "", /median/);
  }
  for (const t of complete) assert.equal(epochsRun.get(t.number), EPOCHS);
  // the best trial learned the blobs
  assert.ok((study.bestValue as number) < 0.4, `best val_loss ${study.bestValue}`);
  for (const t of [train, val]) tf.dispose([t.x, t.y]);
  assert.equal(tf.memory().numTensors, before - 4, "no tensors leak over the trials");
});

test("pruningCallback stops model.fitDataset too, and a monitor the fit does not log is a clear error", async () => {
  const train = blobs(64, 4);
  const ds = tf.data.zip({ xs: tf.data.array(tf.unstack(train.x)), ys: tf.data.array(tf.unstack(train.y)) }).batch(16);
  const reports: number[] = [];
  const trial = {
    report: (step: number) => void reports.push(step),
    shouldStop: () => reports.length >= 2,
  };
  const model = denseNet(4, 9);
  model.compile({ optimizer: tf.train.adam(0.01), loss: "binaryCrossentropy" });
  const cb = pruningCallback(trial, { monitor: "loss" });
  const history = await model.fitDataset(ds, { epochs: 6, verbose: 0, callbacks: [cb] });
  assert.deepEqual(reports, [1, 2]);
  assert.equal(history.history.loss.length, 2);
  assert.equal(cb.pruned, true);
  assert.equal(cb.prunedAtStep, 2);
  await assert.rejects(
    model.fit(train.x, train.y, { epochs: 1, verbose: 0, callbacks: [pruningCallback(trial)] }),
    /pruningCallback: "val_auc" is not logged \(available: loss\); pass \{monitor\}/,
  );
  assert.throws(() => pruningCallback(trial, { monitr: "loss" } as never), /pruningCallback: unknown option monitr; did you mean monitor\?/);
  model.dispose();
  tf.dispose([train.x, train.y]);
});
