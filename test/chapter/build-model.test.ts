import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { buildModel, resolveStructure } from "../../src/chapter/build-model.js";

await tf.setBackend("cpu");

const layerList = (m: tf.LayersModel) => m.layers.map((l) => `${l.name}:${l.getClassName()}:${JSON.stringify(l.outputShape)}:${l.countParams()}`);

test("the chapter's network has 60,929 parameters and the chapter's layer list", () => {
  const m = buildModel({ reg: 0, seed: 1 });
  assert.equal(m.countParams(), 60929);
  assert.deepEqual(layerList(m), [
    "embedding:Embedding:[null,190,16]:336",
    "conv1d:Conv1D:[null,186,16]:1296",
    "max_pooling1d:MaxPooling1D:[null,46,16]:0",
    "conv1d_1:Conv1D:[null,44,16]:784",
    "max_pooling1d_1:MaxPooling1D:[null,22,16]:0",
    "conv1d_2:Conv1D:[null,20,16]:784",
    "max_pooling1d_2:MaxPooling1D:[null,10,16]:0",
    "flatten:Flatten:[null,160]:0",
    "dense:Dense:[null,256]:41216",
    "dense_1:Dense:[null,64]:16448",
    "dense_2:Dense:[null,1]:65",
  ]);
  m.dispose();
});

test("addDropout inserts three dropout layers of rate 0.3 and keeps the parameter count", () => {
  const m = buildModel({ reg: 0.01, addDropout: true, seed: 1 });
  assert.equal(m.countParams(), 60929);
  const names = m.layers.map((l) => l.name);
  assert.deepEqual(names.slice(7), ["flatten", "dropout", "dense", "dropout_1", "dense_1", "dropout_2", "dense_2"]);
  assert.equal((m.layers[8] as unknown as { rate: number }).rate, 0.3);
  m.dispose();
});

test("Keras default initializers: embedding in ±0.05, glorot-uniform kernels, zero biases", () => {
  const m = buildModel({ seed: 7 });
  for (const w of m.weights) {
    const v = w.read().dataSync();
    let max = 0;
    for (const x of v) max = Math.max(max, Math.abs(x));
    if (w.name.includes("bias")) assert.equal(max, 0, w.name);
    else if (w.name.includes("embeddings")) assert.ok(max <= 0.05 && max > 0.04, `${w.name} max ${max}`);
    else {
      const shape = w.shape as number[];
      const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
      const limit = Math.sqrt(6 / (receptive * (shape[shape.length - 2] + shape[shape.length - 1])));
      assert.ok(max <= limit && max > 0.8 * limit, `${w.name} max ${max} limit ${limit}`);
    }
  }
  m.dispose();
});

test("same seed gives the same weights, another seed different ones", () => {
  const snap = (seed: number) => {
    const m = buildModel({ seed });
    const out = m.getWeights().map((t) => Array.from(t.dataSync()));
    m.dispose();
    return out;
  };
  assert.deepEqual(snap(3), snap(3));
  assert.notDeepEqual(snap(3), snap(4));
});

test("structure knobs change the network; L2 regularization only on hidden dense kernels", () => {
  const m = buildModel({ reg: 0.5, filters: [8, 12], kernelSizes: [7, 3], poolSizes: [2, 2], denseUnits: [32], embeddingSize: 4, seed: 2 });
  const convs = m.layers.filter((l) => l.getClassName() === "Conv1D");
  assert.equal(convs.length, 2);
  assert.deepEqual(m.outputShape, [null, 1]);
  // 21*4 + (7*4*8+8) + (3*8*12+12) + flatten 45*12 → 32 + 33
  const flat = Math.floor((Math.floor((190 - 6) / 2) - 2) / 2) * 12;
  assert.equal(m.countParams(), 21 * 4 + 232 + 300 + (flat * 32 + 32) + 33);
  const losses = m.calculateLosses();
  assert.equal(losses.length, 1);
  tf.dispose(losses);
  m.dispose();
});

test("bad structure is refused with the knob named", () => {
  assert.throws(() => buildModel({ kernelSizes: [5, 3], poolSizes: [4, 2, 2] }), /poolSizes has 3 entries/);
  assert.throws(() => buildModel({ sequenceLength: 10 }), /too short/);
  assert.throws(() => buildModel({ filters: 0 }), /filters\[0\] must be a positive integer/);
  assert.throws(() => buildModel({ reg: -1 }), /reg must be/);
  assert.throws(() => resolveStructure({ dropoutRate: 1 }), /dropoutRate/);
});
