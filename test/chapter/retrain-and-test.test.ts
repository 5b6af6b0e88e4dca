import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../../src/backend/index.js";
import { evaluate } from "../../src/train/evaluate.js";
import { hemolysisObjective } from "../../src/chapter/hemolysis-objective.js";
import { retrainAndTest } from "../../src/chapter/retrain-and-test.js";
import type { Dataset } from "../../src/data/types.js";
import { SMALL, syntheticDataset } from "../train/synthetic.js";

await ensureBackend({ backend: "cpu", quiet: true });

const splits = {
  train: syntheticDataset(96, SMALL.sequenceLength, 1),
  val: syntheticDataset(48, SMALL.sequenceLength, 2),
  test: syntheticDataset(48, SMALL.sequenceLength, 3),
};
const params = { filters: 4, kernelSizes: [3], poolSizes: [2], denseUnits: [8], embeddingSize: 4, lr: 5e-3 } as const;

test("retrainAndTest trains once, returns the validation AUC and the test evaluation of that model, and frees it", async () => {
  const before = tf.memory().numTensors;
  const r = await retrainAndTest(splits, params, { epochs: 2, seed: 3 });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(r.trainRows, 96);
  // the same run by hand: objective with the same seed, evaluated on the test split
  let expected: Awaited<ReturnType<typeof evaluate>> | undefined;
  const valAuc = await hemolysisObjective(splits, { epochs: 2, seed: 3, onTrained: async ({ model }) => void (expected = await evaluate(model, splits.test)) })(
    params,
  );
  assert.equal(r.valAuc, valAuc);
  assert.deepEqual(r.test, expected);
  assert.ok(r.test.auc >= 0 && r.test.auc <= 1 && Number.isFinite(r.test.loss));
});

test("retrainAndTest names missing splits", async () => {
  await assert.rejects(
    retrainAndTest({ train: splits.train, val: splits.val } as unknown as { train: Dataset; val: Dataset; test: Dataset }, params),
    /splits must have train, val and test datasets/,
  );
});
