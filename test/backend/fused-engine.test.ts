// The fused engine against stock tfjs: predictions, the loss and every weight's gradient on random
// chain models (the stock cpu kernels are the reference), dropout masks, threads, training state.
import * as tf from "@tensorflow/tfjs";
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { ensureBackend, registerKernels, unregisterKernels, fusedAdam, engineFor } from "../../src/backend/index.js";
import { FusedEngine } from "../../src/backend/fused/engine.js";
import { planModel } from "../../src/backend/fused/plan.js";
import { SeededDropout } from "../../src/model/seeded-dropout.js";
import { rng } from "./helpers.js";

before(async () => {
  await ensureBackend({ backend: "cpu", quiet: true });
});

const ACTS = ["relu", "tanh", "sigmoid", "elu", "selu", "linear"] as const;

interface Case {
  model: tf.Sequential;
  length: number;
  vocab: number;
  describe: string;
}

/** A random chain Embedding → 1–3 × [Conv1D, MaxPooling1D?] → Flatten → [SeededDropout] Dense* → Dense(1, sigmoid). */
function randomCase(seed: number, dropout = false): Case {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const vocab = int(3, 25),
    dim = int(1, 9);
  let length = int(12, 40);
  const L0 = length;
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: int(1, 1e6) });
  const bias = (): ReturnType<typeof tf.initializers.randomUniform> => tf.initializers.randomUniform({ minval: -0.2, maxval: 0.2, seed: int(1, 1e6) });
  const reg = (): ReturnType<typeof tf.regularizers.l1l2> | undefined =>
    r() < 0.4 ? tf.regularizers.l1l2({ l1: r() < 0.5 ? 0.003 : 0, l2: 0.01 }) : undefined;
  const m = tf.sequential();
  const parts: string[] = [`emb ${vocab}x${dim} L${L0}`];
  m.add(
    tf.layers.embedding({
      inputDim: vocab,
      outputDim: dim,
      inputLength: L0,
      maskZero: r() < 0.5,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: int(1, 1e6) }),
      embeddingsRegularizer: reg(),
    }),
  );
  const blocks = seed % 7 === 0 ? 0 : int(1, 3); // some models: Embedding → Flatten → Dense
  for (let b = 0; b < blocks && length >= 4; b++) {
    // 16+ filters on some first convs: the 16-channel paths (and the fold's pair tables)
    const taps = int(1, Math.min(5, length - 2)),
      filters = b === 0 && seed % 3 === 0 ? int(16, 20) : int(1, 9),
      activation = pick(ACTS),
      useBias = r() < 0.8;
    m.add(tf.layers.conv1d({ filters, kernelSize: taps, activation, useBias, kernelInitializer: init(), biasInitializer: bias(), kernelRegularizer: reg() }));
    length = length - taps + 1;
    let pool = 1;
    if (r() < 0.75 && length >= 2) {
      pool = int(2, Math.min(4, length));
      m.add(tf.layers.maxPooling1d({ poolSize: pool }));
      length = Math.floor(length / pool);
    }
    parts.push(`conv k${taps} f${filters} ${activation}${useBias ? "" : " nobias"} pool${pool}`);
  }
  m.add(tf.layers.flatten());
  for (let d = int(0, 2); d > 0; d--) {
    if (dropout) m.add(new SeededDropout({ rate: 0.3, seed: int(1, 1e6) }));
    const units = int(1, 13),
      activation = pick(ACTS);
    m.add(tf.layers.dense({ units, activation, kernelInitializer: init(), biasInitializer: bias(), kernelRegularizer: reg() }));
    parts.push(`dense ${units} ${activation}`);
  }
  if (dropout) m.add(new SeededDropout({ rate: 0.3, seed: int(1, 1e6) }));
  m.add(tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: init(), biasInitializer: bias() }));
  return { model: m, length: L0, vocab, describe: parts.join(" → ") };
}

function randomBatch(c: Case, n: number, seed: number): { features: Int32Array; labels: Float32Array; index: Int32Array; weights: Float32Array } {
  const r = rng(seed);
  return {
    features: Int32Array.from({ length: n * c.length }, () => Math.floor(r() * c.vocab)),
    labels: Float32Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0)),
    index: Int32Array.from({ length: n }, (_, i) => i),
    weights: Float32Array.from({ length: n }, () => 0.5 + r()),
  };
}

/** trainModel's loss (Keras BCE of clipped probabilities, weighted mean, plus the penalties) and its gradients, on stock cpu kernels. */
function stockLossAndGrads(c: Case, b: ReturnType<typeof randomBatch>, weighted: boolean): { loss: number; probs: Float32Array; grads: Float32Array[] } {
  unregisterKernels("cpu");
  try {
    return tf.tidy(() => {
      const n = b.index.length;
      const x = tf.tensor2d(b.features, [n, c.length], "int32"),
        y = tf.tensor2d(b.labels, [n, 1]),
        w = tf.tensor2d(b.weights, [n, 1]);
      const vars = c.model.trainableWeights.map((v) => v.read() as tf.Variable);
      let probs: Float32Array = new Float32Array(0);
      const { value, grads } = tf.variableGrads(() => {
        const p = c.model.apply(x, { training: true }) as tf.Tensor;
        probs = p.dataSync() as Float32Array;
        const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
        const nll = tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))));
        const bce = tf.mean(weighted ? tf.mul(nll, w) : nll) as tf.Scalar;
        const regs = c.model.calculateLosses();
        return (regs.length ? tf.addN([bce, ...regs]) : bce) as tf.Scalar;
      }, vars);
      return { loss: value.dataSync()[0]!, probs, grads: vars.map((v) => Float32Array.from(grads[v.name]!.dataSync())) };
    });
  } finally {
    registerKernels("cpu");
  }
}

function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string, tol = 2e-4): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let scale = 1e-6,
    diff = 0,
    at = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i]! - want[i]!);
    if (!(d <= diff)) {
      diff = d;
      at = i;
    }
  }
  assert.ok(diff <= tol * scale, `${what}: max |diff| ${diff} at ${at} (got ${got[at]}, want ${want[at]}) > ${tol} × ${scale}`);
}

test("predictions, loss and gradients equal stock cpu's on random chain models (fold on/off, 1 and 2 threads)", () => {
  const before = tf.memory().numTensors;
  for (let seed = 1; seed <= 14; seed++) {
    const c = randomCase(seed);
    const n = 1 + ((seed * 5) % 13);
    const b = randomBatch(c, n, 100 + seed);
    const weighted = seed % 2 === 0;
    const ref = stockLossAndGrads(c, b, weighted);
    const refPred = tf.tidy(() => Float32Array.from((c.model.predict(tf.tensor2d(b.features, [n, c.length], "int32")) as tf.Tensor).dataSync()));
    for (const [fold, threads] of [
      [true, 1],
      [false, 1],
      [true, 2],
    ] as const) {
      const e = FusedEngine.create(c.model, { fold, threads });
      assert.ok(e instanceof FusedEngine, `${c.describe}: ${String(e)}`);
      const what = `seed ${seed} (${c.describe}), batch ${n}, fold ${fold}, ${threads} thread(s)`;
      assertClose(e.predict(b.features, b.index), refPred, `${what}: predict`, 1e-5);
      const got = e.gradients({ ...b, weights: weighted ? b.weights : undefined });
      assertClose(got.probs, ref.probs, `${what}: training probabilities`, 1e-5);
      assert.ok(Math.abs(got.loss - ref.loss) <= 1e-5 * Math.max(1, Math.abs(ref.loss)), `${what}: loss ${got.loss} vs ${ref.loss}`);
      c.model.trainableWeights.forEach((v, i) => assertClose(got.grads[i]!, ref.grads[i]!, `${what}: gradient of ${v.name} [${v.shape}]`));
      // a second call reuses every buffer: nothing may depend on what the first left behind
      assert.deepEqual(e.gradients({ ...b, weights: weighted ? b.weights : undefined }).grads, got.grads, `${what}: second call`);
      e.dispose();
    }
    c.model.dispose();
  }
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
});

test("dropout: the engine multiplies by the masks the SeededDropout layers would draw", () => {
  const c = randomCase(7, true);
  const b = randomBatch(c, 9, 3);
  const drops = c.model.layers.filter((l): l is SeededDropout => l instanceof SeededDropout);
  assert.ok(drops.length >= 1);
  drops.forEach((d, k) => d.reseed(50 + k));
  const ref = stockLossAndGrads(c, b, false);
  drops.forEach((d, k) => d.reseed(50 + k));
  const e = FusedEngine.create(c.model) as FusedEngine;
  const got = e.gradients({ ...b, weights: undefined });
  assertClose(got.probs, ref.probs, "probabilities with dropout", 1e-5);
  assert.ok(Math.abs(got.loss - ref.loss) <= 1e-5, `loss with dropout ${got.loss} vs ${ref.loss}`);
  c.model.trainableWeights.forEach((v, i) => assertClose(got.grads[i]!, ref.grads[i]!, `gradient of ${v.name} with dropout`));
  c.model.dispose();
});

test("a step is deterministic for a thread count, and Adam's state goes back to the optimizer", () => {
  const run = (threads: number): { w: Float32Array[]; losses: number[]; m: Float32Array } => {
    const c = randomCase(3);
    const e = FusedEngine.create(c.model, { threads }) as FusedEngine;
    const opt = fusedAdam(0.01);
    const losses: number[] = [];
    e.beginTraining(opt);
    for (let s = 0; s < 5; s++) losses.push(e.trainStep(randomBatch(c, 11, s), opt).loss);
    e.endTraining(opt);
    assert.equal(opt.iterations, 5);
    const state = opt.getWeights as unknown;
    assert.ok(state);
    const w = c.model.getWeights().map((t) => Float32Array.from(t.dataSync()));
    const m = Float32Array.from(
      (opt as unknown as { accumulatedFirstMoment: Array<{ variable: tf.Variable }> }).accumulatedFirstMoment[0]!.variable.dataSync(),
    );
    opt.dispose();
    c.model.dispose();
    return { w, losses, m };
  };
  const a = run(1),
    b = run(1),
    t2 = run(2);
  assert.deepEqual(a.losses, b.losses);
  a.w.forEach((w, i) => assert.deepEqual(w, b.w[i]));
  a.w.forEach((w, i) => assertClose(t2.w[i]!, w, `weight ${i} with 2 threads`, 1e-3));
  assert.ok(
    a.m.some((x) => x !== 0),
    "the first moment was written back",
  );
});

test("a step of the engine equals a step of tfjs' ops with fusedAdam (same gradients up to rounding)", () => {
  const c = randomCase(5);
  const b = { ...randomBatch(c, 8, 1), weights: undefined };
  // ε = 1 keeps the first step smooth in the gradient (with a tiny ε it is lr·sign(g), which rounding can flip)
  const opt = fusedAdam(1e-3, 0.9, 0.999, 1);
  // tfjs: one minimize step
  const before = c.model.getWeights().map((t) => t.clone());
  const w0 = before.map((t) => Float32Array.from(t.dataSync()));
  tf.tidy(() => {
    const x = tf.tensor2d(b.features, [8, c.length], "int32"),
      y = tf.tensor2d(b.labels, [8, 1]);
    opt.minimize(
      () => {
        const q = tf.clipByValue(c.model.apply(x, { training: true }) as tf.Tensor, 1e-7, 1 - 1e-7);
        const nll = tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))));
        const regs = c.model.calculateLosses();
        return (regs.length ? tf.addN([tf.mean(nll), ...regs]) : tf.mean(nll)) as tf.Scalar;
      },
      false,
      c.model.trainableWeights.map((w) => w.read() as tf.Variable),
    );
  });
  const afterTfjs = c.model.getWeights().map((t) => Float32Array.from(t.dataSync()));
  // engine: the same step from the same weights with a fresh optimizer
  c.model.setWeights(before);
  tf.dispose(before);
  const opt2 = fusedAdam(1e-3, 0.9, 0.999, 1);
  const e = FusedEngine.create(c.model) as FusedEngine;
  e.beginTraining(opt2);
  e.trainStep(b, opt2);
  e.endTraining(opt2);
  // compare the updates (new − old weights), relative to their own size
  const delta = (w: ArrayLike<number>, i: number): Float32Array => Float32Array.from(w, (v, k) => v - w0[i]![k]!);
  c.model.getWeights().forEach((t, i) => assertClose(delta(t.dataSync(), i), delta(afterTfjs[i]!, i), `update of weight ${i} by one Adam step`, 1e-3));
  opt.dispose();
  opt2.dispose();
  c.model.dispose();
});

test('unsupported models run on tfjs\' ops, with the reason; engine "fused" makes it an error', () => {
  const m = tf.sequential();
  m.add(tf.layers.embedding({ inputDim: 5, outputDim: 3, inputLength: 8 }));
  m.add(tf.layers.lstm({ units: 2 }));
  m.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
  const why = planModel(m);
  assert.equal(typeof why, "string");
  assert.match(String(why), /LSTM/);
  assert.match(engineFor(m).why ?? "", /LSTM/);
  assert.throws(() => engineFor(m, { engine: "fused" }), /the fused engine cannot run this model: .*LSTM/);
  assert.match(engineFor(m, { engine: "tfjs" }).why ?? "", /"tfjs" was asked for/);
  assert.throws(() => engineFor(m, { engine: "gpu" as never }), /engine must be one of "auto", "fused", "tfjs"; got "gpu"/);
  const soft = tf.sequential();
  soft.add(tf.layers.embedding({ inputDim: 5, outputDim: 3, inputLength: 8 }));
  soft.add(tf.layers.flatten());
  soft.add(tf.layers.dense({ units: 1, activation: "linear" }));
  assert.ok(engineFor(soft).engine, "a linear output still predicts on the engine");
  assert.match(engineFor(soft, { training: true }).why ?? "", /not sigmoid/);
  assert.match(engineFor(soft, { training: true, optimizer: tf.train.sgd(0.1) }).why ?? "", /not Adam/);
  m.dispose();
  soft.dispose();
});
