// trainModel on the fused engine against tfjs' ops: the same run up to rounding, what History says
// ran, threads, batch hooks that read or write weights mid-epoch, and no tensor leaks.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../../src/backend/index.js";
import { buildModel } from "../../src/chapter/build-model.js";
import { evaluate } from "../../src/train/evaluate.js";
import { trainModel } from "../../src/train/train-model.js";
import type { TrainCallback } from "../../src/train/callback.js";
import { SMALL, syntheticDataset } from "./synthetic.js";

await ensureBackend({ backend: "cpu", quiet: true });

const train = syntheticDataset(160, SMALL.sequenceLength, 1);
const val = syntheticDataset(64, SMALL.sequenceLength, 2);
const opts = { epochs: 3, batchSize: 32, lr: 1e-2, verbose: 0 } as const;

test("the fused engine trains like tfjs' ops (same seeds: losses and AUCs agree to rounding) and History says which ran", async () => {
  const before = tf.memory().numTensors;
  const runs = [];
  for (const engine of ["fused", "tfjs"] as const) {
    const model = buildModel({ ...SMALL, reg: 0.01, seed: 3, addDropout: true });
    const h = await trainModel(model, { train, val }, { ...opts, engine });
    runs.push({ h, test: await evaluate(model, val, { engine }), w: model.getWeights().map((t) => Float32Array.from(t.dataSync())) });
    model.dispose();
  }
  const [fused, tfjs] = runs as [(typeof runs)[0], (typeof runs)[0]];
  assert.deepEqual(fused.h.engine, { name: "fused", threads: 1 });
  assert.deepEqual(tfjs.h.engine, { name: "tfjs", why: 'engine "tfjs" was asked for' });
  for (const k of ["loss", "val_loss", "auc", "val_auc"]) {
    fused.h.history[k]!.forEach((v, e) =>
      assert.ok(Math.abs(v - tfjs.h.history[k]![e]!) < 2e-3, `${k} at epoch ${e}: fused ${v}, tfjs ${tfjs.h.history[k]![e]}`),
    );
  }
  assert.ok(Math.abs(fused.test.auc - tfjs.test.auc) < 2e-3);
  fused.w.forEach((w, i) => w.forEach((v, k) => assert.ok(Math.abs(v - tfjs.w[i]![k]!) < 2e-3, `weight ${i}[${k}]: ${v} vs ${tfjs.w[i]![k]}`)));
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
});

test("two threads: deterministic, and close to one thread", async () => {
  const run = async (threads: number) => {
    const model = buildModel({ ...SMALL, seed: 5 });
    const h = await trainModel(model, { train, val }, { ...opts, engine: "fused", threads });
    model.dispose();
    return h;
  };
  const a = await run(2),
    b = await run(2),
    one = await run(1);
  assert.deepEqual(a.engine, { name: "fused", threads: 2 });
  assert.deepEqual(a.history, b.history);
  a.history.loss!.forEach((v, e) => assert.ok(Math.abs(v - one.history.loss![e]!) < 1e-3));
});

test("batch hooks see the weights of the current step, and weights they set are trained on", async () => {
  const model = buildModel({ ...SMALL, seed: 7 });
  const seen: number[] = [];
  const peek: TrainCallback = {
    onBatchEnd: (_b, _l, ctx) => {
      seen.push(ctx.model.getWeights().at(-1)!.dataSync()[0]!); // the output bias
    },
  };
  await trainModel(model, { train, val }, { ...opts, epochs: 1, engine: "fused", callbacks: [peek] });
  assert.equal(seen.length, 5);
  assert.equal(new Set(seen).size, 5, `the output bias moves every step: ${seen}`);
  // a hook that zeroes every weight after batch 2: training continues from zeros
  const zero: TrainCallback = {
    onBatchEnd: (b, _l, ctx) => {
      if (b !== 2) return;
      const z = ctx.model.getWeights().map((t) => tf.zerosLike(t));
      ctx.model.setWeights(z);
      tf.dispose(z);
    },
  };
  const h = await trainModel(model, { train, val }, { ...opts, epochs: 1, engine: "fused", callbacks: [zero] });
  // all-zero weights give p = 0.5 for every row; two more Adam steps move each weight by at most ~2·lr
  const w = model.getWeights().map((t) => t.dataSync());
  for (const v of w) for (const x of v) assert.ok(Math.abs(x) <= 2.5 * opts.lr, `weight ${x} after restarting from zeros`);
  assert.ok(Number.isFinite(h.history.loss![0]!));
  model.dispose();
});

test("engine and threads are checked (options and TFJS_TUNE_ENGINE / TFJS_TUNE_THREADS)", async () => {
  const model = buildModel({ ...SMALL, seed: 1 });
  await assert.rejects(trainModel(model, { train }, { ...opts, threads: 0 }), /trainModel: threads must be an integer ≥ 1, got 0/);
  await assert.rejects(
    trainModel(model, { train }, { ...opts, engine: "gpu" as never }),
    /trainModel: engine must be one of "auto", "fused", "tfjs"; got "gpu"/,
  );
  process.env.TFJS_TUNE_THREADS = "two";
  try {
    await assert.rejects(trainModel(model, { train }, opts), /TFJS_TUNE_THREADS must be an integer ≥ 1, got "two"/);
    process.env.TFJS_TUNE_THREADS = "2";
    const h = await trainModel(model, { train }, { ...opts, epochs: 1 });
    assert.deepEqual(h.engine, { name: "fused", threads: 2 });
  } finally {
    delete process.env.TFJS_TUNE_THREADS;
  }
  model.dispose();
});
