// The chapter's CNN built with tf.layers, for benchmarks and backend tests (src/model has the real buildModel).
import * as tf from "@tensorflow/tfjs";

/** Options of chapterModel. */
export interface ChapterModelOptions {
  /** Sequence length. @default 190 */
  length?: number;
  /** Filters per conv layer. @default 16 */
  filters?: number;
  /** Dense widths. @default [256, 64] */
  dense?: [number, number];
  /** Optimizer. @default tf.train.adam(1e-3) */
  optimizer?: tf.Optimizer;
}

/** Embedding(21,16) → 3×[Conv1D relu k=5/3/3, MaxPool1D 4/2/2] → Flatten → Dense 256 relu → Dense 64 tanh → Dense 1 sigmoid. */
export function chapterModel(o: ChapterModelOptions = {}): tf.LayersModel {
  const length = o.length ?? 190,
    filters = o.filters ?? 16,
    [d1, d2] = o.dense ?? [256, 64];
  const m = tf.sequential();
  m.add(tf.layers.embedding({ inputDim: 21, outputDim: 16, inputLength: length, maskZero: true })); // [b, L, 16]
  m.add(tf.layers.conv1d({ filters, kernelSize: 5, activation: "relu" })); // [b, L-4, f]
  m.add(tf.layers.maxPooling1d({ poolSize: 4 }));
  m.add(tf.layers.conv1d({ filters, kernelSize: 3, activation: "relu" }));
  m.add(tf.layers.maxPooling1d({ poolSize: 2 }));
  m.add(tf.layers.conv1d({ filters, kernelSize: 3, activation: "relu" }));
  m.add(tf.layers.maxPooling1d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: d1, activation: "relu" }));
  m.add(tf.layers.dense({ units: d2, activation: "tanh" }));
  m.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
  m.compile({ optimizer: o.optimizer ?? tf.train.adam(1e-3), loss: "binaryCrossentropy" });
  return m;
}

/** Synthetic tokens [n, length] in 1..20 with a learnable label (a deterministic LCG). */
export function syntheticData(n: number, length = 190, seed = 1): { x: Int32Array; y: Float32Array } {
  let s = seed >>> 0;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const x = new Int32Array(n * length),
    y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let k = 0;
    const len = 5 + Math.floor(rnd() * 40);
    for (let j = 0; j < length; j++) {
      const v = j < len ? 1 + Math.floor(rnd() * 20) : 0;
      x[i * length + j] = v;
      if (v === 11 || v === 14) k++;
    }
    y[i] = k / len > 0.1 ? 1 : 0;
  }
  return { x, y };
}
