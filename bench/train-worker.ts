// One benchmark run in its own process (so taskset applies): trains and infers the chapter model, prints one JSON line.
// Usage: node --import tsx bench/train-worker.ts --backend wasm|cpu|node [--stock] [--fused-adam] [--epochs 2] [--train-examples N] [--infer-reps 3]
import * as tf from "@tensorflow/tfjs";
import { ensureBackend, fusedAdam, unregisterKernels } from "../src/backend/index.js";
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
const batchSize = 64;

/** Exact ROC AUC (Mann–Whitney U with tied ranks averaged). */
function rocAuc(scores: Float32Array, labels: Float32Array): number {
  const idx = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0, rankSum = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[idx[k]!] === 1) { pos++; rankSum += rank; }
    i = j + 1;
  }
  const neg = idx.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
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
  const h = await model.fit(xTrain, yTrain, { batchSize, epochs, shuffle: true, verbose: 0 });
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
  const heldOutAuc = rocAuc(scores, data.y.subarray(7454));
  const losses = h.history.loss as number[];
  console.log(JSON.stringify({
    backend: tf.getBackend(), stock, optimizer: fused ? "fusedAdam" : "tf.train.adam", data: data.source, epochs, trainExamples: nTrain * epochs,
    trainPerSec: (nTrain * epochs) / trainWall, trainPerCpuSec: (nTrain * epochs) / trainCpu,
    inferPerSec: (nTest * inferReps) / inferWall, inferPerCpuSec: (nTest * inferReps) / inferCpu,
    lastLoss: losses[losses.length - 1], heldOutAuc, maxRssMB: process.resourceUsage().maxRSS / 1024,
  }));
}

await main();
