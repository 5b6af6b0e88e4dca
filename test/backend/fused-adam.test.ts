// fusedAdam gives the same weights as tf.train.adam (bit for bit on wasm and cpu), with fewer kernel calls.
import * as tf from "@tensorflow/tfjs";
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { ensureBackend, fusedAdam } from "../../src/backend/index.js";
import { rng } from "./helpers.js";

before(async () => {
  await ensureBackend({ backend: "wasm", quiet: true });
});

function model(optimizer: tf.Optimizer): tf.Sequential {
  const m = tf.sequential();
  m.add(
    tf.layers.embedding({
      inputDim: 21,
      outputDim: 4,
      inputLength: 12,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed: 1 }),
    }),
  );
  m.add(tf.layers.conv1d({ filters: 3, kernelSize: 3, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 5, activation: "tanh", kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  m.add(tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }));
  m.compile({ optimizer, loss: "binaryCrossentropy" });
  return m;
}

async function train(backend: string, optimizer: () => tf.Optimizer): Promise<{ weights: Float32Array[]; kernels: number }> {
  await tf.setBackend(backend);
  const r = rng(8);
  const x = tf.tensor2d(
    Int32Array.from({ length: 32 * 12 }, () => Math.floor(r() * 21)),
    [32, 12],
    "int32",
  );
  const y = tf.tensor2d(
    Float32Array.from({ length: 32 }, () => (r() < 0.5 ? 1 : 0)),
    [32, 1],
  );
  const opt = optimizer();
  const m = model(opt);
  await m.fit(x, y, { batchSize: 8, epochs: 2, shuffle: false, verbose: 0 });
  (opt as unknown as { learningRate: number }).learningRate = 3e-4; // as ReduceLROnPlateau does
  const xb = x.slice(0, 8),
    yb = y.slice(0, 8);
  const before = tf.memory().numTensors;
  const prof = await tf.profile(async () => {
    await m.trainOnBatch(xb, yb);
  });
  await m.fit(x, y, { batchSize: 8, epochs: 1, shuffle: false, verbose: 0 });
  assert.equal(tf.memory().numTensors, before, `${backend}: tensors leaked`);
  tf.dispose([xb, yb]);
  const weights = m.getWeights().map((w) => Float32Array.from(w.dataSync()));
  tf.dispose([x, y]);
  m.dispose();
  return { weights, kernels: prof.kernels.length };
}

for (const backend of ["wasm", "cpu"]) {
  test(`fusedAdam matches tf.train.adam bit for bit on ${backend}, with fewer kernels`, async () => {
    const ref = await train(backend, () => tf.train.adam(0.01));
    const got = await train(backend, () => fusedAdam(0.01));
    assert.equal(got.weights.length, ref.weights.length);
    ref.weights.forEach((w, i) => assert.deepEqual(got.weights[i], w, `${backend} weight ${i}`));
    assert.ok(got.kernels < ref.kernels - 40, `${backend}: ${got.kernels} kernel calls per step vs ${ref.kernels}`);
  });
}

test("fusedAdam state round-trips through getWeights/setWeights like tf.train.adam", async () => {
  await tf.setBackend("wasm");
  const v = tf.variable(tf.tensor1d([1, -2, 3]));
  const opt = fusedAdam(0.1);
  for (let i = 0; i < 3; i++) opt.minimize(() => tf.sum(tf.square(v)) as tf.Scalar);
  const saved = await opt.getWeights();
  assert.equal(saved.length, 3); // iterations, m, v
  const again = fusedAdam(0.1);
  await again.setWeights(saved);
  const w = await again.getWeights();
  saved.forEach((s, i) => assert.deepEqual(Array.from(w[i]!.tensor.dataSync()), Array.from(s.tensor.dataSync())));
  tf.dispose([v, ...saved.map((s) => s.tensor), ...w.map((s) => s.tensor)]);
  opt.dispose();
  again.dispose();
});
