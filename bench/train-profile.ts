// Profiles the chapter model's training step per kernel: `npx tsx bench/train-profile.ts [wasm|cpu] [steps]`.
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../src/backend/index.js";
import { chapterModel, syntheticData } from "./chapter-model.js";

const backend = (process.argv[2] ?? "wasm") as "wasm" | "cpu";
const steps = Number(process.argv[3] ?? 8);
await ensureBackend({ backend });
const model = chapterModel();
const b = 64;
const { x, y } = syntheticData(b * steps);
const xs = tf.tensor2d(x, [b * steps, 190], "int32"), ys = tf.tensor2d(y, [b * steps, 1]);
const batches = Array.from({ length: steps }, (_, i) => [xs.slice(i * b, b), ys.slice(i * b, b)] as const);
for (let i = 0; i < 3; i++) await model.trainOnBatch(batches[i % steps]![0], batches[i % steps]![1]); // warm up
let t0 = performance.now();
for (const [bx, by] of batches) await model.trainOnBatch(bx, by);
const plain = performance.now() - t0;
t0 = performance.now();
const prof = await tf.profile(async () => { for (const [bx, by] of batches) await model.trainOnBatch(bx, by); });
const profiled = performance.now() - t0;
const agg = new Map<string, { ms: number; n: number }>();
for (const k of prof.kernels) {
  const a = agg.get(k.name) ?? { ms: 0, n: 0 };
  a.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
  a.n += 1;
  agg.set(k.name, a);
}
const rows = [...agg].sort((p, q) => q[1].ms - p[1].ms);
const total = rows.reduce((s, r) => s + r[1].ms, 0);
console.log(`${backend}: ${steps} steps of ${b}: ${(b * steps / plain * 1000).toFixed(0)} ex/s unprofiled; profiled wall ${profiled.toFixed(0)} ms, kernel sum ${total.toFixed(0)} ms, ${prof.kernels.length} kernel calls`);
for (const [name, a] of rows.slice(0, 25)) console.log(`${name.padEnd(24)} ${(a.ms / steps).toFixed(2).padStart(8)} ms/step ${(100 * a.ms / total).toFixed(1).padStart(5)} %  ${(a.n / steps).toFixed(0)} calls/step`);
