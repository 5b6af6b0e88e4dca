// The first steps off the chapter's path (issue 13): the user's sample weights, another sequence length,
// a split with one class, and misspelt options, each answered clearly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ensureBackend } from "../../src/backend/index.js";
import { buildModel } from "../../src/chapter/build-model.js";
import { trainModel } from "../../src/train/train-model.js";
import { earlyStopping } from "../../src/train/early-stopping.js";
import { reduceLROnPlateau } from "../../src/train/reduce-lr-on-plateau.js";
import type { Dataset } from "../../src/data/types.js";
import { SMALL, syntheticDataset } from "./synthetic.js";

await ensureBackend({ backend: "cpu", quiet: true });

const train = syntheticDataset(128, SMALL.sequenceLength, 1);
const val = syntheticDataset(48, SMALL.sequenceLength, 2);
const withWeights = (d: Dataset, w: (i: number) => number): Dataset => ({ ...d, sampleWeight: Float32Array.from({ length: d.count }, (_, i) => w(i)) });

test("sampleWeight: weights of 1 change nothing; weights of 2 double the training loss (Adam is scale-free), validation unchanged", async () => {
  const run = async (data: Dataset) => {
    const model = buildModel({ ...SMALL, reg: 0, seed: 4 });
    const h = await trainModel(model, { train: data, val }, { epochs: 3, lr: 1e-2, verbose: 0 });
    model.dispose();
    return h.history;
  };
  const plain = await run(train);
  assert.deepEqual(await run(withWeights(train, () => 1)), plain);
  const doubled = await run(withWeights(train, () => 2));
  doubled.loss.forEach((l, e) => assert.ok(Math.abs(l / plain.loss[e] - 2) < 2e-3, `epoch ${e}: ${l} vs 2 × ${plain.loss[e]}`));
  doubled.val_loss.forEach((l, e) => assert.ok(Math.abs(l - plain.val_loss[e]) < 2e-3, `epoch ${e}: val_loss ${l} vs ${plain.val_loss[e]}`));
});

test("sampleWeight: zero weight on every positive row teaches the model to predict negatives", async () => {
  const model = buildModel({ ...SMALL, reg: 0, seed: 4 });
  const h = await trainModel(model, { train: withWeights(train, (i) => (train.labels[i] === 1 ? 0 : 1)), val }, { epochs: 4, lr: 1e-2, verbose: 0 });
  const pos = val.labels.reduce((s, v) => s + v, 0) / val.count;
  assert.ok(Math.abs(h.history.val_binary_accuracy.at(-1)! - (1 - pos)) < 1e-6, "every validation row predicted negative");
  model.dispose();
});

test("a training or validation split with a single class is an error naming the split, before training", async () => {
  const model = buildModel({ ...SMALL, seed: 1 });
  const ones = { ...train, labels: new Float32Array(train.count).fill(1) };
  const zeros = { ...val, labels: new Float32Array(val.count) };
  await assert.rejects(trainModel(model, { train: ones, val }), /trainModel: data\.train has only one class \(all 128 labels are 1\)/);
  await assert.rejects(
    trainModel(model, { train, val: zeros }),
    /trainModel: data\.val has only one class \(all 48 labels are 0\); the validation AUC \(val_auc\) is undefined/,
  );
  model.dispose();
});

test("another sequence length: buildModel({data}) takes it from the data; a mismatch names both lengths and the option", async () => {
  const long = syntheticDataset(64, 40, 5);
  const longVal = syntheticDataset(32, 40, 6);
  const model = buildModel({ ...SMALL, sequenceLength: undefined, data: long, seed: 1 });
  assert.deepEqual(model.inputs[0].shape, [null, 40]);
  const h = await trainModel(model, { train: long, val: longVal }, { epochs: 1, verbose: 0 });
  assert.equal(h.history.loss.length, 1);
  const short = buildModel({ ...SMALL, seed: 1 });
  await assert.rejects(
    trainModel(short, { train: long, val: longVal }),
    /data\.train has sequences of length 40 but the model expects length 24; build the model for this data with buildModel\(\{sequenceLength: 40\}\)/,
  );
  assert.throws(() => buildModel({ ...SMALL, data: long }), /sequenceLength 24 disagrees with data\.length 40/);
  model.dispose();
  short.dispose();
});

test("misspelt options of trainModel, buildModel and the callbacks are errors with a suggestion", async () => {
  const model = buildModel({ ...SMALL, seed: 1 });
  await assert.rejects(trainModel(model, { train, val }, { epoch: 3 } as never), /trainModel: unknown option epoch; did you mean epochs\?/);
  await assert.rejects(trainModel(model, { train, val }, { learningRate: 0.1 } as never), /unknown option learningRate; did you mean lr\?/);
  await assert.rejects(
    trainModel(model, { train, val }, { earlyStop: { patiance: 3 } } as never),
    /earlyStopping: unknown option patiance; did you mean patience\?/,
  );
  await assert.rejects(trainModel(model, { train, val }, { earlyStop: 3 } as never), /earlyStop must be true, false or an options object/);
  await assert.rejects(trainModel(model, { validation: val, train } as never), /the validation split must be named val/);
  assert.throws(
    () => buildModel({ dropuot: 0.3 } as never),
    /buildModel: unknown option dropuot; did you mean dropoutRate\?|buildModel: unknown option dropuot/,
  );
  assert.throws(() => buildModel({ kernelSize: [3] } as never), /unknown option kernelSize; did you mean kernelSizes\?/);
  assert.throws(() => earlyStopping({ monitr: "val_auc" } as never), /earlyStopping: unknown option monitr; did you mean monitor\?/);
  assert.throws(() => reduceLROnPlateau({ factr: 0.5 } as never), /reduceLROnPlateau: unknown option factr; did you mean factor\?/);
  model.dispose();
});
