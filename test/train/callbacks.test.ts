import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { EarlyStopping, earlyStopping } from "../../src/train/early-stopping.js";
import { ReduceLROnPlateau, reduceLROnPlateau } from "../../src/train/reduce-lr-on-plateau.js";
import { formatFloat32 } from "../../src/train/format.js";
import { type TrainContext } from "../../src/train/callback.js";

await tf.setBackend("cpu");

function fakeContext(lr = 1e-3, model?: tf.LayersModel): TrainContext & { lines: string[] } {
  const lines: string[] = [];
  return { model: model as tf.LayersModel, epochs: 100, learningRate: lr, stopTraining: false, log: (l) => lines.push(l), lines };
}

/** Runs a callback over a series of monitored values; returns the epoch it stopped at (or -1) and the lr per epoch. */
function drive(cb: EarlyStopping | ReduceLROnPlateau, monitor: string, values: number[], ctx = fakeContext()) {
  cb.onTrainBegin({}, ctx);
  const lrs: number[] = [];
  let stopped = -1;
  for (let e = 0; e < values.length; e++) {
    cb.onEpochEnd(e, { [monitor]: values[e] }, ctx);
    lrs.push(ctx.learningRate);
    if (ctx.stopTraining) {
      stopped = e;
      break;
    }
  }
  void cb.onTrainEnd({}, ctx); // synchronous for these two callbacks; the promise is the interface's
  return { stopped, lrs, ctx };
}

test("EarlyStopping: patience counts epochs without improvement (max mode)", () => {
  const es = earlyStopping({ monitor: "val_auc", mode: "max", patience: 2 });
  const { stopped } = drive(es, "val_auc", [0.5, 0.6, 0.59, 0.58, 0.7]);
  assert.equal(stopped, 3);
  assert.equal(es.best, 0.6);
  assert.equal(es.bestEpoch, 1);
  assert.equal(es.stoppedEpoch, 3);
});

test("EarlyStopping: minDelta — gains smaller than minDelta are not improvements", () => {
  const es = new EarlyStopping({ monitor: "val_auc", mode: "max", patience: 2, minDelta: 0.01 });
  const { stopped } = drive(es, "val_auc", [0.5, 0.505, 0.509, 0.6]);
  assert.equal(stopped, 2);
  const es2 = new EarlyStopping({ monitor: "val_auc", mode: "max", patience: 2, minDelta: 0.01 });
  assert.equal(drive(es2, "val_auc", [0.5, 0.52, 0.54, 0.56]).stopped, -1);
});

test("EarlyStopping: min mode by default on val_loss, auto picks max for val_auc", () => {
  assert.equal(new EarlyStopping().mode, "min");
  assert.equal(new EarlyStopping({ monitor: "val_auc" }).mode, "max");
  assert.equal(new EarlyStopping({ monitor: "binary_accuracy" }).mode, "max");
  const { stopped } = drive(new EarlyStopping({ patience: 1 }), "val_loss", [1, 0.9, 0.95]);
  assert.equal(stopped, 2);
});

test("EarlyStopping: restoreBestWeights puts back the best epoch's weights and frees its copies", () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: "zeros" })] });
  const before = tf.memory().numTensors;
  const es = new EarlyStopping({ monitor: "val_auc", mode: "max", patience: 1, restoreBestWeights: true });
  const ctx = fakeContext(1e-3, model);
  es.onTrainBegin({}, ctx);
  const values = [0.5, 0.8, 0.7];
  for (let e = 0; e < values.length && !ctx.stopTraining; e++) {
    const w = [tf.fill([2, 1], e + 1), tf.fill([1], e + 1)];
    model.setWeights(w); // "training" changes weights
    tf.dispose(w);
    es.onEpochEnd(e, { val_auc: values[e] }, ctx);
  }
  assert.equal(ctx.stopTraining, true);
  assert.deepEqual(Array.from(model.getWeights()[0].dataSync()), [2, 2]); // epoch 1's weights
  es.onTrainEnd({}, ctx);
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

test("EarlyStopping: a missing monitor is reported, not fatal", () => {
  const es = new EarlyStopping({ monitor: "val_auc" });
  const ctx = fakeContext();
  es.onTrainBegin({}, ctx);
  es.onEpochEnd(0, { loss: 1 }, ctx);
  assert.match(ctx.lines[0], /"val_auc" is not logged/);
  assert.throws(() => new EarlyStopping({ patience: -1 }), /patience/);
});

test("ReduceLROnPlateau: reduces after patience epochs without improvement, then waits again", () => {
  const r = reduceLROnPlateau({ monitor: "val_loss", factor: 0.5, patience: 2 });
  const { lrs } = drive(r, "val_loss", [1, 1, 1, 1, 1, 0.5, 0.5]);
  assert.deepEqual(lrs, [1e-3, 1e-3, Math.fround(5e-4), Math.fround(5e-4), Math.fround(2.5e-4), Math.fround(2.5e-4), Math.fround(2.5e-4)]);
});

test("ReduceLROnPlateau: floors at minLr and stops reducing there", () => {
  const r = new ReduceLROnPlateau({ factor: 0.1, patience: 1, minLr: 2e-5 });
  const { lrs } = drive(r, "val_loss", [1, 1, 1, 1, 1]);
  const floor = Math.fround(2e-5);
  assert.deepEqual(lrs, [1e-3, Math.fround(1e-4), floor, floor, floor]);
});

test("ReduceLROnPlateau: cooldown and minDelta", () => {
  const r = new ReduceLROnPlateau({ factor: 0.5, patience: 1, cooldown: 2, minDelta: 0.1 });
  // 0.95 is not better than 1 by more than 0.1
  const { lrs } = drive(r, "val_loss", [1, 0.95, 0.95, 0.95, 0.95, 0.95]);
  const h = Math.fround(5e-4);
  const q = Math.fround(h * 0.5);
  // Keras: the cooldown counter drops at the start of an epoch, so with cooldown 2 the next cut comes 2 epochs later.
  assert.deepEqual(lrs, [1e-3, h, h, q, q, Math.fround(q * 0.5)]);
  assert.throws(() => new ReduceLROnPlateau({ factor: 1 }), /factor/);
});

test("ReduceLROnPlateau logs lr, and the chapter's lr line prints like numpy float32", () => {
  const r = new ReduceLROnPlateau({ patience: 5 });
  const ctx = fakeContext();
  r.onTrainBegin({}, ctx);
  const logs: Record<string, number> = { val_loss: 1 };
  r.onEpochEnd(0, logs, ctx);
  assert.equal(logs.lr, 1e-3);
  assert.equal(formatFloat32(1e-3), "0.001");
  assert.equal(formatFloat32(Math.fround(0.001 * 0.9)), "0.0009");
  assert.equal(formatFloat32(1e-5), "1e-05");
  assert.equal(formatFloat32(Math.fround(0.00081)), "0.00081");
  assert.equal(formatFloat32(1), "1.0");
});
