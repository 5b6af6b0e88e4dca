import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../../src/backend/index.js";
import { buildModel } from "../../src/chapter/build-model.js";
import { evaluate } from "../../src/train/evaluate.js";
import { NonFiniteLossError } from "../../src/train/non-finite-loss-error.js";
import { trainModel } from "../../src/train/train-model.js";
import { type TrainCallback } from "../../src/train/callback.js";
import { SMALL, syntheticDataset } from "./synthetic.js";

await ensureBackend({ backend: "cpu", quiet: true });

const train = syntheticDataset(160, SMALL.sequenceLength, 1);
const val = syntheticDataset(64, SMALL.sequenceLength, 2);

test("trainModel returns a Keras-shaped History, prints the chapter's line, and learns", async () => {
  const lines: string[] = [];
  const model = buildModel({ ...SMALL, reg: 0.01, seed: 3 });
  const h = await trainModel(model, { train, val }, { epochs: 8, batchSize: 32, lr: 1e-2, log: (l) => lines.push(l) });
  for (const k of ["loss", "auc", "binary_accuracy", "val_loss", "val_auc", "val_binary_accuracy", "lr"]) {
    assert.equal(h.history[k].length, 8, k);
  }
  assert.deepEqual(h.epoch, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(h.model, model);
  assert.equal(h.params.steps, 5);
  assert.ok(h.history.loss[7] < h.history.loss[0], `loss fell: ${h.history.loss}`);
  assert.ok(h.history.val_auc[7] > 0.7 && h.history.val_auc[7] > h.history.val_auc[0] + 0.05, `val_auc ${h.history.val_auc}`);
  assert.deepEqual(lines, [`Train Loss: ${h.history.loss[7].toFixed(3)}, Test Loss: ${h.history.val_loss[7].toFixed(3)}`]);
  // evaluate agrees with the last val_* entries (same weights, inference mode).
  const ev = await evaluate(model, val);
  assert.ok(Math.abs(ev.loss - h.history.val_loss[7]) < 1e-6);
  assert.equal(ev.auc, h.history.val_auc[7]);
  assert.equal(ev.accuracy, h.history.val_binary_accuracy[7]);
  model.dispose();
});

test("same seeds ⇒ identical weights and history; another seed differs", async () => {
  const run = async (seed: number) => {
    const model = buildModel({ ...SMALL, addDropout: true, seed: 5 });
    const h = await trainModel(model, { train, val }, { epochs: 2, batchSize: 32, seed, verbose: 0 });
    const w = model.getWeights().map((t) => Array.from(t.dataSync()));
    model.dispose();
    return { history: h.history, w };
  };
  const a = await run(1);
  const b = await run(1);
  const c = await run(2);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.w, c.w);
});

test("no tensor leaks: tf.memory().numTensors is unchanged by trainModel and evaluate", async () => {
  const model = buildModel({ ...SMALL, addDropout: true, seed: 6 });
  await trainModel(model, { train, val }, { epochs: 1, batchSize: 64, verbose: 0 }); // warm-up (lazy kernels, caches)
  const before = tf.memory().numTensors;
  await trainModel(model, { train, val }, { epochs: 3, batchSize: 64, verbose: 0, earlyStop: true, reducedLR: true });
  await evaluate(model, val);
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

test("reducedLR prints `lr = 0.001` at each epoch and really changes Adam's rate", async () => {
  const lines: string[] = [];
  const model = buildModel({ ...SMALL, seed: 7 });
  const seen: number[] = [];
  const lowerIt: TrainCallback = {
    onEpochEnd: (e, _logs, ctx) => {
      if (e === 0) ctx.learningRate = 0; // a zero rate must freeze the weights
    },
    onEpochBegin: (_e, _logs, ctx) => void seen.push(ctx.learningRate),
  };
  const h = await trainModel(model, { train, val }, { epochs: 1, batchSize: 32, reducedLR: true, log: (l) => lines.push(l) });
  assert.deepEqual(lines.slice(0, 1), ["lr = 0.001"]);
  assert.equal(h.history.lr[0], 1e-3);
  const h2 = await trainModel(model, { train, val }, { epochs: 3, batchSize: 32, callbacks: [lowerIt], verbose: 0 });
  assert.deepEqual(seen, [1e-3, 0, 0]);
  assert.equal(h2.history.val_loss[1], h2.history.val_loss[2]); // frozen weights ⇒ same validation loss
  model.dispose();
});

test("a callback that sets stopTraining ends training after that epoch and records stoppedEpoch", async () => {
  const model = buildModel({ ...SMALL, seed: 8 });
  const stop: TrainCallback = { onEpochEnd: (e, _l, ctx) => void (e === 1 && (ctx.stopTraining = true)) };
  const h = await trainModel(model, { train, val }, { epochs: 10, batchSize: 64, callbacks: [stop], verbose: 0 });
  assert.equal(h.stoppedEpoch, 1);
  assert.equal(h.history.loss.length, 2);
  model.dispose();
});

test("verbose 2 prints one progress line per epoch; verbose 0 prints nothing", async () => {
  const lines: string[] = [];
  const model = buildModel({ ...SMALL, seed: 9 });
  await trainModel(model, { train, val }, { epochs: 2, verbose: 2, log: (l) => lines.push(l) });
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^Epoch 1\/2 - \d+\.\ds - loss: \d\.\d{4} - auc: .* - val_binary_accuracy: \d\.\d{4}$/);
  const quiet: string[] = [];
  await trainModel(model, { train, val }, { epochs: 1, verbose: 0, log: (l) => quiet.push(l) });
  assert.deepEqual(quiet, []);
  model.dispose();
});

test("bad inputs are refused with the field named", async () => {
  const model = buildModel({ ...SMALL, seed: 10 });
  const opts = { epochs: 1, verbose: 0 } as const;
  await assert.rejects(
    trainModel(model, { train: { ...train, count: 0, features: new Int32Array(0), labels: new Float32Array(0) }, val }, opts),
    /data.train is empty/,
  );
  await assert.rejects(trainModel(model, { train: syntheticDataset(10, 30), val }, opts), /length 30 but the model expects length 24/);
  const labels = train.labels.slice();
  labels[3] = 2;
  await assert.rejects(trainModel(model, { train: { ...train, labels }, val }, opts), /labels\[3\] is 2; labels must be 0 or 1/);
  const features = train.features.slice();
  features[5] = 21;
  await assert.rejects(trainModel(model, { train: { ...train, features }, val }, opts), /row 0 column 5 is 21; tokens must be in \[0, 21\)/);
  await assert.rejects(trainModel(model, { train: { ...train, labels: new Float32Array(3) }, val }, opts), /labels has 3 values/);
  await assert.rejects(trainModel(model, { train, val }, { ...opts, batchSize: 0 }), /batchSize must be an integer ≥ 1/);
  await assert.rejects(trainModel(model, { train, val }, { ...opts, lr: -1 }), /lr must be a positive number/);
  await assert.rejects(evaluate(model, { ...val, features: new Float32Array(3) as unknown as Int32Array }), /features must be an Int32Array/);
  model.dispose();
});

test("a NaN loss stops training with the epoch and batch named, and leaks nothing", async () => {
  const model = buildModel({ ...SMALL, seed: 11 });
  await trainModel(model, { train, val }, { epochs: 1, verbose: 0 });
  const before = tf.memory().numTensors;
  const poison: TrainCallback = {
    onBatchEnd: (b, _l, ctx) => {
      if (b === 1) {
        const w = ctx.model.getWeights().map((t) => tf.fill(t.shape, NaN));
        ctx.model.setWeights(w);
        tf.dispose(w);
      }
    },
  };
  const err = await trainModel(model, { train, val }, { epochs: 3, batchSize: 32, verbose: 0, earlyStop: true, callbacks: [poison] }).catch((e) => e);
  assert.ok(err instanceof NonFiniteLossError);
  assert.equal(err.epoch, 1);
  assert.equal(err.batch, 3);
  assert.match(err.message, /loss became NaN at epoch 1, batch 3/);
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});
