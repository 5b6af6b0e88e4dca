// One benchmark run in its own process (so taskset applies): trains and infers the chapter model, prints one JSON line.
// Usage: node --import tsx bench/train-worker.ts --backend wasm|cpu|node [--stock] [--fused-adam] [--fit] [--epochs 2] [--train-examples N] [--infer-reps 3]
import * as tf from "@tensorflow/tfjs";
import { ensureBackend, fusedAdam, unregisterKernels } from "../src/backend/index.js";
import { rocAuc } from "../src/train/metrics.js";
import { chapterModel } from "./chapter-model.js";
import { loadBenchData } from "./hemo-data.js";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : dflt;
}
const backend = arg("backend", "wasm") as "wasm" | "cpu" | "node";
const stock = process.argv.includes("--stock");
const epochs = Number(arg("epochs", "2"));
const inferReps = Number(arg("infer-reps", "3"));
const fused = process.argv.includes("--fused-adam");
const useFit = process.argv.includes("--fit"); // default: src/train's loop (optimizer.minimize on model.apply)
const batchSize = 64;

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** The training loop of src/train's trainModel: per batch, tensors from typed arrays, optimizer.minimize on model.apply. */
async function minimizeLoop(model: tf.LayersModel, x: Int32Array, y: Float32Array, n: number, L: number, epochs: number): Promise<number[]> {
  const optimizer = model.optimizer;
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let s = 7;
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++) {
    for (let i = n - 1; i > 0; i--) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; const j = s % (i + 1); const t = order[i]!; order[i] = order[j]!; order[j] = t; }
    let sum = 0;
    for (let b0 = 0; b0 < n; b0 += batchSize) {
      const idx = order.subarray(b0, Math.min(n, b0 + batchSize));
      const xs = new Int32Array(idx.length * L), ys = new Float32Array(idx.length);
      idx.forEach((r, k) => { xs.set(x.subarray(r * L, (r + 1) * L), k * L); ys[k] = y[r]!; });
      const xb = tf.tensor2d(xs, [idx.length, L], "int32"), yb = tf.tensor2d(ys, [idx.length, 1]);
      const loss = optimizer.minimize(() => tf.metrics.binaryCrossentropy(yb, model.apply(xb, { training: true }) as tf.Tensor).mean() as tf.Scalar, true, variables);
      sum += (await loss!.data())[0]! * idx.length;
      tf.dispose([xb, yb, loss!]);
    }
    losses.push(sum / n);
  }
  return losses;
}

async function main(): Promise<void> {
  try {
    await ensureBackend({ backend, quiet: true });
  } catch (e) {
    console.log(JSON.stringify({ backend, stock, error: (e as Error).message.split("\n")[0] }));
    return;
  }
  if (stock && backend !== "node") unregisterKernels(backend);
  const data = loadBenchData();
  const nTrain = Math.min(Number(arg("train-examples", "7454")), 7454), nTest = data.n - 7454;
  const L = data.length;
  const xTrain = tf.tensor2d(data.x.subarray(0, nTrain * L), [nTrain, L], "int32");
  const yTrain = tf.tensor2d(data.y.subarray(0, nTrain), [nTrain, 1]);
  const xTest = tf.tensor2d(data.x.subarray(7454 * L), [nTest, L], "int32");
  const model = chapterModel({ length: L, optimizer: fused ? fusedAdam(1e-3) : tf.train.adam(1e-3) });
  const warm = Math.min(nTrain, 4 * batchSize);
  await model.fit(xTrain.slice(0, warm), yTrain.slice(0, warm), { batchSize, epochs: 1, verbose: 0 }); // compile + warm up
  let t0 = performance.now(), c0 = cpuSeconds();
  let losses: number[];
  if (useFit) {
    const h = await model.fit(xTrain, yTrain, { batchSize, epochs, shuffle: true, verbose: 0 });
    losses = h.history.loss as number[];
  } else {
    losses = await minimizeLoop(model, data.x, data.y, nTrain, L, epochs);
  }
  const trainWall = (performance.now() - t0) / 1000, trainCpu = cpuSeconds() - c0;
  (model.predict(xTest.slice(0, batchSize)) as tf.Tensor).dispose();
  t0 = performance.now();
  c0 = cpuSeconds();
  for (let r = 0; r < inferReps; r++) {
    const p = model.predict(xTest, { batchSize }) as tf.Tensor;
    p.dataSync();
    p.dispose();
  }
  const inferWall = (performance.now() - t0) / 1000, inferCpu = cpuSeconds() - c0;
  const scores = tf.tidy(() => (model.predict(xTest, { batchSize }) as tf.Tensor).dataSync() as Float32Array);
  const heldOutAuc = rocAuc(data.y.subarray(7454), scores);
  console.log(JSON.stringify({
    backend: tf.getBackend(), stock, loop: useFit ? "model.fit" : "optimizer.minimize", optimizer: fused ? "fusedAdam" : "tf.train.adam", data: data.source, epochs, trainExamples: nTrain * epochs,
    trainPerSec: (nTrain * epochs) / trainWall, trainPerCpuSec: (nTrain * epochs) / trainCpu,
    inferPerSec: (nTest * inferReps) / inferWall, inferPerCpuSec: (nTest * inferReps) / inferCpu,
    lastLoss: losses[losses.length - 1], heldOutAuc, maxRssMB: process.resourceUsage().maxRSS / 1024,
  }));
}

await main();
