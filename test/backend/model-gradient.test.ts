// Whole-model checks on our kernels: gradients of a small chapter-shaped CNN equal stock cpu's and
// finite differences; training leaks no tensors.
import * as tf from "@tensorflow/tfjs";
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { ensureBackend, registerKernels, unregisterKernels } from "../../src/backend/index.js";
import { rng } from "./helpers.js";

const L = 24;

before(async () => {
  await ensureBackend({ backend: "wasm", quiet: true });
});

/** The chapter's architecture, shrunk: Embedding → 3×[Conv1D relu, MaxPool1D] → Flatten → Dense relu → Dense tanh → Dense sigmoid. */
function smallModel(seed: number, act: "relu" | "tanh" = "relu"): tf.Sequential {
  const init = (s: number): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: seed + s });
  const m = tf.sequential();
  m.add(
    tf.layers.embedding({
      inputDim: 21,
      outputDim: 6,
      inputLength: L,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed }),
    }),
  );
  m.add(
    tf.layers.conv1d({ filters: 5, kernelSize: 5, activation: act, kernelInitializer: init(1), biasInitializer: tf.initializers.constant({ value: 0.05 }) }),
  );
  m.add(tf.layers.maxPooling1d({ poolSize: 2 }));
  m.add(
    tf.layers.conv1d({ filters: 4, kernelSize: 3, activation: act, kernelInitializer: init(2), biasInitializer: tf.initializers.constant({ value: 0.05 }) }),
  );
  m.add(tf.layers.maxPooling1d({ poolSize: 2 }));
  m.add(
    tf.layers.conv1d({ filters: 4, kernelSize: 2, activation: act, kernelInitializer: init(3), biasInitializer: tf.initializers.constant({ value: 0.05 }) }),
  );
  m.add(tf.layers.maxPooling1d({ poolSize: 1 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 7, activation: act, kernelInitializer: init(4), biasInitializer: tf.initializers.constant({ value: 0.05 }) }));
  m.add(tf.layers.dense({ units: 3, activation: "tanh", kernelInitializer: init(5) }));
  m.add(tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: init(6) }));
  return m;
}

function batch(n: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const r = rng(seed);
  const x = Int32Array.from({ length: n * L }, () => Math.floor(r() * 21));
  const y = Float32Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
  return { x: tf.tensor2d(x, [n, L], "int32"), y: tf.tensor2d(y, [n, 1]) };
}

async function gradients(backend: string): Promise<Map<string, Float32Array>> {
  await tf.setBackend(backend);
  const m = smallModel(5);
  const { x, y } = batch(6, 9);
  const out = new Map<string, Float32Array>();
  tf.tidy(() => {
    const { grads } = tf.variableGrads(
      () => tf.losses.logLoss(y, m.apply(x) as tf.Tensor) as tf.Scalar,
      m.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    m.trainableWeights.forEach((w, i) => out.set(`${i}:${w.shape}`, Float32Array.from(grads[(w.read() as tf.Variable).name]!.dataSync())));
  });
  tf.dispose([x, y]);
  m.layers.forEach((l) => l.dispose());
  return out;
}

test("the whole model's gradients on our wasm and cpu kernels equal stock cpu's", async () => {
  unregisterKernels("cpu");
  const ref = await gradients("cpu");
  registerKernels("cpu");
  for (const b of ["wasm", "cpu"]) {
    const got = await gradients(b);
    for (const [k, v] of ref) {
      const g = got.get(k)!;
      let scale = 1e-6,
        diff = 0;
      for (let i = 0; i < v.length; i++) {
        scale = Math.max(scale, Math.abs(v[i]!));
        diff = Math.max(diff, Math.abs(v[i]! - g[i]!));
      }
      assert.ok(diff <= 1e-4 * scale, `${b} weight ${k}: max diff ${diff} vs scale ${scale}`);
    }
  }
  await tf.setBackend("wasm");
});

test("finite differences along random directions match the gradient (wasm kernels)", async () => {
  // smooth activations (tanh) so the difference quotient does not straddle relu kinks; pooling stays max
  await tf.setBackend("wasm");
  const m = smallModel(3, "tanh");
  const { x, y } = batch(8, 4);
  const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
  const loss = (): tf.Scalar => tf.losses.logLoss(y, m.apply(x) as tf.Tensor) as tf.Scalar;
  const { grads, value } = tf.variableGrads(loss, vars);
  value.dispose();
  const r = rng(17);
  for (let trial = 0; trial < 3; trial++) {
    const total = vars.reduce((s, v) => s + v.size, 0);
    const unit = 1 / Math.sqrt(total); // a unit-norm ±1/√n direction
    const dirs = vars.map((v) =>
      tf.tensor(
        Float32Array.from({ length: v.size }, () => (r() < 0.5 ? -unit : unit)),
        v.shape,
      ),
    );
    const analytic = tf.tidy(() => dirs.reduce<number>((s, d, i) => s + tf.sum(tf.mul(grads[vars[i]!.name]!, d)).dataSync()[0]!, 0));
    const base = vars.map((v) => v.clone());
    const eps = 1e-2;
    const at = (sign: number): number => {
      vars.forEach((v, i) => v.assign(tf.tidy(() => tf.add(base[i]!, tf.mul(dirs[i]!, sign * eps)))));
      return tf.tidy(() => loss().dataSync()[0]!);
    };
    const numeric = (at(1) - at(-1)) / (2 * eps);
    vars.forEach((v, i) => v.assign(base[i]!));
    tf.dispose([...base, ...dirs]);
    assert.ok(
      Math.abs(numeric - analytic) <= 2e-3 * Math.max(1e-3, Math.abs(analytic)),
      `direction ${trial}: finite difference ${numeric} vs gradient ${analytic}`,
    );
  }
  tf.dispose([x, y, ...Object.values(grads)]);
  m.layers.forEach((l) => l.dispose());
});

test("training with fit on our kernels leaks no tensors", async () => {
  for (const b of ["wasm", "cpu"]) {
    await tf.setBackend(b);
    const m = smallModel(1);
    m.compile({ optimizer: tf.train.adam(1e-3), loss: "binaryCrossentropy" });
    const { x, y } = batch(40, 2);
    await m.fit(x, y, { batchSize: 16, epochs: 1, verbose: 0 });
    const before = tf.memory().numTensors;
    const h = await m.fit(x, y, { batchSize: 16, epochs: 2, verbose: 0 });
    assert.equal(tf.memory().numTensors, before, `${b}: tensors leaked`);
    assert.ok(Number.isFinite(h.history.loss[1] as number));
    tf.dispose([x, y]);
    m.dispose();
  }
  await tf.setBackend("wasm");
});
