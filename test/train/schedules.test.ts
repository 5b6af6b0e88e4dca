// Learning-rate schedules and the batch-size ramp inside training: trainModel's lrSchedule /
// batchSizeSchedule, the LearningRateScheduler callback in tfjs's own model.fit, and composition with
// ReduceLROnPlateau and early stopping.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../../src/backend/index.js";
import { buildModel } from "../../src/chapter/build-model.js";
import { trainModel } from "../../src/train/train-model.js";
import { learningRateScheduler, LearningRateScheduler } from "../../src/train/lr-scheduler.js";
import { learningRateAt, type LrScheduleSpec } from "../../src/train/lr-schedule.js";
import { ReduceLROnPlateau } from "../../src/train/reduce-lr-on-plateau.js";
import { batchSizeAt } from "../../src/train/batch-size-schedule.js";
import type { TrainContext } from "../../src/train/callback.js";
import { SMALL, syntheticDataset } from "./synthetic.js";

await ensureBackend({ backend: "cpu", quiet: true });

const train = syntheticDataset(128, SMALL.sequenceLength, 1);
const val = syntheticDataset(48, SMALL.sequenceLength, 2);
const close = (a: number, b: number, what: string, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1e-3, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

test("trainModel's lrSchedule sets each epoch's rate: history.lr follows the schedule from lr", async () => {
  const schedule: LrScheduleSpec = { kind: "cosine", decaySteps: 4, alpha: 0.1, warmupSteps: 1, warmupTarget: 4e-3 };
  const model = buildModel({ ...SMALL, seed: 1 });
  const h = await trainModel(model, { train, val }, { epochs: 6, lr: 1e-3, lrSchedule: schedule, verbose: 0 });
  assert.equal(h.history.lr.length, 6);
  h.history.lr.forEach((lr, e) => close(lr, learningRateAt(schedule, e, 1e-3), `epoch ${e}`));
  model.dispose();
});

test("unit batch sets the rate before every update (Keras' per-iteration schedules), counting across epochs", async () => {
  const schedule: LrScheduleSpec = { kind: "exponential", decaySteps: 2, decayRate: 0.5, unit: "batch" };
  const seen: number[] = [];
  const model = buildModel({ ...SMALL, seed: 1 });
  await trainModel(
    model,
    { train, val },
    { epochs: 2, batchSize: 64, lr: 1e-2, lrSchedule: schedule, verbose: 0, callbacks: [{ onBatchEnd: (_b, _l, ctx) => void seen.push(ctx.learningRate) }] },
  );
  assert.equal(seen.length, 4, "2 epochs × 2 batches");
  seen.forEach((lr, s) => close(lr, 1e-2 * 0.5 ** (s / 2), `update ${s}`));
  model.dispose();
});

test("the schedule composes with ReduceLROnPlateau: a reduction stays as a factor on the later scheduled rates", async () => {
  const ctx: TrainContext = { model: undefined as unknown as tf.LayersModel, epochs: 10, learningRate: 0.1, stopTraining: false, log: () => {} };
  const sched = new LearningRateScheduler({ schedule: { kind: "step", every: 3, factor: 0.5 } });
  const plateau = new ReduceLROnPlateau({ monitor: "val_loss", factor: 0.5, patience: 1 });
  await sched.onTrainBegin({}, ctx);
  plateau.onTrainBegin({}, ctx);
  const lrs: number[] = [];
  const losses = [1, 0.9, 0.95, 0.8, 0.7, 0.6]; // no improvement at epoch 2 → halve
  for (let e = 0; e < losses.length; e++) {
    await sched.onEpochBegin(e, {}, ctx);
    lrs.push(ctx.learningRate);
    plateau.onEpochEnd(e, { val_loss: losses[e] }, ctx);
  }
  // step decay: 0.1 0.1 0.1 0.05 0.05 0.05; the plateau halves from epoch 3 on.
  [0.1, 0.1, 0.1, 0.025, 0.025, 0.025].forEach((x, e) => close(lrs[e], x, `epoch ${e}`, 1e-6));
  close(sched.scale, 0.5, "scale", 1e-6);
});

test("lrSchedule with earlyStop and reducedLR in one trainModel call: stops early, rates = schedule × plateau factors", async () => {
  const schedule: LrScheduleSpec = { kind: "exponential", decaySteps: 1, decayRate: 0.8 };
  const lines: string[] = [];
  const model = buildModel({ ...SMALL, seed: 2 });
  const h = await trainModel(
    model,
    { train, val },
    {
      epochs: 30,
      lr: 5e-3,
      lrSchedule: schedule,
      earlyStop: { patience: 2, minDelta: 0.2 },
      reducedLR: { patience: 1, factor: 0.5 },
      log: (l) => lines.push(l),
    },
  );
  assert.ok(h.stoppedEpoch !== undefined && h.stoppedEpoch < 29, `stopped early at ${h.stoppedEpoch}`);
  // The printed `lr = …` line shows the scheduled rate of each epoch.
  assert.equal(lines.filter((l) => l.startsWith("lr = ")).length, h.epoch.length);
  for (let e = 1; e < h.epoch.length; e++) {
    const ratio = h.history.lr[e] / h.history.lr[e - 1];
    assert.ok(Math.abs(ratio - 0.8) < 1e-5 || Math.abs(ratio - 0.4) < 1e-5, `epoch ${e}: ratio ${ratio} is the decay (0.8), or the decay with a halving (0.4)`);
  }
  model.dispose();
});

test("LearningRateScheduler also drives tfjs's own model.fit (the optimizer's learningRate)", async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: "sigmoid" })] });
  const opt = tf.train.adam(0.01);
  model.compile({ optimizer: opt, loss: "binaryCrossentropy" });
  const x = tf.randomNormal([16, 2], 0, 1, "float32", 1);
  const y = tf.tensor2d(Array.from({ length: 16 }, (_, i) => [i % 2]));
  const rates: number[] = [];
  const record = new tf.CustomCallback({ onEpochEnd: async () => void rates.push((opt as unknown as { learningRate: number }).learningRate) });
  await model.fit(x, y, { epochs: 4, verbose: 0, callbacks: [learningRateScheduler({ schedule: { kind: "step", every: 2, factor: 0.1 } }), record] });
  [0.01, 0.01, 0.001, 0.001].forEach((r, e) => close(rates[e], r, `epoch ${e}`));
  tf.dispose([x, y]);
  model.dispose();
});

test("the batch-size ramp multiplies the batch at its boundaries; past maxBatchSize it divides the rate instead (Smith et al. 2017)", async () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((e) => batchSizeAt({ boundaries: [1, 3], factor: 2 }, e, 16).batchSize),
    [16, 32, 32, 64, 64],
  );
  assert.deepEqual(batchSizeAt({ boundaries: [1, 2, 3], factor: 2, maxBatchSize: 32 }, 3, 16), { batchSize: 32, lrFactor: 0.25 });
  const model = buildModel({ ...SMALL, seed: 3 });
  const batches: number[] = [];
  const h = await trainModel(
    model,
    { train, val },
    {
      epochs: 4,
      lr: 1e-2,
      batchSize: 16,
      batchSizeSchedule: { boundaries: [1, 2, 3], factor: 2, maxBatchSize: 32 },
      verbose: 0,
      callbacks: [{ onBatchEnd: (_b, logs) => void batches.push(logs.size) }],
    },
  );
  assert.deepEqual(h.history.batch_size, [16, 32, 32, 32]);
  assert.equal(batches.length, 8 + 4 + 4 + 4, "128 rows in batches of 16, then 32");
  [1e-2, 1e-2, 5e-3, 2.5e-3].forEach((r, e) => close(h.history.lr[e], r, `epoch ${e}: the rate decays once the batch is capped`));
  model.dispose();
});

test("bad schedules and unknown callback options are refused naming the option", async () => {
  const model = buildModel({ ...SMALL, seed: 1 });
  await assert.rejects(
    trainModel(model, { train, val }, { lrSchedule: { kind: "cosine" } as unknown as LrScheduleSpec }),
    /trainModel: lrSchedule: decaySteps must be a positive number/,
  );
  await assert.rejects(trainModel(model, { train, val }, { batchSizeSchedule: { boundaries: [0] } }), /boundaries must be increasing integers ≥ 1/);
  await assert.rejects(
    trainModel(model, { train, val }, { batchSizeSchedule: { boundaries: [2], factr: 2 } as never }),
    /unknown option factr; did you mean factor\?/,
  );
  assert.throws(
    () => learningRateScheduler({ schedul: { kind: "step", every: 1 } } as never),
    /learningRateScheduler: unknown option schedul; did you mean schedule\?/,
  );
  assert.throws(() => learningRateScheduler({} as never), /schedule is required/);
  model.dispose();
});
